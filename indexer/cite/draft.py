"""Reading a draft: a file (.txt, .md in any encoding ingest reads, .docx)
or an upload held in memory, bounded as it is read."""

from __future__ import annotations

from pathlib import Path

from corpus import LoadError
from corpus.load import load_bytes

from ..errors import DraftError

DRAFT_SUFFIXES = (".txt", ".md", ".docx")
MAX_DRAFT_BYTES = 4 * 2**20


def read_draft(path: Path) -> str:
    """The text of a draft file: .txt or .md (any encoding ingest reads),
    or .docx."""
    _draft_kind(path.name)
    try:
        with path.open("rb") as handle:   # bounded as it reads
            data = handle.read(MAX_DRAFT_BYTES + 1)
    except OSError as exc:
        raise DraftError(f"{path}：无法读取（{exc.strerror or exc}）") from exc
    return draft_text(data, path.name)


def draft_text(data: bytes, name: str) -> str:
    """The text of a draft held in memory (an upload: never written to
    disk), ``name`` naming it in errors."""
    _draft_kind(name)
    if len(data) > MAX_DRAFT_BYTES:
        raise DraftError(f"{name}：超过 {MAX_DRAFT_BYTES // 2**20} MiB")
    try:
        return load_bytes(data, name=name).text
    except LoadError as exc:
        raise DraftError(str(exc)) from exc


def _draft_kind(name: str) -> None:
    if Path(name).suffix.lower() not in DRAFT_SUFFIXES:
        raise DraftError(f"{name}：文稿只能是 {'、'.join(DRAFT_SUFFIXES)} 文件")
