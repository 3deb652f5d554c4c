"""Lineage commands: a clause's family, a document's coverage, a diff."""

from __future__ import annotations

import click

from corpus.vocabulary import level_name
from indexer.lineage import (
    LINK_METHODS,
    clause_lineage,
    describe_evidence,
    diff_clauses,
    document_coverage,
    render_diff,
)

from ..exports import coverage_tables, lineage_tables
from ..graph import path_label
from .commands import _found, _print_json, _reader, main
from .output import exportable, write_export


@main.command()
@click.argument("clause_id", metavar="条款编号")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@exportable
@click.pass_context
def lineage(ctx: click.Context, clause_id: str, as_json: bool, fmt, output) -> None:
    """一条条款的沿革：直接上下级及其依据，上溯到顶、下至末级。"""
    with _reader(ctx) as store:
        result = _found(clause_lineage, store, clause_id)
    if fmt:
        c = result["clause"]
        write_export(lineage_tables(result), fmt, output, f"条款沿革-{c['title'][:24]}{c['label']}")
        return
    if as_json:
        _print_json(result)
        return
    c = result["clause"]
    click.echo(f"{c['clause_id']}  {c['title']} {path_label(c['path'])} {c['heading']}")
    for name, key in (("上级条款（逐级上溯）", "ancestors"), ("下级条款（逐级下延）", "descendants")):
        click.echo(f"\n{name}：{len(result[key])} 条")
        for item in result[key]:
            level = level_name(item["level"])
            click.echo(f"{'  ' * item['depth']}{item['score']:.2f}  "
                       f"{LINK_METHODS.get(item['method'], item['method'])}  {item['clause_id']}  "
                       f"{level} {item['title']} {path_label(item['path'])} {item['heading']}")
    for name, key in (("直接上级", "parents"), ("直接下级", "children")):
        for link in result[key]:
            click.echo(f"\n{name} {link['clause_id']}：" + "；".join(describe_evidence(link)))


@main.command()
@click.argument("parent_doc", metavar="上级文件编号")
@click.option("--child", "child_doc", help="只看这份下级文件（文件编号）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@exportable
@click.pass_context
def coverage(ctx: click.Context, parent_doc: str, child_doc: str | None, as_json: bool,
             fmt, output) -> None:
    """落实情况：上级文件的各条款在各下级文件中是否有条款承接。"""
    with _reader(ctx) as store:
        result = _found(document_coverage, store, parent_doc, child_doc)
    if fmt:
        write_export(coverage_tables(result), fmt, output, f"落实情况-{result['title'][:30]}")
        return
    if as_json:
        _print_json(result)
        return
    click.echo(result["title"])
    labels = {r["clause_id"]: r for r in result["clauses"]}
    for child in result["children"]:
        click.echo(f"\n{child['doc_id']}  {child['title']}：落实 "
                   f"{child['implemented']}/{child['of']} 条，{len(child['missing'])} 条未见落实")
        for clause_id in child["missing"]:
            row = labels[clause_id]
            click.echo(f"  未见落实  {clause_id}  {path_label(row['path'])} {row['heading']}")
    for child in result["unlinked"]:   # cites the parent, implements none of its clauses
        click.echo(f"\n{child['doc_id']}  {child['title']}：无条款级关联（引用了本文件，"
                   "但没有条款与之对应）")


@main.command()
@click.argument("child_id", metavar="下级条款编号")
@click.argument("parent_id", metavar="上级条款编号")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_context
def diff(ctx: click.Context, child_id: str, parent_id: str, as_json: bool) -> None:
    """逐字对照下级条款与上级条款：[-上级删去-]{+下级新增+}。"""
    with _reader(ctx) as store:
        result = _found(diff_clauses, store, child_id, parent_id)
    if as_json:
        _print_json(result)
        return
    click.echo(f"{child_id} ← {parent_id}  相同 {result['similarity']:.0%}")
    for name, label in (("heading", "标题"), ("text", "正文"), ("responsible_units", "责任单位")):
        ops = result["fields"][name]
        if any(op["parent"] or op["child"] for op in ops):
            click.echo(f"{label}：{render_diff(ops)}")


