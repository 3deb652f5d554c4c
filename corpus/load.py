"""Load stage: from a file on disk to its bytes and its decoded text.

The encoding is detected from the bytes, never guessed from the file name:
a byte-order mark first, then strict UTF-8, then the Chinese legacy
encodings (GB18030 and Big5), each decoded strictly and scored by how much of
the result is common Chinese text. HTML keeps the article body; DOCX keeps
paragraphs and table rows in order.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from pathlib import Path

from .models import RawDocument

#: Larger files are refused: no policy document or law comes near this size,
#: and reading one into memory whole must stay cheap.
MAX_BYTES = 32 * 1024 * 1024

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
           ".docx": "docx"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class LoadError(ValueError):
    """A file that cannot be ingested; the message names the file and why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def load_file(path: str | Path) -> RawDocument:
    """Read one file and return its bytes with the text they hold."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                              f"supported: {', '.join(sorted(FORMATS))}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(path, f"file too large ({size} bytes > {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc
    return load_bytes(data, name=path.name, path=str(path), fmt=fmt)


def load_bytes(data: bytes, *, name: str, path: str | None = None,
               fmt: str | None = None) -> RawDocument:
    """Like :func:`load_file` for bytes already in memory (uploads, tests)."""
    where = path or name
    fmt = fmt or FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise LoadError(where, f"unsupported file type {Path(name).suffix or '(none)'!r}")
    if len(data) > MAX_BYTES:
        raise LoadError(where, f"file too large ({len(data)} bytes > {MAX_BYTES})")
    if not data.strip():
        raise LoadError(where, "file is empty")
    if fmt == "docx":
        text, encoding = _docx_text(data, where), "docx"
    else:
        encoding = detect_encoding(data, where)
        text = data.decode(encoding)
        if fmt == "html":
            text = html_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(where, "no text in file")
    if len(_CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000):
        raise LoadError(where, "binary content (control characters), not a text document")
    return RawDocument(path=where, name=name, data=data, text=text, encoding=encoding,
                       format=fmt, sha256=hashlib.sha256(data).hexdigest())


def detect_encoding(data: bytes, where: str = "<bytes>") -> str:
    """Name the encoding of ``data``, or raise LoadError if none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" not in data[:65536] and _decodes(data, "utf-8"):
        return "utf-8"
    # UTF-16 without a BOM has no NULs when the text is all Chinese, so it is
    # scored with the legacy encodings rather than told by its NULs.
    candidates = ["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else []
    if b"\x00" not in data[:65536]:
        candidates += ["gb18030", "big5"]
    scored = [(_text_score(data.decode(enc)), enc) for enc in candidates if _decodes(data, enc)]
    if not scored:
        if b"\x00" in data[:65536]:
            raise LoadError(where, "binary content (NUL bytes), not a text document")
        raise LoadError(where, "undecodable: not UTF-8, UTF-16, GB18030/GBK or Big5")
    score, encoding = max(scored)
    if score < 0.5 and b"\x00" in data[:65536]:
        raise LoadError(where, "binary content (NUL bytes), not a text document")
    if score < 0.5:
        raise LoadError(where, f"undecodable: best guess {encoding} gives mostly rare "
                               f"characters (score {score:.2f}); binary or unknown encoding")
    return encoding


def _text_score(text: str) -> float:
    """chinese_score, zero for text full of control characters."""
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > 0.01 * max(len(sample), 1):
        return 0.0
    if not _CJK.search(sample):  # then it had better be plain ASCII text
        return len(re.findall(r"[\x20-\x7e\s]", sample)) / max(len(sample), 1)
    return chinese_score(text)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def chinese_score(text: str) -> float:
    """Share of CJK characters that are among the 3,755 most common ones.

    The GB2312 level-1 block (lead bytes B0–D7) is exactly the common set;
    traditional characters are first mapped to simplified. Text decoded with
    the wrong codec scatters over rare characters and scores low.
    """
    from .normalise import to_simplified

    chars = _CJK.findall(text[:20000])
    if not chars:
        return 1.0 if text.strip() else 0.0
    common = 0
    for char in to_simplified("".join(chars)):
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= encoded[0] <= 0xD7
    return common / len(chars)


# -- HTML ---------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "noscript", "form",
              "iframe", "svg", "button", "select", "template")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "blockquote", "pre", "dd", "dt", "ul", "ol", "td", "th")
# Government sites put the article in one of these (TRS and other CMSs).
_BODY_HINTS = re.compile(r"(article|content|zoom|trs_editor|txt|detail|main|pages_content)",
                         re.IGNORECASE)


def html_text(html: str) -> str:
    """The readable article text of an HTML page, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or _largest_hinted(soup) or soup.body or soup
    for tag in root.find_all(_BLOCK_TAGS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    text = root.get_text("")
    lines = (line.strip(" \t\u00a0") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _largest_hinted(soup):
    """The element with a content-like id or class holding the most text."""
    best, best_len = None, 0
    for tag in soup.find_all(True):
        hint = " ".join([tag.get("id") or ""] + list(tag.get("class") or []))
        if hint and _BODY_HINTS.search(hint):
            size = len(tag.get_text(strip=True))
            if size > best_len:
                best, best_len = tag, size
    return best


# -- DOCX ---------------------------------------------------------------------

def _docx_text(data: bytes, where: str) -> str:
    """Paragraphs and table rows of a .docx, in document order."""
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(where, f"not a readable .docx file ({exc})") from exc
    except Exception as exc:  # python-docx raises its own exception types
        raise LoadError(where, f"not a readable .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in block.iter()
                                 if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                             for cell in row if cell.tag.endswith("}tc")]
                    lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)
