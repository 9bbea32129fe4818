"""Each playbook rule (DESIGN section 3) at its edges.

Dates: 2026-11-17 is a Tuesday. UK clocks go back on Sunday 2026-10-25; US clocks on
Sunday 2026-11-01. Christmas Day 2026 is a Friday; the Boxing Day holiday moves to Monday 28.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from followup.domain.model import (
    ActionKind,
    Channel,
    ContactRole,
    Debrief,
    EventKind,
    InterviewFormat,
    Rapport,
)
from followup.domain.policy import Policy

from .builders import NEW_YORK, Scenario, at, local, one, only


def test_p1_p2_p3_basic_round():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 14:00"), priya)
    actions = s.plan()

    ask = one(actions, ActionKind.ASK_NEXT_STEPS)
    assert local(ask.due) == "Tue 2026-11-17 13:30"
    assert ask.latest == at("2026-11-17 14:00")
    assert ask.expires == at("2026-11-17 15:00")
    assert ask.channel is Channel.NONE

    debrief = one(actions, ActionKind.DEBRIEF)
    assert debrief.earliest == at("2026-11-17 15:00")
    assert debrief.due <= debrief.latest <= at("2026-11-18 15:00")

    thanks = one(actions, ActionKind.THANK_YOU)
    assert thanks.contact_id == priya.id
    assert local(thanks.earliest) == "Tue 2026-11-17 17:00"
    assert local(thanks.due) == "Wed 2026-11-18 09:00"  # next morning, in business hours
    assert local(thanks.latest) == "Thu 2026-11-19 15:00"  # 48 h after the end
    assert "Priya Raman" in thanks.why
    # The debrief comes before the thank-you is due.
    assert debrief.latest <= thanks.due


def test_p1_ends_when_the_interview_does():
    s = Scenario()
    s.interview(at("2026-11-17 14:00"), s.contact("Priya Raman"))
    assert only(s.plan(now=at("2026-11-17 14:30")), ActionKind.ASK_NEXT_STEPS)
    assert not only(s.plan(now=at("2026-11-17 15:00")), ActionKind.ASK_NEXT_STEPS)


def test_p3_friday_afternoon_interview_bends_the_window_and_says_so():
    s = Scenario()
    s.interview(at("2026-11-20 16:00"), s.contact("Priya Raman"))
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    assert local(thanks.due) == "Mon 2026-11-23 09:00"
    assert thanks.latest == thanks.due  # 48 h would end on Sunday: widened to Monday
    assert "outside business hours" in thanks.why


def test_p3_public_holidays_are_skipped():
    s = Scenario()
    s.interview(at("2026-12-24 11:00"), s.contact("Priya Raman"))
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    # Fri 25 Dec (Christmas), weekend, Mon 28 Dec (Boxing Day, substitute): Tuesday.
    assert local(thanks.due) == "Tue 2026-12-29 09:00"


def test_p3_dst_change_keeps_wall_clock_hours():
    s = Scenario()
    s.interview(at("2026-10-23 16:00"), s.contact("Priya Raman"))  # BST, UTC+1
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    assert local(thanks.due) == "Mon 2026-10-26 09:00"  # GMT now, still 09:00 on the clock
    assert thanks.due.utcoffset() == timedelta(0)


def test_p3_contact_in_another_zone_gets_their_business_hours():
    s = Scenario()
    sam = s.contact("Sam Lee", timezone="America/New_York")
    s.interview(at("2026-11-17 15:00"), sam)  # 10:00-11:00 in New York
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    assert local(thanks.due, NEW_YORK) == "Wed 2026-11-18 09:00"
    assert local(thanks.due) == "Wed 2026-11-18 14:00"


def test_p3_panel_of_three_gets_three_personal_thank_yous():
    s = Scenario()
    panel = [s.contact(n) for n in ("Priya Raman", "Tom Okafor", "Lena Fischer")]
    s.interview(at("2026-11-17 10:00"), *panel)
    thanks = only(s.plan(), ActionKind.THANK_YOU)
    assert sorted(a.contact_id for a in thanks) == [c.id for c in panel]
    assert len({a.id for a in thanks}) == 3
    # They count as one message for P9: the first follow-up is a week after the bundle.
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert inquiry.earliest >= max(a.due for a in thanks) + timedelta(days=7)


def test_p3_a_day_of_rounds_is_thanked_once_after_the_last():
    s = Scenario()
    priya, tom, lena = (s.contact(n) for n in ("Priya Raman", "Tom Okafor", "Lena Fischer"))
    s.interview(at("2026-11-17 10:00"), priya, tom)
    s.interview(at("2026-11-17 14:00"), tom, lena)
    thanks = only(s.plan(now=at("2026-11-17 09:00")), ActionKind.THANK_YOU)
    # Priya once, Tom once (for the later round), Lena once; all after the last round.
    assert sorted((a.contact_id, a.interview_id) for a in thanks) == [(1, 1), (2, 2), (3, 2)]
    assert {local(a.due) for a in thanks} == {"Wed 2026-11-18 09:00"}
    assert all(a.earliest == at("2026-11-17 17:00") for a in thanks)


def test_p3_interviewer_without_address_still_thanked_with_a_hint():
    s = Scenario()
    s.contact("Priya Raman")
    s.contact("Tom Okafor", email=None)
    s.interview(at("2026-11-17 10:00"), *s.contacts)
    tom = next(a for a in only(s.plan(), ActionKind.THANK_YOU) if a.contact_id == 2)
    assert "no email address" in tom.why


def test_p4_ai_interview_thanks_the_recruiter():
    s = Scenario()
    rec = s.contact("Jo Recruiter", role=ContactRole.RECRUITER)
    s.interview(at("2026-11-17 10:00"), fmt=InterviewFormat.AI)
    actions = s.plan()
    thanks = one(actions, ActionKind.THANK_YOU)
    assert thanks.contact_id == rec.id
    assert "automated" in thanks.why
    assert not only(actions, ActionKind.ASK_NEXT_STEPS)  # no one to ask


def test_p4_ai_interview_without_known_contact_asks_to_find_one():
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), fmt=InterviewFormat.AI)
    actions = s.plan()
    assert not only(actions, ActionKind.THANK_YOU)
    find = one(actions, ActionKind.FIND_CONTACT)
    assert find.contact_id is None
    assert find.channel is Channel.NONE


def test_p4_interviewers_without_any_address_thank_the_hiring_contact():
    s = Scenario()
    s.contact("Priya Raman", email=None)
    hm = s.contact("Dana Boss", role=ContactRole.HIRING_MANAGER)
    s.interview(at("2026-11-17 10:00"), s.contacts[0])
    assert one(s.plan(), ActionKind.THANK_YOU).contact_id == hm.id


def test_p5_agency_application_follows_up_with_the_agency_recruiter():
    s = Scenario(agency="Talent Partners")
    priya = s.contact("Priya Raman")
    agent = s.contact("Kim Agent", role=ContactRole.AGENCY_RECRUITER)
    s.interview(at("2026-11-17 10:00"), priya)
    actions = s.plan()
    assert one(actions, ActionKind.THANK_YOU).contact_id == priya.id
    ladder = [a for a in actions if a.step is not None]
    assert ladder
    assert {a.contact_id for a in ladder} == {agent.id}


def test_p5_agency_without_known_recruiter_says_where_to_send():
    s = Scenario(agency="Talent Partners")
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert "Talent Partners" in inquiry.why


def test_p6_first_follow_up_a_week_after_the_thank_you_actually_sent():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:20"), priya)
    actions = s.plan()
    assert not only(actions, ActionKind.THANK_YOU)
    inquiry = one(actions, ActionKind.STATUS_INQUIRY)
    assert inquiry.earliest == at("2026-11-24 16:20")
    assert local(inquiry.due) == "Tue 2026-11-24 16:20"
    assert inquiry.step == 1


def test_p6_p11_stated_decision_date_on_a_friday_waits_for_monday():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    s.log(EventKind.TIMELINE, at("2026-11-18 11:00"), priya, on=date(2026, 12, 4))
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert local(inquiry.due) == "Mon 2026-12-07 09:00"
    assert "after the date they gave (Fri 4 Dec)" in inquiry.why


def test_p6_decision_date_from_the_debrief_counts_too():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya, debrief=Debrief(decision_date=date(2026, 12, 1)))
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert local(inquiry.due) == "Wed 2026-12-02 09:00"


def test_p7_ladder_spacing_second_by_phone_then_p8_move_on():
    s = Scenario()
    rec = s.contact("Jo Recruiter", role=ContactRole.RECRUITER, phone="+44 20 7946 0000")
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"))
    ladder = sorted((a for a in s.plan() if a.step), key=lambda a: a.step or 0)
    assert [a.kind for a in ladder] == [
        ActionKind.STATUS_INQUIRY,
        ActionKind.PHONE_FOLLOW_UP,
        ActionKind.FOLLOW_UP,
    ]
    assert all(a.contact_id == rec.id for a in ladder)
    assert ladder[1].channel is Channel.PHONE
    assert ladder[1].earliest == ladder[0].due + timedelta(days=14)
    assert ladder[2].earliest == ladder[1].due + timedelta(days=14)
    move_on = one(s.plan(), ActionKind.MOVE_ON)
    assert move_on.earliest >= ladder[2].due + timedelta(days=14)


def test_p7_contact_cadence_and_channel_preferences():
    s = Scenario()
    s.contact(
        "Jo Recruiter",
        role=ContactRole.RECRUITER,
        phone="+44 20 7946 0000",
        cadence_days=10,
        prefers=Channel.EMAIL,
    )
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    ladder = sorted((a for a in s.plan() if a.step), key=lambda a: a.step or 0)
    assert all(a.channel is Channel.EMAIL for a in ladder)  # asked for email: no calls
    assert ladder[1].earliest == ladder[0].due + timedelta(days=10)


def test_p7_logged_follow_ups_advance_the_ladder():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    s.log(EventKind.FOLLOW_UP_SENT, at("2026-11-25 10:00"), priya)
    ladder = [a for a in s.plan() if a.step]
    assert [a.step for a in ladder] == [2, 3]
    assert ladder[0].earliest == at("2026-12-09 10:00")


def test_p8_move_on_done_closes_and_an_answer_reopens():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    for day in ("2026-11-24", "2026-12-08", "2026-12-22"):
        s.log(EventKind.FOLLOW_UP_SENT, at(f"{day} 10:00"), priya)
    actions = s.plan(now=at("2027-01-06 09:00"))
    assert [a.kind for a in actions if a.kind is not ActionKind.LINKEDIN_CONNECT] == [
        ActionKind.MOVE_ON
    ]
    s.log(EventKind.CLOSED, at("2027-01-06 10:00"))
    assert s.plan() == []
    s.log(EventKind.REPLY, at("2027-01-12 10:00"), priya)
    assert one(s.plan(), ActionKind.STATUS_INQUIRY).earliest >= at("2027-01-19 10:00")


def test_p9_short_contact_cadence_is_held_to_a_week():
    s = Scenario()
    s.contact("Jo Recruiter", role=ContactRole.RECRUITER, cadence_days=3)
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    ladder = sorted((a for a in s.plan() if a.step), key=lambda a: a.due)
    for first, second in itertools.pairwise(ladder):
        assert second.due - first.due >= timedelta(days=7)
    assert "at least 7 days" in ladder[1].why


def test_p10_a_reply_cancels_pending_follow_ups_and_restarts_the_ladder():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    before = one(s.plan(), ActionKind.STATUS_INQUIRY)
    s.log(EventKind.REPLY, at("2026-11-23 12:00"), priya)
    after = one(s.plan(), ActionKind.STATUS_INQUIRY)
    assert after.id != before.id
    assert after.earliest == at("2026-11-30 12:00")
    assert "their last message" in after.why


def test_p12_next_round_invitation_answered_within_a_business_day():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    s.log(EventKind.NEXT_ROUND, at("2026-11-20 16:30"), priya)  # Friday afternoon
    respond = one(s.plan(), ActionKind.RESPOND_TO_UPDATE)
    assert local(respond.due) == "Fri 2026-11-20 16:30"
    assert local(respond.latest) == "Mon 2026-11-23 17:00"
    # Once the new round is booked, it gets its own reminders and thank-yous.
    s.interview(at("2026-11-26 10:00"), priya)
    actions = s.plan(now=at("2026-11-24 09:00"))
    assert not only(actions, ActionKind.RESPOND_TO_UPDATE)
    assert one(actions, ActionKind.THANK_YOU).interview_id == 2
    assert one(actions, ActionKind.ASK_NEXT_STEPS).interview_id == 2


def test_p13_information_request_and_debrief_points():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(
        at("2026-11-17 10:00"), priya, debrief=Debrief(unaddressed=("Spark tuning experience",))
    )
    actions = s.plan()
    from_debrief = one(actions, ActionKind.SEND_ADDITIONAL_INFO)
    thanks = one(actions, ActionKind.THANK_YOU)
    assert from_debrief.due == thanks.due
    assert "Spark tuning" in from_debrief.why
    s.log(EventKind.ACTION_DONE, at("2026-11-18 09:10"), action_id=from_debrief.id)
    s.log(EventKind.INFO_REQUEST, at("2026-11-19 11:00"), priya)
    info = one(s.plan(), ActionKind.SEND_ADDITIONAL_INFO)
    assert local(info.latest) == "Fri 2026-11-20 17:00"


def test_p14_linkedin_for_good_rapport_and_recruiters_only():
    s = Scenario()
    priya = s.contact("Priya Raman")
    tom = s.contact("Tom Okafor")
    rec = s.contact("Jo Recruiter", role=ContactRole.RECRUITER)
    s.interview(
        at("2026-11-17 10:00"),
        priya,
        tom,
        debrief=Debrief(rapport=((priya.id, Rapport.GOOD), (tom.id, Rapport.NEUTRAL))),
    )
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"))
    linked = only(s.plan(), ActionKind.LINKEDIN_CONNECT)
    assert sorted(a.contact_id for a in linked) == [priya.id, rec.id]
    for a in linked:
        assert a.channel is Channel.LINKEDIN
        assert a.latest <= at("2026-11-24 16:00")
    s.log(EventKind.LINKEDIN_SENT, at("2026-11-18 10:00"), priya)
    assert [a.contact_id for a in only(s.plan(), ActionKind.LINKEDIN_CONNECT)] == [rec.id]


def test_p15_rejection_leaves_only_a_gracious_reply():
    s = Scenario()
    priya = s.contact("Priya Raman", rapport=Rapport.GOOD)
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.REJECTION, at("2026-11-19 15:00"), priya)
    actions = s.plan()
    assert [a.kind for a in actions] == [ActionKind.REPLY_TO_REJECTION]
    assert local(actions[0].due) == "Fri 2026-11-20 09:00"
    assert actions[0].latest == at("2026-11-21 15:00")
    s.log(EventKind.ACTION_DONE, at("2026-11-20 09:30"), action_id=actions[0].id)
    assert s.plan() == []


def test_p16_offer_acknowledged_then_decided_before_the_deadline():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    s.log(EventKind.OFFER, at("2026-11-23 11:00"), priya, on=date(2026, 11, 30))
    actions = s.plan()
    assert not [a for a in actions if a.step]  # no more follow-ups
    ack = one(actions, ActionKind.ACKNOWLEDGE_OFFER)
    assert local(ack.latest) == "Tue 2026-11-24 17:00"
    decide = one(actions, ActionKind.DECIDE_OFFER)
    assert local(decide.due) == "Fri 2026-11-27 09:00"  # a business day to spare
    assert local(decide.latest) == "Mon 2026-11-30 17:00"
    s.log(EventKind.ACCEPTED, at("2026-11-27 10:00"), priya)
    assert s.plan() == []


def test_p16_acknowledgement_window_follows_the_policy():
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    s.log(EventKind.OFFER, at("2026-11-23 11:00"), on=date(2026, 12, 4))
    ack = one(s.plan(policy=Policy(offer_ack_business_days=2)), ActionKind.ACKNOWLEDGE_OFFER)
    assert local(ack.latest) == "Wed 2026-11-25 17:00"
    assert "within 2 business days" in ack.why


def test_p16_offer_without_deadline_asks_for_one():
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    s.log(EventKind.OFFER, at("2026-11-23 11:00"))
    assert "ask them for one" in one(s.plan(), ActionKind.DECIDE_OFFER).why


@pytest.mark.parametrize("final", [EventKind.WITHDRAWN, EventKind.ACCEPTED, EventKind.DECLINED])
def test_final_decisions_end_the_plan(final: EventKind):
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"))
    s.log(final, at("2026-11-18 10:00"))
    assert s.plan() == []


def test_skipping_an_action_dismisses_it_and_a_skipped_rung_moves_the_ladder_on():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    thanks = one(s.plan(), ActionKind.THANK_YOU)
    s.log(EventKind.ACTION_SKIPPED, at("2026-11-17 12:00"), action_id=thanks.id)
    assert not only(s.plan(), ActionKind.THANK_YOU)
    inquiry = one(s.plan(), ActionKind.STATUS_INQUIRY)
    s.log(EventKind.ACTION_SKIPPED, at("2026-11-17 12:01"), action_id=inquiry.id)
    assert [a.step for a in s.plan() if a.step] == [2, 3]


def test_ids_are_stable_and_the_plan_is_deterministic():
    s = Scenario()
    s.interview(at("2026-11-17 10:00"), s.contact("Priya Raman"), s.contact("Tom Okafor"))
    first, second = s.plan(), s.plan()
    assert first == second
    assert len({a.id for a in first}) == len(first)
    assert all(a.id.startswith("1.") for a in first)


def test_policy_values_change_the_plan():
    s = Scenario()
    priya = s.contact("Priya Raman")
    s.interview(at("2026-11-17 10:00"), priya)
    s.log(EventKind.THANK_YOU_SENT, at("2026-11-17 16:00"), priya)
    quick = Policy(first_follow_up_days=10, max_follow_ups=2)
    ladder = [a for a in s.plan(policy=quick) if a.step]
    assert len(ladder) == 2
    assert ladder[0].earliest == at("2026-11-27 16:00")
