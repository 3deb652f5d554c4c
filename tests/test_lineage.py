"""Lineage over the bundled samples: document parents, clause links with
their evidence, coverage gaps, diffs, incremental linking, an interrupted
sync; and the 实施《X》办法 rule over lawrefbook."""

from __future__ import annotations

import gc
import json
import re
import shutil

import pytest

from corpus import Store, ingest_paths
from corpus.catalog import Catalog, title_key
from corpus.models import all_text
from indexer.errors import NotFound
from indexer.lineage import (
    clause_lineage,
    diff_clauses,
    document_coverage,
    link_documents,
    reduce_text,
    render_diff,
)
from indexer.lineage import link as lineage_module
from indexer.lineage.garbage import LINKING_THRESHOLD, fewer_collections
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK, SAMPLES, clause_ids, sample

YUNCHENG = "运城市创建全国网络市场监管与服务示范区工作方案"
YONGJI = "永政办发〔2023〕12号"
SHANXI_236 = "晋市监发〔2024〕236号"
SHANXI_216 = "晋市监发〔2023〕216号"
NATIONAL = "国市监网监发〔2024〕96号"


@pytest.fixture(scope="module")
def ids(store):
    return clause_ids(store)


def top_parent(store, clause_id):
    parents = clause_lineage(store, clause_id)["parents"]
    return parents[0]["clause_id"] if parents else None


def test_document_parents_from_explicit_citations(store, ids):
    links = {(c, p): (how, cited) for c, p, how, cited
             in store.db.execute("SELECT child, parent, method, cited_as FROM document_links")}
    assert set(links) == {(ids[SHANXI_236], ids[NATIONAL]), (ids[YONGJI], ids[YUNCHENG]),
                          (ids["晋市市监办发〔2023〕63号"], ids[SHANXI_216])}
    assert links[(ids[SHANXI_236], ids[NATIONAL])][0] == "doc_no"
    assert links[(ids[YONGJI], ids[YUNCHENG])][0] == "title"
    assert links[(ids["晋市市监办发〔2023〕63号"], ids[SHANXI_216])][0] == "forwards"


@pytest.mark.parametrize("child, parent", [
    *[(f"三、（{'一二三'[0 if n <= 6 else 1 if n <= 12 else 2]}）{n}.",
       f"三、（{'一二三'[0 if n <= 6 else 1 if n <= 12 else 2]}）{n}.") for n in range(1, 18)],
    ("三、（四）19.", "三、（四）20."), ("三、（四）20.", "三、（四）21."),
    ("三、（四）21.", "三、（四）22."),
    *[(f"二、（{x}）", f"二、（{x}）") for x in "一二三四"],
    ("四、（一）", "四、（一）"), ("四、（二）", "四、（二）"), ("四、（三）", "四、（四）"),
])
def test_yongji_tasks_have_their_yuncheng_counterparts_as_top_parent(store, ids, child,
                                                                      parent):
    assert top_parent(store, ids[f"{YONGJI} {child}"]) == ids[f"{YUNCHENG} {parent}"]


def test_yongji_task_18_moved_to_yuncheng_19(store, ids):
    # 运城 18 完善配套支撑 has no 永济 counterpart: 永济 18 is 运城 19 推进放心消费.
    assert top_parent(store, ids[f"{YONGJI} 三、（三）18."]) == \
        ids[f"{YUNCHENG} 三、（三）19."]


def test_a_provincial_task_merges_four_national_clauses(store, ids):
    result = clause_lineage(store, ids[f"{SHANXI_236} 二、（二）"])
    parents = {p["clause_id"] for p in result["parents"]}
    assert {ids[f"{NATIONAL} {x}"] for x in
            ("三、（六）", "四、（十）", "五、（十二）", "五、（十三）")} <= parents
    assert top_parent(store, ids[f"{SHANXI_236} 四、（三）"]) == ids[f"{NATIONAL} 六、（十七）"]


def test_nothing_links_to_a_newer_document(store, ids):
    newer = store.db.execute(
        "SELECT count(*) FROM clause_links WHERE parent_doc=? AND child_doc IN (?, ?)",
        (ids[SHANXI_216], ids[YUNCHENG], ids[YONGJI])).fetchone()[0]
    assert newer == 0
    dates = store.db.execute(
        "SELECT count(*) FROM clause_links l JOIN documents c ON c.id = l.child_doc"
        " JOIN documents p ON p.id = l.parent_doc WHERE p.date > c.date").fetchone()[0]
    assert dates == 0


def test_evidence_spans_are_the_same_text_in_child_and_parent(store):
    rows = store.db.execute("SELECT child, parent, evidence FROM clause_links").fetchall()
    assert len(rows) > 40
    import json
    for child_id, parent_id, evidence in rows:
        child, parent = store.clause(child_id), store.clause(parent_id)
        a, b = all_text(child.heading, child.text), all_text(parent.heading, parent.text)
        for cs, ce, ps, pe, _ in json.loads(evidence)["blocks"]:
            assert reduce_text(a[cs:ce]).chars == reduce_text(b[ps:pe]).chars != ""


def test_ancestors_and_descendants(store, ids):
    national = clause_lineage(store, ids[f"{NATIONAL} 六、（十七）"])
    assert [d["clause_id"] for d in national["descendants"]] == [ids[f"{SHANXI_236} 四、（三）"]]
    assert national["ancestors"] == []
    task = clause_lineage(store, ids[f"{YONGJI} 三、（一）2."])
    assert task["ancestors"][0]["clause_id"] == ids[f"{YUNCHENG} 三、（一）2."]
    assert task["ancestors"][0]["depth"] == 1
    with pytest.raises(NotFound):
        clause_lineage(store, "nope")


def test_coverage_reports_what_yongji_left_out(store, ids):
    result = document_coverage(store, ids[YUNCHENG], ids[YONGJI])
    (child,) = result["children"]
    assert child["missing"] == [ids[f"{YUNCHENG} 三、（三）18."], ids[f"{YUNCHENG} 四、（三）"]]
    assert child["implemented"] == child["of"] - 2
    # Without --child: every document that cites it or links to it.
    assert [c["doc_id"] for c in document_coverage(store, ids[YUNCHENG])["children"]] == \
        [ids[YONGJI]]


def test_diff_shows_a_changed_responsible_unit(store, ids):
    result = diff_clauses(store, ids[f"{YONGJI} 三、（一）2."], ids[f"{YUNCHENG} 三、（一）2."])
    units = render_diff(result["fields"]["responsible_units"])
    assert units.startswith("{+市工科局[+}市商务局{+]+}")
    assert render_diff(result["fields"]["heading"]) == "鼓励电商产业集聚发展"
    assert 0.8 < result["similarity"] < 1


def test_adding_a_document_links_it_both_ways(tmp_path):
    """Without 运城, 永济 cites a document not in the knowledge base; once
    运城 arrives, only it is linked, and 永济's tasks link into it."""
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    yuncheng = folder / sample("003").name
    held_back = tmp_path / yuncheng.name
    yuncheng.rename(held_back)
    with Store(tmp_path / "home") as store:
        ingest_paths([folder], store)
        assert link_documents(store).documents == 5
        assert store.db.execute("SELECT count(*) FROM clause_links WHERE child_doc IN"
                                " (SELECT id FROM documents WHERE doc_no=?)",
                                (YONGJI,)).fetchone()[0] == 0
        shutil.copy(held_back, yuncheng)
        ingest_paths([folder], store)
        report = link_documents(store)
        assert report.documents == 1
        yongji = store.db.execute("SELECT id FROM documents WHERE doc_no=?",
                                  (YONGJI,)).fetchone()[0]
        links = store.db.execute("SELECT count(DISTINCT child) FROM clause_links"
                                 " WHERE child_doc=?", (yongji,)).fetchone()[0]
        assert links >= 35
        assert link_documents(store).documents == 0   # nothing changed, nothing done


def test_an_interrupted_sync_keeps_what_it_finished(tmp_path, monkeypatch):
    monkeypatch.setattr(lineage_module, "LINK_BATCH", 1)   # one commit per document
    with Store(tmp_path / "home") as store:
        ingest_paths([], store)
        calls = {"n": 0}
        real = lineage_module._Linker.link_child

        def failing(self, doc_id):
            calls["n"] += 1
            if calls["n"] == 4:
                raise RuntimeError("killed")
            return real(self, doc_id)
        monkeypatch.setattr(lineage_module._Linker, "link_child", failing)
        collector = gc.get_threshold()
        with pytest.raises(RuntimeError):
            link_documents(store)
        assert gc.get_threshold() == collector   # (held back while linking, restored)
        monkeypatch.setattr(lineage_module._Linker, "link_child", real)
        pending = store.db.execute("SELECT count(*) FROM lineage_docs WHERE version='pending'"
                                   ).fetchone()[0]
        assert pending == 3
        assert link_documents(store).documents == 3
        complete = Store(tmp_path / "reference")
        ingest_paths([], complete)
        link_documents(complete)
        query = "SELECT child, parent, score FROM clause_links ORDER BY child, parent"
        assert store.db.execute(query).fetchall() == complete.db.execute(query).fetchall()
        complete.close()


def test_linking_holds_the_garbage_collector_back_then_restores_it(tmp_path, monkeypatch):
    seen = []
    real = lineage_module._Linker.link_child

    def watched(self, doc_id):
        seen.append(gc.get_threshold()[0])
        return real(self, doc_id)
    monkeypatch.setattr(lineage_module._Linker, "link_child", watched)
    before = gc.get_threshold()
    with Store(tmp_path / "home") as store:
        ingest_paths([], store)
        link_documents(store)
    assert seen and set(seen) == {LINKING_THRESHOLD} != {before[0]}
    assert gc.get_threshold() == before


def test_overlapping_holds_on_the_collector_restore_it_once_the_last_ends():
    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()             # another thread starts linking
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == LINKING_THRESHOLD   # the other still links
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


IMPLEMENTS = re.compile(r"实施《([^》]+)》(?:的)?(?:办法|细则|若干规定|规定)")


@pytest.mark.slow
@NEEDS_LAWREFBOOK
def test_lawrefbook_implementing_regulations_have_their_law_as_parent(tmp_path):
    with Store(tmp_path / "home") as store:
        ingest_paths([LAWREFBOOK], store)
        documents = store.documents()
    catalog = Catalog(documents)
    implementing = [(d, m.group(1)) for d in documents
                    if (m := IMPLEMENTS.search(d.meta.title))]
    in_corpus = [(d, law) for d, law in implementing if title_key(law) in catalog.by_title]
    misses = [f"{d.meta.title} ({d.meta.date}) → {law}" for d, law in in_corpus
              if not any(catalog.documents[p].meta.title == law or
                         title_key(catalog.documents[p].meta.title) == title_key(law)
                         for p in catalog.parents(d))]
    print(f"\n实施《X》: {len(implementing)} regulations, X in the corpus for "
          f"{len(in_corpus)}, X a parent for {len(in_corpus) - len(misses)}")
    assert len(in_corpus) >= 40
    assert misses == []


def test_a_sync_with_nothing_changed_relinks_nothing(tmp_path):
    with Store(tmp_path / "home") as store:
        ingest_paths([], store)
        assert link_documents(store).documents == 6
        report = link_documents(store)
        assert (report.documents, report.relinked, report.removed) == (0, 0, 0)


def test_a_document_with_no_clause_link_is_listed_apart(store, ids):
    """永济 implements 运城, not the national opinion: asked for its coverage
    of the national one, it is listed as having no clause-level link, not as
    leaving out every national clause."""
    result = document_coverage(store, ids[NATIONAL], ids[YONGJI])
    assert result["children"] == []
    assert [c["doc_id"] for c in result["unlinked"]] == [ids[YONGJI]]


XINFANG = {"shandong": "DLC/山东地方法规/地方性法规/山东/山东省信访条例(2015-09-24).md",
           "state_council": "行政法规/信访条例(2005-01-10).md",
           "newer": "行政法规/信访工作条例(2022-02-25).md"}


@NEEDS_LAWREFBOOK
def test_a_regulation_restating_one_it_does_not_cite_is_linked_by_text(tmp_path):
    """山东省信访条例 (2015) cites no rule by name (根据宪法和有关法律、行政法规)
    but restates the State Council's 信访条例 (2005) article by article: it
    gets a document link 'text', and its clauses are scored as against a
    cited parent (the word signal too). The 信访工作条例 (2022, 中共中央、国务院)
    is newer than it, and national: no parent of it, and it none of that."""
    with Store(tmp_path / "home") as store:
        ingest_paths([LAWREFBOOK / path for path in XINFANG.values()], store)
        link_documents(store)
        doc = {key: next(d.id for d in store.documents() if d.source.endswith(path))
               for key, path in XINFANG.items()}
        rows = store.db.execute("SELECT child, parent, method FROM document_links").fetchall()
        assert [tuple(r) for r in rows] == [(doc["shandong"], doc["state_council"], "text")]
        links = store.lineage.links_between(doc["shandong"], doc["state_council"])
        pairs = {("".join(store.clause(c).path), "".join(store.clause(p).path)) for c, p, _ in links}
        assert len(pairs) >= 40
        # 公布信访工作机构的通信地址…: the province's article 20 restates article 9.
        assert ("第四章第二十条", "第二章第九条") in pairs
        # …应当自受理之日起六十日内办结: article 42 restates article 33 (60日内办结).
        assert ("第七章第一节第四十二条", "第五章第三十三条") in pairs


@NEEDS_LAWREFBOOK
def test_two_versions_of_one_rule_are_not_parent_and_child(tmp_path):
    """lawrefbook's two files of 全国年节及纪念日放假办法 (2013 and 2024; no level
    known: they have no info block) share most of their text; the later one
    revises the earlier, it does not implement it (``catalog.one_rule``).
    Linked as parent and child, every trace through them was a cycle."""
    folder = LAWREFBOOK / "行政法规"
    with Store(tmp_path / "home") as store:
        ingest_paths([folder / "全国年节及纪念日放假办法(2013-12-11).md",
                      folder / "全国年节及纪念日放假办法(2024-11-10).md"], store)
        link_documents(store)
        assert store.db.execute("SELECT count(*) FROM document_links").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM clause_links").fetchone()[0] == 0


@NEEDS_LAWREFBOOK
def test_a_law_cited_in_passing_is_not_read_by_words(tmp_path):
    """河南省发展民营科技企业条例 cites 科学技术进步法 in passing; no article of
    it copies one of the law's. Asked for word links anyway, it linked five
    articles to the law (第二十七条, on a company's liability, to 第三十二条,
    on research results): in links drawn at random from lawrefbook, word
    links into parents with fewer than COPIED_CLAUSES aligned clauses were
    mostly wrong (tests/lineage_audit.toml, samples B and C)."""
    with Store(tmp_path / "home") as store:
        ingest_paths([LAWREFBOOK / "DLC/河南地方法规/地方性法规/河南/河南省发展民营科技企业条例.md",
                      LAWREFBOOK / "行政法/科学技术进步法(2021-12-24).md"], store)
        link_documents(store)
        assert store.db.execute("SELECT count(*) FROM document_links").fetchone()[0] == 1
        signals = [json.loads(e).get("signal")
                   for (e,) in store.db.execute("SELECT evidence FROM clause_links")]
        assert "words" not in signals
        assert signals.count("aligned") < lineage_module.COPIED_CLAUSES


@NEEDS_LAWREFBOOK
def test_an_uncited_parent_is_kept_only_on_the_same_subject(tmp_path):
    """Neither city cites 河南省旅游条例 or copies three of its articles.
    郑州市旅游业管理条例 第四十三条 copies its complaint-handling time limits
    (第九十一条), on the same matter; 平顶山市城市公共汽车客运条例 shares only
    the 从其规定 tail of 第九十二条, which LINEAGE_VERSION 9 linked. Links of
    this kind were wrong two times in three (tests/lineage_audit.toml, G, H)."""
    henan = LAWREFBOOK / "DLC/河南地方法规/地方性法规/河南"
    with Store(tmp_path / "home") as store:
        ingest_paths([henan / "郑州市旅游业管理条例(2022-01-01).md",
                      henan / "平顶山市城市公共汽车客运条例(2020-11-20).md",
                      henan / "河南省旅游条例(2007-03-30).md"], store)
        link_documents(store)
        rows = store.db.execute(
            "SELECT c.label, p.label, d.title, l.method, l.evidence FROM clause_links l"
            " JOIN clauses c ON c.id = l.child JOIN clauses p ON p.id = l.parent"
            " JOIN documents d ON d.id = l.child_doc").fetchall()
        found = {(title, child, parent) for child, parent, title, _, _ in rows}
        assert ("郑州市旅游业管理条例", "第四十三条", "第九十一条") in found
        assert {title for title, _, _ in found} == {"郑州市旅游业管理条例"}
        assert {(method, json.loads(evidence)["subject"]) for *_, method, evidence in rows} == {
            ("text", "旅游")}


# Issue 13's first case, in miniature: a national rule with parallel articles
# for 道路测试 and 示范应用 that differ in a few words, and a city's rules
# restating each. (The texts are written here on that pattern.)
ROAD_TESTS = """智能网联汽车道路测试与示范应用管理规范（试行）
工信部联通装〔2021〕97号

第一章 总则
第一条 为规范智能网联汽车道路测试与示范应用，推动汽车智能化、网联化技术应用和产业发展，制定本规范。
第二章 道路测试
第二条 道路测试主体向省、市级政府相关主管部门提交道路测试安全性自我声明，并提供下列材料：道路测试主体、驾驶人及车辆的基本情况；道路测试车辆在测试区（场）完成的实车测试记录；道路测试方案；交通事故责任强制保险凭证及不低于五百万元的交通事故责任保险凭证。
第三条 省、市级政府相关主管部门对道路测试安全性自我声明确认后，公安机关交通管理部门核发试验用临时行驶车号牌。
第三章 示范应用
第四条 示范应用主体向省、市级政府相关主管部门提交示范应用安全性自我声明，并提供下列材料：示范应用主体、驾驶人及车辆的基本情况；示范应用车辆已完成道路测试的完整记录；示范应用方案及搭载人员、货物的说明；交通事故责任强制保险凭证及不低于五百万元的交通事故责任保险凭证。
第五条 省、市级政府相关主管部门对示范应用安全性自我声明确认后，示范应用主体方可开展示范应用，不得以示范应用名义收取费用。

工业和信息化部 公安部 交通运输部
2021年7月27日
"""
CITY_RULES = """某市智能网联汽车道路测试与示范应用实施细则

第一条 为贯彻落实《智能网联汽车道路测试与示范应用管理规范（试行）》（工信部联通装〔2021〕97号），制定本细则。
第二条 道路测试主体应当向市联合工作小组提交道路测试安全性自我声明，并提供道路测试主体、驾驶人及车辆的基本情况，道路测试车辆在本市测试区（场）完成的实车测试记录，道路测试方案，以及交通事故责任强制保险凭证和不低于五百万元的交通事故责任保险凭证。
第三条 示范应用主体应当向市联合工作小组提交示范应用安全性自我声明，并提供示范应用主体、驾驶人及车辆的基本情况，示范应用车辆已完成道路测试的完整记录，示范应用方案及搭载人员、货物的说明，以及交通事故责任强制保险凭证和不低于五百万元的交通事故责任保险凭证。

某市工业和信息化局
2022年2月20日
"""


def test_parallel_articles_each_keep_their_own_counterpart(tmp_path):
    """The city's 示范应用 article shares its long insurance and 基本情况
    phrases with the national 道路测试 article as much as with the 示范应用
    one; scored alone, each city article linked to both (the issue: 0.69 into
    the wrong one). Competing (``compete.keep``), the 示范应用 words decide."""
    for name, text in (("national.txt", ROAD_TESTS), ("city.txt", CITY_RULES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "home") as store:
        ingest_paths([tmp_path / "national.txt", tmp_path / "city.txt"], store)
        link_documents(store)
        found = {tuple(row) for row in store.db.execute(
            "SELECT c.label, p.label FROM clause_links l JOIN clauses c ON c.id = l.child"
            " JOIN clauses p ON p.id = l.parent WHERE c.label IN ('第二条', '第三条')")}
        assert found == {("第二条", "第二条"), ("第三条", "第四条")}
        city = next(c for c in store.clauses() if "市联合工作小组提交示范应用" in c.text)
        (link,) = clause_lineage(store, city.id)["parents"]
        assert "示范" in link["evidence"]["words"]
