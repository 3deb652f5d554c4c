"""Every route of the web app and its JSON API through Flask's test client:
pages, answers, every error and its shape, headers, uploads, and untrusted
document text rendered inert."""

from __future__ import annotations

import io
import shutil

import pytest

from tests.conftest import ADMIN_TOKEN as TOKEN
from webapp import CSP, create_app

NATIONAL_13 = "c8874dac43-5.13"
PROVINCIAL_22 = "b89664e31e-2.2"
YONGJI_2 = "95e5176c38-3.1.2"
YUNCHENG = "15779248e7"
YONGJI = "95e5176c38"


PAGES = [
    ("/", "条款检索"),
    ("/?q=流量券", "丰富流量扶新方式"),
    ("/?q=流量券&level=provincial", "强化“农特新”经营主体流量扶持"),
    ("/?q=流量券&sort=date&page=1", "共 2 条"),
    ("/?q=電商&doc=95e5176c38", "文件：永济市创建全国网络市场监管与服务示范区工作方案 ×"),
    ("/?q=流量券&level=provincial", "层级：省级 ×"),
    ("/docs", "永济市创建全国网络市场监管与服务示范区工作方案"),
    (f"/docs/{YUNCHENG}", "人工核定"),
    (f"/docs/{YONGJI}", "运城市创建全国网络市场监管与服务示范区工作方案"),
    (f"/clauses/{NATIONAL_13}", "网络市场增流量促发展活动实施方案"),
    (f"/clauses/{YONGJI_2}", "市工科局"),
    (f"/clauses/{PROVINCIAL_22}", "原文相同 0.57；对齐片段：「通过开设新入驻」"),   # a link's evidence
    (f"/coverage/{YUNCHENG}", "2 条未见落实"),
    (f"/coverage/{YUNCHENG}?child={YONGJI}", "完善配套支撑"),
    ("/check", "文稿核查"),
    ("/admin/upload", "管理口令"),
]


@pytest.mark.parametrize("path, text", PAGES)
def test_pages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert text in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] == CSP


API = [
    ("/api/search?q=流量券", lambda j: j["result"]["total"] == 2),
    ("/api/search?q=流量券&level=national", lambda j: j["result"]["hits"][0]["clause_id"]
     == NATIONAL_13),
    ("/api/search", lambda j: j["result"] is None),
    ("/api/docs", lambda j: len(j["documents"]) == 6),
    (f"/api/docs/{YONGJI}", lambda j: j["document"]["parents"] == [YUNCHENG]),
    (f"/api/clauses/{NATIONAL_13}", lambda j: j["lineage"]["children"][0]["clause_id"]
     == PROVINCIAL_22 and set(j["citations"]) == {"gongwen", "gbt7714", "markdown", "plain"}),
    (f"/api/clauses/{PROVINCIAL_22}/lineage", lambda j: len(j["parents"]) >= 4),
    (f"/api/clauses/{NATIONAL_13}/cite?style=gbt7714", lambda j: "[A]" in j["text"]),
    (f"/api/coverage/{YUNCHENG}", lambda j: j["coverage"]["children"][0]["missing"] ==
     [f"{YUNCHENG}-3.3.18", f"{YUNCHENG}-4.3"]),
    (f"/api/diff?child={YONGJI_2}&parent={YUNCHENG}-3.1.2",
     lambda j: 0.8 < j["similarity"] < 1),
]


@pytest.mark.parametrize("path, check", API)
def test_api(client, path, check):
    response = client.get(path)
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and check(body)


def test_check_api_and_page(client):
    draft = "要“推动平台流量扶农经常化”，并依照《某某办法》。"
    body = client.post("/api/check", data={"text": draft}).get_json()
    assert body["ok"] and body["report"]["quotes"][0]["status"] == "altered"
    body = client.post("/api/check", json={"text": draft}).get_json()
    assert body["report"]["references"][0]["status"] == "unknown"
    upload = {"file": (io.BytesIO(draft.encode("utf-8")), "草稿.md")}
    body = client.post("/api/check", data=upload, content_type="multipart/form-data").get_json()
    assert body["report"]["summary"]["altered"] == 1
    page = client.post("/check", data={"text": draft}).get_data(as_text=True)
    assert "与原文不一致" in page and "<del>态</del>" in page


ERRORS = [
    ("get", "/api/clauses/nope", 404, "nope"),
    ("get", "/api/clauses/nope/lineage", 404, "nope"),
    ("get", "/api/clauses/nope/cite", 404, "nope"),
    ("get", f"/api/clauses/{NATIONAL_13}/cite?style=apa", 400, "引用格式"),
    ("get", "/api/docs/nope", 404, "nope"),
    ("get", "/api/coverage/nope", 404, "nope"),
    ("get", f"/api/coverage/{YUNCHENG}?child=nope", 404, "nope"),
    ("get", "/api/diff?child=x", 400, "child 和 parent"),
    ("get", f"/api/diff?child={YONGJI_2}&parent=nope", 404, "nope"),
    ("get", '/api/search?q="未闭合', 400, "引号不成对"),
    ("get", "/api/search?q=流量&page=x", 400, "page"),
    ("get", "/api/search?q=流量&sort=up", 400, "排序"),
    ("post", "/api/check", 400, "没有文稿"),
    ("post", "/api/documents", 403, "口令"),
    ("get", "/api/nothing/here", 404, "没有找到"),
    ("post", "/api/docs", 405, "不支持"),
]


@pytest.mark.parametrize("method, path, status, words", ERRORS)
def test_api_errors_have_one_shape(client, method, path, status, words):
    response = getattr(client, method)(path)
    assert response.status_code == status
    body = response.get_json()
    assert body == {"ok": False, "error": body["error"], "status": status}
    assert words in body["error"]


@pytest.mark.parametrize("path, status", [
    ("/clauses/nope", 404), ("/docs/nope", 404), ("/coverage/nope", 404)])
def test_page_errors(client, path, status):
    response = client.get(path)
    assert response.status_code == status and response.mimetype == "text/html"
    assert "<h1>" + str(status) in response.get_data(as_text=True)


def test_a_query_error_keeps_the_search_form(client):
    """The page answers 400 with what to fix above the form, which keeps the query."""
    response = client.get("/", query_string={"q": '"未闭合', "level": "provincial"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "查询有误：引号不成对" in page and 'value="&#34;未闭合"' in page
    assert 'name="level" value="provincial"' in page
    assert client.get("/api/search", query_string={"q": '"未闭合'}).get_json()["status"] == 400


def test_no_stack_trace_reaches_a_client(client, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")
    monkeypatch.setattr("webapp.views.documents.list_documents", boom)
    for path in ("/api/docs", "/docs"):
        response = client.get(path)
        text = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "secret" not in text and "Traceback" not in text
    assert client.get("/api/docs").get_json()["error"] == "服务器内部错误"


def test_uploads_need_the_token_and_are_checked(client, app, home):
    good = "关于测试的通知\n\n一、总体要求\n\n做好测试工作。\n"
    def post(token=None, name="a.txt", data=None):
        data = good.encode() if data is None else data
        headers = {"X-PolicyKB-Token": token} if token else {}
        return client.post("/api/documents", data={"file": (io.BytesIO(data), name)},
                           headers=headers, content_type="multipart/form-data")
    assert post().status_code == 403
    assert post("wrong").status_code == 403
    assert post(TOKEN, name="evil.exe").get_json()["status"] == 400
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)   # a stream: the client spools bytes
    assert client.post("/api/documents", input_stream=io.BytesIO(big), content_length=len(big),
                       content_type="multipart/form-data; boundary=b",
                       headers={"X-PolicyKB-Token": TOKEN}).status_code == 413
    disabled = create_app({"HOME": str(home), "TESTING": True, "ADMIN_TOKEN": None})
    assert disabled.test_client().get("/admin/upload").get_data(as_text=True).count(
        "POLICYKB_ADMIN_TOKEN") == 1
    assert disabled.test_client().post("/api/documents").status_code == 403


PAYLOADS = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>',
            '<a href="javascript:alert(1)">点我</a>', '"><svg onload=alert(1)>']


def test_untrusted_text_renders_inert(home, tmp_path):
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    app = create_app({"HOME": str(copy), "TESTING": True, "ADMIN_TOKEN": TOKEN})
    client = app.test_client()
    text = (f"关于{PAYLOADS[0]}加强网络市场监管的通知\n\n一、总体要求{PAYLOADS[1]}\n\n"
            f"各单位要加强网络交易监管，{PAYLOADS[2]}推动平台规范发展{PAYLOADS[3]}。\n")
    response = client.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                           data={"file": (io.BytesIO(text.encode()), "../../<b>x</b>.txt")},
                           content_type="multipart/form-data")
    body = response.get_json()
    assert body["ok"] and body["files"][0]["status"] == "added"
    doc_id = body["files"][0]["documents"][0]
    assert not (copy.parent / "x.txt").exists()
    kept = [p.relative_to(copy / "uploads").parts for p in (copy / "uploads").rglob("*")
            if p.is_file()]
    assert kept == [(body["job"], "b_.txt")]   # inside its job's folder, named safely
    clause_id = client.get(f"/api/docs/{doc_id}").get_json()["document"]["clauses"][-1]["id"]
    pages = [f"/docs/{doc_id}", f"/clauses/{clause_id}", "/?q=网络交易监管", "/docs"]
    for path in pages:
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "<svg onload" not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html or "&lt;a href" in html
