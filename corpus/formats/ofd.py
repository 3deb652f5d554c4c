"""OFD (GB/T 33190-2016): China's fixed-layout format, a zip of XML parts.

``OFD.xml`` names each document's root (``DocBody/DocRoot``); the root's
``Pages/Page@BaseLoc`` lists the pages in order; each page's content holds
``TextObject`` elements with a ``Boundary`` (x y w h, in mm) and ``TextCode``
runs positioned inside it. Writers split a line into many runs ("202" "3"
"年"), so runs are put back into lines by their baselines and read left to
right, lines top to bottom.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from xml.etree import ElementTree

from ._common import Extracted, FormatError


def read_ofd(data: bytes) -> Extracted:
    """The text of every page, in reading order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        root = _xml(archive, "OFD.xml")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise FormatError(f"不是可读的 OFD 文件（{exc}）") from exc
    pages: list[str] = []
    with archive:
        for doc_root in _all(root, "DocRoot"):
            doc_path = (doc_root.text or "").strip().lstrip("/")
            try:
                document = _xml(archive, doc_path)
            except (KeyError, ElementTree.ParseError) as exc:
                raise FormatError(f"OFD 文档部分 {doc_path!r} 无法读取（{exc}）") from exc
            base = posixpath.dirname(doc_path)
            for page in _all(document, "Page"):
                location = page.get("BaseLoc", "")
                path = (location.lstrip("/") if location.startswith("/")
                        else posixpath.normpath(posixpath.join(base, location)))
                try:
                    pages.append(_page_text(_xml(archive, path)))
                except (KeyError, ElementTree.ParseError) as exc:
                    raise FormatError(f"OFD 页面 {path!r} 无法读取（{exc}）") from exc
    return Extracted(text="\n".join(pages), encoding="ofd", pages=len(pages))


def _page_text(page) -> str:
    """Text runs grouped into lines by baseline, each line read left to right."""
    runs: list[tuple[float, float, float, str]] = []   # baseline, x, size, text
    for obj in _all(page, "TextObject"):
        try:
            bx, by, *_ = (float(v) for v in obj.get("Boundary", "0 0 0 0").split())
            size = float(obj.get("Size", "3.5"))
        except ValueError:
            continue
        for code in _all(obj, "TextCode"):
            if code.text:
                runs.append((by + float(code.get("Y", "0")), bx + float(code.get("X", "0")),
                             size, code.text))
    runs.sort()
    lines: list[list[tuple[float, str]]] = []
    baseline = None
    for y, x, size, text in runs:
        if baseline is None or y - baseline > size / 2:
            lines.append([])
            baseline = y
        lines[-1].append((x, text))
    return "\n".join("".join(text for _, text in sorted(line)) for line in lines)


def _xml(archive: zipfile.ZipFile, name: str):
    return ElementTree.fromstring(archive.read(name))


def _all(element, local_name: str):
    """Descendants named ``local_name`` in any namespace (ofd: or none)."""
    return [node for node in element.iter() if node.tag.rsplit("}", 1)[-1] == local_name]
