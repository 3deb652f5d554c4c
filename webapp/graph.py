"""The layout of a clause's lineage picture: boxes and arrows for an SVG.

Ancestors stand above the clause, one row per generation (the national
clause at the top), descendants below it; each arrow runs from parent to
child and carries the link's score. A generation wider than ``PER_ROW``
boxes wraps onto further rows, so the picture fits the page's 1150 px (a
merge of six national clauses once ran to 1378 px); each box names its
document by 文号 where it has one — parents from different documents
share the first words of their titles (山西省市场监管局等十三部门关于…). The template draws what this returns,
so the picture is plain SVG: no script, every label escaped.
"""

from __future__ import annotations

from corpus.labels import annex_table_row
from corpus.vocabulary import level_name

BOX_W, BOX_H = 250, 64
PER_ROW = 4
LABEL_AT = 0.3   # where along an arrow its score stands
GAP_X, GAP_Y = 24, 56
MARGIN = 16
#: Outline parts with no printed label (corpus/parse.py names them).
PART_NAMES = {"preamble": "前言", "cover": "印发通知"}


def path_label(path) -> str:
    """一、（二）3. for a clause path; 前言 for the preamble; the cells of an
    annex's table kept apart (附件2 › 规范监管（25分） › 完善监管（15分） › 11)."""
    parts = [PART_NAMES.get(part, part) for part in path or ()]
    return (" › " if annex_table_row(parts) else "").join(parts)


def lineage_graph(lineage: dict) -> dict:
    """{"width", "height", "nodes": [...], "edges": [...]} for the SVG."""
    rows: dict[int, list[dict]] = {0: [dict(lineage["clause"], depth=0, focus=True)]}
    for item in lineage["ancestors"]:
        rows.setdefault(-item["depth"], []).append(dict(item, focus=False))
    for item in lineage["descendants"]:
        rows.setdefault(item["depth"], []).append(dict(item, focus=False))
    lines = [rows[depth][i:i + PER_ROW] for depth in sorted(rows)
             for i in range(0, len(rows[depth]), PER_ROW)]
    widest = max(len(r) for r in lines)
    width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X
    positions: dict[str, tuple[float, float]] = {}
    nodes = []
    for row_index, row in enumerate(lines):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - row_width) / 2
        y = MARGIN + row_index * (BOX_H + GAP_Y)
        for i, item in enumerate(row):
            x = x0 + i * (BOX_W + GAP_X)
            positions[item["clause_id"]] = (x, y)
            nodes.append({
                "clause_id": item["clause_id"], "x": x, "y": y, "w": BOX_W, "h": BOX_H,
                "focus": item["focus"],
                "line1": f"{level_name(item.get('level'))} · "
                         f"{item.get('doc_no') or _cut(item.get('title') or '', 15)}",
                "line2": _cut(f"{path_label(item.get('path'))} {item.get('heading') or ''}", 17),
                "title": f"{item.get('title') or ''} {path_label(item.get('path'))}"})
    edges = []
    for item in lineage["ancestors"]:   # item is the parent of item["via"]
        edges.append(_edge(positions, item["clause_id"], item["via"], item))
    for item in lineage["descendants"]:   # item is a child of item["via"]
        edges.append(_edge(positions, item["via"], item["clause_id"], item))
    height = 2 * MARGIN + len(lines) * BOX_H + (len(lines) - 1) * GAP_Y
    return {"width": width, "height": height, "nodes": nodes,
            "edges": [e for e in edges if e]}


def _edge(positions, parent: str, child: str, item: dict) -> dict | None:
    if parent not in positions or child not in positions:
        return None
    (px, py), (cx, cy) = positions[parent], positions[child]
    x1, y1 = px + BOX_W / 2, py + BOX_H
    x2, y2 = cx + BOX_W / 2, cy
    # The score just below the parent: an arrow from a wrapped row passes
    # behind the boxes of the row under it, whose gap the label stays in.
    lx, ly = x1 + (x2 - x1) * LABEL_AT, y1 + min(GAP_Y / 2, (y2 - y1) * LABEL_AT)
    return {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "score": f"{item['score']:.2f}",
            "method": item["method"], "lx": lx + 4, "ly": ly + 4}


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"
