"""Issue 14 in headless Chromium against ``policykb serve`` (gunicorn): the
task ledger and every export downloaded and opened with openpyxl, the draft
check's Word round trip opened with python-docx, the documents list's
filters, printing (a PDF with no nav) and a phone-width page. Screenshots go
to tests/screenshots/ with test_browser.py's."""

from __future__ import annotations

import io
import unicodedata

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook

from tests.test_browser import ARGS, CHROMIUM, playwright, pytestmark, shot  # noqa: F401
from tests.test_word import _draft

YUNCHENG = "15779248e7"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.conftest import serving

    with serving(tmp_path_factory.mktemp("serve-work")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


def _download(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def _sheet_rows(data: bytes, sheet: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def test_ledger_filters_and_downloads(server, page):
    page.goto(server + "/ledger")
    page.fill("input[name=unit]", "市商务局")
    page.fill("input[name=region]", "永济市")
    page.locator("form button[type=submit]").first.click()
    rows = page.locator("table.ledger tbody tr")
    assert rows.count() == 19
    shot(page, "w1-ledger")
    workbook = _download(page, lambda: page.click("a.button:has-text('Excel')"))
    table = _sheet_rows(workbook)
    assert table[0][0] == "序号" and len(table) == 20
    assert load_workbook(io.BytesIO(workbook)).worksheets[0].freeze_panes == "A2"


@pytest.mark.parametrize("path, first_header, rows", [
    ("/?q=流量券", "序号", 2),
    (f"/coverage/{YUNCHENG}", "条款", 39),
    (f"/clauses/{YUNCHENG}-1", None, None),
])
def test_every_page_export_downloads_a_workbook(server, page, path, first_header, rows):
    page.goto(server + path)
    data = _download(page, lambda: page.click(".downloads a:has-text('Excel')"))
    table = _sheet_rows(data)
    assert table and all(cell for cell in table[0][:2])   # a header row
    if first_header:
        assert table[0][0] == first_header and len(table) - 1 == rows


def test_word_round_trip(server, page):
    page.goto(server + "/check")
    page.set_input_files("input[type=file]", files=[{
        "name": "草稿.docx", "buffer": _draft(),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    commented = Document(io.BytesIO(_download(page, lambda: page.click("text=下载批注版 Word"))))
    original = Document(io.BytesIO(_draft()))
    assert [p.text for p in commented.paragraphs] == [p.text for p in original.paragraphs]
    notes = [c.text for c in commented.comments]
    assert len(notes) == 5 and any(n.startswith("引文与原文不一致") for n in notes)
    report = Document(io.BytesIO(_download(page, lambda: page.click("text=下载核对报告"))))
    assert report.tables[0].rows[0].cells[4].text == "说明"
    # An empty check keeps the form and says why, above it.
    page.goto(server + "/check")
    page.click("form.check button[type=submit] >> nth=0")
    assert "没有文稿" in page.locator("[role=alert]").inner_text()
    assert page.locator("textarea[name=text]").count() == 1
    shot(page, "w2-check-empty")


def test_documents_filters_and_sorting(server, page):
    page.goto(server + "/docs")
    assert page.locator("table.docs tbody tr").count() == 6
    page.select_option("select[name=region]", "运城市")
    page.click("form.docs-filter button[type=submit]")
    titles = page.locator("table.docs tbody td:nth-child(4)").all_inner_texts()
    assert [t[:3] for t in titles] == ["永济市", "运城市"]
    page.click("thead a:has-text('层级')")
    titles = page.locator("table.docs tbody td:nth-child(4)").all_inner_texts()
    assert [t[:3] for t in titles] == ["运城市", "永济市"]   # city before county
    shot(page, "w3-docs-filtered")


def test_printed_page_has_no_nav(server, page):
    page.goto(server + "/?q=流量券")
    pdf = page.pdf(format="A4")
    with pdfplumber.open(io.BytesIO(pdf)) as printed:
        # NFKC: the PDF's CJK font maps some characters to Kangxi radicals (⽅ for 方).
        text = unicodedata.normalize("NFKC", "".join(p.extract_text() or "" for p in printed.pages))
    text = text.replace("\n", "")
    assert "丰富流量扶新方式" in text
    for nav in ("任务台账", "文稿核查", "条款检索", "下载", "Excel"):
        assert nav not in text


def test_phone_width(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(server + "/?q=流量券")
    button = page.locator("form.search button[type=submit]").bounding_box()
    assert button["x"] + button["width"] <= 390
    nav = page.locator("header.top nav").bounding_box()
    links = page.locator("header.top nav a")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1 and nav["x"] >= 0   # one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "w4-search-390")
    page.goto(server + "/docs")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "w5-docs-390")
    context.close()
