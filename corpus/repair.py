"""Repairs of text damaged by the websites it was taken from.

Each function is a named cleaning step (TrackedText → TrackedText, flags).
What is certain is repaired and flagged as a notice; what is not is left as
it stands and flagged as a warning (DESIGN.md: never silently fix source
text that a user may cite).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .lexicon import word_frequency
from .models import Flag, TrackedText
from .normalise import to_simplified

# -- pinyin annotations ---------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# 監(jiān)管: a site added the reading of each polyphonic character. Only a
# syllable with a tone mark is taken, so (app), (ODR) and (一) stay.
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-z{_TONED}]{{0,5}}[{_TONED}][a-z{_TONED}]{{0,5}})[)）]")


def strip_pinyin(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Remove pinyin readings inserted after characters: 監(jiān)管 → 監管."""
    tt, removed = tt.sub(_PINYIN, "")
    return tt, ([Flag("pinyin_removed", str(len(removed)))] if removed else [])


# -- mojibake -----------------------------------------------------------------------

# A byte lost in mis-decoding shows as ? or U+FFFD, often followed by what is
# left of a pinyin annotation, e.g. ?jié) in 發展?jié)摿Υ蟮慕?jīng)營.
_LOST = rf"[?\ufffd](?:[a-z{_TONED}]{{1,6}}\))?"
_GBK_SHIFTED = re.compile(rf"({_LOST})([\u3400-\u9fff\u0391-\u03c9\u0401-\u0451]{{3,16}})({_LOST})")
_LATIN1_UTF8 = re.compile(r"(?:[\u00c2-\u00f4][\u0080-\u00bf]{1,3}){2,}")


def repair_mojibake(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Repair runs of GBK text read one byte off, or UTF-8 read as Latin-1.

    GBK: the run's bytes, shifted by one, decode to common text; the first and
    last characters each lost a byte, and are restored only when exactly one
    candidate forms a dictionary word with its neighbour (the run in the
    national sample: 摿Υ蟮慕 → 潛力大的經). Otherwise the run is flagged.
    """
    from .formats.text import chinese_score

    flags: list[Flag] = []
    edits: list[tuple[int, int, str]] = []
    for match in _GBK_SHIFTED.finditer(tt.text):
        run = match.group(2)
        if chinese_score(run) >= 0.5:
            continue  # ordinary text next to a stray question mark
        repaired = _realign_gbk(run, tt.text[match.end():match.end() + 1])
        raw = tt.raw_span(match.start(), match.end())
        if repaired is None:
            flags.append(Flag("mojibake", match.group(0), match.start(), match.end(), *raw))
        else:
            edits.append((match.start(), match.end(), repaired))
            flags.append(Flag("mojibake_repaired", f"{match.group(0)} → {repaired}",
                              match.start(), match.end(), *raw))
    for match in _LATIN1_UTF8.finditer(tt.text):
        try:
            repaired = match.group(0).encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        edits.append((match.start(), match.end(), repaired))
        flags.append(Flag("mojibake_repaired", f"{match.group(0)} → {repaired}",
                          match.start(), match.end(), *tt.raw_span(match.start(), match.end())))
    edits.sort()
    return tt.edit(edits), flags


def _realign_gbk(run: str, after: str) -> str | None:
    """The text ``run`` held before it was decoded one byte off, if certain."""
    from .formats.text import chinese_score

    try:
        data = run.encode("gbk")
    except UnicodeEncodeError:
        return None
    try:
        middle = data[1:-1].decode("gbk")
    except UnicodeDecodeError:
        return None
    if not middle or chinese_score(middle) < 0.9:
        return None
    first = _only_candidate([bytes([lead, data[0]]) for lead in range(0x81, 0xFF)],
                            lambda c: c + middle[0])
    last = _only_candidate([bytes([data[-1], trail]) for trail in range(0x40, 0xFF)],
                           lambda c: c + after if after else middle[-1] + c)
    if first is None or last is None:
        return None
    return first + middle + last


#: The best candidate must make a word this many times as common as the next.
DOMINANCE = 10


def _only_candidate(encodings: list[bytes], word_with) -> str | None:
    found = []
    for encoded in encodings:
        try:
            char = encoded.decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(char) == 1:
            frequency = word_frequency(to_simplified(word_with(char)))
            if frequency:
                found.append((frequency, char))
    found.sort(reverse=True)
    if not found or (len(found) > 1 and found[0][0] < DOMINANCE * found[1][0]):
        return None
    return found[0][1]


# -- injected spam ---------------------------------------------------------------


@lru_cache(maxsize=1)
def spam_pattern() -> re.Pattern:
    """One regex over the maintained list in corpus/data/spam_phrases.txt."""
    text = resources.files("corpus").joinpath("data/spam_phrases.txt").read_text("utf-8")
    phrases = sorted({line.strip() for line in text.splitlines()
                      if line.strip() and not line.startswith("#")}, key=len, reverse=True)
    # The defacer's colon goes with the phrase: 《澳门太阳城集团:印发…》.
    return re.compile("(?:" + "|".join(map(re.escape, phrases)) + ")[:：]?", re.IGNORECASE)


def remove_spam(tt: TrackedText) -> tuple[TrackedText, list[Flag]]:
    """Take injected spam out of the text and flag where it stood.

    The flag keeps the phrase and its raw span; the zero-width cleaned offset
    marks where it was cut, so the UI can show a warning at that spot.
    """
    flags, edits = [], []
    shift = 0
    for match in spam_pattern().finditer(tt.text):
        raw = tt.raw_span(match.start(), match.end())
        at = match.start() - shift
        flags.append(Flag("spam", match.group(0), at, at, *raw))
        edits.append((match.start(), match.end(), ""))
        shift += match.end() - match.start()
    return tt.edit(edits), flags
