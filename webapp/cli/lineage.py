"""Lineage commands: a clause's family, a document's coverage, a diff."""

from __future__ import annotations

import click

from indexer.lineage import (
    clause_lineage,
    describe_evidence,
    diff_clauses,
    document_coverage,
    render_diff,
)

from ..exports import coverage_tables, lineage_tables
from .commands import _found, _print_json, _reader, main
from .output import exportable, write_export


@main.command()
@click.argument("clause_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@exportable
@click.pass_context
def lineage(ctx: click.Context, clause_id: str, as_json: bool, fmt, output) -> None:
    """A clause's parents and children, ancestors and descendants."""
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
    click.echo(f"{c['clause_id']}  {c['title']} {''.join(c['path'])} {c['heading']}")
    for name, key in (("上级条款（祖先）", "ancestors"), ("下级条款（后代）", "descendants")):
        click.echo(f"\n{name}：{len(result[key])}")
        for item in result[key]:
            click.echo(f"{'  ' * item['depth']}{item['score']:.2f} {item['method']:<8} "
                       f"{item['clause_id']}  [{item['level']}] {item['title']} "
                       f"{''.join(item['path'])} {item['heading']}")
    for name, key in (("直接上级", "parents"), ("直接下级", "children")):
        for link in result[key]:
            click.echo(f"\n{name} {link['clause_id']}：" + "；".join(describe_evidence(link)))


@main.command()
@click.argument("parent_doc")
@click.option("--child", "child_doc", help="Only this child document.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@exportable
@click.pass_context
def coverage(ctx: click.Context, parent_doc: str, child_doc: str | None, as_json: bool,
             fmt, output) -> None:
    """Which clauses of a document its child documents implement, and which not."""
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
        click.echo(f"\n{child['doc_id']}  {child['title']}: "
                   f"{child['implemented']}/{child['of']} 条落实")
        for clause_id in child["missing"]:
            row = labels[clause_id]
            click.echo(f"  未落实  {clause_id}  {''.join(row['path'])} {row['heading']}")
    for child in result["unlinked"]:   # cites the parent, implements none of its clauses
        click.echo(f"\n{child['doc_id']}  {child['title']}: 无条款级关联")


@main.command()
@click.argument("child_id")
@click.argument("parent_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def diff(ctx: click.Context, child_id: str, parent_id: str, as_json: bool) -> None:
    """Character diff of a child clause against a parent: [-parent-]{+child+}."""
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


