"""Clean stage: from decoded source text to one clean paragraph per line.

The steps run in the order of :data:`STEPS`, each a named function over
:class:`TrackedText` (eyecite's habit: cleaning steps as named functions in a
lookup table, each tested on its own). The order matters: mojibake is
repaired before pinyin is stripped (the garbled run holds pinyin remnants),
both before t2s, and spam is removed before lines are joined so that a
defaced line does not look like a heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import normalise, repair, wrap
from .models import CleanText, Flag, TrackedText

Step = Callable[[TrackedText], tuple[TrackedText, list[Flag]]]

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")


def strip_front_matter(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Drop a Markdown/Hugo front-matter block (---…---) at the top."""
    return tt.sub(_FRONT_MATTER, "")[0], []


def strip_markdown_headings(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """## 一、总体要求 → 一、总体要求: heading marks of random depth carry no
    outline level in the wild (../shared/seeds/002_…), the labels do."""
    return tt.sub(_MD_HEADING, "")[0], []


STEPS: dict[str, Step] = {
    "strip_front_matter": strip_front_matter,
    "repair_mojibake": repair.repair_mojibake,
    "strip_pinyin": repair.strip_pinyin,
    **normalise.STEPS,
    "remove_spam": repair.remove_spam,
    "join_wrapped_lines": wrap.join_wrapped_lines,
    "strip_markdown_headings": strip_markdown_headings,
}


def clean_text(source: str, steps: dict[str, Step] | None = None) -> CleanText:
    """Run the cleaning steps over ``source`` and collect their flags."""
    tt = TrackedText.of(source)
    flags: list[Flag] = []
    for step in (steps or STEPS).values():
        tt, raised = step(tt)
        flags.extend(raised)
    return CleanText(tt, tuple(flags))
