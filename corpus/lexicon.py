"""Word knowledge for repairs that need it: jieba's dictionary.

A repair is made only when it is certain (DESIGN.md); "certain" for a
character lost in a mis-decoded run means that one candidate makes a word of
the dictionary with its neighbour at least ten times as common as the word
any other candidate makes.
"""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.FREQ


def is_word(text: str) -> bool:
    """True when ``text`` (simplified) is a word of jieba's dictionary."""
    return bool(_frequencies().get(text))


def word_frequency(text: str) -> int:
    """How often jieba's corpus saw ``text`` as a word (0 if never)."""
    return _frequencies().get(text) or 0
