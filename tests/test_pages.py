"""The page defects of issue 14, each checked on the samples through the
Flask client (the same pages in Chromium: tests/test_browser_work.py)."""

from __future__ import annotations

import re

import pytest

from indexer.listing import list_documents
from webapp.cli.output import cut, width
from webapp.graph import BOX_W, MARGIN, PER_ROW, lineage_graph

YUNCHENG = "15779248e7"   # 运城: no 文号, spam in five clauses
JINCHENG = "e4c9592d5b"   # 晋城 63号: forwards 山西 216号, named short and in full
SHANXI_216 = "b9b1a94d47"


def page_hits(response) -> int:
    return response.get_data(as_text=True).count('<article class="hit">')


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- documents ---------------------------------------------------------------------------

@pytest.mark.parametrize("filters, titles", [
    ({"level": "市级"}, ["晋城市市场监督管理局办公室转发", "运城市创建全国"]),
    ({"region": "运城市"}, ["永济市创建全国", "运城市创建全国"]),      # a city takes in its counties
    ({"region": "山西省", "level": "county"}, ["永济市创建全国"]),
    ({"issuer": "市场监管总局"}, ["市场监管总局关于引导"]),
    ({"year": "2023年"}, ["晋城市市场监督管理局办公室转发", "山西省市场监管局等十三部门",
                          "永济市创建全国"]),
    ({"doc_type": "工作方案"}, ["永济市创建全国", "运城市创建全国"]),
])
def test_documents_filters(store, filters, titles):
    found = list_documents(store, **filters)["documents"]
    assert [next((t for t in titles if d["title"].startswith(t)), d["title"])
            for d in found] == titles


def test_documents_sorted_and_named(store):
    by_level = list_documents(store, sort="level", descending=False)["documents"]
    assert [d["level"] for d in by_level] == sorted(
        (d["level"] for d in by_level), key=["national", "provincial", "city", "county"].index)
    newest = list_documents(store)["documents"]
    assert [d["date"] for d in newest] == sorted((d["date"] for d in newest), reverse=True)
    jincheng = next(d for d in newest if d["id"] == JINCHENG)
    assert [p["title"] for p in jincheng["parent_documents"]] == [
        "山西省市场监管局等十三部门关于强化常态化监管推动平台经济规范健康持续发展的意见"]


def test_documents_page_filters_and_says_what_is_wrong(client):
    page = client.get("/docs", query_string={"level": "县级"}).get_data(as_text=True)
    assert "1 / 6 件" in page and "永政办发〔2023〕12号" in page and "运城市人民政府办公室" not in page
    assert "<th>地区</th>" in page and "发文机关" in page
    bad = client.get("/docs", query_string={"level": "乡级"})
    assert bad.status_code == 400
    assert "层级“乡级”无效" in bad.get_data(as_text=True)
    api = client.get("/api/docs", query_string={"sort": "colour"}).get_json()
    assert api["ok"] is False and "排序只能是" in api["error"]


def test_cli_docs_is_an_aligned_table(runner, home):
    from webapp.cli import main

    result = runner.invoke(main, ["--home", str(home), "docs", "--level", "省级"])
    lines = [line for line in result.output.splitlines() if not line.startswith("共")]
    assert result.exit_code == 0 and "共 2 / 6 件" in result.output
    assert lines[0].split() == ["编号", "日期", "层级", "文号", "标题", "上级文件"]
    starts = {width(line[:line.index("晋市监发")]) for line in lines[1:]}
    assert len(lines) == 3 and len(starts) == 1   # the 文号 column starts at one column


def test_wide_characters_count_two_columns():
    assert width("文号ab") == 6
    assert cut("山西省市场监管局等十三部门", 9) == "山西省市…" and width(cut("山西省市场", 9)) <= 9


# -- search ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, value, message", [
    ("level", "乡级", "层级“乡级”无效；层级只能是：国家、省级、市级、县级"),
    ("year", "去年", "年份“去年”无效"),
])
def test_an_invalid_filter_value_is_said_not_zero_results(client, name, value, message):
    page = client.get("/", query_string={"q": "监管", name: value})
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert 'role="alert"' in page.get_data(as_text=True)
    assert message in client.get("/api/search", query_string={"q": "监管", name: value}
                                 ).get_json()["error"]


def test_level_facets_in_level_order(client):
    facets = client.get("/api/search", query_string={"q": "监管"}).get_json()["result"]["facets"]
    levels = [f["value"] for f in facets["level"]]
    assert levels == [v for v in ("national", "provincial", "city", "county") if v in levels]
    assert len(levels) >= 3   # provincial, city, county: 县级 is the most frequent, listed last


def test_identical_clauses_are_one_hit_saying_where_else(client, runner, home):
    """永济 三、（二）8. copies 运城's word for word: one hit, 另有 1 处相同."""
    result = client.get("/api/search", query_string={"q": "加强数字化监管"}).get_json()["result"]
    first = result["hits"][0]
    assert first["clause_id"] == "15779248e7-3.2.8" and result["total"] == 4
    assert [s["clause_id"] for s in first["same"]] == ["95e5176c38-3.2.8"]
    copy = next(h for h in result["hits"] if h["clause_id"] == "95e5176c38-3.2.8")
    assert copy["same_as"] == "15779248e7-3.2.8"   # every hit stays in the JSON
    assert page_hits(client.get("/", query_string={"q": "加强数字化监管"})) == 3
    page = client.get("/", query_string={"q": "加强数字化监管"}).get_data(as_text=True)
    assert "另有 1 处相同：" in page and 'href="/clauses/95e5176c38-3.2.8"' in page
    from webapp.cli import main

    out = runner.invoke(main, ["--home", str(home), "search", "加强数字化监管"]).output
    assert "另有 1 处相同：95e5176c38-3.2.8 永济市" in out


def test_unknown_field_names_chinese_first(client):
    error = client.get("/api/search", query_string={"q": "颜色:红"}).get_json()["error"]
    assert "可用字段：正文（all）" in error


# -- nav, coverage, document and clause pages ------------------------------------------

def test_nav_offers_uploads_only_when_they_are_on(client, home):
    from webapp import create_app

    assert "添加文件" in client.get("/").get_data(as_text=True)
    off = create_app({"HOME": str(home), "TESTING": True}).test_client()
    assert "添加文件" not in off.get("/").get_data(as_text=True)


def test_coverage_header_table_and_legend_agree(client):
    page = client.get(f"/coverage/{YUNCHENG}").get_data(as_text=True)
    implemented, of = map(int, re.search(r"落实 (\d+)/(\d+) 条", page).groups())
    assert page.count('<td class="yes">') == implemented
    assert page.count('<td class="no">') == of - implemented == 2
    assert "未见落实" in page and ">未落实<" not in page
    assert "“—”：章节标题，不计入落实统计" in page
    assert '<th class="child-doc"><a href="/docs/95e5176c38">永济市创建全国网络市场监管与服务示范区工作方案</a>' in page


def test_document_warnings_are_grouped_and_name_their_clauses(client):
    page = client.get(f"/docs/{YUNCHENG}").get_data(as_text=True)
    warnings = page[page.index('<section class="warnings">'):page.index("</section>")]
    assert warnings.count("疑似被篡改插入的垃圾广告内容") == 1
    assert "（8 处）" in warnings
    assert len(re.findall(r'href="/clauses/15779248e7-[^"]+"', warnings)) == 5


def test_a_cited_document_is_listed_once(client):
    page = client.get(f"/docs/{JINCHENG}").get_data(as_text=True)
    cited = page[page.index("<h2>引用的文件</h2>"):page.index('<section class="outline">')]
    assert cited.count(f'href="/docs/{SHANXI_216}"') == 1
    assert "文中也写作《关于强化常态化监管推动平台经济规范健康持续发展的意见》" in cited


def test_clause_warnings_grouped_inside_their_box(client):
    page = client.get(f"/clauses/{YUNCHENG}-1").get_data(as_text=True)
    box = page[page.index('<ul class="warnings">'):]
    box = box[:box.index("</ul>")]
    assert box.count("<li>") == 1 and "（2 处）" in box


def test_lineage_picture_fits_and_tells_documents_apart():
    parents = [{"clause_id": f"p{i}", "depth": 1, "via": "c", "score": 0.3, "method": "cited",
                "level": "national" if i % 2 else "provincial", "path": [f"（{i}）"],
                "title": "山西省市场监管局等十三部门关于强化常态化监管推动平台经济规范健康持续发展的意见",
                "doc_no": f"晋市监发〔2023〕{200 + i}号", "heading": ""} for i in range(6)]
    graph = lineage_graph({"clause": {"clause_id": "c", "path": ["一、"], "level": "city"},
                           "ancestors": parents, "descendants": []})
    assert graph["width"] <= 2 * MARGIN + PER_ROW * BOX_W + (PER_ROW - 1) * 24 < 1150
    lines = [n["line1"] for n in graph["nodes"] if n["clause_id"] != "c"]
    assert len(set(lines)) == 6
    assert len(graph["edges"]) == 6


def test_markdown_citation_links_to_the_public_address(client, monkeypatch):
    monkeypatch.setenv("POLICYKB_BASE_URL", "https://policy.example.gov.cn/")
    cited = client.get(f"/api/clauses/{YUNCHENG}-1/cite", query_string={"style": "markdown"})
    assert "](https://policy.example.gov.cn/clauses/15779248e7-1)" in cited.get_json()["text"]
    monkeypatch.delenv("POLICYKB_BASE_URL")
    cited = client.get(f"/api/clauses/{YUNCHENG}-1/cite", query_string={"style": "markdown"})
    assert "](http://localhost/clauses/15779248e7-1)" in cited.get_json()["text"]


def test_document_page_has_its_full_text_beside_the_outline(client):
    page = client.get(f"/docs/{YUNCHENG}").get_data(as_text=True)
    assert '<a href="#text-15779248e7-3.1.1">' in page               # outline → the text
    piece = page[page.index('id="text-15779248e7-1"'):]
    piece = piece[:piece.index("</div>")]
    assert "以" in piece and 'class="flag flag-spam gap"' in piece   # the advert cut out, marked
    assert f'href="/docs/{YUNCHENG}/original"' in page


def test_original_file_downloads_byte_for_byte(client):
    from corpus.ingest import bundled_corpus

    response = client.get(f"/docs/{YUNCHENG}/original")
    assert response.status_code == 200
    assert response.data == (bundled_corpus() / "003_7ecadadbc96be448.txt").read_bytes()
    assert "003_7ecadadbc96be448.txt" in response.headers["Content-Disposition"]
    assert "charset" not in response.headers["Content-Type"]
    assert client.get("/docs/nope/original").status_code == 404


@pytest.mark.parametrize("form, status, message", [
    ({"token": "wrong"}, 403, "管理口令不正确"),
    ({}, 403, "管理口令不正确"),
])
def test_a_refused_upload_keeps_the_form(client, form, status, message):
    import io

    response = client.post("/admin/upload", content_type="multipart/form-data",
                           data={**form, "file": (io.BytesIO(b"x"), "a.txt")})
    page = response.get_data(as_text=True)
    assert response.status_code == status and message in page
    assert 'role="alert"' in page and '<form class="upload"' in page


def test_link_score_and_kept_share_are_told_apart(client):
    """A copied clause scored 1.00 kept 99% of its parent: both are named."""
    page = client.get("/clauses/b89664e31e-2.2").get_data(as_text=True)
    assert "（关联得分 0.57；保留上级原文" in page
    assert "二者分母不同" in page   # the legend says why they differ
