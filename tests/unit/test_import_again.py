"""Importing a changed file again (issue 16), as a property over the fake store: a field
the file changed takes the file's new value, a field it did not change keeps whatever the
user made of it in followup, and the same file once more changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.services.applications import ApplicationChanges, edit_application
from followup.services.importing import import_table
from tests.unit.fakes import FakeStore, context

HEADER = ["ID", "Company", "Role", "Status", "URL", "Notes"]
FIELDS = ("company", "role", "url", "notes")

files = st.fixed_dictionaries({
    "company": st.sampled_from(["Acme", "Globex"]),
    "role": st.sampled_from(["Engineer", "Analyst"]),
    "stage": st.sampled_from(["Applied", "Interviewing", "Offer", "Rejected"]),
    "url": st.sampled_from(["", "https://jobs.example/1", "https://jobs.example/2"]),
    "notes": st.sampled_from(["", "Met at a meetup", "Referred"]),
})  # fmt: skip
edits = st.fixed_dictionaries(
    {},
    optional={
        "role": st.sampled_from(["Senior Engineer", "Lead"]),
        "url": st.sampled_from(["https://careers.example/9"]),
        "notes": st.sampled_from(["My own notes"]),
    },
)


def _row(file: dict[str, str]) -> list[str]:
    return ["t-1", file["company"], file["role"], file["stage"], file["url"], file["notes"]]


@settings(max_examples=60, deadline=None)
@given(files, files, edits)
def test_only_what_the_file_changed_replaces_the_user_s_edits(
    first: dict[str, str], second: dict[str, str], edit: dict[str, str]
) -> None:
    ctx = context(FakeStore())
    import_table(ctx, [HEADER, _row(first)])
    edit_application(ctx, 1, ApplicationChanges(**edit))  # type: ignore[arg-type]
    edited = ctx.store.get_application(1)
    report = import_table(ctx, [HEADER, _row(second)])
    app = ctx.store.get_application(1)
    for f in FIELDS:
        expected = second[f] or None if first[f] != second[f] else getattr(edited, f)
        assert getattr(app, f) == expected, f
    if first == second:
        assert report.applications.unchanged == 1
    kinds = [e.kind.value for e in ctx.store.list_events(1)]
    assert len(kinds) == len(set(kinds))  # no stage's event twice
    again = import_table(ctx, [HEADER, _row(second)])
    assert (again.applications.unchanged, again.events.created) == (1, 0)
    assert ctx.store.get_application(1) == app
