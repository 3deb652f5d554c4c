"""Input formats: one reader per format, in a registry keyed by suffix.

A reader turns a file's bytes into :class:`Extracted` text (and whatever the
format says beside the text) or raises :class:`FormatError` with the reason.
To support a new format, write a module with a ``read_*`` function and add a
:class:`Format` to REGISTRY here (or, from outside, call
:func:`register_format`); nothing else changes.
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
BY_NAME: dict[str, Format] = {}
#: suffix → format
BY_SUFFIX: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    """Make ``fmt`` readable: by its name and by each of its suffixes."""
    BY_NAME[fmt.name] = fmt
    BY_SUFFIX.update({suffix: fmt for suffix in fmt.suffixes})
    return fmt


def unregister_format(name: str) -> None:
    fmt = BY_NAME.pop(name)
    for suffix in fmt.suffixes:
        BY_SUFFIX.pop(suffix, None)


for _fmt in REGISTRY:
    register_format(_fmt)

__all__ = ["BY_NAME", "BY_SUFFIX", "REGISTRY", "Extracted", "Format", "FormatError",
           "register_format", "unregister_format"]
