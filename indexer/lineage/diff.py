"""Character-level diff of a child clause against a parent clause.

So that an edit such as 市商务局 → 市工科局[市商务局] in the responsible units,
or one word changed in a copied task, stands out. Heading, text and
responsible units are compared separately (a unit list is not prose), each
with difflib's SequenceMatcher without its junk heuristic (which would treat
frequent characters such as 的 as noise in long texts).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from corpus import Store

from ..errors import NotFound

FIELDS = ("heading", "text", "responsible_units")


def diff_texts(child: str, parent: str) -> list[dict]:
    """Operations that turn ``parent`` into ``child``: each ``equal``,
    ``insert``, ``delete`` or ``replace`` with the parent's and the child's
    text of that stretch."""
    matcher = SequenceMatcher(None, parent, child, autojunk=False)
    return [{"op": op, "parent": parent[i1:i2], "child": child[j1:j2]}
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def diff_clauses(store: Store, child_id: str, parent_id: str) -> dict:
    """The diff of two stored clauses, field by field, with the share of
    the parent's characters the child keeps."""
    child, parent = store.clause(child_id), store.clause(parent_id)
    for clause_id, clause in ((child_id, child), (parent_id, parent)):
        if clause is None:
            raise NotFound(f"条款 {clause_id}")
    fields = {}
    kept = total = 0
    for name in FIELDS:
        a, b = getattr(child, name), getattr(parent, name)
        if name == "responsible_units":
            a, b = "、".join(a), "、".join(b)
        ops = diff_texts(a, b)
        fields[name] = ops
        kept += sum(len(op["parent"]) for op in ops if op["op"] == "equal")
        total += len(b)
    return {"child": child_id, "parent": parent_id, "fields": fields,
            "similarity": round(kept / total, 3) if total else 1.0}


def render_diff(ops: list[dict]) -> str:
    """The child's text with the parent's words marked: [-removed-]{+added+}."""
    out = []
    for op in ops:
        if op["op"] == "equal":
            out.append(op["child"])
            continue
        if op["parent"]:
            out.append(f"[-{op['parent']}-]")
        if op["child"]:
            out.append(f"{{+{op['child']}+}}")
    return "".join(out)
