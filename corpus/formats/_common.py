"""What every format reader returns, and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Flag


class FormatError(ValueError):
    """The bytes are not a readable file of the format; the message says why."""


@dataclass(frozen=True)
class Extracted:
    """Text extracted from a file, with what the format itself says.

    ``fields`` holds document facts the file carries outside its text (a
    portal page's metadata table: 发文字号, 发文机关, 成文日期 …), named as
    in :class:`corpus.models.Metadata`; ``ocr`` is set when the text was
    recognised from page images, not read; ``asides`` is text outside the
    main flow (a Word text box, where WPS templates put the 文号); ``flags``
    are what the reader could not do (image-only pages).
    """

    text: str
    encoding: str
    fields: dict = field(default_factory=dict)
    pages: int = 0
    #: (start, end) of the text recognised by OCR (all of it for a scan)
    ocr_spans: tuple[tuple[int, int], ...] = ()
    asides: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()

    @property
    def ocr(self) -> bool:
        """Whether any of the text was recognised from page images."""
        return bool(self.ocr_spans)
