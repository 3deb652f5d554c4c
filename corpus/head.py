"""The head and the closing lines of a 公文, which are not clauses.

The head (GB/T 9704-2012 §7.2 版头 and §7.3.1-2): red-head, 文号, the title
(short lines without a full stop) and the addressee (a line ending in ：);
for a lawrefbook law, everything before its INFO END marker. Closing lines
(§7.3.5 signature and date, §8 版记: 抄送, the 印发 line) and a portal's
（此件公开发布）.
"""

from __future__ import annotations

from .clause_fields import HEAD_LINE_MAX
from .labels import ANNEX, find_label
from .models import Paragraph
from .table import is_table_start
from .vocabulary import CLOSING, DATE_LINE, DOC_NO_LINE, PUBLIC_NOTE, RED_HEAD, TITLE_END

#: A title that Word keeps in one paragraph (joint issuers, a long 文种 line).
TITLE_PARAGRAPH_MAX = 150


def is_closing(text: str) -> bool:
    return bool(CLOSING.match(text) or PUBLIC_NOTE.match(text) or DATE_LINE.match(text))


def head_length(paragraphs: tuple[Paragraph, ...]) -> int:
    """How many leading paragraphs are head lines, not text.

    Red-head, 文号, title lines (short, no full stop), the addressee (ends
    with ：), and for laws everything before lawrefbook's INFO END marker.
    """
    for i, para in enumerate(paragraphs[:40]):
        if para.text.startswith("<!--") and "INFO END" in para.text:
            return i + 1
    count = 0
    for para in paragraphs:
        text = para.text
        if find_label(text) or ANNEX.match(text) or is_table_start(text):
            break
        if DOC_NO_LINE.match(text) or RED_HEAD.match(text) or (
                text.endswith(("：", ":")) and len(text) <= 200 and "。" not in text):
            count += 1
            continue
        if (len(text) <= HEAD_LINE_MAX or (len(text) <= TITLE_PARAGRAPH_MAX
                                            and TITLE_END.search(text))) \
                and not text.endswith(("。", "；", "！", "？")) and "。" not in text:
            count += 1
            continue
        break
    return count
