"""Clause search over the bundled corpus: relevance, phrases, scripts,
highlights, filters, facets, syntax errors, and an index that survives."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import Store, ingest_paths
from indexer.errors import NoIndexError, QuerySyntaxError
from indexer.search import SearchService, search_clauses
from indexer.search.backends.whoosh import index as index_module
from indexer.search.backends.whoosh.index import (
    build_index,
    current_generation,
    open_index,
    sync_index,
)
from tests.conftest import sample

RELEVANCE = Path(__file__).parent / "relevance.toml"


@pytest.fixture(scope="module")
def service(home):
    return SearchService(home)


@pytest.fixture(scope="module")
def clause_ids(home):
    """'文号-or-title label/path' → clause id, as relevance.toml names clauses."""
    out = {}
    with Store(home) as store:
        for doc in store.documents():
            for clause in store.clauses(doc.id):
                out[f"{doc.meta.doc_no or doc.meta.title} {'/'.join(clause.path)}"] = clause.id
    return out


def ids(result):
    return [hit.clause_id for hit in result.hits]


def test_relevance(service, clause_ids):
    cases = tomllib.loads(RELEVANCE.read_text(encoding="utf-8"))["query"]
    assert len(cases) >= 20
    first_relevant, misses = 0, []
    for case in cases:
        expected = {clause_ids[name] for name in case["expect"]}
        result = search_clauses(service, case["q"], level=case.get("level"),
                                region=case.get("region"), limit=10)
        found = ids(result)
        misses += [f"{case['q']}: {name}" for name in case["expect"]
                   if clause_ids[name] not in found]
        first_relevant += bool(found) and found[0] in expected
    assert misses == []
    assert first_relevant >= 0.9 * len(cases)


def test_phrases_match_words_in_order(service, clause_ids):
    national = clause_ids["国市监网监发〔2024〕96号 五、/（十三）"]
    assert national in ids(search_clauses(service, '"流量券和广告券"'))
    assert ids(search_clauses(service, '"广告券和流量券"')) == []
    # Without quotes the words are ANDed, in any order.
    assert national in ids(search_clauses(service, "广告券 流量券"))


def test_phrase_across_punctuation(service):
    plain = ids(search_clauses(service, '"双随机一公开"'))
    assert len(plain) == 3
    assert ids(search_clauses(service, '"双随机、一公开"')) == plain


def test_dictionary_words_keep_the_recall_of_their_parts(service, clause_ids):
    """市场监管总局 is one word of the policy dictionary; its parts still match,
    as words and as phrases (the provincial preamble only says 市场监管总局)."""
    preamble = clause_ids["晋市监发〔2024〕236号 preamble"]
    for query in ("市场监管", '"市场监管"', '"监管总局"', "总局"):
        assert preamble in ids(search_clauses(service, query, limit=100)), query


def test_highlight_offsets_are_exact(service):
    for query, word in (("流量券", "流量券"), ("雙隨機", "双随机"), ("ODR", "ODR")):
        result = search_clauses(service, query)
        assert result.hits
        for hit in result.hits:
            marked = [hit.snippet[s:e] for s, e in hit.highlights]
            marked += [hit.heading[s:e] for s, e in hit.heading_highlights]
            assert marked and all(m == word for m in marked), (query, marked)


@pytest.mark.parametrize("simplified, other", [
    ("网络交易平台 流量规则", "網絡交易平臺 流量規則"),
    ("首违不罚", "首違不罰"),
    ("ODR", "ＯＤＲ"),
    ("双随机一公开", "雙隨機、一公開"),
])
def test_either_script_and_width(service, simplified, other):
    assert ids(search_clauses(service, simplified)) == ids(search_clauses(service, other))


@pytest.mark.parametrize("query, message", [
    ('"流量券', "引号不成对"),
    ("(流量券", "缺少右括号"),
    ("流量券)", "多了一个右括号"),
    ("foo:流量券", "未知字段“foo”"),
    ("AND 流量券", "运算符“AND”两边都要有检索词"),
    ("流量券 OR", "运算符“OR”两边都要有检索词"),
    ("   ", "查询为空"),
    ("，。、", "没有可检索的词"),
])
def test_syntax_errors_are_explained(service, query, message):
    with pytest.raises(QuerySyntaxError, match=message):
        search_clauses(service, query)


def test_operators_and_field_prefixes(service):
    either = set(ids(search_clauses(service, "流量券 OR 寄递", limit=50)))
    assert either == set(ids(search_clauses(service, "流量券", limit=50))) | set(
        ids(search_clauses(service, "寄递", limit=50)))
    without = search_clauses(service, "平台 NOT 流量", limit=100)
    assert without.total and all("流量" not in h.snippet for h in without.hits)
    assert search_clauses(service, "层级：省级 流量券").filters == {}
    assert {h.level for h in search_clauses(service, "层级：省级 流量券").hits} == {"provincial"}
    assert ids(search_clauses(service, "标题:流量券")) == []


def test_filters_and_facets(service):
    everything = search_clauses(service, "电商", limit=100)
    levels = {f["value"]: f["count"] for f in everything.facets["level"]}
    assert sum(levels.values()) == everything.total
    county = search_clauses(service, "电商", level="county", limit=100)
    assert county.total == levels["county"]
    assert {h.level for h in county.hits} == {"county"}
    # A city's filter takes in its counties: 永济 is in 运城.
    yuncheng = search_clauses(service, "电商", region="运城市", limit=100)
    assert {h.level for h in yuncheng.hits} == {"city", "county"}
    regions = {f["value"]: f["count"] for f in yuncheng.facets["region"]}
    assert regions["运城市"] == yuncheng.total and regions["永济市"] == levels["county"]
    docs = everything.facets["doc_id"]
    assert all(f["label"] and f["label"] != f["value"] for f in docs)
    assert search_clauses(service, "电商", year="2022", limit=100).total == \
        {f["value"]: f["count"] for f in everything.facets["year"]}["2022"]
    units = search_clauses(service, "电商", unit="市商务局", limit=100)
    assert units.total and all(h.level == "city" for h in units.hits)


def test_spam_is_not_searchable(service):
    for query in ("澳门太阳城集团", "太阳城", '"澳门"'):
        assert search_clauses(service, query).total == 0
    flagged = search_clauses(service, "指导思想 OR 创建目标 OR 人才", flag="spam", limit=50)
    assert flagged.total and all(h.title.startswith("运城市") for h in flagged.hits)


def test_pages_and_sorting(service):
    first = search_clauses(service, "平台", limit=5, page=1)
    second = search_clauses(service, "平台", limit=5, page=2)
    assert first.total == second.total > 10 and first.pages == -(-first.total // 5)
    assert not set(ids(first)) & set(ids(second))
    beyond = search_clauses(service, "平台", limit=5, page=first.pages + 1)
    assert beyond.hits == [] and beyond.total == first.total
    by_date = search_clauses(service, "平台", sort="date", limit=100)
    dates = [h.date for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)


def test_one_searcher_per_thread(home):
    """Each thread gets its own searcher (held, not just counted by id: a
    freed object's id is reused), and every thread gets the same answer."""
    service = SearchService(home)
    expected = ids(search_clauses(service, "流量扶持", limit=20))
    results, searchers = [], []
    ready = threading.Barrier(4)

    def work():
        ready.wait()   # all four alive at once
        for _ in range(5):
            results.append(ids(search_clauses(service, "流量扶持", limit=20)))
        searchers.append(service.backend._local.state.searcher)
        ready.wait()   # none ends (and frees its searcher) before all recorded theirs
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results) and len(results) == 20
    assert len({id(s) for s in searchers}) == 4 and len(searchers) == 4


def test_incremental_update_and_a_new_generation(tmp_path):
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths([], store)
        assert sync_index(home, store)["rebuilt"]
        service = SearchService(home)
        assert search_clauses(service, '"流量扶农常态化"').total == 1
        changed = tmp_path / "001.txt"
        changed.write_text(sample("001").read_text(encoding="utf-8").replace(
            "推動平臺流量扶農(nóng)常態(tài)化", "推動平臺流量助農常態化"), encoding="utf-8")
        ingest_paths([changed], store)
        assert sync_index(home, store) == {"rebuilt": False, "updated": 1, "removed": 0}
        assert search_clauses(service, '"流量扶农常态化"').total == 0
        assert search_clauses(service, '"流量助农常态化"').total == 1
        generation = current_generation(home)
        build_index(home, store)
        assert current_generation(home) != generation
        assert search_clauses(service, '"流量助农常态化"').total == 1   # reopened


def test_a_failed_rebuild_leaves_the_index_searchable(tmp_path, monkeypatch):
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths([], store)
        build_index(home, store)
        before = current_generation(home)
        service = SearchService(home)
        expected = ids(search_clauses(service, "流量券"))

        def boom(clause, doc):
            raise RuntimeError("killed")
        monkeypatch.setattr(index_module, "clause_fields", boom)
        with pytest.raises(RuntimeError):
            build_index(home, store)
    assert current_generation(home) == before
    assert ids(search_clauses(SearchService(home), "流量券")) == expected
    assert [p.name for p in (home / "index").iterdir() if p.is_dir()] == [before.name]


def _run_python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)],
                            cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE,
                            text=True)


def test_a_killed_rebuild_leaves_the_old_index_and_no_stale_lock(tmp_path):
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths([], store)
        build_index(home, store)
    before = current_generation(home)
    expected = ids(search_clauses(SearchService(home), "流量券"))
    # A rebuild that is killed while it writes (slowed down so it is caught
    # in the act), and a writer on the live index killed while it holds the
    # lock.
    proc = _run_python(f"""
        import time
        from corpus import Store
        from indexer.search.backends.whoosh import index
        slow = index.clause_fields
        def clause_fields(clause, doc):
            time.sleep(0.05)
            return slow(clause, doc)
        index.clause_fields = clause_fields
        index.build_index({str(home)!r}, Store({str(home)!r}))
    """)
    deadline = time.time() + 30
    while time.time() < deadline and len([p for p in (home / "index").iterdir()
                                          if p.is_dir()]) < 2:
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    holder = _run_python(f"""
        import time
        from indexer.search.backends.whoosh.index import open_index
        writer = open_index({str(home)!r}).writer()
        print("locked", flush=True)
        time.sleep(60)
    """)
    assert holder.stdout.readline().strip() == "locked"   # it holds the lock now
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert current_generation(home) == before
    assert ids(search_clauses(SearchService(home), "流量券")) == expected
    started = time.time()
    writer = open_index(home).writer(timeout=5)   # the dead process's lock is gone
    writer.cancel()
    assert time.time() - started < 5
    with Store(home) as store:
        build_index(home, store)
    assert ids(search_clauses(SearchService(home), "流量券")) == expected
    assert len([p for p in (home / "index").iterdir() if p.is_dir()]) == 2


def test_a_changed_dictionary_rebuilds_the_index(tmp_path, monkeypatch):
    home = tmp_path / "home"
    with Store(home) as store:
        ingest_paths([], store)
        sync_index(home, store)
        assert not sync_index(home, store)["rebuilt"]
        monkeypatch.setattr(index_module, "dictionary_version", lambda: "another")
        assert sync_index(home, store)["rebuilt"]


def test_no_index_yet_is_a_clear_error(tmp_path):
    with pytest.raises(NoIndexError, match="还没有检索索引"):
        search_clauses(SearchService(tmp_path), "流量券")


@pytest.mark.parametrize("query, filters", [
    ("流量扶持", {}), ("农产品 流量扶持", {}), ("平台 经营主体 监管", {}),
    ("电商", {"region": "运城市"}), ("市场监管", {"level": "county"}),
    ('"流量券和广告券"', {}), ('"双随机一公开"', {}), ('流量 "数字下乡"', {}),
])
def test_the_conjunction_fast_path_ranks_as_whoosh_does(home, monkeypatch, query, filters):
    fast = search_clauses(SearchService(home), query, limit=50, path="fast", **filters)
    slow = search_clauses(SearchService(home), query, limit=50, path="general", **filters)
    assert fast.total == slow.total > 0
    assert [(h.clause_id, round(h.score, 3)) for h in fast.hits] == \
        [(h.clause_id, round(h.score, 3)) for h in slow.hits]
    assert fast.facets == slow.facets


def test_frequent_postings_files_agree_with_whoosh(tmp_path, monkeypatch):
    """Postings read from the .freq files (threshold lowered so the samples'
    common words have them) rank as whoosh's own decoding does, also after a
    sync has deleted a document's old clauses and added a segment."""
    from indexer.search.backends.whoosh import postings

    monkeypatch.setattr(postings, "FREQUENT", 3)
    home = tmp_path / "home"
    queries = [("流量扶持", {}), ("平台 经营主体 监管", {}), ("市场监管", {"level": "county"}),
               ('"双随机一公开"', {}), ("流量 农产品", {})]

    def compare():
        fast = [search_clauses(SearchService(home), q, limit=50, **f) for q, f in queries]
        with monkeypatch.context() as m:
            m.setattr(postings, "frequent_postings", lambda index_dir, reader: None)
            m.setattr("indexer.search.backends.whoosh.fastpath.frequent_postings",
                      lambda index_dir, reader: None)
            slow = [search_clauses(SearchService(home), q, limit=50, **f) for q, f in queries]
        for a, b in zip(fast, slow):
            assert a.total == b.total > 0
            assert [(h.clause_id, h.score) for h in a.hits] == \
                [(h.clause_id, h.score) for h in b.hits]

    with Store(home) as store:
        ingest_paths([], store)
        build_index(home, store)
        files = list(current_generation(home).glob("*.freq"))
        assert len(files) == 1 and files[0].stat().st_size > 1000
        compare()
        changed = tmp_path / "001.txt"
        changed.write_text(sample("001").read_text(encoding="utf-8").replace(
            "流量", "流 量"), encoding="utf-8")
        ingest_paths([changed], store)
        assert sync_index(home, store)["updated"] == 1
        assert len(list(current_generation(home).glob("*.freq"))) == 2
        compare()


# -- one query form, one phrase rule, one filter rule (issue 12) ---------------------------

def test_a_phrase_matches_alike_with_or_without_not(service):
    """One phrase rule on every path: NOT of a word in no clause changes nothing."""
    plain = search_clauses(service, '"国家网"', limit=50)
    assert plain.total >= 1
    assert ids(search_clauses(service, '"国家网" NOT 澳门', limit=50)) == ids(plain)


def test_filters_are_normalised_however_they_come(service):
    """The filter argument and the field prefix, in either script, agree."""
    prefixed = search_clauses(service, "电商 地区:运城市", limit=100)
    assert prefixed.total > 0
    for query, region in (("电商 地區:運城市", None), ("電商", "運城市"), ("电商", "运城市"),
                          ("电商 region:運城市", None)):
        found = search_clauses(service, query, region=region, limit=100)
        assert ids(found) == ids(prefixed), (query, region)
    assert search_clauses(service, "流量券 層級:省級").total == \
        search_clauses(service, "流量券", level="省级").total > 0


def test_or_after_a_phrase_is_accepted(service):
    either = search_clauses(service, '"双随机一公开" OR 流量券', limit=50)
    assert either.total == len(set(ids(search_clauses(service, '"双随机一公开"', limit=50)))
                              | set(ids(search_clauses(service, "流量券", limit=50))))


def test_or_binds_tighter_than_and(service):
    grouped = search_clauses(service, "平台 (流量券 OR 寄递)", limit=100)
    assert ids(search_clauses(service, "平台 流量券 OR 寄递", limit=100)) == ids(grouped)


def test_the_home_pages_examples_all_answer(client):
    from webapp.views.search import EXAMPLES

    for example in EXAMPLES:
        response = client.get("/api/search", query_string={"q": example})
        assert response.status_code == 200 and response.get_json()["result"]["total"] > 0, \
            example


WORDS = ["流量", "平台", "监管", "经营主体", "电商", "农产品", "市场", "服务", "推动", "网络",
         "双随机", "一公开", "数字", "下乡", "流量券", "广告券", "扶持", "建设", "企业", "国家"]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
       phrase=st.one_of(st.none(), st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS))),
       level=st.sampled_from([None, "provincial", "city", "county"]))
def test_every_path_gives_the_same_hits(service, words, phrase, level):
    """Random ANDs of words and phrases, with and without a filter: the fast
    path and whoosh's own matchers give the same matches, scores and facets."""
    query = " ".join(words + ([f'"{"".join(phrase)}"'] if phrase else []))
    results = {path: search_clauses(service, query, level=level, limit=100, path=path)
               for path in service.backend.paths}
    first = next(iter(results.values()))
    for path, result in results.items():
        assert result.total == first.total, (query, path)
        assert [(h.clause_id, round(h.score, 3)) for h in result.hits] == \
            [(h.clause_id, round(h.score, 3)) for h in first.hits], (query, path)
        assert result.facets == first.facets


@pytest.mark.parametrize("path", ["fast", "general"])
def test_relevance_on_every_path(service, clause_ids, path):
    cases = tomllib.loads(RELEVANCE.read_text(encoding="utf-8"))["query"]
    for case in cases:
        expected = {clause_ids[name] for name in case["expect"]}
        found = ids(search_clauses(service, case["q"], level=case.get("level"),
                                   region=case.get("region"), limit=10, path=path))
        assert expected <= set(found), (case["q"], path)
