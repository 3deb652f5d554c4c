"""Citation: copy a correct citation (``styles``: a registry of citation
styles), and check every quotation, reference and copied passage of a draft
against the stored sources (``check``, with ``draft``, ``quotes``,
``sources``, ``passages``, ``report``), in Word too (``word``: the draft
with comments; ``word_report``: the report as a .docx)."""

from __future__ import annotations

from .check import MAX_DRAFT_CHARS, MAX_QUOTES, annotate, check_draft
from .draft import DRAFT_SUFFIXES, MAX_DRAFT_BYTES, draft_text, read_draft
from .quotes import find_mentions, find_quotations
from .report import render_report
from .styles import STYLES, Citation, Source, cite_clause, cite_document, clause_place, style
from .word import CommentedDraft, comment_docx
from .word_report import report_docx

__all__ = [
           "DRAFT_SUFFIXES",
           "MAX_DRAFT_BYTES",
           "MAX_DRAFT_CHARS",
           "MAX_QUOTES",
           "STYLES",
           "Citation",
           "CommentedDraft",
           "Source",
           "annotate",
           "check_draft",
           "cite_clause",
           "cite_document",
           "clause_place",
           "comment_docx",
           "draft_text",
           "find_mentions",
           "find_quotations",
           "read_draft",
           "render_report",
           "report_docx",
           "style",
]
