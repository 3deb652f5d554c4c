"""``policykb ledger``: the task ledger (任务台账) in a terminal or a workbook."""

from __future__ import annotations

from functools import partial

import click

from indexer.ledger import DUE_WINDOWS, task_ledger

from ..exports import STATUS, ledger_tables
from .commands import _found, _print_json, _reader, main
from .output import exportable, write_export


@main.command()
@click.option("--unit", help="责任单位（其别名也算：市商务局 = 市工科局[市商务局]）")
@click.option("--region", help="地区，如 运城市（含其下属县市）")
@click.option("--level", help="层级：国家/省级/市级/县级")
@click.option("--doc", help="只看这份文件（文件编号）")
@click.option("--due", type=click.Choice(sorted(DUE_WINDOWS)),
              help="期限：" + "，".join(f"{k} {v}" for k, v in DUE_WINDOWS.items()))
@click.option("--today", help="以这一天判断逾期（YYYY-MM-DD；默认今天）")
@click.option("--json", "as_json", is_flag=True, help="打印 JSON")
@exportable
@click.pass_context
def ledger(ctx: click.Context, as_json: bool, fmt, output, today, **filters) -> None:
    """任务台账：各文件中有责任单位的任务，按期限排序。"""
    with _reader(ctx) as store:
        result = _found(partial(task_ledger, store, today=today, **filters))
    if fmt:
        unit = filters.get("unit")
        write_export(ledger_tables(result), fmt, output, f"任务台账-{unit}" if unit else "任务台账")
        return
    if as_json:
        _print_json(result)
        return
    click.echo(f"任务台账：{result['total']} 项（今天 {result['today']}；责任单位列第一位者为牵头单位）")
    for t in result["tasks"]:
        due = t["due"]
        when = due["date"] or due["text"] or "未写明期限"
        status = STATUS.get(due["status"], "")
        click.echo(f"\n{when}{'  ' + status if status else ''}  {t['clause_id']}")
        click.echo(f"  任务：{''.join(t['path'])} {t['heading'] or t['text'][:40]}  《{t['title']}》")
        click.echo(f"  牵头：{t['lead']}" + (f"  配合：{'、'.join(t['co_units'])}" if t["co_units"] else ""))
        if t["parent"]:
            p = t["parent"]
            click.echo(f"  落实：《{p['title']}》{''.join(p['path'])} {p['heading']}")
