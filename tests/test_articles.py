"""Clause links by explicit citation (``indexer.lineage.articles``): the
articles a clause names in running text, and the links they make on real
lawrefbook laws, an interpretation and an 实施细则."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import Store, ingest_paths
from corpus.catalog import Catalog
from corpus.labels import cn_numeral
from indexer.lineage import clause_lineage, describe_evidence, link_documents
from indexer.lineage.articles import Citations
from tests.conftest import LAWREFBOOK, NEEDS_LAWREFBOOK, documents_of

NAMES = {"慈善法": "law", "《中华人民共和国慈善法》": "law", "《条例》": "reg", "条例": "reg"}

CASES = [
    # (clause text, the articles found: (parent, article, citation as printed))
    ("应当按照慈善法第二十四条的规定制定募捐方案",
     [("law", "第二十四条", "慈善法第二十四条")]),
    ("依照《中华人民共和国慈善法》第九十八条、第九十九条规定处罚",
     [("law", "第九十八条", "《中华人民共和国慈善法》第九十八条、第九十九条"),
      ("law", "第九十九条", "《中华人民共和国慈善法》第九十八条、第九十九条")]),
    # 款 and 项 belong to the article before; the list goes on after them.
    ("违反慈善法第十二条第三款、第十三条第二款规定的",
     [("law", "第十二条", "慈善法第十二条第三款、第十三条"),
      ("law", "第十三条", "慈善法第十二条第三款、第十三条")]),
    ("符合慈善法第二十一条或者第二十三条规定",
     [("law", "第二十一条", "慈善法第二十一条或者第二十三条"),
      ("law", "第二十三条", "慈善法第二十一条或者第二十三条")]),
    # A range names every article in it.
    ("适用《条例》第三条至第五条的规定",
     [("reg", f"第{n}条", "《条例》第三条至第五条") for n in "三四五"]),
    ("《条例》第十条之一规定的情形", [("reg", "第十条之一", "《条例》第十条之一")]),
    ("依照慈善法第24条", [("law", "第二十四条", "慈善法第24条")]),
    # The document's own articles, and a law not among its parents, name nothing.
    ("违反本办法第七条规定的", []),
    # 条例 is the parent's 以下简称 name; 本条例 is the document's own
    ("违反本条例第八条规定的，依照条例第九条处罚",
     [("reg", "第九条", "条例第九条")]),
    ("依照《中华人民共和国行政处罚法》第三十二条", []),
    ("慈善法第二条规定的慈善活动，本办法第三条", [("law", "第二条", "慈善法第二条")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_the_articles_a_clause_names(text, expected):
    found = [(parent, article, printed) for parent, article, printed, _
             in Citations(NAMES, Catalog([])).find(text)]
    assert found == expected


@given(st.integers(1, 999), st.text(alphabet="，。的规定依照按本办法", max_size=8))
def test_any_article_number_is_read_back_as_its_label(number, tail):
    label = f"第{cn_numeral(number)}条"
    found = Citations(NAMES, Catalog([])).find("依照慈善法" + label + tail)
    assert [article for _, article, _, _ in found] == [label]


@NEEDS_LAWREFBOOK
def test_a_short_name_inside_a_longer_title_is_not_its_law():
    """保险法 ends 社会保险法: 社会保险法第十条 does not name 保险法's article."""
    social = documents_of(LAWREFBOOK / "社会法" / "社会保险法(2018-12-29).md")
    citations = Citations({"保险法": "insurance"}, Catalog(social))
    assert citations.find("依照社会保险法第十条的规定") == []
    assert [a for _, a, _, _ in citations.find("依照保险法第十条的规定")] == ["第十条"]


FILES = {"law": "诉讼与非诉讼程序法/行政诉讼法(2017-06-27).md",
         "interpretation": "司法解释/最高人民法院关于适用《行政诉讼法》的解释(2018-02-06).md",
         "patent": "民法商法/专利法(2020-10-17).md",
         "rules": "行政法规/专利法实施细则(2010-01-09).md"}


@NEEDS_LAWREFBOOK
def test_an_interpretation_links_to_the_articles_it_names(tmp_path):
    """The 2018 interpretation of 行政诉讼法 names the 2017 law's articles
    (行政诉讼法第五十一条第二款规定的立案期限): each such clause links to the
    article, and the evidence quotes the citation. 专利法实施细则 was written
    for 专利法 before its 2008 and 2020 revisions renumbered it: its
    第一百零一条 (根据专利法第二十条规定, on international applications) is not
    linked to the 2020 law's 第二十条 (诚实信用), which the words contradict."""
    with Store(tmp_path / "home") as store:
        ingest_paths([LAWREFBOOK / path for path in FILES.values()], store)
        link_documents(store)
        doc = {key: next(d.id for d in store.documents() if d.source.endswith(path))
               for key, path in FILES.items()}

        def parents(key: str, label: str) -> dict[str, dict]:
            clause = next(c for c in store.clauses(doc[key]) if c.label == label)
            return {p["label"]: p for p in clause_lineage(store, clause.id)["parents"]
                    if p["doc_id"] == doc["law" if key == "interpretation" else "patent"]}

        fiftyone = parents("interpretation", "第四十九条")["第五十一条"]
        assert fiftyone["evidence"]["citation"] == "行政诉讼法第五十一条"
        assert fiftyone["evidence"]["signal"] == "article"   # the wording differs
        assert describe_evidence(fiftyone)[:2] == ["明文引用条款 1.00", "引用：「行政诉讼法第五十一条」"]
        assert "第三十八条" in parents("interpretation", "第四十七条")
        assert "第二十条" not in parents("rules", "第一百零一条")
