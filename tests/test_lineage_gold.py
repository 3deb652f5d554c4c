"""Lineage against the hand-judged gold (tests/lineage_gold.toml): seven
real cascades beyond the samples, scored on a store holding only their files.

The floors are the figures measured when the rules were settled (issue 13's
note has them and the ones before): the target of 0.9 / 0.9 is not reached
yet, and these tests keep what was won from sliding back. The held-out
part was not looked at while tuning; it must stay near the tuned part."""

from __future__ import annotations

import pytest

from corpus import Store, ingest_paths
from corpus.vocabulary import is_form
from indexer.lineage import clause_lineage, describe_evidence, link_documents
from tests.conftest import LAWREFBOOK
from tests.lineage_gold import CORPORA, gold_files, score

pytestmark = pytest.mark.skipif(not (CORPORA / "wild").is_dir() or not LAWREFBOOK.is_dir(),
                                reason="needs ../shared/corpora")


@pytest.fixture(scope="module")
def gold_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("gold")) as store:
        ingest_paths(gold_files(), store)
        link_documents(store)
        yield store


def test_gold_precision_and_recall(gold_store):
    tallies = score(gold_store)
    print("\n" + "\n".join(t.line(part) for part, t in tallies.items()))
    tuned, held_out = tallies["tuned"], tallies["held-out"]
    assert tuned.precision >= 0.85 and tuned.recall >= 0.75
    assert held_out.precision >= 0.85 and held_out.recall >= 0.75
    assert abs(held_out.precision - tuned.precision) <= 0.1


def test_parallel_penalty_articles_link_to_their_own_counterpart_only(gold_store):
    """河南 第二十五条–第二十八条 copy 献血法 第十八条、第十九条、第二十一条、第二十二条,
    whose shared 由县级以上…卫生行政部门…依法追究刑事责任 once linked each to all."""
    tallies = score(gold_store)
    wrong = [e for e in tallies["all"].errors if e[0].startswith("河南 实施献血法")]
    assert wrong == []


def test_a_reworded_article_is_found_by_words_and_says_so(gold_store):
    by_title = {d.meta.title: d.id for d in gold_store.documents()}
    henan = by_title["河南省实施《中华人民共和国献血法》办法"]
    article = next(c for c in gold_store.clauses(henan) if c.label == "第三条")
    parents = clause_lineage(gold_store, article.id)["parents"]
    by_label = {p["label"]: p for p in parents}
    assert set(by_label) == {"第二条", "第七条"}   # a merge: two parent articles, two parts
    words = by_label["第二条"]
    assert words["evidence"]["signal"] == "words"
    assert words["score"] < 0.5                     # lower, honest
    assert any("用词相近" in part for part in describe_evidence(words))
    assert "十八周岁" in words["evidence"]["words"]


@pytest.mark.parametrize("text, form", [
    ("填报单位（盖章）：__________ 联系人：          联系电话：", True),
    ("申报单位：                 年    月    日", True),
    ("序号 单位名称 项目名称 负责人 备注", False),
    ("各县（市、区）要明确联系人，于每月5日前报送工作进展。", False),
    ("责任单位：市商务局；完成时限：2024年12月底前", False),
])
def test_forms_are_told_from_tasks(text, form):
    assert is_form(text) is form
