"""Word segmentation with jieba and PolicyKB's own dictionary of policy terms.

Index and query text go through the same :func:`segment`, with the same
dictionary (indexer/data/policy_terms.txt, in jieba's user-dictionary format:
word, frequency, part of speech). Its version is recorded in the index, so a
changed dictionary asks for a rebuild instead of silently missing matches.
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
    return resources.files("indexer").joinpath(_TERMS).read_text(encoding="utf-8")


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
