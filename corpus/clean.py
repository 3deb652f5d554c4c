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

from . import furniture, normalise, repair, wrap
from .models import CleanText, Flag, TrackedText

Step = Callable[[TrackedText], tuple[TrackedText, list[Flag]]]

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")


def strip_front_matter(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Drop a Markdown/Hugo front-matter block (---…---) at the top."""
    return tt.sub(_FRONT_MATTER, "")[0], []


_SPACE = r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]"
_BLANK_LINE = re.compile(rf"(?m)^{_SPACE}+$")
# Tabs stay: in a table row they stand for cells, empty ones included.
_LINE_ENDS = re.compile(r"(?m)^[ \u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+"
                        r"|[ \u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+$")


def empty_blank_lines(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """A line of nothing but (no-break, full-width) spaces is a blank line:
    Word and WPS leave ``\xa0`` paragraphs between a title and its addressee,
    and a blank line is what tells them apart."""
    return tt.sub(_BLANK_LINE, "")[0], []


def strip_line_ends(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Indents and trailing spaces carry no text: a signature indented to the
    right, a date followed by spaces, are the lines they are without them."""
    return tt.sub(_LINE_ENDS, "")[0], []


def strip_markdown_headings(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """## 一、总体要求 → 一、总体要求: heading marks of random depth carry no
    outline level in the wild (../shared/seeds/002_…), the labels do."""
    return tt.sub(_MD_HEADING, "")[0], []


STEPS: dict[str, Step] = {
    "strip_front_matter": strip_front_matter,
    "empty_blank_lines": empty_blank_lines,
    "strip_line_ends": strip_line_ends,
    "strip_page_marks": furniture.strip_page_marks,
    "strip_table_of_contents": furniture.strip_table_of_contents,
    "repair_mojibake": repair.repair_mojibake,
    "strip_pinyin": repair.strip_pinyin,
    **normalise.STEPS,
    "remove_spam": repair.remove_spam,
    "join_wrapped_lines": wrap.join_wrapped_lines,
    "strip_markdown_headings": strip_markdown_headings,
}


#: Steps that only make sense where a line break may be layout, not a
#: paragraph end (PDF, OFD, text of unknown origin).
LAYOUT_STEPS = ("join_wrapped_lines",)


def clean_text(source: str, steps: dict[str, Step] | None = None, *,
               paragraphs: bool = False) -> CleanText:
    """Run the cleaning steps over ``source`` and collect their flags.

    ``paragraphs``: every line break of ``source`` is a paragraph end (Word,
    HTML), so no line is joined to the next.
    """
    tt = TrackedText.of(source)
    flags: list[Flag] = []
    chosen = steps or STEPS
    if paragraphs:
        chosen = {name: step for name, step in chosen.items() if name not in LAYOUT_STEPS}
    for step in chosen.values():
        tt, raised = step(tt)
        flags.extend(raised)
    return CleanText(tt, tuple(flags))
