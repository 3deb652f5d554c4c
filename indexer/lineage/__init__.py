"""Lineage: which parent clauses each local clause implements.

- ``fingerprint``, ``align``: winnowed fingerprints and local alignment of
  reduced texts (also what citation checking matches quotations with);
- ``link``: :func:`link_documents`, the links stored from them;
- ``trace``, ``coverage``, ``diff``: reading them — :func:`clause_lineage`,
  :func:`document_coverage`, :func:`diff_clauses`.
"""

from __future__ import annotations

from .align import Alignment, align_texts, seed_index
from .coverage import document_coverage
from .diff import diff_clauses, diff_texts, render_diff
from .fingerprint import GUARANTEED_RUN, K, Reduced, gram_hashes, reduce_text
from .link import COMMON_DOCUMENTS, LinkReport, lineage_pending, link_documents
from .trace import LINK_METHODS, clause_lineage, describe_evidence

__all__ = [
           "COMMON_DOCUMENTS",
           "GUARANTEED_RUN",
           "LINK_METHODS",
           "Alignment",
           "K",
           "LinkReport",
           "Reduced",
           "align_texts",
           "clause_lineage",
           "describe_evidence",
           "diff_clauses",
           "diff_texts",
           "document_coverage",
           "gram_hashes",
           "lineage_pending",
           "link_documents",
           "reduce_text",
           "render_diff",
           "seed_index",
]
