"""Curation: facts the text does not hold, from a ``manifest.toml`` beside the files.

One table per file name; its keys apply to the file's first document, and a
``partN`` sub-table to its N-th (1-based)::

    ["003_7ecadadbc96be448.txt"]
    issuer = "运城市人民政府办公室"
    source_url = "https://…"

    ["002_7bd4d1685ce2523c.txt".part2]
    doc_no = "晋市监发〔2023〕216号"

Every field set here is marked curated wherever the document is shown.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from .divisions import find_region, government_level
from .models import Metadata
from .vocabulary import LEVELS

MANIFEST = "manifest.toml"
FIELDS = ("title", "doc_no", "issuer", "date", "doc_type", "level", "region", "source_url")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and key."""


def read_manifest(folder: str | Path) -> dict[str, dict]:
    """The manifest of ``folder`` (empty when there is none), validated."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not valid TOML ({exc})") from exc
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ManifestError(f"{path}: [{name}] must be a table")
        for key, value in entry.items():
            where = f"{path}: [{name}] {key}"
            if re.fullmatch(r"part\d+", key):
                if not isinstance(value, dict):
                    raise ManifestError(f"{where} must be a table")
                for sub, sub_value in value.items():
                    _check(f"{where}.{sub}", sub, sub_value)
            else:
                _check(where, key, value)
    return data


def _check(where: str, key: str, value) -> None:
    if key not in FIELDS:
        raise ManifestError(f"{where}: unknown field (known: {', '.join(FIELDS)})")
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: must be a non-empty string")
    if key == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ManifestError(f"{where}: dates are written YYYY-MM-DD")
    if key == "level" and value not in LEVELS:
        raise ManifestError(f"{where}: level is one of {', '.join(LEVELS)}")


def curation_for(manifest: dict[str, dict], file_name: str, part: int) -> dict[str, str]:
    """The curated fields for document ``part`` (0-based) of ``file_name``."""
    entry = manifest.get(file_name, {})
    fields = {k: v for k, v in entry.items() if not k.startswith("part")} if part == 0 else {}
    fields.update(entry.get(f"part{part + 1}", {}))
    return fields


def apply_curation(meta: Metadata, fields: dict[str, str]) -> Metadata:
    """``meta`` with curated fields in place; level and region follow a
    curated issuer unless they are curated themselves."""
    changes = {k: v for k, v in fields.items() if k in FIELDS and k != "source_url"}
    if "issuer" in fields and "region" not in fields:
        region = find_region(fields["issuer"])
        if region:
            changes.setdefault("level", government_level(region, fields["issuer"]))
            changes["region"], changes["region_code"] = region.full_name, region.code
    if "doc_no" in fields:
        changes["flags"] = tuple(f for f in meta.flags if f.kind != "no_doc_no")
    return replace(meta, **changes)
