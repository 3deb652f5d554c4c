"""The ``policykb`` command: a thin click layer, one library verb a command.

Read commands (docs, clauses, show, search, lineage, coverage, diff, cite,
check) open the store for reading and write nothing; when the index or the
lineage links are behind the store they say so on stderr, with the command
that brings them up to date. Write commands (ingest, index, link, serve)
take the data directory's write lock. Flask is imported only to serve.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from corpus import Store
from corpus.store import StoreError
from corpus.vocabulary import level_name
from indexer.cite import (
    STYLES,
    check_draft,
    cite_clause,
    cite_document,
    comment_docx,
    read_draft,
    render_report,
    report_docx,
)
from indexer.errors import PolicyKBError, QuerySyntaxError
from indexer.lineage import lineage_pending, link_documents
from indexer.search import (
    SearchService,
    rebuild_search_index,
    search_clauses,
    search_index_pending,
    sync_search_index,
)
from indexer.search.query import FILTER_FIELDS, field_label, field_name
from indexer.update import (
    migrate_knowledge_base,
    prepare_knowledge_base,
    stale_files,
    update_knowledge_base,
    writing,
)

from ..exports import search_tables
from ..graph import path_label
from . import zh
from .output import exportable, progress_bar, write_export

DEFAULT_HOME = "~/.policykb"
#: What ingest says of each file.
FILE_STATUS = {"added": "新增", "updated": "更新", "unchanged": "未变", "skipped": "跳过",
               "error": "出错"}
CHECK_PROBLEMS = 3   # policykb check's exit status when the draft has something to fix


def _home(ctx: click.Context) -> Path:
    return Path(os.path.expanduser(ctx.obj["home"]))


def _store(ctx: click.Context) -> Store:
    """The store for a write command, migrated on the first run of a new
    version (under the write lock)."""
    try:
        store = Store(_home(ctx))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    done = migrate_knowledge_base(_home(ctx), store)
    if done:
        click.echo(f"文件库已按新版本重建：{len(done['files'])} 个文件", err=True)
    return store


def _reader(ctx: click.Context) -> Store:
    """The store for a read command: nothing written; what is out of date
    is said on stderr."""
    try:
        store = Store.reader(_home(ctx))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    stale = stale_files(store)
    if stale:
        click.echo(f"注意：{stale} 个文件由旧版本导入；运行 policykb ingest 更新", err=True)
    return store


def _waiting() -> None:
    click.echo("等待另一个写入完成…", err=True)


def _writing(ctx: click.Context):
    """The data directory's write lock, saying so when it must wait."""
    return writing(_home(ctx), on_wait=_waiting)


class QueryError(click.ClickException):
    """A query that cannot be read: its message, exit status 2 (as a usage
    error) without click's usage lines."""

    exit_code = 2


def _found(verb, *args, **kwargs):
    """A library verb's answer; an unknown id is a clear CLI error."""
    try:
        return verb(*args, **kwargs)
    except PolicyKBError as exc:
        raise click.ClickException(exc.message) from exc


def _print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


zh.install()


@click.group(cls=zh.Group)
@click.option("--home", envvar="POLICYKB_HOME", default=DEFAULT_HOME, show_default=True,
              help="数据目录（也可用环境变量 POLICYKB_HOME）")
@click.pass_context
def main(ctx: click.Context, home: str) -> None:
    """PolicyKB 政策条款知识库：检索条款，追溯上下级沿革，核对引文。"""
    ctx.obj = {"home": home}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]...")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出每个文件的结果")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """导入文件和文件夹；不给路径则导入内置样本文件。"""
    bar = None
    if sys.stderr.isatty() and not as_json:
        from tqdm import tqdm
        bar = tqdm(unit=" 个文件", file=sys.stderr, desc="导入")

    def report(result) -> None:
        if bar is not None:
            bar.update(1)
        if as_json:
            return
        if result.status == "error":
            click.echo(f"出错  {result.message}", err=True)
        elif result.status != "unchanged" or bar is None:
            detail = "；".join(filter(None, [
                f"{len(result.documents)} 份文件，{result.clauses} 条" if result.documents
                else "", result.message]))
            line = f"{FILE_STATUS[result.status]}  {result.path}" + (f"  {detail}" if detail else "")
            (bar.write(line) if bar is not None else click.echo(line))

    with _store(ctx) as store:
        done = update_knowledge_base(_home(ctx), store, paths, on_file=report,
                                     on_wait=_waiting)
    results, counts = done["files"], done["store"]
    if bar is not None:
        bar.close()
    if as_json:
        _print_json({"files": [r.__dict__ | {"documents": list(r.documents),
                                             "replaced": list(r.replaced)} for r in results],
                     "store": counts, "index": done["index"], "lineage": done["lineage"]})
    else:
        tally = {s: sum(r.status == s for r in results) for s in FILE_STATUS}
        click.echo("，".join(f"{FILE_STATUS[s]} {n}" for s, n in tally.items() if n) +
                   f"；文件库现有 {counts['documents']} 份文件、{counts['clauses']} 条条款")
    if any(r.status == "error" for r in results):
        ctx.exit(1)


@main.command()
@click.option("--rebuild", is_flag=True, help="从文件库重建整个检索索引")
@click.pass_context
def index(ctx: click.Context, rebuild: bool) -> None:
    """使检索索引与文件库一致（导入时已自动进行），或重建索引。"""
    with _store(ctx) as store, _writing(ctx), progress_bar("索引") as step:
        done = (rebuild_search_index(_home(ctx), store, step) if rebuild
                else sync_search_index(_home(ctx), store, step))
    click.echo("已重建检索索引" if done["rebuilt"] else
               f"已更新 {done['updated']} 份文件，移除 {done['removed']} 份")


@main.command()
@click.argument("query", metavar="检索词")
@click.option("--level", help="层级：国家、省级、市级、县级（或 national 等）")
@click.option("--region", help="地区，如 山西省、运城市（含其下辖县市）")
@click.option("--doc", "doc", help="只在这份文件中检索（文件编号）")
@click.option("--issuer", help="发文机关（全称）")
@click.option("--year", help="年份，如 2024")
@click.option("--type", "doc_type", help="文种，如 意见、实施方案")
@click.option("--unit", help="责任单位（全称）")
@click.option("--limit", default=10, show_default=True, help="每页条数（1–100）")
@click.option("--page", default=1, show_default=True, help="第几页")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance",
              show_default=True, help="按相关度或按日期（新在前）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@exportable
@click.pass_context
def search(ctx: click.Context, query: str, as_json: bool, fmt, output, **options) -> None:
    """检索条款：词之间为“且”，可用 OR、NOT、括号、"短语"、字段:值（如 层级:县级）。"""
    with _reader(ctx) as store:
        pending = search_index_pending(_home(ctx), store)
    if pending:
        click.echo(f"注意：检索索引落后文件库 {pending} 个文件；运行 policykb index 更新", err=True)
    try:
        result = search_clauses(SearchService(_home(ctx)), query, **options)
    except QuerySyntaxError as exc:   # exit status 2, as click's usage errors; no usage lines
        raise QueryError(exc.message) from exc
    except PolicyKBError as exc:
        raise click.ClickException(exc.message) from exc
    if fmt:
        write_export(search_tables(result.to_json()), fmt, output, f"检索结果-{query[:20]}")
        return
    if as_json:
        _print_json(result.to_json())
        return
    active = [f"{field_label(k)}={v}" for k, v in options.items()
              if v and field_name(k) in FILTER_FIELDS]
    click.echo(f"{result.total} 条结果（第 {result.page}/{result.pages} 页）"
               + (f"  筛选：{'，'.join(active)}" if active else ""))
    for hit in result.hits:
        if hit.same_as:   # said under the hit it repeats
            continue
        click.echo(f"\n{hit.score:7.2f}  {hit.clause_id}  [{level_name(hit.level)}] "
                   f"{hit.title} {path_label(hit.path)} {hit.heading}")
        click.echo("         " + _marked(hit.snippet, hit.highlights))
        if hit.same:
            click.echo(f"         另有 {len(hit.same)} 处相同：" + "；".join(
                f"{s['clause_id']} {s['title']}" for s in hit.same))
    if result.hits:
        click.echo("")
    for name in ("level", "region", "doc_type"):   # the facets a reader narrows by first
        entries = result.facets.get(name) or []
        if entries:
            shown = [(level_name(f["value"]) if name == "level"
                      else f["value"], f["count"]) for f in entries[:8]]
            click.echo(f"{field_label(name)}：" + "  ".join(f"{v} {n}" for v, n in shown))


@main.command()
@click.pass_context
def link(ctx: click.Context) -> None:
    """使条款沿革关联与文件库一致（导入时已自动进行）。"""
    with _store(ctx) as store, _writing(ctx), progress_bar("关联") as step:
        report = link_documents(store, step)
    click.echo(f"已关联 {report.documents} 份文件，移除 {report.removed} 份；"
               f"条款关联 {report.clause_links} 条，文件关联 {report.document_links} 条")


@main.command()
@click.argument("clause_id", metavar="编号")
@click.option("--style", type=click.Choice(STYLES), default="gongwen", show_default=True,
              help="引用格式：gongwen 公文，gbt7714 参考文献，markdown，plain 纯文本")
@click.option("--doc", "whole", is_flag=True, help="编号是文件编号：引用整份文件")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.pass_context
def cite(ctx: click.Context, clause_id: str, style: str, whole: bool, as_json: bool) -> None:
    """引用一条条款（加 --doc 则引用整份文件），含完整性提示。"""
    with _reader(ctx) as store:
        if not whole and store.clause(clause_id) is None and store.document(clause_id):
            raise click.ClickException(f"没有找到：条款 {clause_id}；它是文件编号，"
                                       "引用整份文件请加 --doc")
        citation = _found(cite_document if whole else cite_clause, store, clause_id, style)
    if as_json:
        _print_json(citation.to_json())
    else:
        click.echo(citation.text)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                metavar="文稿")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--annotate", "annotated", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="把 .docx 文稿加上逐处批注后写到这个文件")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="把核对报告写成 .docx 文件")
@click.pass_context
def check(ctx: click.Context, path: Path, as_json: bool, annotated: Path | None,
          report_path: Path | None) -> None:
    """核对文稿（.txt、.md、.docx）：引文、引用的文件、未加引号照录的原文。

    退出状态：0 引文全部一致、引用的文件全部找到；3 有引文改动或未找到、
    或引用的文件无法确认（供脚本判断）；1 出错（如文件无法读取）。"""
    draft = _found(read_draft, path)
    with _reader(ctx) as store:
        pending = lineage_pending(store)
        if pending:   # the checker looks quotations up in the fingerprints
            click.echo(f"注意：{pending} 个文件的指纹未更新；运行 policykb link 更新", err=True)
        report = _found(check_draft, store, draft)
        if annotated is not None:
            if path.suffix.lower() != ".docx":
                raise click.UsageError("--annotate 只用于 .docx 文稿")
            made = _found(comment_docx, store, path.read_bytes(), path.name)
            draft, report = made.text, made.report   # offsets in the text read from Word
            annotated.write_bytes(made.docx)
            click.echo(f"已写入批注版：{annotated}（{made.comments} 条批注"
                       + (f"，另有 {made.left_out} 处只在报告中" if made.left_out else "") + "）",
                       err=True)
    if report_path is not None:
        report_path.write_bytes(report_docx(report, draft, path.name))
        click.echo(f"已写入核对报告：{report_path}", err=True)
    if as_json:
        _print_json({k: v for k, v in report.items() if k != "segments"})
    else:
        click.echo(render_report(report))
    if report["summary"]["problems"]:
        ctx.exit(CHECK_PROBLEMS)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=int, help="端口")
@click.option("--workers", type=int, help="gunicorn 工作进程数（默认每核一个）")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int | None) -> None:
    """启动网页服务（gunicorn，前台运行，Ctrl+C 停止）；首次启动导入内置样本。"""
    home = _home(ctx)
    with _store(ctx) as store, _writing(ctx), progress_bar("关联") as step:
        if not store.counts()["documents"]:
            click.echo("首次启动：导入内置样本文件…", err=True)
        prepare_knowledge_base(home, store, step)
    from webapp.serve import serve_app
    click.echo(f"PolicyKB: http://{host}:{port}/", err=True)
    serve_app(str(home), host, port, workers)


def _marked(text: str, spans) -> str:
    """The snippet with its hits in 【】, for a terminal."""
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], "【", text[start:end], "】"]
        pos = end
    return ("".join(out) + text[pos:]).replace("\n", " ")

