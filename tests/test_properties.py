"""The same document in another shape yields the same clauses.

Re-wrapped at random widths (as PDF extraction or a fixed-width site would),
converted to traditional characters, saved in another encoding, or wrapped
in an HTML page: the pipeline must see through each.
"""

from __future__ import annotations

import html
import re

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import build_documents, clean_text
from corpus.load import load_bytes
from tests.conftest import sample

# The bundled samples whose clean text is a plain document (no annex table).
KEYS = ("000", "001", "002", "003")


def canonical(prefix: str) -> str:
    """The sample as clean text: simplified, one paragraph a line."""
    return clean_text(sample(prefix).read_text(encoding="utf-8")).text


def clauses_of(data: bytes, name: str = "doc.txt"):
    """(label, heading, text, units) of every clause. White space is not
    compared: fixed-width text keeps no paragraph breaks inside a clause, and
    a layout space (…作用 扶持…) falls at a line end when it is wrapped."""
    out = []
    for doc in build_documents(load_bytes(data, name=name)):
        out.extend((c.label, c.heading, re.sub(r"\s", "", c.text), c.responsible_units)
                   for c in doc.clauses)
    return out


@pytest.fixture(scope="module")
def expected():
    return {key: clauses_of(canonical(key).encode("utf-8")) for key in KEYS}


def rewrap(text: str, width: int, gap: str, indent: bool) -> str:
    lines = []
    for paragraph in text.split("\n"):
        pieces = [paragraph[i:i + width] for i in range(0, len(paragraph), width)] or [""]
        if indent and len(pieces) > 1:
            pieces[1] = " " + pieces[1]   # a page-break indent
        lines.extend(pieces)
    return gap.join(lines)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(KEYS), width=st.integers(min_value=20, max_value=70),
       gap=st.sampled_from(["\n", "\n\n"]), indent=st.booleans())
def test_rewrapped_at_any_width(expected, key, width, gap, indent):
    text = rewrap(canonical(key), width, gap, indent)
    assert clauses_of(text.encode("utf-8")) == expected[key]


@pytest.mark.parametrize("key", KEYS)
def test_traditional_characters(expected, key):
    traditional = opencc.OpenCC("s2t").convert(canonical(key))
    assert traditional != canonical(key)
    assert clauses_of(traditional.encode("utf-8")) == expected[key]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
@pytest.mark.parametrize("key", KEYS)
def test_other_encodings(expected, key, encoding):
    assert clauses_of(canonical(key).encode(encoding)) == expected[key]


@pytest.mark.parametrize("key", KEYS)
def test_wrapped_in_an_html_page(expected, key):
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in canonical(key).split("\n"))
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>政策文件</title>"
            f"<script>var x='一、假标题';</script></head><body><nav>首页 &gt; 政策</nav>"
            f"<div class='article'>{body}</div><footer>网站标识码</footer></body></html>")
    assert clauses_of(page.encode("utf-8"), name="page.html") == expected[key]
