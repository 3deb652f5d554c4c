"""What several commands print the same way: a table written as a workbook
or a CSV file (``webapp.exports``, the tables the web page downloads)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..exports import FORMATS, Table, export


def exportable(command):
    """Add ``--format xlsx|csv`` and ``--output FILE`` to a command."""
    command = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                           help="导出文件的路径（默认：当前目录下以内容命名）")(command)
    return click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)),
                        help="写成 Excel 工作簿（xlsx）或 CSV 文件，而不是打印")(command)


def write_export(tables: list[Table], fmt: str, output: Path | None, name: str) -> None:
    """Write ``tables`` as ``fmt`` to ``output`` (or ``name``.fmt here) and
    say where, with the rows written."""
    if output is None:
        output = Path(re.sub(r'[\\/:*?"<>|\s]+', "_", name)[:60] + f".{fmt}")
    try:
        output.write_bytes(export(tables, fmt))
    except OSError as exc:
        raise click.ClickException(f"无法写入 {output}：{exc.strerror}") from exc
    rows = sum(len(t.rows) for t in (tables[:1] if fmt == "csv" else tables))
    click.echo(f"已导出 {rows} 行：{output}", err=True)
