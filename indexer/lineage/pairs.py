"""Scoring the candidates one parent document offers a child document.

:class:`PairLinking` is the part of the linker (``link._Linker``) that turns
candidate clause pairs of a (child document, parent document) pair into
links: each pair aligned (``align``) and compared by words (``lexical``),
the documents' order taken as a prior (``compete.monotone_chain``), and the
candidates of each child clause competing (``compete.keep``); a parent
neither cited nor adopted kept only on the child's subject (``subject``);
heading-only clauses matched by their heading. Thresholds
measured on the hand-judged gold (tests/lineage_gold.toml) and the samples;
see CHANGES.md.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import accumulate

from corpus.vocabulary import is_form

from .align import align_texts, seed_index
from .compete import Candidate, keep, monotone_chain, near_order
from .fingerprint import K, fingerprint_text, reduce_text
from .lexical import PairWeights, document_grams, gram_text
from .sentences import copied_sentences
from .subject import shared_subject

MIN_MATCHED = 20   # aligned characters a link needs (as a copied passage in check)
CITED_MIN = 0.2
UNCITED_MIN = 0.5
#: The word signal (``lexical.similarity``), asked only inside the parents a
#: document adopts (``link._Linker._link``): the lowest similarity that links,
#: and the parent clauses each child clause is compared with in full.
WORDS_MIN = 0.3
WORD_CANDIDATES = 3
#: An aligned link against the documents' order (off their monotone chain,
#: ``compete.monotone_chain``) needs this score: a penalty article copying
#: another's 依法追究刑事责任 tail is not its source. Two signals agreeing
#: stand in for the order: an aligned link off the chain passes too when its
#: parent clause is the child's most similar by words, WORDS_MARGIN ahead of
#: the next (河南 实施献血法办法 第十五条 ← 第六条: aligned 0.44, words 0.29 against
#: 0.06). Aligned links the words contradict are dropped before the chain is
#: drawn (``_not_contradicted``).
OFF_ORDER_MIN = 0.45
#: Below WORDS_MIN, a word-only link needs the order prior (its pair on the
#: documents' monotone chain), at least WORDS_FLOOR, and a lead of
#: WORDS_MARGIN over the clause's next candidate by words.
WORDS_FLOOR = 0.12
WORDS_MARGIN = 1.3
#: Or, off the chain, a word-only link at least NEAR_ORDER_MIN whose parent
#: is within ORDER_REACH clauses of a chain neighbour's (``compete.near_order``:
#: an article moved with its group). Measured: +2 tuned and +1 held-out
#: strong links, no wrong one added; at WORDS_FLOOR it added 4 wrong links.
NEAR_ORDER_MIN = 0.2
ORDER_REACH = 3
#: Or a word-only link whose parent clause is the child's most similar and
#: whose child carries at least CARRIED_MIN of the parent clause's weight
#: (``lexical.PairWeights.carried``): the words' counterpart of an aligned
#: link's parent share, for a child that restates its parent's whole rule
#: amid text of its own.
CARRIED_MIN = 0.5
#: Child clauses with an aligned link into a parent that make the child
#: implement it as a whole (adopt it): an uncited parent becomes one ``by
#: text`` (the issue's provincial plan copying ten national clauses), and a
#: cited one is read by words too. A law cited in passing (依照《X法》处罚)
#: has none or one; word links there were mostly wrong (CHANGES.md).
COPIED_CLAUSES = 3
COMMON_WEIGHT = 0.2
MAX_PARENTS = 6                # links kept per child clause, best first
CACHED_GRAM_DOCUMENTS = 256    # documents whose clause bigrams are kept (least recent out)


class PairLinking:
    """Scoring and competition, mixed into the linker (which provides
    ``docs``, ``clauses``, ``reduced`` and the ``_grams``/``_pair_weights``/
    ``_aligning`` caches)."""

    def _word_candidates(self, child_doc: str, parent_doc: str) -> dict[int, set[int]]:
        """For each child clause, the WORD_CANDIDATES parent clauses most
        like it by bigram similarity."""
        return self.weights(child_doc, parent_doc).most_similar(WORD_CANDIDATES, WORDS_FLOOR)

    def _link_pair(self, child_doc: str, parent_doc: str, pairs: dict[int, set[int]],
                   common: dict, adopted: bool) -> list:
        """The candidates of one parent document, scored and competing."""
        method = self.allowed(child_doc, parent_doc) or "cited"
        threshold = CITED_MIN if adopted or method == "cited" else UNCITED_MIN
        child_clauses, parent_clauses = self.clauses(child_doc), self.clauses(parent_doc)
        # The words of an adopted parent are read for every clause; another
        # parent's only when one of its few candidates aligns (most do not,
        # and its bigrams would be counted for nothing).
        weights = self.weights(child_doc, parent_doc) if adopted else None
        found = []
        for seq, parent_seqs in pairs.items():
            child = child_clauses.get(seq)
            if child is None or not child.linkable:   # a form or a heading
                continue
            reduced = self.reduced(child)
            seeds, weigh, aligned = self.aligning(child_doc, seq, reduced, common)
            for parent_seq in sorted(parent_seqs):
                parent = parent_clauses.get(parent_seq)
                if parent is None or not parent.linkable:
                    continue
                alignment = aligned.get(parent.id)
                if alignment is None:
                    alignment = aligned[parent.id] = align_texts(reduced, self.reduced(parent),
                                                                 weigh, seeds)
                shares = [min(1.0, max(0.0, alignment.score) / max(1, len(r.chars)))
                          for r in (reduced, self.reduced(parent))]
                if alignment.matched >= MIN_MATCHED and max(shares) >= threshold:
                    signal, score, words = "aligned", max(shares), {}
                elif adopted and (score := weights.similarity(seq, parent_seq)) >= WORDS_FLOOR:
                    signal, words = "words", {"similarity": round(score, 3)}
                else:
                    continue   # (most candidates: no evidence made for them)
                evidence = {"child_share": round(shares[0], 3), "parent_share": round(shares[1], 3),
                            "blocks": [[b.child_start, b.child_end, b.parent_start,
                                        b.parent_end, b.weight] for b in alignment.blocks],
                            **words}
                found.append((seq, parent_seq, parent.id, round(score, 3), signal, evidence))
        if not found:
            return []
        if weights is None:
            weights = self.weights(child_doc, parent_doc, pairs)
        found = [Candidate(seq, parent_seq, parent_id, score, signal,
                           weights.shared(seq, parent_seq), weights.explained(seq, parent_seq),
                           evidence)
                 for seq, parent_seq, parent_id, score, signal, evidence in found]
        found = _not_contradicted(_plausible(found), weights)
        chain = monotone_chain(found)
        ordered = near_order(found, chain, ORDER_REACH)
        anchored = {cs for cs, _ in chain}   # a merge: one parent on the chain, more beside
        found = [c for c in found if (c.child_seq, c.parent_seq) in chain or c.score >= (
            (CITED_MIN if c.child_seq in anchored else OFF_ORDER_MIN) if c.signal == "aligned"
            else WORDS_MIN) or (c.signal == "words" and c.score >= NEAR_ORDER_MIN
                                and (c.child_seq, c.parent_seq) in ordered)
            or (c.signal == "aligned" and weights.leads(c.child_seq, c.parent_seq, WORDS_MARGIN))
            or (c.signal == "words" and weights.rank(c.child_seq, c.parent_seq) == 0
                and weights.carried(c.child_seq, c.parent_seq) >= CARRIED_MIN)]
        by_child: dict[int, list[Candidate]] = defaultdict(list)
        for candidate in found:
            by_child[candidate.child_seq].append(candidate)
        rows = []
        for seq, group in sorted(by_child.items()):
            child = child_clauses[seq]
            for candidate, decided in keep(group, weights, chain)[:MAX_PARENTS]:
                evidence = {**candidate.evidence, "signal": candidate.signal,
                            "explains": round(candidate.explains, 3),
                            "in_order": (seq, candidate.parent_seq) in chain,
                            "grams": [gram_text(code) for code in decided]}
                rows.append((child.id, candidate.parent_id, child_doc, parent_doc,
                             candidate.score, len(candidate.shared), method, evidence))
        if adopted:
            rows += self._sentence_rows(child_doc, parent_doc, weights, rows, method, common)
        return rows

    def _sentence_rows(self, child_doc: str, parent_doc: str, weights: PairWeights,
                       rows: list, method: str, common: dict) -> list:
        """Links of child sentences copied whole from a parent clause
        (``sentences``) that the candidates kept did not make. A sentence
        whose every fingerprint is boilerplate (构成犯罪的，依法追究刑事责任;
        ``common``, as for aligned runs) is a formula, not a source: on the
        whole lawrefbook, such sentences were most of the links drawn."""
        child_clauses, parent_clauses = self.clauses(child_doc), self.clauses(parent_doc)
        have = {(row[0], row[1]) for row in rows}
        parents = defaultdict(int)
        for row in rows:
            parents[row[0]] += 1
        texts = {seq: row.text for seq, row in child_clauses.items()
                 if row.linkable and seq in weights.child}
        reduced = {seq: self.reduced(child_clauses[seq]).chars for seq in texts}
        out = []
        for found in copied_sentences(texts, reduced, weights):
            child, parent = child_clauses[found.child_seq], parent_clauses.get(found.parent_seq)
            if (parent is None or not parent.linkable or (child.id, parent.id) in have
                    or parents[child.id] >= MAX_PARENTS
                    or _formula(reduced[found.child_seq], found.chars,
                                common.get(found.child_seq))):
                continue
            have.add((child.id, parent.id))
            parents[child.id] += 1
            # scored as an aligned copy is: the share of the shorter clause it is
            copied = len(found.chars)
            score = found.held * copied / min(len(reduced[found.child_seq]),
                                              len(self.reduced(parent).chars))
            out.append((child.id, parent.id, child_doc, parent_doc, round(min(1.0, score), 3),
                        copied, method, {"signal": "sentence", "sentence": found.sentence,
                                         "held": round(found.held, 3)}))
        return out

    def matter(self, child_doc: str, parent_doc: str) -> str:
        """What the two documents both regulate, if anything
        (``subject.shared_subject``)."""
        return shared_subject(self.docs[child_doc].meta, self.docs[parent_doc].meta)

    def link_headings(self, child_doc: str, parents: list[str]) -> list:
        """Heading-only clauses to same-heading heading-only clauses of
        cited parents (no text to align; the outline is the evidence)."""
        rows = []
        for parent_doc in parents:
            by_heading = {}
            for clause in self.clauses(parent_doc).values():
                if not clause.text.strip() and clause.heading:
                    by_heading.setdefault(reduce_text(clause.heading).chars, clause)
            for clause in self.clauses(child_doc).values():
                match = (by_heading.get(reduce_text(clause.heading).chars)
                         if not clause.text.strip() and clause.heading else None)
                if match is not None:
                    rows.append((clause.id, match.id, child_doc, parent_doc, 1.0,
                                 len(reduce_text(clause.heading).chars), "heading",
                                 {"child_share": 1.0, "parent_share": 1.0,
                                  "blocks": [[0, len(clause.heading), 0,
                                              len(match.heading), 1.0]]}))
        return rows

    def grams_of(self, doc_id: str):
        """Each clause's bigrams (``lexical.DocumentGrams``), for the
        clauses that are :func:`linkable`."""
        found = self._grams.get(doc_id)
        if found is not None:
            self._grams.move_to_end(doc_id)
        else:
            while len(self._grams) >= CACHED_GRAM_DOCUMENTS:
                self._grams.popitem(last=False)
            found = self._grams[doc_id] = document_grams({
                seq: self.reduced(row).chars for seq, row in self.clauses(doc_id).items()
                if row.linkable})
        return found

    def aligning(self, child_doc: str, seq: int, reduced, common: dict) -> tuple:
        """What aligning a child clause needs whatever the parent: its seed
        index (``align.seed_index``) and run weigher (``common``: the
        child document's boilerplate fingerprints by seq), made once while
        its document is linked, as a clause is aligned against candidates
        of several parent documents; and its alignments so far (parent
        clause id → ``align.Alignment``), as an adopted parent's candidates
        are aligned again with its word candidates."""
        doc, made = self._aligning
        if doc != child_doc:
            made = {}
            self._aligning = (child_doc, made)
        found = made.get(seq)
        if found is None:
            found = made[seq] = (seed_index(reduced.chars), _weigher(reduced.chars, common.get(seq)),
                                 {})
        return found

    def weights(self, child_doc: str, parent_doc: str, pairs: dict | None = None) -> PairWeights:
        """The bigram weights of a document pair over all their clauses,
        kept while the same child is linked (adoption, word candidates and
        links each ask for them); or over the clauses of ``pairs`` alone
        (child seq → parent seqs), made afresh."""
        child, made = self._pair_weights
        if child != child_doc:
            made = {}
            self._pair_weights = (child_doc, made)
        found = made.get(parent_doc)
        if found is None and pairs is not None:
            return PairWeights(self.grams_of(child_doc), self.grams_of(parent_doc),
                               pairs, set().union(*pairs.values()))
        if found is None:
            found = made[parent_doc] = PairWeights(self.grams_of(child_doc),
                                                   self.grams_of(parent_doc))
        return found


def on_subject(rows: list, matter: str) -> list:
    """The links into a parent the child neither cites nor adopts, when the
    two documents regulate the same ``matter`` (a city's 旅游业管理条例
    restating its province's 旅游条例 on 旅游), with the matter as evidence;
    none otherwise (the 复议/诉讼 article, a 从其规定 tail shared by unrelated
    regulations: see ``subject``)."""
    for row in rows:
        row[7]["subject"] = matter
    return rows if matter else []


def linkable(text: str) -> bool:
    """Whether a clause (its text) can implement or be implemented: not a
    heading alone, not a form (``vocabulary.is_form``)."""
    return bool(text.strip()) and not is_form(text)


def _plausible(found: list[Candidate]) -> list[Candidate]:
    """Aligned candidates, and of a child clause's word-only candidates the
    one clearly ahead (WORDS_MARGIN times the next): a restated clause has
    one source; a clause near several parents by words alone has none."""
    words: dict[int, list[Candidate]] = defaultdict(list)
    for c in found:
        if c.signal == "words":
            words[c.child_seq].append(c)
    out = [c for c in found if c.signal == "aligned"]
    for group in words.values():
        group.sort(key=lambda c: -c.score)
        if len(group) == 1 or group[0].score >= WORDS_MARGIN * group[1].score:
            out.append(group[0])
    return out


def _not_contradicted(found: list[Candidate], weights: PairWeights) -> list[Candidate]:
    """Candidates the word signal does not contradict: an aligned one below
    OFF_ORDER_MIN must be among the WORD_CANDIDATES parent clauses most like
    the child by words, the child's other aligned candidates not counted (a
    merge of four parents, 山西 236号 二、（二）, ranks its fourth part fourth).
    A short shared tail (依法追究刑事责任, 由…责令改正) aligns with any penalty
    article; the article the child restates is found by its words."""
    aligned: dict[int, set[int]] = defaultdict(set)
    for c in found:
        if c.signal == "aligned":
            aligned[c.child_seq].add(c.parent_seq)
    return [c for c in found if c.signal == "words" or c.score >= OFF_ORDER_MIN
            or weights.rank(c.child_seq, c.parent_seq, aligned[c.child_seq]) < WORD_CANDIDATES]


def _formula(chars: str, sentence: str, common: set[int] | None) -> bool:
    """Is every fingerprint of the sentence (reduced) in the reduced clause
    ``chars`` boilerplate?"""
    start = chars.find(sentence)
    weigh = _weigher(chars, common)
    return start >= 0 and weigh is not None and weigh(start, start + len(sentence)) == COMMON_WEIGHT


def _weigher(chars: str, common: set[int] | None):
    """Run weight: COMMON_WEIGHT when every fingerprint inside the run
    [start, end) of the reduced child is boilerplate, else 1. Fingerprint
    positions are found on the first call (many candidates align no run);
    then a run costs two bisections, the fingerprints that are not
    boilerplate counted by prefix (a child clause is weighed for the runs
    of every candidate it aligns with: on the whole lawrefbook, a million
    runs)."""
    if not common:
        return None
    found: list = []

    def weight(start: int, end: int) -> float:
        if not found:
            prints = fingerprint_text(chars)
            found.append(([at for _, at in prints],   # positions, in text order
                          list(accumulate((h not in common for h, _ in prints), initial=0))))
        positions, plain = found[0]   # plain[i]: fingerprints before i that are not boilerplate
        first, last = bisect_left(positions, start), bisect_right(positions, end - K)
        return COMMON_WEIGHT if last > first and plain[last] == plain[first] else 1.0
    return weight
