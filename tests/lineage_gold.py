"""The hand-judged lineage gold (``lineage_gold.toml``) and its scoring.

Used by tests/test_lineage_gold.py and bench/lineage.py: ingest the gold's
files into a store, link it, and :func:`score` the clause links found between
each judged pair of documents against the judgments (strong links must be
found; weak ones are neither rewarded nor counted wrong; any other link
between the two documents is wrong)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpus import Store

GOLD = Path(__file__).with_name("lineage_gold.toml")
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def load_gold() -> list[dict]:
    return tomllib.loads(GOLD.read_text(encoding="utf-8"))["pair"]


def gold_files() -> list[Path]:
    """Every file a judged pair names (child and parent), once each."""
    files = {}
    for pair in load_gold():
        for key in ("child", "parent"):
            files[pair[key]] = CORPORA / pair[key]
    return sorted(files.values())


@dataclass
class Tally:
    found: int = 0       # strong links found
    strong: int = 0      # strong links judged
    wrong: int = 0       # links between a judged pair that are neither strong nor weak
    predicted: int = 0   # links between judged pairs, weak ones left out
    misses: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.strong if self.strong else 1.0

    @property
    def precision(self) -> float:
        return (self.predicted - self.wrong) / self.predicted if self.predicted else 1.0

    def line(self, label: str) -> str:
        return (f"{label:<9} recall {self.recall:.2f} ({self.found}/{self.strong})  "
                f"precision {self.precision:.2f} ({self.predicted - self.wrong}/{self.predicted})")


def _names(store: Store, doc_id: str) -> dict[str, str]:
    """Clause id by full path ("第二章第八条") and by last path element when
    that is unique in the document."""
    full, last = {}, {}
    for clause in store.clauses(doc_id):
        full["".join(clause.path)] = clause.id
        last.setdefault(clause.path[-1], []).append(clause.id)
    return {**{k: v[0] for k, v in last.items() if len(v) == 1}, **full}


def _by_file(store: Store) -> dict[str, str]:
    """Document id by its file's name: lawrefbook keeps some laws twice, in
    two folders (职业病防治法 in 社会法 and 经济法), and the store keeps the
    one file's content once, under the path it met first."""
    return {Path(d.source).name: d.id for d in store.documents()}


def score(store: Store, extra=None) -> dict[str, Tally]:
    """Tallies by part ("tuned", "held-out") and over all pairs ("all");
    ``extra(child doc, parent doc)``: links to count as found besides the
    stored ones (:func:`word_ceiling`)."""
    by_file = _by_file(store)
    tallies = {"tuned": Tally(), "held-out": Tally(), "all": Tally()}
    for pair in load_gold():
        child_doc = by_file[Path(pair["child"]).name]
        parent_doc = by_file[Path(pair["parent"]).name]
        child_names, parent_names = _names(store, child_doc), _names(store, parent_doc)
        label = {v: k for k, v in child_names.items()} | {v: k for k, v in parent_names.items()}
        strong, weak = ({(child_names[c], parent_names[p]) for c, p in pair.get(key, [])}
                        for key in ("strong", "weak"))
        headings = {c.id for c in store.clauses(child_doc) if not c.text.strip()}
        found = {(c, p) for c, p, _ in store.lineage.links_between(child_doc, parent_doc)
                 if c not in headings}   # heading-only clauses are not judged
        if extra is not None:
            found |= {(c, p) for c, p in extra(child_doc, parent_doc) if c not in headings}
        for tally in (tallies[pair["part"]], tallies["all"]):
            tally.strong += len(strong)
            tally.found += len(strong & found)
            judged = found - weak
            tally.predicted += len(judged)
            tally.wrong += len(judged - strong)
            tally.misses += [(pair["name"], label[c], label[p]) for c, p in sorted(strong - found)]
            tally.errors += [(pair["name"], label[c], label[p])
                             for c, p in sorted(judged - strong)]
    return tallies


def word_ceiling(store: Store, floor: float) -> dict[str, Tally]:
    """What the word signal alone could reach: the gold scored with, beside
    the stored links, a link from every child clause to its most similar
    parent clause by words (``lexical.PairWeights``, the linker's own
    weights) when that similarity is at least ``floor``. Near floor 0, the
    recall no rule linking a clause to the parent clause most like it by
    words can pass."""
    from indexer.lineage.link import _Linker

    linker = _Linker(store, {d.id: d for d in store.documents()})

    def most_similar(child_doc: str, parent_doc: str) -> set[tuple[str, str]]:
        child, parent = linker.clauses(child_doc), linker.clauses(parent_doc)
        best = linker.weights(child_doc, parent_doc).most_similar(1, floor)
        return {(child[seq].id, parent[p].id) for seq, found in best.items() for p in found}
    return score(store, most_similar)


AUDIT = Path(__file__).with_name("lineage_audit.toml")


def audit(store: Store) -> dict[str, dict[str, int]]:
    """Of the randomly drawn, hand-judged links (``lineage_audit.toml``),
    those the store still holds, counted by sample and judgment; a link
    whose documents are not in the store is not counted."""
    by_file = _by_file(store)
    names: dict[str, dict[str, str]] = {}
    links: dict[tuple[str, str], set] = {}
    kept: dict[str, dict[str, int]] = {}
    for link in tomllib.loads(AUDIT.read_text(encoding="utf-8"))["link"]:
        docs = by_file.get(Path(link["child"]).name), by_file.get(Path(link["parent"]).name)
        if None in docs:
            continue
        for doc in docs:
            names.setdefault(doc, _names(store, doc))
        if docs not in links:
            links[docs] = {(c, p) for c, p, _ in store.lineage.links_between(*docs)}
        child, parent = names[docs[0]][link["child_clause"]], names[docs[1]][link["parent_clause"]]
        tally = kept.setdefault(link["sample"], {"strong": 0, "weak": 0, "wrong": 0, "dropped": 0})
        tally[link["judged"] if (child, parent) in links[docs] else "dropped"] += 1
    return kept
