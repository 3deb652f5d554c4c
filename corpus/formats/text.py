"""Plain text and Markdown: the encoding is detected from the bytes.

A byte-order mark first, then strict UTF-8, then the Chinese legacy
encodings (GB18030 and Big5) and BOM-less UTF-16, each decoded strictly and
scored by how much of the result is common Chinese text. The file name never
decides.
"""

from __future__ import annotations

import codecs
import re

from ._common import Extracted, FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CJK = re.compile(r"[\u3400-\u9fff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_text(data: bytes) -> Extracted:
    """Decode a text file with the encoding its bytes show."""
    encoding = detect_encoding(data)
    try:
        return Extracted(text=data.decode(encoding), encoding=encoding)
    except UnicodeDecodeError as exc:   # a BOM over bytes that are not its encoding
        raise FormatError(f"有 {encoding} 字节序标记，其后却不是有效的 {encoding}"
                          f"（第 {exc.start} 字节：{exc.reason}）") from exc


def detect_encoding(data: bytes) -> str:
    """Name the encoding of ``data``, or raise FormatError if none fits."""
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
            raise FormatError("二进制内容（含 NUL 字节），不是文字文件")
        raise FormatError("无法解码：不是 UTF-8、UTF-16、GB18030/GBK 或 Big5")
    score, encoding = max(scored)
    if score < 0.5 and b"\x00" in data[:65536]:
        raise FormatError("二进制内容（含 NUL 字节），不是文字文件")
    if score < 0.5:
        raise FormatError(f"无法解码：按最接近的 {encoding} 解出的多是生僻字"
                          f"（得分 {score:.2f}）；是二进制内容或未知编码")
    return encoding


def _text_score(text: str) -> float:
    """chinese_score, zero for text full of control characters."""
    sample = text[:20000]
    if len(CONTROL.findall(sample)) > 0.01 * max(len(sample), 1):
        return 0.0
    if not CJK.search(sample):  # then it had better be plain ASCII text
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
    from ..normalise import to_simplified

    chars = CJK.findall(text[:20000])
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
