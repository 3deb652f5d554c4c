"""From raw files to structured documents and clauses.

The pipeline, one module per stage: load → clean (normalise, repair, wrap)
→ split → parse → metadata; the data model is in ``models``, the SQLite
store in ``store``. The public verbs are re-exported here.
"""

from .catalog import document_record, document_records
from .clean import clean_text
from .ingest import build_documents, bundled_corpus, ingest_paths
from .load import LoadError, load_file
from .normalise import normalise_text
from .store import Store

__all__ = [
    "LoadError", "Store", "build_documents", "bundled_corpus", "clean_text",
    "document_record", "document_records", "ingest_paths", "load_file", "normalise_text",
]
