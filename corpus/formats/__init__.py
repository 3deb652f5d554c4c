"""Input formats: one reader per format, in a registry keyed by suffix.

A reader turns a file's bytes into :class:`Extracted` text (and whatever the
format says beside the text) or raises :class:`FormatError` with the reason.
To support a new format, write a module with a ``read_*`` function and add a
:class:`Format` here; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._common import Extracted, FormatError
from .doc import read_doc
from .docx import read_docx
from .html import read_html
from .ofd import read_ofd
from .pdf import read_pdf
from .text import read_text


@dataclass(frozen=True)
class Format:
    """A readable format: its name, the suffixes it goes by, and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes], Extracted]
    #: Every line break is a paragraph end (Word, HTML); otherwise a break
    #: may be where the page layout wrapped a line (PDF, OFD, plain text).
    paragraphs: bool = False


REGISTRY = (
    Format("txt", (".txt",), read_text),
    Format("md", (".md", ".markdown"), read_text),
    Format("html", (".html", ".htm", ".shtml"), read_html, paragraphs=True),
    Format("docx", (".docx",), read_docx, paragraphs=True),
    Format("doc", (".doc", ".wps"), read_doc, paragraphs=True),  # WPS writes Word's format
    Format("pdf", (".pdf",), read_pdf),
    Format("ofd", (".ofd",), read_ofd),
)
BY_NAME = {fmt.name: fmt for fmt in REGISTRY}
#: suffix → format
BY_SUFFIX = {suffix: fmt for fmt in REGISTRY for suffix in fmt.suffixes}

__all__ = ["BY_NAME", "BY_SUFFIX", "REGISTRY", "Extracted", "Format", "FormatError"]
