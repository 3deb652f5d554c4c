"""The whoosh analyser: jieba words, their sub-words, exact offsets.

Precise-mode words take consecutive positions; the dictionary words inside a
word (市场监管总局 → 市场, 市场监管, 监管, 总局) sit at the same position with
their own exact character offsets, so that adding a word to the dictionary
does not lose recall of its parts. Query text is cut in precise mode only.
(jieba.analyse.ChineseAnalyzer is not used: its positions are character
offsets and its search-mode tokens overlap, so phrase queries never match,
and unpickling it imports jieba.analyse.)

The tokenizer keeps no jieba state, so the schema whoosh pickles into the
index stays small and cheap to open.
"""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, Token, Tokenizer

from corpus.lexicon import segment, subwords
from corpus.normalise import normalise_text


class JiebaTokenizer(Tokenizer):
    """Words of text already normalised (simplified, unified punctuation)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        if mode == "query":
            value = normalise_text(value)  # the same normal form as the documents
        pos = start_pos
        for word, start, end in segment(value):
            for text, first, last in [(word, start, end)] + (
                    [] if mode == "query" else
                    [(word[i:j], start + i, start + j) for i, j in subwords(word)]):
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar, token.endchar = start_char + first, start_char + last
                yield token
            pos += 1


def policy_analyzer():
    """The analyser of every text field, at index and at query time."""
    return JiebaTokenizer() | LowercaseFilter()
