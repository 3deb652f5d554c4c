"""Document commands: the list (``docs``), a document (``show``) and the
clauses (``clauses``), in Chinese, in aligned columns."""

from __future__ import annotations

import click

from corpus import document_record
from corpus.catalog import flag_groups
from corpus.models import FLAG_KINDS
from corpus.vocabulary import level_name
from indexer.listing import SORTS, list_documents

from ..graph import path_label
from .commands import _found, _print_json, _reader, main
from .output import echo_table

#: How ``show`` marks a flag: a warning to act on, a notice of a repair made.
SEVERITY_MARKS = {"warning": "⚠", "notice": "ℹ"}
#: What a clause kind reads as where it has no outline label.
KIND_NAMES = {"cover": "印发通知", "preamble": "前言", "annex": "附件", "clause": "条款"}


@main.command()
@click.option("--level", help="层级：国家、省级、市级、县级")
@click.option("--region", help="地区（含其下辖地区的文件），如 山西省")
@click.option("--issuer", help="发文机关（包含这些字即可）")
@click.option("--year", help="年份，如 2024")
@click.option("--type", "doc_type", help="文种，如 实施方案")
@click.option("--sort", type=click.Choice(sorted(SORTS)), default="date", show_default=True,
              help="排序")
@click.option("--asc/--desc", default=None,
              help="升序或降序（默认：日期、条款数降序，层级、标题、发文机关升序）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_context
def docs(ctx: click.Context, level, region, issuer, year, doc_type, sort: str, asc,
         as_json: bool) -> None:
    """列出文件，可按层级、地区、发文机关、年份、文种筛选。"""
    with _reader(ctx) as store:
        listing = _found(list_documents, store, level=level, region=region, issuer=issuer,
                         year=year, doc_type=doc_type, sort=sort,
                         descending=None if asc is None else not asc)
    if as_json:
        _print_json(listing["documents"])
        return
    echo_table(["编号", "日期", "层级", "文号", "标题", "上级文件"],
               [[r["id"], r["date"] or "—", level_name(r["level"]),
                 r["doc_no"] or "（无文号）", r["title"],
                 "；".join(p["title"] for p in r["parent_documents"]) or "—"]
                for r in listing["documents"]], {3: 26, 4: 44, 5: 30})
    shown = f"{listing['total']} / {listing['of']}" if listing["filters"] else listing["total"]
    click.echo(f"共 {shown} 件", err=True)


@main.command()
@click.option("--doc", "doc_id", help="只列这份文件的条款（文件编号）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_context
def clauses(ctx: click.Context, doc_id: str | None, as_json: bool) -> None:
    """列出条款：一份文件的，或全部的。"""
    with _reader(ctx) as store:
        if doc_id and store.document(doc_id) is None:
            raise click.ClickException(f"没有找到：文件 {doc_id}")
        items = [c.to_json() for c in store.clauses(doc_id)]
    if as_json:
        _print_json(items)
        return
    echo_table(["条款编号", "位置", "标题或正文开头"],
               [[c["id"], path_label(c["path"]) if c["label"] else KIND_NAMES.get(
                   c["kind"], c["kind"]), c["heading"] or c["text"][:40].replace("\n", " ")]
                for c in items], {1: 30, 2: 60})


@main.command()
@click.argument("doc_id", metavar="文件编号")
@click.pass_context
def show(ctx: click.Context, doc_id: str) -> None:
    """显示一份文件：元数据、完整性警示和提示、正文结构（含条款编号）。"""
    with _reader(ctx) as store:
        record = document_record(store, doc_id)
    if record is None:
        raise click.ClickException(f"没有找到：文件 {doc_id}")
    click.echo(click.style(record["title"], bold=True))
    fields = [("doc_no", "文号"), ("issuer", "发文机关"), ("date", "成文日期"),
              ("doc_type", "文种"), ("level", "层级"), ("region", "地区")]
    for key, name in fields:
        value = level_name(record[key]) if key == "level" else record[key]
        source = record["sources"].get(key)
        note = (" [人工核定]" if key in record["curated"] else f"（据{source}）" if value and source
                else "（原文未载）" if key == "doc_no" and not value else "")
        click.echo(f"  {name}：{value or '—'}{note}")
    for group in flag_groups(record):
        count = f"（{group['count']} 处）" if group["count"] > 1 else ""
        details = f"：{'；'.join(d[:40] for d in group['details'])}" if group["details"] else ""
        where = "；见 " + " / ".join(path_label(c["path"]) for c in group["clauses"][:8]) \
            if group["clauses"] else ""
        click.echo(f"  {SEVERITY_MARKS[group['severity']]} {group['meaning']}{count}"
                   f"{details}{where}")
    click.echo("")
    for clause in record["clauses"]:
        depth = len(clause["path"]) - 1
        label = clause["label"] or KIND_NAMES.get(clause["kind"], "·")
        head = clause["heading"] or clause["text"][:40].replace("\n", " ")
        warned = any(FLAG_KINDS.get(f["kind"], ("",))[0] == "warning" for f in clause["flags"])
        click.echo(f"{'  ' * depth}{label} {head}{' ⚠' if warned else ''}  "
                   + click.style(clause["id"], dim=True))
