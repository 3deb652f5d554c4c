"""A draft check's report for a terminal, in Chinese."""

from __future__ import annotations

from ..lineage import render_diff

STATUS_NAMES = {"verified": "一致", "altered": "有改动", "not_found": "未找到",
                "resolved": "已找到", "unknown": "库中没有", "mismatch": "不符"}


def render_report(report: dict) -> str:
    """The report for a terminal, in Chinese."""
    s = report["summary"]
    lines = [(f"引文 {s['quotes']} 处：一致 {s['verified']}，有改动 {s['altered']}，"
             f"未找到 {s['not_found']}；引用文件 {s['references']} 处，其中 {s['unresolved']} 处"
             f"未能确认；未加引号的原文 {s['passages']} 处。")]
    for q in report["quotes"]:
        lines.append(f"\n[{STATUS_NAMES[q['status']]}] “{q['text'][:60]}”")
        if q["source"]:
            lines.append(f"  出处：{q['source']['citation']}")
        if q["status"] == "altered":
            lines.append(f"  改动：{render_diff(q['diff'])}")
    for r in report["references"]:
        name = f"《{r['title']}》" if r["title"] else ""
        lines.append(f"\n[{STATUS_NAMES[r['status']]}] {name}{r['doc_no'] or ''}"
                     f"{r['place'] or ''}" + (f"：{r['detail']}" if r["detail"] else ""))
    for p in report["passages"]:
        lines.append(f"\n[未加引号] {p['text'][:60]}…（{p['length']} 字）")
        lines.append(f"  出处：{p['source']['citation']}")
    return "\n".join(lines)
