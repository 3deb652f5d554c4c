"""The neutral query as a whoosh query (the general path).

Terms are whoosh Terms; filters are Terms of the ID/KEYWORD fields that add
nothing to the score (a filter narrows, it does not rank); phrases are
:class:`CharPhrase`, which applies ``query.phrase_pattern`` — the rule the
fast path applies — to the text of the documents holding every word.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.query import Phrase as WhooshPhrase

from ...query import And, Filter, Not, Or, Phrase, Query, Term, phrase_pattern


def to_whoosh(query: Query, text_of) -> wq.Query:
    """``text_of(searcher, docnum, fieldname)`` reads a field's text for
    phrase checks (the backend's cached column reader)."""
    if isinstance(query, Term):
        return wq.Term(query.field, query.text)
    if isinstance(query, Phrase):
        return CharPhrase(query.field, list(query.words), text_of=text_of)
    if isinstance(query, Filter):
        return wq.ConstantScoreQuery(wq.Term(query.field, query.value), 0.0)
    if isinstance(query, And):
        return wq.And([to_whoosh(q, text_of) for q in query.items])
    if isinstance(query, Or):
        return wq.Or([to_whoosh(q, text_of) for q in query.items])
    if isinstance(query, Not):
        return wq.Not(to_whoosh(query.item, text_of))
    raise TypeError(f"not a query node: {query!r}")


class CharPhrase(WhooshPhrase):
    """A phrase: the documents holding every word (an intersection, scored
    as whoosh scores one) whose text matches the phrase pattern."""

    def __init__(self, fieldname, words, text_of, boost=1.0):
        super().__init__(fieldname, words, boost=boost)
        self.text_of = text_of

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        reader = searcher.reader()
        field = searcher.schema[fieldname]
        if any((fieldname, field.to_bytes(w)) not in reader for w in self.words):
            return matching.NullMatcher()
        inner = wq.And([wq.Term(fieldname, w) for w in self.words]).matcher(searcher, context)
        pattern = phrase_pattern(self.words)
        m = _Checked(inner, lambda docnum: bool(
            pattern.search(self.text_of(searcher, docnum, fieldname))))
        return matching.WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class _Checked(matching.WrappingMatcher):
    """The documents of ``child`` that pass ``keep`` (its scores unchanged)."""

    def __init__(self, child, keep, boost=1.0):
        super().__init__(child, boost)
        self.keep = keep
        self._find_next()

    def _replacement(self, newchild):
        return self.__class__(newchild, self.keep, self.boost)

    def copy(self):
        return self.__class__(self.child.copy(), self.keep, self.boost)

    def _find_next(self):
        child = self.child
        while child.is_active() and not self.keep(child.id()):
            child.next()

    def next(self):
        self.child.next()
        self._find_next()

    def skip_to(self, target):
        self.child.skip_to(target)
        self._find_next()

    def reset(self):
        self.child.reset()
        self._find_next()

    def replace(self, minquality=0):
        return self   # the check must stay on every document

    def supports_block_quality(self):
        return False

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()
