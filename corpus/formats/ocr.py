"""OCR of page images, for scanned PDFs (the ``policykb[ocr]`` extra).

RapidOCR (``rapidocr-onnxruntime``) carries the PP-OCR detection and
recognition models inside its wheel, so nothing is downloaded at run time.
Pages are rendered at 200 dpi (the resolution at which 3-号 body text of a
scanned 公文 is read reliably) and the recognised lines are put in reading
order: top to bottom, and left to right within a line.
"""

from __future__ import annotations

from functools import lru_cache

from ._common import FormatError

DPI = 200
INSTALL_HINT = "pip install 'policykb[ocr]'"


@lru_cache(maxsize=1)
def engine():
    """The OCR engine, loaded once; a clear error without the extra."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise FormatError(f"扫描件 PDF（没有文字层）：识别文字需要可选组件 OCR；"
                          f"安装：{INSTALL_HINT}") from exc
    return RapidOCR()


def ocr_pages(document, indexes: list[int]) -> dict[int, list[str]]:
    """The recognised lines of the given pages of a pypdfium2 document."""
    recognise = engine()
    out: dict[int, list[str]] = {}
    for index in indexes:
        image = document[index].render(scale=DPI / 72).to_numpy()
        result, _ = recognise(image)
        out[index] = _reading_order(result or [])
    return out


def _reading_order(result) -> list[str]:
    """Boxes (four corners, text, score) as lines, top to bottom."""
    boxes = sorted(((box[0][1], box[2][1], box[0][0], text) for box, text, _ in result))
    lines: list[list[tuple[float, str]]] = []
    bottom = None
    for top, low, left, text in boxes:
        if bottom is None or top > bottom - (low - top) / 2:
            lines.append([])
            bottom = low
        lines[-1].append((left, text))
    return ["".join(text for _, text in sorted(line)) for line in lines]
