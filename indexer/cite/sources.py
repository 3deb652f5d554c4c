"""Look-ups over the stored clauses for draft checking: candidates for a
quotation through the fingerprint tables, documents by 文号, and the
preferred source (highest level, earliest) when a text is in several."""

from __future__ import annotations

from corpus import Store
from corpus.catalog import Catalog
from corpus.models import Clause, Document
from corpus.vocabulary import LEVEL_RANK

from ..lineage import GUARANTEED_RUN, gram_hashes
from .styles import NO_DOC_NO, clause_place

MIN_QUOTE = 6
CANDIDATES = 20


class Sources:
    """Look-ups over the stored clauses through the fingerprint table."""

    def __init__(self, store: Store):
        self.store = store
        self.docs = {d.id: d for d in store.documents()}
        self.catalog = Catalog(list(self.docs.values()))
        self.doc_of_key = {k: d for d, k in store.lineage.keys().items()}
        self._clauses: dict[tuple[str, int], Clause] = {}

    def clause(self, doc_id: str, seq: int) -> Clause | None:
        key = (doc_id, seq)
        if key not in self._clauses:
            self._clauses[key] = self.store.clause_at(doc_id, seq)
        return self._clauses[key]

    def candidates(self, reduced: str, limit: int = CANDIDATES) -> list[Clause]:
        """Clauses sharing the most K-grams with ``reduced``."""
        ranked = self.store.lineage.clauses_sharing(set(gram_hashes(reduced)), limit)
        found = self._short(reduced) if not ranked else []
        for doc, seq, _ in ranked:
            doc_id = self.doc_of_key.get(doc)
            clause = self.clause(doc_id, seq) if doc_id else None
            if clause is not None:
                found.append(clause)
        return found

    def _short(self, reduced: str) -> list[Clause]:
        """A quotation too short to be sure of sharing a fingerprint
        (under GUARANTEED_RUN characters): clauses holding its first or
        last six characters, found by a scan of the clause table."""
        if len(reduced) >= GUARANTEED_RUN or len(reduced) < MIN_QUOTE:
            return []
        found = {}
        for piece in {reduced[:6], reduced[-6:]}:
            for clause_id in self.store.clauses_containing(piece, CANDIDATES):
                found.setdefault(clause_id, self.store.clause(clause_id))
        return list(found.values())

    def by_no(self, doc_no: str) -> tuple[Document | None, str]:
        """The document a 文号 names, and the 文号 as matched: a word run
        into the issuer code (及晋市监发〔2023〕216号) is dropped."""
        for i in range(len(doc_no)):
            if doc_no[i] == "〔":
                break
            found = self.catalog.by_no.get(doc_no[i:])
            if found:
                return found, doc_no[i:]
        return None, doc_no

    def preference(self, clause: Clause) -> tuple:
        """Highest level first, then earliest, then id: the original source."""
        m = self.docs[clause.doc_id].meta
        return (LEVEL_RANK.get(m.level or "", 9), m.first_date or m.date or "9999", clause.id)

    def citation(self, clause: Clause) -> str:
        doc = self.docs[clause.doc_id]
        no = doc.meta.doc_no or NO_DOC_NO
        return f"《{doc.meta.title}》（{no}）{clause_place(clause)}"

    def source(self, clause: Clause) -> dict:
        doc = self.docs[clause.doc_id]
        return {"clause_id": clause.id, "doc_id": doc.id, "title": doc.meta.title,
                "doc_no": doc.meta.doc_no, "level": doc.meta.level, "date": doc.meta.date,
                "place": clause_place(clause), "citation": self.citation(clause)}


def clause_text(clause: Clause) -> str:
    """A clause's text as a quotation is matched against: its heading and
    a newline before its text when it has a heading."""
    return f"{clause.heading}\n{clause.text}" if clause.heading else clause.text
