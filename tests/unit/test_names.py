"""How a person is addressed, name by name across traditions, and what holds for any name."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain.names import addressed_as, as_written, given_name, title_as_written

# name, informal, formal without a title, formal with the title "Ms" (or "Mr"), given name.
# Where the structure is not clear the answer is the full name, which is never wrong.
TABLE: list[tuple[str, str, str, str, str, str | None]] = [
    # Chinese, family name first and last: neither "Chua" nor "Ling" nor "Wei" alone.
    ("Chua Wei Ling", "Chua Wei Ling", "Chua Wei Ling", "Ms", "Chua Wei Ling", None),
    ("Wei Ling Chua", "Wei Ling Chua", "Wei Ling Chua", "Ms", "Wei Ling Chua", None),
    ("Tan Mei", "Tan Mei", "Tan Mei", "Ms", "Tan Mei", None),
    ("Chua, Wei Ling", "Wei Ling Chua", "Wei Ling Chua", "Ms", "Wei Ling Chua", None),
    # Korean: a known family name first is not a given name; given name first is clear.
    ("Kim Min-jun", "Kim Min-jun", "Kim Min-jun", "Mr", "Kim Min-jun", None),
    ("Park Ji-sung", "Park Ji-sung", "Park Ji-sung", "Mr", "Park Ji-sung", None),
    ("Min-jun Kim", "Min-jun", "Min-jun Kim", "Mr", "Mr Kim", "Min-jun"),
    # A comma says which name is the family's: "Jo" and "Kim" are given names here.
    ("Baker, Jo", "Jo", "Jo Baker", "Ms", "Ms Baker", "Jo"),
    ("Kim, Min-jun", "Min-jun", "Min-jun Kim", "Mr", "Mr Kim", "Min-jun"),
    # Japanese and Vietnamese, family name first.
    ("Tanaka Hiroshi", "Tanaka Hiroshi", "Tanaka Hiroshi", "Mr", "Tanaka Hiroshi", None),
    ("Nguyễn Văn An", "Nguyễn Văn An", "Nguyễn Văn An", "Mr", "Nguyễn Văn An", None),
    # Hungarian, family name first (with or without its accents), and in Western order.
    ("Nagy Katalin", "Nagy Katalin", "Nagy Katalin", "Ms", "Nagy Katalin", None),
    ("Kovács Anna", "Kovács Anna", "Kovács Anna", "Ms", "Kovács Anna", None),
    ("Katalin Nagy", "Katalin", "Katalin Nagy", "Ms", "Ms Nagy", "Katalin"),
    # Spanish: a compound given name and two family names cannot be split safely.
    (
        "María José García López",
        "María José García López",
        "María José García López",
        "Ms",
        "María José García López",
        None,
    ),
    ("José García", "José", "José García", "Mr", "Mr García", "José"),
    # Arabic: a patronymic chain is not a family name; "Al-" is part of one.
    (
        "Mohammed bin Rashid Al Maktoum",
        "Mohammed bin Rashid Al Maktoum",
        "Mohammed bin Rashid Al Maktoum",
        "Mr",
        "Mohammed bin Rashid Al Maktoum",
        None,
    ),
    ("Fatima Al-Sayed", "Fatima", "Fatima Al-Sayed", "Ms", "Ms Al-Sayed", "Fatima"),
    # Malay: "bin" says "son of"; there is no family name to put after "Mr".
    (
        "Anwar bin Ibrahim",
        "Anwar bin Ibrahim",
        "Anwar bin Ibrahim",
        "Mr",
        "Anwar bin Ibrahim",
        None,
    ),
    # Indian: an initial (often the father's name) hides which word is the given name.
    ("Priya Shah", "Priya", "Priya Shah", "Ms", "Ms Shah", "Priya"),
    ("R. Venkatesh", "R. Venkatesh", "R. Venkatesh", "Mr", "R. Venkatesh", None),
    # Dutch and German particles stay in the family name, as typed.
    ("Jan van der Berg", "Jan", "Jan van der Berg", "Mr", "Mr van der Berg", "Jan"),
    ("Ursula von der Leyen", "Ursula", "Ursula von der Leyen", "Ms", "Ms von der Leyen", "Ursula"),
    # Irish: Ó and Ní belong to the family name.
    ("Ciarán Ó Briain", "Ciarán", "Ciarán Ó Briain", "Mr", "Mr Ó Briain", "Ciarán"),
    ("Aoife Ní Bhriain", "Aoife", "Aoife Ní Bhriain", "Ms", "Ms Ní Bhriain", "Aoife"),
    # Mononyms, and a Burmese name with no family name at all.
    ("Sukarno", "Sukarno", "Sukarno", "Mr", "Sukarno", None),
    ("Aung San Suu Kyi", "Aung San Suu Kyi", "Aung San Suu Kyi", "Ms", "Aung San Suu Kyi", None),
    # French capitals mark the family name.
    ("DUPONT Jean", "DUPONT Jean", "DUPONT Jean", "Mr", "DUPONT Jean", None),
    # A nickname is what they go by, informally; formal letters leave it out.
    ("Robert (Bob) Smith", "Bob", "Robert Smith", "Mr", "Mr Smith", "Robert"),
    ('Robert "Bob" Smith', "Bob", "Robert Smith", "Mr", "Mr Smith", "Robert"),
    ("Ng Kai Wen (Kevin)", "Kevin", "Ng Kai Wen", "Mr", "Ng Kai Wen", None),
    # A note in brackets is not a nickname to greet by.
    ("Wei Ling Chua (she/her)", "Wei Ling Chua", "Wei Ling Chua", "Ms", "Wei Ling Chua", None),
    # A title typed in the name is used formally; the contact's own title wins over it.
    ("Dr. Jane Smith", "Jane", "Dr. Smith", "Ms", "Ms Smith", "Jane"),
    ("Dr. Smith", "Dr. Smith", "Dr. Smith", "Ms", "Dr. Smith", None),
    # Suffixes are not part of the family name.
    ("John Smith Jr.", "John", "John Smith Jr.", "Mr", "Mr Smith", "John"),
    ("Jane Smith, PhD", "Jane", "Jane Smith, PhD", "Ms", "Ms Smith", "Jane"),
    # Middle names and initials: the structure is not clear enough to pick one out.
    ("Mary Ann Smith", "Mary Ann Smith", "Mary Ann Smith", "Ms", "Mary Ann Smith", None),
    ("J. R. R. Tolkien", "J. R. R. Tolkien", "J. R. R. Tolkien", "Mr", "J. R. R. Tolkien", None),
]
GREETS = ("Wei Ling", "Dr Chua", "Ms Chua", "Bob")


@pytest.mark.parametrize(
    ("name", "informal", "formal", "title", "titled", "given"), TABLE, ids=[r[0] for r in TABLE]
)
def test_a_name_is_addressed_as_its_tradition_would(
    name: str, informal: str, formal: str, title: str, titled: str, given: str | None
) -> None:
    assert addressed_as(name, greet=None, title=None, formal=False) == informal
    assert addressed_as(name, greet=None, title=None, formal=True) == formal
    assert addressed_as(name, greet=None, title=title, formal=True) == titled
    assert addressed_as(name, greet=None, title=title, formal=False) == informal
    assert given_name(name) == given
    for greet in GREETS:
        for formally in (False, True):
            assert addressed_as(name, greet=greet, title=title, formal=formally) == greet


def test_a_greet_is_one_line_of_single_spaces_and_a_blank_one_is_not_given() -> None:
    assert addressed_as("Chua Wei Ling", greet=" Wei\n Ling ", title=None, formal=True) == (
        "Wei Ling"
    )
    assert addressed_as("Priya Shah", greet="  ", title=None, formal=False) == "Priya"
    assert addressed_as("Priya Shah", greet="", title="", formal=True) == "Priya Shah"


def test_the_title_is_never_invented() -> None:
    """The pre-names greeting took the last word after the title; the full name stays."""
    for name in ("Sukarno", "Chua Wei Ling", "R. Venkatesh", "Mary Ann Smith"):
        assert addressed_as(name, greet=None, title="Dr", formal=True) == name
    assert addressed_as("Priya Shah", greet=None, title=None, formal=True) == "Priya Shah"


WORD = re.compile(r"\w+")
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
name_text = text.filter(lambda s: s.strip() != "")
plausible = st.lists(
    st.sampled_from(
        ["Dr.", "Ms", "Wei", "Ling", "Chua", "Kim", "van", "der", "Berg", "(Bob)", "Jr.", "R.",
         "bin", "Al", "Ó", "Nagy", "María", "José", ",", "PhD", "'Rob'", "Smith", "O'Neil"]
    ),
    min_size=1,
    max_size=6,
).map(" ".join)  # fmt: skip
names = st.one_of(name_text, plausible)
greets = st.one_of(st.none(), text)
titles = st.one_of(st.none(), st.sampled_from(["Ms", "Dr.", "Prof. Dr."]), text)


@given(names, greets, titles, st.booleans())
def test_any_name_gives_an_address_made_of_its_own_words(
    name: str, greet: str | None, title: str | None, formal: bool
) -> None:
    answer = addressed_as(name, greet=greet, title=title, formal=formal)
    if greet and greet.strip():
        assert answer == " ".join(greet.split())
        return
    assert answer.strip() == answer
    assert answer
    # Its own words, though one typed all in lower case gets its capitals (``as_written``).
    known = {w.lower() for source in (name, title or "") for w in WORD.findall(source)}
    assert {w.lower() for w in WORD.findall(answer)} <= known, (answer, name, title)


@given(names)
def test_a_given_name_is_one_word_of_the_name(name: str) -> None:
    found = given_name(name)
    # "Lee,Sam" is typed family name first, the comma its mark: Sam is one of its words.
    assert found is None or found in re.split(r"[\s,]+", as_written(name))


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("sam lee", "Sam Lee"),
        ("o'brien", "O'Brien"),
        ("jean-luc de la tour", "Jean-Luc de la Tour"),
        ("ludwig van beethoven", "Ludwig van Beethoven"),
        ("anwar bin ibrahim", "Anwar bin Ibrahim"),
        ("mcdonald", "McDonald"),
        ("acme ltd", "Acme Ltd"),
        ("bank of america", "Bank of America"),
        ("globex gmbh", "Globex GmbH"),
        ("3m", "3m"),  # nobody can tell its capitals
        ("McDonald", "McDonald"),  # typed with a capital: exactly as typed
        ("eBay", "eBay"),
        ("Sam lee", "Sam lee"),
    ],
)
def test_a_name_typed_in_lower_case_gets_the_capitals_a_letter_gives_it(
    typed: str, written: str
) -> None:
    assert as_written(typed) == written


def test_a_lower_case_name_is_greeted_with_a_capital() -> None:
    """People type names in lower case at a command line: "Dear sam," was no person's."""
    assert addressed_as("sam lee", greet=None, title=None, formal=False) == "Sam"
    assert addressed_as("sam lee", greet=None, title="ms", formal=True) == "Ms Lee"
    assert addressed_as("chua wei ling", greet=None, title=None, formal=False) == "Chua Wei Ling"
    assert addressed_as("sam lee", greet="sammy", title=None, formal=False) == "sammy"


@given(st.text(max_size=40))
def test_as_written_changes_only_capitals_and_only_of_lower_case_text(text: str) -> None:
    written = as_written(text)
    assert written.lower() == text.lower() or written == text
    if any(c.isupper() for c in text):
        assert written == text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ux researcher", "UX researcher"),
        ("senior sre", "senior SRE"),
        ("devops engineer", "DevOps engineer"),
        ("data engineer", "data engineer"),
        ("Ux Lead", "Ux Lead"),  # typed with a capital: as typed
    ],
)
def test_a_job_title_typed_in_lower_case_keeps_its_short_forms_in_capitals(
    typed: str, written: str
) -> None:
    assert title_as_written(typed) == written


# Letters whose case swaps back and forth (Greek "ᾀ" upper-cases to two letters).
_WORD = st.text(
    alphabet=st.characters(categories=("Ll", "Lu")).filter(
        lambda c: len(c.swapcase()) == 1 and c.swapcase().swapcase() == c
    ),
    min_size=2,
    max_size=8,
)


@given(words=st.lists(_WORD, min_size=1, max_size=4, unique_by=str.casefold), data=st.data())
def test_any_words_of_a_name_in_any_order_and_case_refer_to_it(
    words: list[str], data: st.DataObject
) -> None:
    from followup.domain.names import refers_to

    name = " ".join(words)
    picked = data.draw(st.lists(st.sampled_from(words), min_size=1, unique=True))
    typed = ", ".join(w.swapcase() for w in data.draw(st.permutations(picked)))
    assert refers_to(typed, name)
    assert not refers_to(typed + " Zzyzxq", name)  # a word the name lacks
    assert not refers_to("", name)
