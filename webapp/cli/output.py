"""What several commands print the same way: a table written as a workbook
or a CSV file (``webapp.exports``, the tables the web page downloads), a
table aligned in a terminal, and a progress bar."""

from __future__ import annotations

import re
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import click

from ..exports import FORMATS, Table, export


def exportable(command):
    """Add ``--format xlsx|csv`` and ``--output FILE`` to a command."""
    command = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
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


def width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide and full-width
    characters count two (Unicode's East Asian Width, W and F)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cut(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` terminal columns, an ellipsis marking the cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        if used + width(ch) > columns - 1:
            break
        out.append(ch)
        used += width(ch)
    return "".join(out) + "…"


def echo_table(header: list[str], rows: list[list[str]], limits: dict[int, int] | None = None
               ) -> None:
    """Print rows under a header in aligned columns (wide characters counted
    as two), column i cut to ``limits[i]`` columns; the last column is not
    padded."""
    limits = limits or {}
    cells = [[cut(str(v), limits[i]) if i in limits else str(v) for i, v in enumerate(row)]
             for row in [header, *rows]]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        line = "  ".join(v + " " * (widths[i] - width(v)) if i < len(row) - 1 else v
                         for i, v in enumerate(row))
        click.echo(click.style(line, bold=True) if n == 0 else line)


@contextmanager
def progress_bar(label: str, unit: str = " 份文件"):
    """A ``step(done, total)`` callback drawing a progress bar on stderr
    when it is a terminal (None otherwise: scripts and pipes get no bar)."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bars: list = []

    def step(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc=label, unit=unit, file=sys.stderr, ncols=80))
        bars[0].update(done - bars[0].n)
    try:
        yield step
    finally:
        for bar in bars:
            bar.close()
