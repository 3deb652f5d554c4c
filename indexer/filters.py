"""Filtering a list the way the ledger and the documents list do: the
items every filter asked for matches, and the items a facet counts over —
every filter but its own, so each value's count is what choosing it gives."""

from __future__ import annotations


def matching(items, wanted: dict, matches, leaving_out: str | None = None) -> list:
    """The items ``matches(item, name, value)`` accepts for every filter of
    ``wanted`` that has a value, the filter ``leaving_out`` aside."""
    asked = [(name, value) for name, value in wanted.items() if value and name != leaving_out]
    return [item for item in items if all(matches(item, name, value) for name, value in asked)]
