"""The page cache's bounds: entries and bytes (Today with ``?all=1`` is a MB or more)."""

from __future__ import annotations

from datetime import UTC, datetime

from followup.web.page_cache import Entry, PageCache

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def entry(size: int, stamp: object = 1) -> Entry[None, None]:
    return Entry(stamp, NOW, None, None, b"x" * size)


def test_the_least_recently_used_go_first_when_over_the_byte_budget() -> None:
    cache: PageCache[None, None] = PageCache(size=10, budget=100)
    cache.put("a", entry(40))
    cache.put("b", entry(40))
    assert cache.get("a", 1) is not None  # now b is the least recently used
    cache.put("c", entry(40))
    assert cache.get("b", 1) is None
    assert cache.get("a", 1) is not None
    assert cache.get("c", 1) is not None
    cache.put("a", entry(10))  # replacing an entry counts its new size only
    cache.put("d", entry(50))
    assert len(cache) == 3


def test_a_page_larger_than_the_budget_is_still_kept_alone() -> None:
    cache: PageCache[None, None] = PageCache(size=10, budget=100)
    cache.put("a", entry(40))
    cache.put("huge", entry(500))
    assert cache.get("huge", 1) is not None
    assert cache.get("a", 1) is None
    cache.put("b", entry(10))
    assert cache.get("huge", 1) is None  # over the budget with another: the older goes


def test_a_new_stamp_empties_it_and_its_count() -> None:
    cache: PageCache[None, None] = PageCache(size=10, budget=100)
    cache.put("a", entry(90))
    cache.put("b", entry(90, stamp=2))
    cache.put("c", entry(10, stamp=2))
    assert cache.get("b", 2) is not None
    assert cache.get("c", 2) is not None
    assert cache.get("a", 1) is None
