"""The lineage engine: which parent clauses each local clause implements.

:func:`link_documents` brings the links in the store in line with its
documents, incrementally but as a function of the documents alone: a new or
changed document gets its fingerprints, and it and every document whose
links it could alter are linked afresh as children (one direction, one
candidate rule: :meth:`_Linker.allowed`), so one pass, two passes in any
order and a killed and resumed sync give the same links.

Document links come from explicit evidence (``corpus.catalog``: 转发/印发
wrappers, cited 文号 and titles, 以下简称 names), a parent issued on or before
its child. Clause links:

1. Candidates: clauses of the child's document parents, and of any document
   of a higher level issued by then, that share at least one winnowed
   fingerprint (``fingerprint``) with the child clause — looked up in the
   ``fingerprints`` table, never by comparing all pairs. Fingerprints found
   in more than ``COMMON_DOCUMENTS`` documents (boilerplate such as
   本条例自公布之日起施行) find no candidates.
2. Each candidate is aligned (``align``); runs made only of boilerplate
   fingerprints weigh ``COMMON_WEIGHT``.
3. score = the alignment's weighted matches minus gap costs, over the
   child's length or over the parent's, whichever is larger: the share of
   the child the parent accounts for, or the share of the parent the child
   carries (a provincial task merging four national clauses carries much
   of each, while each accounts for a quarter of it). A link needs
   ``MIN_MATCHED`` aligned characters and a score of ``CITED_MIN`` (parent
   document cited) or ``UNCITED_MIN`` (found by text alone: stronger
   evidence asked). Thresholds measured on the samples: see
   tests/test_lineage.py and CHANGES.md.

Heading-only clauses (三、主要任务) have no text to align: one links to a
heading-only clause of a cited parent with the same heading (method
``heading``).
"""

from __future__ import annotations

import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from corpus import Store
from corpus.catalog import Catalog, issued_by, one_rule
from corpus.divisions import governs
from corpus.models import Document, all_text
from corpus.vocabulary import LEVEL_RANK

from .articles import ArticleLinking
from .fingerprint import Reduced, reduce_text, winnow_hashes
from .garbage import fewer_collections
from .pairs import (  # noqa: F401 (thresholds, read by bench/lineage.py)
    CITED_MIN,
    COPIED_CLAUSES,
    MIN_MATCHED,
    UNCITED_MIN,
    PairLinking,
    align_texts,
    linkable,
    on_subject,
)

#: 4: competing candidates, words, copying without citation (issue 13);
#: 5: word candidates from all parent clauses, deciding words found on reading;
#: 6, 7: rules of the word signal; 8: parents by text in their own region only;
#: 9: words only in adopted parents, cited parents' candidates aligned first;
#: 10: a parent neither cited nor adopted only on the same subject;
#: 11: the articles of a cited parent a clause names (``articles``).
LINEAGE_VERSION = "11"
#: A fingerprint in more documents than this is boilerplate (本条例自公布之日起
#: 施行). A national clause that every province (31) and some of their cities
#: implement stays well under it; an absolute number, so the same text is
#: boilerplate or not whatever the size of the corpus.
COMMON_DOCUMENTS = 64
TOP_CANDIDATES = 8             # aligned per child clause (cited parents' first)
CANDIDATE_MARGIN = 0.5         # see _Linker.candidate
#: Clause texts kept in memory during a sync (a child's clauses and its
#: parents' are a few thousand): on the full lawrefbook, 60,000 held 59 MiB
#: more at peak than 20,000 for the same time; 10,000 saves 12 MiB more for
#: 3.6 s more.
CACHED_CLAUSES = 20_000
FINGERPRINT_BATCH = 200        # documents fingerprinted per transaction
LINK_BATCH = 50                # documents linked per transaction
CACHE_MIB = 64                 # SQLite page cache while linking

class _Row(NamedTuple):
    """What linking reads of a clause."""

    id: str
    doc_id: str
    seq: int
    heading: str
    text: str
    linkable: bool   # can implement or be implemented (``pairs.linkable``)


@dataclass(frozen=True)
class LinkReport:
    documents: int          # new or changed documents, fingerprinted and linked
    removed: int
    clause_links: int       # links in the store afterwards
    document_links: int
    relinked: int = 0       # unchanged documents whose links a change could alter
    fingerprint_seconds: float = 0.0   # fingerprinting the changed documents
    link_seconds: float = 0.0          # finding, aligning and storing their links


@fewer_collections()   # (``garbage``: a tenth of the time, nothing freed)
def link_documents(store: Store, progress=None) -> LinkReport:
    """Bring fingerprints and links in line with the store's documents.

    A document's links as a child are a function of the stored documents
    alone, whatever the order they came in: each sync relinks, from scratch,
    the changed documents and every other document whose links a change
    could alter (``lineage_dirty``: it cites a changed document, shares a
    rare fingerprint with one, or holds a fingerprint that became or ceased
    to be boilerplate). The dirty marks are written in the transaction that
    changes the fingerprints, so a killed sync resumes where it stopped."""
    lineage = store.lineage
    lineage.use_cache(CACHE_MIB)
    wanted, have, changed, removed = _behind(store)
    docs = {d.id: d for d in store.documents()}
    catalog = Catalog(list(docs.values()))
    bulk = len(changed) >= len(wanted)   # every document relinked: nothing to mark
    with store.transaction():   # document links: cheap, all of them, one transaction
        before = lineage.document_links()
        after = {(doc.id, parent, how, cited) for doc in docs.values()
                 for parent, how, cited in catalog.parent_links(doc)}
        lineage.replace_document_links(after)
        touched = set(removed) | set(changed)
        moved = before ^ {(child, parent) for child, parent, _, _ in after}
        if not bulk:   # a child whose cited parents changed, or that cites a changed one
            lineage.mark({child for child, parent in moved}
                         | {child for child, parent in before | moved if parent in touched})
    for doc_id in removed + changed:
        if doc_id in have:
            with store.transaction():
                if not bulk:
                    lineage.mark(lineage.sharing(have[doc_id][0], COMMON_DOCUMENTS))
                lineage.forget(doc_id, have[doc_id][0])
    # Every fingerprint first, so each child is linked against the final
    # store; in batches (one commit per document would rewrite the same
    # index pages).
    started = time.perf_counter()
    linker = _Linker(store, docs, catalog)
    for batch in _batches(changed, FINGERPRINT_BATCH):
        with store.transaction():
            for doc_id in batch:
                key = _add_fingerprints(store, docs[doc_id])
                if not bulk:   # its children, and holders of what it made boilerplate
                    lineage.mark({other for other in lineage.sharing(key, COMMON_DOCUMENTS)
                                  if other in docs and linker.allowed(other, doc_id)}
                                 | lineage.sharing(key, COMMON_DOCUMENTS, flipped=True))
    fingerprinted = time.perf_counter()
    linker.load_keys()   # the keys of the documents just fingerprinted
    order = sorted((set(changed) | lineage.marked()) & set(docs),
                   key=lambda d: (docs[d].meta.date or "", d))
    done = 0
    for batch in _batches(order, LINK_BATCH):
        with store.transaction():   # these documents' links and versions, or none of them
            for doc_id in batch:
                linker.link_child(doc_id)
                lineage.set_version(doc_id, wanted[doc_id])
                lineage.unmark(doc_id)
        done += len(batch)
        if progress:
            progress(done, len(order))
    with store.transaction():
        lineage.unmark()   # marks of documents since removed
    return LinkReport(
        documents=len(changed), removed=len(removed), relinked=len(set(order) - set(changed)),
        **lineage.counts(),
        fingerprint_seconds=round(fingerprinted - started, 1),
        link_seconds=round(time.perf_counter() - fingerprinted, 1))


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _add_fingerprints(store: Store, doc: Document) -> int:
    m = doc.meta
    prints = {(h, seq) for _, seq, heading, text in store.clause_texts(doc.id)
              for h in winnow_hashes(reduce_text(all_text(heading, text)).chars)}
    return store.lineage.add_document(doc.id, LEVEL_RANK.get(m.level or ""),
                                      m.first_date or m.date, m.date, prints)


class _Linker(PairLinking, ArticleLinking):
    """Computes clause links for one sync (documents and look-ups shared)."""

    def __init__(self, store: Store, docs: dict[str, Document], catalog: Catalog | None = None):
        self.store, self.lineage, self.docs = store, store.lineage, docs
        self.catalog = catalog or Catalog(list(docs.values()))
        self._articles: dict[str, dict[str, list[int]]] = {}   # ``articles``: seqs by label
        self.load_keys()
        self.cited = defaultdict(set)
        for child, parent in self.lineage.document_links():
            self.cited[child].add(parent)
        self._clauses: OrderedDict[str, dict[int, _Row]] = OrderedDict()
        self._cached = 0
        self._count_cache: dict[int, dict[int, int]] = {}
        self._reduced: dict[str, Reduced] = {}
        self._grams: OrderedDict = OrderedDict()
        self._pair_weights: tuple = (None, {})
        self._aligning: tuple = (None, {})

    def load_keys(self) -> None:
        """Each document's key in the fingerprint tables, and back."""
        self.keys = self.lineage.keys()
        self.doc_of_key = {k: d for d, k in self.keys.items()}

    def clauses(self, doc_id: str) -> dict[int, _Row]:
        """A document's clauses (id, heading, text), kept while the sync
        runs, up to CACHED_CLAUSES of them."""
        found = self._clauses.get(doc_id)
        if found is None:
            found = {seq: _Row(cid, doc_id, seq, heading, text, linkable(text))
                     for cid, seq, heading, text in self.store.clause_texts(doc_id)}
            self._cached += len(found)
            while self._cached > CACHED_CLAUSES and self._clauses:
                _, dropped = self._clauses.popitem(last=False)
                self._cached -= len(dropped)
                for row in dropped.values():
                    self._reduced.pop(row.id, None)
            self._clauses[doc_id] = found
        else:
            self._clauses.move_to_end(doc_id)
        return found

    def reduced(self, row: _Row) -> Reduced:
        found = self._reduced.get(row.id)
        if found is None:
            found = self._reduced[row.id] = reduce_text(all_text(row.heading, row.text))
        return found

    def allowed(self, child: str, parent: str) -> str | None:
        """How ``parent`` may be a parent of ``child``: 'cited', 'text', or
        None. By text, a parent must be issued before its child (dates
        known: an undated pair cannot say which copied which), govern the
        child's region when both are known (``divisions.governs``), not be
        another version of the child (``catalog.one_rule``), and, when both
        levels are known, be of a higher level (a sibling province is not a
        parent); an unknown level never rules a parent out."""
        if parent == child:
            return None
        if parent in self.cited[child]:
            return "cited"
        kid, p = self.docs[child], self.docs[parent]
        c = kid.meta
        if not (c.date and p.meta.date and issued_by(p, c.date)):
            return None
        if not governs(p.meta.level, p.meta.region_code, c.region_code):
            return None
        ranks = LEVEL_RANK.get(c.level or ""), LEVEL_RANK.get(p.meta.level or "")
        if None not in ranks:   # (two versions of one rule share a level)
            return "text" if ranks[1] < ranks[0] else None
        if one_rule(p, kid):
            return None
        first = p.meta.first_date or p.meta.date
        return "text" if first < c.date else None

    def shared(self, doc_id: str) -> list[tuple[str, int, int, int, float]]:
        """(other document, its seq, this document's seq, shared rare
        fingerprints, their share of the smaller clause's fingerprints) for
        clause pairs sharing two fingerprints (one with a cited document),
        the other document being one that may be this one's parent. The
        query only narrows the search; :meth:`allowed` decides."""
        m, key = self.docs[doc_id].meta, self.keys[doc_id]
        rank = LEVEL_RANK.get(m.level or "")
        cited = [self.keys[p] for p in sorted(self.cited[doc_id]) if p in self.keys]
        rows = self.lineage.shared_clauses(
            key, COMMON_DOCUMENTS, -1 if rank is None else rank, m.date or "", cited)
        own = self._counts(key)
        out = []
        for d, s, mine, n in rows:
            theirs = self._counts(d).get(s, 1)
            out.append((self.doc_of_key[d], s, mine, n, n / max(1, min(theirs, own.get(mine, 1)))))
        return out

    def _counts(self, key: int) -> dict[int, int]:
        found = self._count_cache.get(key)
        if found is None:
            if len(self._count_cache) > 4096:
                self._count_cache.clear()
            found = self._count_cache[key] = self.lineage.fingerprint_counts(key)
        return found

    def candidate(self, child: str, parent: str, n: int, share: float) -> bool:
        """Worth aligning? The shared fingerprints estimate the shared text:
        asked for at least half the link threshold (CANDIDATE_MARGIN)."""
        method = self.allowed(child, parent)
        if method == "cited":
            return share >= CANDIDATE_MARGIN * CITED_MIN
        return method == "text" and n >= 2 and share >= CANDIDATE_MARGIN * UNCITED_MIN

    def link_child(self, doc_id: str) -> None:
        """This document's clauses linked afresh to all their parents."""
        candidates = defaultdict(list)   # child seq → [(shared, parent doc, parent seq)]
        for other, seq, own, n, share in self.shared(doc_id):
            if self.candidate(doc_id, other, n, share):
                candidates[own].append((n, other, seq))
        rows, adopted = self._link(doc_id, candidates)
        rows += self.link_headings(doc_id, [p for p in sorted(self.cited[doc_id])
                                            if p in self.keys])
        rows = self.link_articles(doc_id, rows)
        self.lineage.replace_clause_links(doc_id, rows)
        self.lineage.replace_text_links(doc_id, sorted(adopted - self.cited[doc_id]))

    def _link(self, child_doc: str, candidates: dict, top: int | None = TOP_CANDIDATES
              ) -> tuple[list, set[str]]:
        """Clause links of ``child_doc``, and the parents it implements as a
        whole (``adopted``). Parent document by parent document, the
        fingerprint candidates (child seq → [(shared, parent doc, parent
        seq)], the ``top`` per clause) are aligned and compete
        (``compete``). A parent the child cites, or copies without citing,
        is *adopted* when at least COPIED_CLAUSES child clauses keep an
        aligned link into it; only then are the words asked too (the parent
        clauses most like each child clause, ``lexical``), and its
        candidates compete again. A parent cited in passing (根据《X法》,
        依照《X条例》处罚) is not implemented clause by clause: there, word
        links were measured wrong far more often than right (CHANGES.md).
        A parent neither cited nor adopted keeps its links only on the
        child's subject (``pairs.on_subject``); one that cannot be adopted
        (not ``_copying``) and is on another subject is not aligned at all."""
        cited = {p for p in self.cited[child_doc] if p in self.keys}
        by_parent: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for seq, found in candidates.items():
            ranked = sorted(found, key=lambda f: (f[1] in cited, f), reverse=True)
            for _, parent_doc, parent_seq in ranked[:top]:
                by_parent[parent_doc][seq].add(parent_seq)
        copying = self._copying(child_doc, candidates, cited)
        # every clause's: a sentence without candidates may be a formula (``pairs._formula``)
        common = self._common_hashes(child_doc, set(self.clauses(child_doc)))
        rows, adopted = [], set()
        for parent_doc in sorted(set(by_parent) | set(copying)):
            matter = "" if parent_doc in cited else self.matter(child_doc, parent_doc)
            if not (parent_doc in cited or parent_doc in copying or matter):
                continue   # not adoptable, not on the child's subject: no link kept
            pairs = by_parent[parent_doc]
            found = self._link_pair(child_doc, parent_doc, pairs, common, False) if pairs else []
            if parent_doc in cited:
                evidence = found
            elif parent_doc in copying:   # asked of its copy candidates, at the uncited bar
                evidence = self._link_pair(child_doc, parent_doc, copying[parent_doc], common, False)
            else:
                evidence = []
            if len({row[0] for row in evidence if row[7]["signal"] == "aligned"}) >= COPIED_CLAUSES:
                adopted.add(parent_doc)
                for seq, parent_seqs in self._word_candidates(child_doc, parent_doc).items():
                    pairs[seq] |= parent_seqs
                found = self._link_pair(child_doc, parent_doc, pairs, common, True)
            elif parent_doc not in cited:
                found = on_subject(found, matter)
            rows += found
        return rows, adopted

    def _copying(self, child_doc: str, candidates: dict, cited: set[str]) -> dict:
        """Uncited documents that may be copied here (``by text``): at least
        COPIED_CLAUSES child clauses share two fingerprints with them. Each
        with the candidate pairs (child seq → parent seqs) to align."""
        copied: dict[str, set[int]] = defaultdict(set)
        for seq, found in candidates.items():
            for n, parent_doc, _ in found:
                if parent_doc not in cited and n >= 2:
                    copied[parent_doc].add(seq)
        return {parent_doc: {seq: {p for _, d, p in candidates[seq] if d == parent_doc}
                             for seq in seqs}
                for parent_doc, seqs in sorted(copied.items())
                if len(seqs) >= COPIED_CLAUSES and self.allowed(child_doc, parent_doc) == "text"}

    def _common_hashes(self, doc_id: str, seqs: set[int]) -> dict[int, set[int]]:
        """For the clauses ``seqs``: their boilerplate fingerprints, if any."""
        common = defaultdict(set)
        for seq, h in self.lineage.common_hashes(self.keys[doc_id], COMMON_DOCUMENTS):
            if seq in seqs:
                common[seq].add(h)
        return common


def lineage_pending(store: Store) -> int:
    """Documents whose fingerprints or links are behind the store (new,
    changed, removed or marked to relink): what the next sync would do."""
    _, _, changed, removed = _behind(store)
    return len(set(changed) | set(removed) | store.lineage.marked())


def _behind(store: Store):
    """(wanted versions, stored (key, version) by doc id, new or changed
    doc ids, removed doc ids): the store's documents against the lineage
    tables."""
    wanted = {d: f"{v}:{LINEAGE_VERSION}" for d, v in store.document_versions().items()}
    have = store.lineage.versions()
    changed = [d for d, v in wanted.items() if have.get(d, (0, ""))[1] != v]
    return wanted, have, changed, [d for d in have if d not in wanted]
