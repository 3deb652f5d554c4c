"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) against ``policykb serve`` — gunicorn, real workers — on the
bundled corpus: search 流量券, open the national clause, see its provincial
child in the lineage picture, copy a citation, check a draft. Screenshots of
each page go to tests/screenshots/ (not committed) for looking at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="needs Debian's chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("serve-home")) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.errors = errors
        yield page
        browser.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_lineage_citation_and_draft_check(server, page):
    # Search 流量券 (typed in traditional script: the same clauses).
    page.goto(server + "/")
    shot(page, "0-home")
    page.fill("input[name=q]", "流量券")
    page.click("button[type=submit]")
    hits = page.locator("article.hit")
    assert hits.count() >= 2
    assert "流量券" in page.locator("article.hit mark").first.inner_text()
    shot(page, "1-search")

    # Open the national clause among the hits.
    national = page.locator("article.hit", has=page.locator(".level-national")).first
    national.locator("h2 a").click()
    assert "丰富流量扶新方式" in page.locator("h1").inner_text()

    # Its provincial child is in the lineage picture, with a score.
    child = page.locator("svg a.node", has_text="网络市场增流量促发展活动实施方案")
    assert child.count() == 1
    assert page.locator("svg text.score").first.text_content() == "0.57"
    shot(page, "2-clause-national")

    # Copy a citation: the clipboard holds the GB/T 7714 entry.
    page.click("button[data-style=gbt7714]")
    page.wait_for_function("document.body.dataset.copied !== undefined")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("市场监管总局. 市场监管总局关于引导网络交易平台") and "[A]" in copied

    # The provincial child's own page shows the national parent and a diff.
    child.click()
    assert page.locator("section.diffs table.side").count() >= 1
    shot(page, "3-clause-provincial")

    # Check a draft: a verified quotation, an altered one, an invented one.
    page.goto(server + "/check")
    page.fill("textarea[name=text]",
              "要“鼓励平台通过开设新入驻经营主体频道专栏，提供新入驻经营主体或新产品标签，"
              "发放流量券和广告券等多种方式进行流量扶持”，"
              "并“推动平台流量扶农经常化”，“全面建成全国一流的网络市场示范城市”。")
    page.click("form.check button[type=submit]")
    marks = page.locator(".draft a.mark")
    assert [m.get_attribute("class").split()[-1] for m in marks.all()] == \
        ["st-verified", "st-altered", "st-not_found"]
    assert page.locator(".finding.st-altered del").inner_text() == "态"
    shot(page, "4-check")
    assert page.errors == []


def test_other_pages_render(server, page):
    for path, name in [("/docs", "5-documents"), ("/coverage/15779248e7", "6-coverage"),
                       ("/admin/upload", "7-upload")]:
        page.goto(server + path)
        assert page.locator("h1").count() == 1
        shot(page, name)
    page.goto(server + "/docs")
    page.click("text=永济市创建全国网络市场监管与服务示范区工作方案")
    shot(page, "8-document")
    parents = page.locator("section.relations ul").first.inner_text()
    assert "运城市创建全国网络市场监管与服务示范区工作方案" in parents and "落实情况" in parents
    page.goto(server + "/coverage/15779248e7")
    assert page.locator("td.no").count() == 2   # 运城 18 and 四（三）: not in 永济
