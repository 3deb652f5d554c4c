"""Every law and regulation of ../shared/corpora/lawrefbook ingests, whole."""

from __future__ import annotations

import re

import pytest

from corpus import build_documents, load_file
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK
from tests.test_wild import FURNITURE

# A line that starts an article: 第X条 (or 第X条之一) and a space, as the
# corpus prints them; the same rule a reader would apply with grep.
ARTICLE_LINE = re.compile(r"^\s*第[零〇一二三四五六七八九十百千两\d]+条(?:之[一二三四五六七八九十]+)?[ \u3000]")

pytestmark = [pytest.mark.slow, NEEDS_LAWREFBOOK]


def test_every_file_ingests_with_all_its_articles_and_no_furniture():
    files = sorted(p for p in LAWREFBOOK.rglob("*.md") if not p.name.startswith("_"))
    assert len(files) > 2500
    mismatches, documents, furniture = [], 0, []
    for path in files:
        raw = load_file(path)
        docs = build_documents(raw)
        documents += len(docs)
        expected = sum(1 for line in raw.text.split("\n") if ARTICLE_LINE.match(line))
        found = sum(1 for d in docs for c in d.clauses if c.kind == "article")
        if expected != found:
            mismatches.append(f"{path.relative_to(LAWREFBOOK)}: {expected} lines, {found} articles")
        assert all(d.meta.title for d in docs), path
        furniture += [c.id for d in docs for c in d.clauses
                      if FURNITURE.search(c.heading + "\n" + c.text)]
    assert documents >= len(files)
    assert mismatches == []
    assert furniture == []   # no page number, contents line or field code in a clause
