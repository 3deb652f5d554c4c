"""Loading: encodings detected from the bytes, HTML and DOCX bodies, bad input."""

from __future__ import annotations

import io

import pytest

from corpus import load
from corpus.load import LoadError, load_bytes, load_file

TEXT = "市场监管总局关于引导网络交易平台发挥流量积极作用扶持中小微经营主体发展的意见\n一、总体要求\n"
TRADITIONAL = "市場監管總局關於引導網絡交易平臺發揮流量積極作用扶持中小微經營主體發展的意見\n一、總體要求\n"


@pytest.mark.parametrize("encoding, data, text", [
    ("utf-8", TEXT.encode("utf-8"), TEXT),
    ("utf-8-sig", TEXT.encode("utf-8-sig"), TEXT),
    ("gb18030", TEXT.encode("gb18030"), TEXT),
    ("gb18030", TEXT.encode("gbk"), TEXT),
    ("big5", TRADITIONAL.encode("big5"), TRADITIONAL),
    ("utf-16", TEXT.encode("utf-16"), TEXT),
    ("utf-16-le", ("1. " + TEXT).encode("utf-16-le"), "1. " + TEXT),
    ("utf-16-be", ("1. " + TEXT).encode("utf-16-be"), "1. " + TEXT),
])
def test_encoding_is_detected_from_bytes(tmp_path, encoding, data, text):
    path = tmp_path / "doc.txt"  # the name says nothing about the encoding
    path.write_bytes(data)
    raw = load_file(path)
    assert raw.encoding == encoding
    assert raw.text == text
    assert raw.data == data  # kept byte for byte


def test_html_keeps_the_article_and_drops_the_rest():
    html = """<html><head><title>x</title><style>p{color:red}</style>
    <script>var s = "一、不要这个";</script></head><body>
    <nav>首页 | 政策文件 | 一、导航</nav>
    <div class="TRS_Editor"><p>一、总体要求</p><p>以习近平新时代中国特色社会主义思想为<span>指导</span>，推动发展。</p></div>
    <footer>版权所有</footer></body></html>"""
    raw = load_bytes(html.encode("utf-8"), name="page.html")
    assert raw.text == "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，推动发展。"


def test_html_in_gbk_with_meta_charset():
    html = '<html><head><meta charset="gbk"></head><body><p>一、总体要求</p></body></html>'
    raw = load_bytes(html.encode("gbk"), name="page.htm")
    assert raw.encoding == "gb18030" and raw.text == "一、总体要求"


def test_docx_paragraphs_and_tables():
    import docx

    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("以习近平新时代中国特色社会主义思想为指导。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "1"
    table.rows[0].cells[1].text = "网上零售额同比增速"
    buffer = io.BytesIO()
    document.save(buffer)
    raw = load_bytes(buffer.getvalue(), name="plan.docx")
    assert raw.text == "一、总体要求\n以习近平新时代中国特色社会主义思想为指导。\n1\t网上零售额同比增速"


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "文件是空的"),
    ("blank.txt", b"  \n\n ", "文件是空的"),
    ("binary.txt", bytes(range(256)) * 40, "二进制内容"),
    ("nul.txt", b"\x00\x01\x02\x03" * 100, "二进制内容"),
    ("latin.txt", "Grüße aus Köln, ça va? ".encode("latin-1") * 50, "无法解码"),
    ("image.png", b"\x89PNG\r\n", "不支持的文件类型 '.png'"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "不是可读的 .docx"),
    ("tags.html", b"<html><body><script>x()</script></body></html>", "文件中没有文字"),
])
def test_bad_input_names_the_file_and_the_problem(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("一" * 200, encoding="utf-8")
    with pytest.raises(LoadError, match="文件太大"):
        load_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="无法读取"):
        load_file(tmp_path / "nowhere.txt")
