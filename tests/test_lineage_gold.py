"""Lineage against the hand-judged gold (tests/lineage_gold.toml): eight
real cascades beyond the samples, scored on a store holding only their files.

The floors are the figures measured when the rules were settled (issue 13's
note has them and the ones before): the target of 0.9 / 0.9 is not reached
yet, and these tests keep what was won from sliding back. The held-out
part was not looked at while tuning; it must stay near the tuned part (its
fourth pair, 浙江 实施慈善法办法, was judged after the rules were settled and
brought its recall from 0.92 down to 0.79)."""

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
    assert tuned.precision >= 0.9 and tuned.recall >= 0.82
    assert held_out.precision >= 0.9 and held_out.recall >= 0.82
    assert abs(held_out.precision - tuned.precision) <= 0.05
    assert abs(held_out.recall - tuned.recall) <= 0.05


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


def test_a_child_carrying_most_of_its_parents_words_is_linked(gold_store):
    """浙江 第五十一条 restates 道路交通安全法 第六十一条 (行人应当…没有人行道的靠路边
    行走 → 没有人行道的，靠近道路边行走) amid four rules of its own: little of the
    child is the parent's (explained 0.11), most of the parent is in the child
    (``PairWeights.carried`` 0.67)."""
    by_title = {d.meta.title: d.id for d in gold_store.documents()}
    zhejiang = by_title["浙江省实施《中华人民共和国道路交通安全法》办法"]
    article = next(c for c in gold_store.clauses(zhejiang) if c.label == "第五十一条")
    parents = {p["label"]: p for p in clause_lineage(gold_store, article.id)["parents"]}
    assert set(parents) == {"第六十一条"}
    assert parents["第六十一条"]["evidence"]["signal"] == "words"


@pytest.mark.parametrize("child, parent, signal, shown", [
    # 慈善组织自登记之日起可以开展定向募捐: 18 characters, copied whole; the rest
    # of the article restates 第二十二条
    ("第十二条", "第二十八条", "sentence", "整句：「慈善组织自登记之日起可以开展定向募捐」"),
    # 应当按照慈善法第二十四条的规定制定募捐方案: named, in other words (0.17)
    ("第十三条", "第二十四条", "article", "引用：「慈善法第二十四条」"),
])
def test_a_merged_article_keeps_its_second_source(gold_store, child, parent, signal, shown):
    """浙江 实施慈善法办法 merges national articles; the competition keeps the
    parent explaining most of each child article, and the second source is
    found by a sentence copied whole (``sentences``) or by the article the
    child names (``articles``)."""
    by_title = {d.meta.title: d.id for d in gold_store.documents()}
    zhejiang = by_title["浙江省实施《中华人民共和国慈善法》办法"]
    article = next(c for c in gold_store.clauses(zhejiang) if c.label == child)
    parents = {p["label"]: p for p in clause_lineage(gold_store, article.id)["parents"]}
    assert len(parents) >= 2
    assert parents[parent]["evidence"]["signal"] == signal
    assert shown in describe_evidence(parents[parent])


@pytest.mark.parametrize("pair, child, parent", [
    # parking planning shares only 公安机关交通管理部门 with the hit-and-run article
    ("浙江 实施道路交通安全法办法", "第三章第三十四条", "第五章第七十一条"),
    # boat inspection shares only …渔业行政主管部门…应当加强对…监督 with catch quotas
    ("河南 实施渔业法办法", "第十三条", "第三章第二十二条"),
])
def test_an_aligned_tail_the_words_contradict_is_no_link(gold_store, pair, child, parent):
    """Short aligned runs into a clause far down the child's word ranking
    (``pairs._not_contradicted``) were wrong links before."""
    wrong = [e[1:] for e in score(gold_store)["all"].errors if e[0].startswith(pair)]
    assert (child, parent) not in wrong


@pytest.mark.parametrize("text, form", [
    ("填报单位（盖章）：__________ 联系人：          联系电话：", True),
    ("申报单位：                 年    月    日", True),
    ("序号 单位名称 项目名称 负责人 备注", False),
    ("各县（市、区）要明确联系人，于每月5日前报送工作进展。", False),
    ("责任单位：市商务局；完成时限：2024年12月底前", False),
])
def test_forms_are_told_from_tasks(text, form):
    assert is_form(text) is form
