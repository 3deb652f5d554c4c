"""Clause links by explicit citation: a child clause naming an article of a
parent it cites (慈善法第二十四条; 《中华人民共和国行政诉讼法》第九十一条、第九十三条).

An implementing rule, an 实施细则 or a judicial interpretation names the
article it elaborates (按照慈善法第二十四条的规定制定募捐方案; 行政诉讼法第五十一条
第二款规定的立案期限): no likeness of wording is surer evidence, and the
wording often differs (浙江 实施慈善法办法 第十三条 restates 第二十四条 in 0.17 of
its words). The parent is named by its 《title》, by the 以下简称 name the
child gives it, or, for a law, by its title without 中华人民共和国, as laws
are named in running text once cited in full.

Article numbers belong to a version. A law revised after the child was
written may have renumbered its articles (专利法实施细则 of 2002 cites 专利法
第二十条 on international applications; the 2020 专利法's 第二十条 is on good
faith). So when the stored parent is not known to be the version the child
read (issued on or before it), a citation links only if the words agree:
the article is among the child clause's ``WORD_CANDIDATES`` most similar.
"""

from __future__ import annotations

import re

from corpus.catalog import Catalog, title_key
from corpus.labels import ARTICLE_CITED, ARTICLE_NEXT, cn_number, cn_numeral
from corpus.models import Document, all_text

from .pairs import WORD_CANDIDATES

RANGE_MAX = 10       # articles a range (第十七条至第二十一条) may name
NATIONAL = "中华人民共和国"
LONGER_NAME = 8      # characters looked back for a longer title ending in a short name
_HAN = re.compile(r"[\u3400-\u9fff]")


class Citations:
    """The articles a child document's clauses name, in the parents it cites.

    ``names``: how the child names each parent (name → parent id,
    :func:`parent_names`). A short name in bare text must not end a longer
    title the catalog knows (保险法 in 社会保险法第十条)."""

    def __init__(self, names: dict[str, str], catalog: Catalog):
        self.names, self.catalog = names, catalog
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(f"({alternatives})" + ARTICLE_CITED.pattern)

    def find(self, text: str) -> list[tuple[str, str, str, int]]:
        """(parent id, article as the parent's outline prints it, the
        citation as printed, where it starts) for each article named."""
        out = []
        for match in self.pattern.finditer(text):
            name = match.group(1)
            parent = self.names[name]
            if not name.startswith("《") and self._inside_longer_name(text, match.start(), name,
                                                                       parent):
                continue
            numbers = [(cn_number(match.group(2)), match.group(3) or "")]
            end = match.end()
            while following := ARTICLE_NEXT.match(text, end):
                number = cn_number(following.group(2))
                if following.group(1) in "至到" and numbers[-1][0] is not None and number is not None \
                        and 0 < number - numbers[-1][0] <= RANGE_MAX:
                    numbers += [(n, "") for n in range(numbers[-1][0] + 1, number)]
                numbers.append((number, following.group(3) or ""))
                end = following.end()
            printed = text[match.start():end]
            out += [(parent, f"第{cn_numeral(n)}条{suffix}", printed, match.start())
                    for n, suffix in numbers if n and n < 1000]
        return out

    def _inside_longer_name(self, text: str, at: int, name: str, parent: str) -> bool:
        """Do the characters before ``name`` make it another document's
        title, or the document's own (本条例, 本办法: a short name 条例 given
        to a parent does not make 本条例 the parent)?"""
        if at and text[at - 1] == "本":
            return True
        for back in range(1, min(LONGER_NAME, at) + 1):
            if not _HAN.match(text[at - back]):
                return False
            longer = text[at - back:at] + name
            for key in (title_key(longer), title_key(NATIONAL + longer)):
                if any(doc.id != parent for doc in self.catalog.by_title.get(key, ())):
                    return True
        return False


def parent_names(doc: Document, catalog: Catalog, parents: set[str]) -> dict[str, str]:
    """How ``doc`` names each of its ``parents`` in running text (name →
    parent id): the 《title》 it cites, the 以下简称 name it gives (bare or in
    《》), and a law's title without 中华人民共和国 (bare or in 《》)."""
    names: dict[str, str] = {}
    for ref in doc.meta.references:
        target = catalog.resolve(ref.title, ref.doc_no, doc.meta.date)
        if target is None or target.id not in parents:
            continue
        for title in {t for t in (ref.title, target.meta.title) if t}:
            names["《" + title + "》"] = target.id
            if title.startswith(NATIONAL) and len(title) > len(NATIONAL) + 1:
                short = title[len(NATIONAL):]
                names[short] = names["《" + short + "》"] = target.id
        if ref.short_name:
            names[ref.short_name] = names["《" + ref.short_name + "》"] = target.id
    return names


class ArticleLinking:
    """Mixed into the linker (``link._Linker``: ``store``, ``docs``,
    ``catalog``, ``cited``, ``keys``, ``clauses`` and ``weights``)."""

    def link_articles(self, child_doc: str, rows: list) -> list:
        """``rows`` (a child's clause links) with its citations of articles:
        a link already found keeps its signal and gains the citation as
        evidence; a new one has the signal ``article``."""
        parents = {p for p in self.cited[child_doc] if p in self.keys}
        names = parent_names(self.docs[child_doc], self.catalog, parents)
        if not names:
            return rows
        citations = Citations(names, self.catalog)
        found = {(row[0], row[1]): row for row in rows}
        for seq, child in self.clauses(child_doc).items():
            if not child.linkable:
                continue
            for parent_doc, article, printed, _ in citations.find(all_text(child.heading,
                                                                           child.text)):
                parent = self._article(parent_doc, article)
                if parent is None or not self._same_version(child_doc, parent_doc, seq,
                                                            parent.seq):
                    continue
                row = found.get((child.id, parent.id))
                if row is not None:
                    row[7].setdefault("citation", printed)
                    continue
                found[child.id, parent.id] = row = (
                    child.id, parent.id, child_doc, parent_doc, 1.0, 0, "cited",
                    {"signal": "article", "citation": printed})
                rows.append(row)
        return rows

    def _article(self, doc_id: str, article: str):
        """The clause of a document that is its article ``article``, if
        exactly one is (articles are numbered through a law, 编 and 章 too)."""
        numbered = self._articles.get(doc_id)
        if numbered is None:
            numbered = self._articles[doc_id] = {}
            for clause in self.store.clauses(doc_id):
                if clause.path:
                    numbered.setdefault(clause.path[-1], []).append(clause.seq)
        seqs = numbered.get(article, [])
        row = self.clauses(doc_id).get(seqs[0]) if len(seqs) == 1 else None
        return row if row is not None and row.linkable else None

    def _same_version(self, child_doc: str, parent_doc: str, seq: int, parent_seq: int) -> bool:
        """Is the stored parent the version the child cited, or do the words
        agree with the article named?"""
        child, parent = self.docs[child_doc].meta, self.docs[parent_doc].meta
        if child.date and parent.date and parent.date <= child.date:
            return True
        weights = self.weights(child_doc, parent_doc)
        return (seq in weights.child and parent_seq in weights.parent
                and weights.rank(seq, parent_seq) < WORD_CANDIDATES)
