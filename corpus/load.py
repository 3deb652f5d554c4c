"""Load stage: from a file on disk to its bytes and the text they hold.

The reader is chosen by the file's suffix from the format registry
(:mod:`corpus.formats`: text and Markdown with the encoding detected from the
bytes, portal HTML, DOCX, DOC/WPS, PDF with or without a text layer, OFD);
the checks every format shares — size, emptiness, binary noise — are made
here, once.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .formats import BY_NAME, BY_SUFFIX, FormatError
from .formats.text import CONTROL
from .models import RawDocument

#: Larger files are refused: no policy document or law comes near this size,
#: and reading one into memory whole must stay cheap.
MAX_BYTES = 32 * 1024 * 1024

#: suffix → format, for the callers that only need to know what is read (the
#: registry itself: a format registered later is read too).
FORMATS = BY_SUFFIX


class LoadError(ValueError):
    """A file that cannot be ingested; the message names the file and why."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}：{reason}")
        self.path = str(path)
        self.reason = reason


def load_file(path: str | Path) -> RawDocument:
    """Read one file and return its bytes with the text they hold."""
    path = Path(path)
    if path.suffix.lower() not in BY_SUFFIX:
        raise LoadError(path, f"不支持的文件类型 {path.suffix or '（无后缀）'!r}；"
                              f"可读：{'、'.join(sorted(BY_SUFFIX))}")
    try:
        # Opened without blocking (a FIFO put in a file's place would hang
        # an open), then checked on the descriptor itself.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(path, "不是普通文件")
            if info.st_size > MAX_BYTES:
                raise LoadError(path, f"文件太大（{info.st_size} 字节，上限 {MAX_BYTES}）")
            data = handle.read(MAX_BYTES + 1)   # at most the limit, whatever st_size said
    except OSError as exc:
        raise LoadError(path, f"无法读取：{exc.strerror or exc}") from exc
    return load_bytes(data, name=path.name, path=str(path))


def load_bytes(data: bytes, *, name: str, path: str | None = None,
               fmt: str | None = None) -> RawDocument:
    """Like :func:`load_file` for bytes already in memory (uploads, tests)."""
    where = path or name
    suffix = Path(name).suffix.lower()
    reader = BY_NAME.get(fmt) if fmt else BY_SUFFIX.get(suffix)
    if reader is None:
        raise LoadError(where, f"不支持的文件类型 {suffix or '（无后缀）'!r}")
    if len(data) > MAX_BYTES:
        raise LoadError(where, f"文件太大（{len(data)} 字节，上限 {MAX_BYTES}）")
    if not data.strip():
        raise LoadError(where, "文件是空的")
    try:
        extracted = reader.read(data)
    except FormatError as exc:
        raise LoadError(where, str(exc)) from exc
    text = extracted.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(where, "文件中没有文字（空文档）")
    if len(CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000):
        raise LoadError(where, "二进制内容（含控制字符），不是文字文件")
    return RawDocument(path=where, name=name, data=data, text=text,
                       encoding=extracted.encoding, format=reader.name,
                       sha256=hashlib.sha256(data).hexdigest(), fields=extracted.fields,
                       asides=extracted.asides, flags=extracted.flags, pages=extracted.pages,
                       ocr_spans=extracted.ocr_spans)
