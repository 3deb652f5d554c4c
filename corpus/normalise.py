"""Normalise stage: one script, one set of punctuation, one way to write numbers.

Documents, search queries and drafts all go through :func:`normalise_text`,
so that text typed in traditional characters or with half-width punctuation
matches what was ingested. Each step is a named function over
:class:`TrackedText`, so that ingestion keeps the map back to the source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .models import Flag, TrackedText

_CJK = r"\u3400-\u9fff"
_CJK_OR_FULL = r"\u3400-\u9fff\u3000-\u303f\uff01-\uff5e“”‘’《》"


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    # The official OpenCC binding; config t2s (traditional → simplified,
    # with phrase tables) as the design card fixes.
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified characters (OpenCC ``t2s``)."""
    return _t2s().convert(text)


def convert_t2s(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """OpenCC t2s, character for character where the length is kept."""
    converted = to_simplified(tt.text)
    if converted == tt.text:
        return tt, []
    changed = sum(a != b for a, b in zip(tt.text, converted))
    if len(converted) == len(tt.text):
        return TrackedText(converted, tt.origin), [Flag("t2s", f"{changed}")]
    # A phrase conversion changed the length somewhere: convert line by line
    # so that only the lines concerned lose their character-level map.
    edits, pos = [], 0
    for line in tt.text.split("\n"):
        new = to_simplified(line)
        if new != line:
            edits.append((pos, pos + len(line), new))
        pos += len(line) + 1
    return tt.edit(edits), [Flag("t2s", f"{changed}")]


_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_SPACES = re.compile(r"[\u00a0\u2002-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def fold_width(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Full-width letters and digits to ASCII; odd spaces to plain spaces."""
    tt, _ = tt.sub(_FULLWIDTH_ALNUM, lambda m: chr(ord(m.group(0)) - 0xFEE0))
    tt, _ = tt.sub(_SPACES, " ")
    tt, _ = tt.sub(_INVISIBLE, "")
    return tt, []


_PUNCT_MAP = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
# Half-width punctuation touching Chinese text, with the spaces around it.
_HALF_PUNCT = re.compile(rf"(?<=[{_CJK_OR_FULL}]) *([,;?!]) *|(?<=[{_CJK}）]) *(:) *"
                         rf"| *([,;]) *(?=[{_CJK}])")
_HALF_PARENS = re.compile(r"\(([^()\n]{0,80})\)")
# 候车亭（廊) and (厅、委）: a pair opened in one width and closed in the other.
_MIXED_PARENS = re.compile(r"（([^（）()\n]{0,40})\)|\(([^（）()\n]{0,40})）")
_CORNER_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}


def unify_punctuation(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Chinese punctuation in Chinese text: ，：；？！ and （）; “” for 「」.

    Half-width marks stay where they belong (1,000; 10:30; URLs).
    """
    tt, _ = tt.sub(_HALF_PARENS, _full_parens)
    tt, _ = tt.sub(_MIXED_PARENS, lambda m: f"（{m.group(1) or m.group(2) or ''}）")
    tt, _ = tt.sub(_HALF_PUNCT, lambda m: _PUNCT_MAP[next(g for g in m.groups() if g)])
    tt, _ = tt.sub(re.compile("[「」『』]"), lambda m: _CORNER_QUOTES[m.group(0)])
    # A principle bullet printed with one dash (—市场主导) is the ——
    # of GB/T 15834-2011 §4.6 that lost a character.
    tt, _ = tt.sub(re.compile(r"(?m)^([ \t]*)—(?!—)"), r"\1——")
    return tt, []


def _full_parens(match: re.Match) -> str:
    inner = match.group(1)
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    if re.search(f"[{_CJK}]", inner) or re.match(f"[{_CJK}]", before) or (
            before in ("", "\n", " ") and re.fullmatch(r"\s*\d{1,2}\s*", inner)):
        return f"（{inner.strip()}）"
    return match.group(0)


# A 文号: issuer code, year in brackets, serial number, 号 (GB/T 9704-2012
# §7.2.4: the year in 〔〕). Sites print 【】, [], （） or () instead.
_DOC_NO = re.compile(rf"([{_CJK}]{{1,14}}?)\s*[〔【\[［（(﹝]\s*((?:19|20)\d\d)\s*[〕】\]］）)﹞]"
                     r"\s*(\d{1,5})\s*号")


def unify_doc_numbers(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """〔2024〕 brackets and no spaces in every 文号."""
    tt, _ = tt.sub(_DOC_NO, r"\1〔\2〕\3号")
    return tt, []


# 2023 年 6 月 15 日, 〔2023〕12 号, 近 2 年: a number and its unit. Not
# 第二条 12345热线, where the space ends an article label.
_DIGIT_SPACE = re.compile(rf"(?<=\d) +(?=[{_CJK}〕%％])|(?<=[年月日〔近约共计达超过至])"
                          r" +(?=\d)")
_SPACED_WORD = re.compile(rf"(?<![{_CJK}])[{_CJK}](?: [{_CJK}]){{2,}}(?![{_CJK}])")


def fold_spaces(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """No spaces inside dates and numbers (2023 年 6 月 → 2023年6月), none
    inside a word spaced out for layout (工 作 方 案), one space at most."""
    tt, _ = tt.sub(_DIGIT_SPACE, "")
    tt, _ = tt.sub(_SPACED_WORD, lambda m: m.group(0).replace(" ", ""))
    tt, _ = tt.sub(re.compile(r"(?<=\S) {2,}(?=\S)"), " ")   # tabs are table cells
    return tt, []


#: The normalisation steps, in order. Cleaning runs them too.
STEPS = {
    "convert_t2s": convert_t2s,
    "fold_width": fold_width,
    "unify_punctuation": unify_punctuation,
    "unify_doc_numbers": unify_doc_numbers,
    "fold_spaces": fold_spaces,
}


def normalise_tracked(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """All normalisation steps over tracked text, with the flags they raise."""
    flags: list[Flag] = []
    for step in STEPS.values():
        tt, raised = step(tt)
        flags.extend(raised)
    return tt, flags


def normalise_text(text: str) -> str:
    """The normal form of any Chinese text: documents, queries and drafts."""
    return normalise_tracked(TrackedText.of(text))[0].text
