"""Word 97–2003 binary documents (.doc, and .wps as WPS Office writes it).

Both are OLE compound files with a ``WordDocument`` stream. The text is
read through the piece table ([MS-DOC] §2.4.1 "Retrieving Text"): the FIB
names the table stream (0Table or 1Table) and the offset of the Clx in it;
the Clx's PlcPcd lists the pieces of the main document, each either 16-bit
(UTF-16LE) or "compressed" 8-bit text at its own offset in WordDocument.
Reading pieces, not the stream, is what keeps fast-saved and WPS-written
files from coming out as Latin-1 noise (antiword refuses most WPS files;
catdoc garbles them).

The main document story is the text (its first ``ccpText`` characters).
Headers and footers, where page numbers live, are a later story and are
left out. Text boxes are another story: WPS templates put the 文号 and the
red-head there, so their text is returned as ``asides`` for the metadata
stage, not mixed into the body.

Field codes ([MS-DOC] §2.8.25): a field is ``0x13 code 0x14 result 0x15``;
the code (``MERGEFIELD outgoingNo``, ``PAGE``) is an instruction, not text,
so only the result is kept.
"""

from __future__ import annotations

import io
import struct

from ._common import Extracted, FormatError

# Character codes of the main story ([MS-DOC] §2.8.4, 2.8.25, 2.4.3).
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_CELL_MARK = "\x07"
_TRANSLATE = str.maketrans({
    "\r": "\n",        # paragraph mark
    "\x0b": "\n",      # vertical tab: manual line break
    "\x0c": "\n",      # page or section break
    "\x1e": "-",       # non-breaking hyphen
    "\x1f": None,      # optional hyphen
    "\x01": None, "\x02": None, "\x03": None, "\x04": None, "\x05": None,
    "\x08": None,      # pictures, footnote and comment anchors, drawn objects
})
_FIB_MAGIC = 0xA5EC
_CLX_INDEX = 33      # fcClx is pair 33 of FibRgFcLcb97
#: FibRgLw97 fields 3..10: the length of each story, in CP order ([MS-DOC] §2.5.5).
_STORIES = ("text", "footnotes", "headers", "reserved", "comments", "endnotes",
            "textboxes", "header_textboxes")


def read_doc(data: bytes) -> Extracted:
    """The main text of a Word binary document, field codes left out."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise FormatError(f"不是 Word/WPS 二进制文件（没有 OLE 容器：{exc}）") from exc
    with ole:
        if not ole.exists("WordDocument"):
            raise FormatError("OLE 文件中没有 WordDocument 流（不是 Word/WPS 文字"
                              "文件；是表格或演示文稿？）")
        word = ole.openstream("WordDocument").read()
        ident, nfib = struct.unpack_from("<HH", word, 0)
        if ident != _FIB_MAGIC:
            raise FormatError("WordDocument 流没有 Word 97 文件头")
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:
            raise FormatError("文件设有密码（已加密），无法读取")
        if nfib < 0x00C0:                       # Word 97 is 0xC1; 6.0/95 are 0x65–0x68
            raise FormatError(f"不支持 Word 6/95 格式（nFib {nfib:#x}）；"
                              "请另存为 .docx")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise FormatError(f"文件头所指的 {table_name} 流缺失")
        table = ole.openstream(table_name).read()
    stories = _stories(word, table)
    boxes = _render(stories.get("textboxes", "")).strip()
    return Extracted(text=_render(stories["text"]), encoding="doc",
                     asides=(boxes,) if boxes else ())


def _stories(word: bytes, table: bytes) -> dict[str, str]:
    """The text of each story (main text, headers, text boxes …) by name."""
    csw = struct.unpack_from("<H", word, 32)[0]
    lw_start = 32 + 2 + csw * 2 + 2
    cslw = struct.unpack_from("<H", word, lw_start - 2)[0]
    lengths = struct.unpack_from("<8i", word, lw_start + 12)
    if lengths[0] <= 0:
        return {"text": ""}
    text = _pieces(word, table, lw_start, cslw, sum(max(n, 0) for n in lengths))
    stories, pos = {}, 0
    for name, length in zip(_STORIES, lengths):
        stories[name] = text[pos:pos + max(length, 0)]
        pos += max(length, 0)
    return stories


def _pieces(word: bytes, table: bytes, lw_start: int, cslw: int, ccp_text: int) -> str:
    """The first ``ccp_text`` characters of the document, from the piece table."""
    fclcb_start = lw_start + cslw * 4 + 2
    fc_clx, lcb_clx = struct.unpack_from("<II", word, fclcb_start + 8 * _CLX_INDEX)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise FormatError("文本片段表（Clx）缺失或越界")
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:          # Prc: property modifiers
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise FormatError("文本片段表（Pcdt）格式错误")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    count = (len(plc) - 4) // 12                          # n+1 CPs, n 8-byte Pcds
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces: list[str] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if start >= end:
            break
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        size = end - start
        if fc & 0x40000000:                               # 8-bit "compressed" piece
            offset = (fc & ~0x40000000) // 2
            pieces.append(word[offset:offset + size].decode("cp1252", errors="replace"))
        else:
            pieces.append(word[fc:fc + 2 * size].decode("utf-16-le", errors="replace"))
    return "".join(pieces)


def _render(text: str) -> str:
    """Field results without their codes; table cells as tab-separated rows."""
    out: list[str] = []
    stack: list[bool] = []        # per open field: still inside its code?
    for char in text:
        if char == _FIELD_BEGIN:
            stack.append(True)
        elif char == _FIELD_SEPARATOR:
            if stack:
                stack[-1] = False
        elif char == _FIELD_END:
            if stack:
                stack.pop()
        elif not any(stack):
            out.append(char)
    rendered = "".join(out)
    # A row ends with a cell mark right after the last cell's mark ([MS-DOC]
    # §2.4.3 TTP); the others separate cells.
    rendered = rendered.replace(_CELL_MARK * 2, "\n").replace(_CELL_MARK, "\t")
    return rendered.translate(_TRANSLATE)
