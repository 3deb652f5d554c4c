"""Word knowledge: one jieba dictionary per process, with PolicyKB's terms.

jieba's dictionary plus the policy terms of ``corpus/data/policy_terms.txt``
(jieba's user-dictionary format: word, frequency, part of speech) are loaded
once, into one ``jieba.Tokenizer``, and serve both the repairs of the
pipeline and the segmentation of index and queries (indexer.search), so that
the two never disagree on what a word is. The dictionary's version is
recorded in the index: a changed dictionary asks for a rebuild instead of
silently missing matches.

A repair is made only when it is certain (DESIGN.md); "certain" for a
character lost in a mis-decoded run means that one candidate makes a word of
the dictionary with its neighbour at least ten times as common as the word
any other candidate makes.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import lru_cache
from importlib import resources

_TERMS = "data/policy_terms.txt"
_WORD = re.compile(r"[\w\u3400-\u9fff]")
_lock = threading.Lock()


def _terms_text() -> str:
    return resources.files("corpus").joinpath(_TERMS).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def dictionary_version() -> str:
    """A short hash of the policy-term dictionary (and of jieba's version)."""
    import jieba

    return hashlib.sha1((_terms_text() + jieba.__version__).encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for line in _terms_text().splitlines():
            parts = line.split()
            if parts and not line.startswith("#"):
                tokenizer.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None,
                                   parts[2] if len(parts) > 2 else None)
    return tokenizer


def segment(text: str) -> list[tuple[str, int, int]]:
    """Precise-mode words of ``text`` with their offsets, punctuation and
    spaces left out."""
    return [(word, start, end) for word, start, end in _tokenizer().tokenize(text)
            if _WORD.search(word)]


@lru_cache(maxsize=200_000)
def subwords(word: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the dictionary words inside ``word`` (two characters or
    more, shorter than the word): 市场监管总局 → 市场, 市场监管, 监管, 总局."""
    if len(word) < 3:
        return ()
    dag = _tokenizer().get_DAG(word)
    return tuple((i, j + 1) for i, ends in sorted(dag.items()) for j in ends
                 if 2 <= j + 1 - i < len(word))


def is_word(text: str) -> bool:
    """True when ``text`` (simplified) is a word of the dictionary."""
    return bool(_tokenizer().FREQ.get(text))


def word_frequency(text: str) -> int:
    """How often jieba's corpus saw ``text`` as a word (0 if never; a policy
    term counts its own frequency)."""
    return _tokenizer().FREQ.get(text) or 0
