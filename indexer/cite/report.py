"""A draft check's report in Chinese: for a terminal, and as the note on
each finding (a Word comment, a row of the .docx report)."""

from __future__ import annotations

from dataclasses import dataclass

from ..lineage import render_diff

STATUS_NAMES = {"verified": "一致", "altered": "有改动", "not_found": "未找到",
                "resolved": "已找到", "unknown": "库中没有", "mismatch": "不符",
                "uncited": "未加引号"}


def render_report(report: dict) -> str:
    """The report for a terminal, in Chinese."""
    lines = [summary_line(report)]
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


@dataclass(frozen=True)
class Note:
    """What to tell the drafter about one finding at draft[start:end]."""

    start: int
    end: int
    kind: str      # quote, reference, passage
    status: str    # verified, altered, not_found; unknown, mismatch; uncited
    text: str


def summary_line(report: dict) -> str:
    s = report["summary"]
    return (f"引文 {s['quotes']} 处：一致 {s['verified']}，有改动 {s['altered']}，"
            f"未找到 {s['not_found']}；引用文件 {s['references']} 处，其中 {s['unresolved']} 处"
            f"未能确认；未加引号的原文 {s['passages']} 处。")


def finding_notes(report: dict) -> list[Note]:
    """A note on each quotation, on each reference that does not resolve
    and on each copied passage without quotation marks, in draft order."""
    notes = [Note(q["start"], q["end"], "quote", q["status"], _quote_note(q))
             for q in report["quotes"]]
    for r in report["references"]:
        if r["status"] != "resolved":
            name = f"《{r['title']}》" if r["title"] else (r["doc_no"] or "")
            notes.append(Note(r["start"], r["end"], "reference", r["status"],
                              f"{STATUS_NAMES[r['status']]}：{r['detail'] or name + '不在知识库中'}"))
    notes += [Note(p["start"], p["end"], "passage", "uncited",
                   f"未加引号的原文（{p['length']} 字）：照录原文应加引号并注明出处。"
                   f"出处：{p['source']['citation']}") for p in report["passages"]]
    return sorted(notes, key=lambda n: (n.start, n.end))


def _quote_note(q: dict) -> str:
    if q["status"] == "verified":
        also = f"。相同文字也见于：{'；'.join(a['citation'] for a in q['also'])}" if q["also"] else ""
        return f"引文一致。应引：{q['source']['citation']}{also}"
    if q["status"] == "altered":
        return (f"引文与原文不一致。改动（[-原文-]{{+引文+}}）：{render_diff(q['diff'])}。"
                f"原文：“{q['source_text']}”。应引：{q['source']['citation']}")
    return "库中未找到这段引文：请核对出处，或先将出处文件入库。"
