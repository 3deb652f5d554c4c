"""Phrase queries that match on characters, not positions.

A quoted phrase is cut into words; a document matches where those words
(whole words or sub-words) follow each other in the text: each next word
starts where the last one ended, or, one position on, after nothing but
punctuation or spaces (双随机一公开 matches 双随机、一公开). Positions alone
cannot say this, since sub-words share their word's position.
"""

from __future__ import annotations

import re

from whoosh import matching
from whoosh.query import Phrase, QueryError, Term
from whoosh.query.spans import SpanNear2

_GAP = re.compile(r"[\W_]{1,3}")
TEXT_CACHE = 50_000   # texts kept per searcher for gap checks


class CharPhrase(Phrase):
    """``Phrase`` for fields indexed with exact character offsets."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("characters"):
            raise QueryError(f"phrase search: field {fieldname!r} has no character offsets")
        reader = searcher.reader()
        terms = []
        for word in self.words:
            if (fieldname, field.to_bytes(word)) not in reader:
                return matching.NullMatcher()
            terms.append(Term(fieldname, word))
        if len(terms) == 1:
            return terms[0].matcher(searcher, context)
        matchers = [t.matcher(searcher, context) for t in terms]
        m = CharPhraseMatcher(matchers, searcher, fieldname)
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class CharPhraseMatcher(SpanNear2.SpanNear2Matcher):
    def __init__(self, ms, searcher, fieldname):
        self.searcher = searcher
        self.fieldname = fieldname
        super().__init__(ms)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms], self.searcher, self.fieldname)

    def _text(self) -> str:
        """The field's text: ``all`` from its column (heading, a newline, the
        text, as the index built it), others from the stored fields; kept
        per searcher."""
        cache = self.searcher.__dict__.setdefault("_policykb_texts", {})
        key = (self.fieldname, self.id())
        text = cache.get(key)
        if text is None:
            if self.fieldname == "all":
                column = self.searcher.__dict__.get("_policykb_alltext")
                if column is None:
                    column = self.searcher.reader().column_reader("alltext")
                    self.searcher.__dict__["_policykb_alltext"] = column
                text = column[self.id()].decode("utf-8")
            else:
                text = self.searcher.stored_fields(self.id()).get(self.fieldname, "")
            if len(cache) >= TEXT_CACHE:
                cache.clear()
            cache[key] = text
        return text

    def _get_spans(self):
        aspans = self.ms[0].spans()
        text = None
        for matcher in self.ms[1:]:
            bspans = matcher.spans()
            joined = set()
            for a in aspans:
                for b in bspans:
                    if b.startchar == a.endchar:
                        joined.add(a.to(b))
                    elif b.start == a.end + 1 and 0 < b.startchar - a.endchar <= 3:
                        if text is None:
                            text = self._text()
                        if _GAP.fullmatch(text[a.endchar:b.startchar]):
                            joined.add(a.to(b))
            aspans = sorted(joined)
            if not aspans:
                return []
        return aspans
