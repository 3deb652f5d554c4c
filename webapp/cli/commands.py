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

from corpus import Store, document_record
from corpus.store import StoreError
from corpus.vocabulary import LEVEL_NAMES
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
from indexer.listing import SORTS, list_documents
from indexer.search import (
    SearchService,
    rebuild_search_index,
    search_clauses,
    search_index_pending,
    sync_search_index,
)
from indexer.update import (
    migrate_knowledge_base,
    prepare_knowledge_base,
    stale_files,
    update_knowledge_base,
    writing,
)

from ..exports import search_tables
from .output import echo_table, exportable, write_export

DEFAULT_HOME = "~/.policykb"
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
    click.echo("等待另一个写入完成…（waiting for another writer to finish）", err=True)


def _writing(ctx: click.Context):
    """The data directory's write lock, saying so when it must wait."""
    return writing(_home(ctx), on_wait=_waiting)


def _found(verb, *args, **kwargs):
    """A library verb's answer; an unknown id is a clear CLI error."""
    try:
        return verb(*args, **kwargs)
    except PolicyKBError as exc:
        raise click.ClickException(exc.message) from exc


def _print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.group()
@click.option("--home", envvar="POLICYKB_HOME", default=DEFAULT_HOME, show_default=True,
              help="Data directory (or env POLICYKB_HOME).")
@click.pass_context
def main(ctx: click.Context, home: str) -> None:
    """PolicyKB: Chinese policy documents, clause by clause."""
    ctx.obj = {"home": home}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print each file's result as JSON.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Ingest files and folders; with no PATH, the bundled sample corpus."""
    bar = None
    if sys.stderr.isatty() and not as_json:
        from tqdm import tqdm
        bar = tqdm(unit=" files", file=sys.stderr)

    def report(result) -> None:
        if bar is not None:
            bar.update(1)
        if as_json:
            return
        if result.status == "error":
            click.echo(f"error      {result.message}", err=True)
        elif result.status != "unchanged" or bar is None:
            detail = "; ".join(filter(None, [
                f"{len(result.documents)} document(s), {result.clauses} clauses"
                if result.documents else "", result.message]))
            line = f"{result.status:<10} {result.path}" + (f"  {detail}" if detail else "")
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
        tally = {s: sum(r.status == s for r in results)
                 for s in ("added", "updated", "unchanged", "skipped", "error")}
        click.echo(", ".join(f"{n} {s}" for s, n in tally.items() if n) +
                   f"; store holds {counts['documents']} documents, {counts['clauses']} clauses")
    if any(r.status == "error" for r in results):
        ctx.exit(1)


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
def docs(ctx: click.Context, level, region, issuer, year, doc_type, sort: str, asc: bool,
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
               [[r["id"], r["date"] or "—", LEVEL_NAMES.get(r["level"] or "", "未定"),
                 r["doc_no"] or "（无文号）", r["title"],
                 "；".join(p["title"] for p in r["parent_documents"]) or "—"]
                for r in listing["documents"]], {3: 26, 4: 44, 5: 30})
    shown = f"{listing['total']} / {listing['of']}" if listing["filters"] else listing["total"]
    click.echo(f"共 {shown} 件", err=True)


@main.command()
@click.option("--doc", "doc_id", help="Only the clauses of this document.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def clauses(ctx: click.Context, doc_id: str | None, as_json: bool) -> None:
    """List clauses, of one document or of all."""
    with _reader(ctx) as store:
        if doc_id and store.document(doc_id) is None:
            raise click.ClickException(f"没有找到：文件 {doc_id}")
        items = [c.to_json() for c in store.clauses(doc_id)]
    if as_json:
        _print_json(items)
        return
    for c in items:
        click.echo(f"{c['id']}  {'/'.join(c['path'])}  {c['heading'] or c['text'][:40]}")


@main.command()
@click.argument("doc_id")
@click.pass_context
def show(ctx: click.Context, doc_id: str) -> None:
    """Show a document's metadata and outline."""
    with _reader(ctx) as store:
        record = document_record(store, doc_id)
    if record is None:
        raise click.ClickException(f"没有找到：文件 {doc_id}")
    click.echo(record["title"])
    for key, name in (("doc_no", "文号"), ("issuer", "发文机关"), ("date", "成文日期"),
                      ("doc_type", "文种"), ("level", "层级"), ("region", "地区")):
        mark = " [人工核定]" if key in record["curated"] else ""
        click.echo(f"  {name}: {record[key] or '—'}{mark}")
    for flag in record["flags"]:
        click.echo(f"  ⚠ {flag['kind']}: {flag['detail'][:60]}")
    click.echo("")
    for clause in record["clauses"]:
        depth = len(clause["path"]) - 1
        head = clause["heading"] or clause["text"][:50].replace("\n", " ")
        warn = " ⚠" if clause["flags"] else ""
        click.echo(f"{'  ' * depth}{clause['label'] or '·'} {head}{warn}")


@main.command()
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from the store.")
@click.pass_context
def index(ctx: click.Context, rebuild: bool) -> None:
    """Bring the search index in line with the store (or rebuild it)."""
    with _store(ctx) as store, _writing(ctx):
        if rebuild:
            rebuild_search_index(_home(ctx), store)
            click.echo("rebuilt")
        else:
            done = sync_search_index(_home(ctx), store)
            click.echo("rebuilt" if done["rebuilt"] else
                       f"{done['updated']} documents updated, {done['removed']} removed")


@main.command()
@click.argument("query")
@click.option("--level", help="national / provincial / city / county (or 国家/省级/市级/县级)")
@click.option("--region", help="a region name, e.g. 山西省 or 运城市 (its counties too)")
@click.option("--doc", "doc", help="a document id")
@click.option("--issuer", help="the issuer, exactly")
@click.option("--year", help="the year of the document, e.g. 2024")
@click.option("--type", "doc_type", help="the document type, e.g. 意见, 实施方案")
@click.option("--unit", help="a responsible unit, exactly")
@click.option("--limit", default=10, show_default=True, help="hits per page (1–100)")
@click.option("--page", default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@exportable
@click.pass_context
def search(ctx: click.Context, query: str, as_json: bool, fmt, output, **options) -> None:
    """Search clauses: words are ANDed; OR, NOT, "phrases", field:value."""
    with _reader(ctx) as store:
        pending = search_index_pending(_home(ctx), store)
    if pending:
        click.echo(f"注意：检索索引落后文件库 {pending} 个文件；运行 policykb index 更新", err=True)
    try:
        result = search_clauses(SearchService(_home(ctx)), query, **options)
    except QuerySyntaxError as exc:
        raise click.UsageError(exc.message) from exc
    except PolicyKBError as exc:
        raise click.ClickException(exc.message) from exc
    if fmt:
        write_export(search_tables(result.to_json()), fmt, output, f"检索结果-{query[:20]}")
        return
    if as_json:
        _print_json(result.to_json())
        return
    click.echo(f"{result.total} 条结果（第 {result.page}/{result.pages} 页）  {result.parsed}")
    for hit in result.hits:
        click.echo(f"\n{hit.score:7.2f}  {hit.clause_id}  {hit.title} {''.join(hit.path)} "
                   f"{hit.heading}")
        click.echo("         " + _marked(hit.snippet, hit.highlights))


@main.command()
@click.pass_context
def link(ctx: click.Context) -> None:
    """Bring the lineage links in line with the store (ingest does this too)."""
    with _store(ctx) as store, _writing(ctx):
        report = link_documents(store)
    click.echo(f"{report.documents} documents linked, {report.removed} removed; "
               f"{report.clause_links} clause links, {report.document_links} document links")


@main.command()
@click.argument("clause_id")
@click.option("--style", type=click.Choice(STYLES), default="gongwen", show_default=True)
@click.option("--doc", "whole", is_flag=True, help="CLAUSE_ID is a document id: cite it whole.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def cite(ctx: click.Context, clause_id: str, style: str, whole: bool, as_json: bool) -> None:
    """A citation of a clause (or, with --doc, of a document)."""
    with _reader(ctx) as store:
        citation = _found(cite_document if whole else cite_clause, store, clause_id, style)
    if as_json:
        _print_json(citation.to_json())
    else:
        click.echo(citation.text)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--annotate", "annotated", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the .docx draft with a Word comment on each finding to this file.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as a .docx to this file.")
@click.pass_context
def check(ctx: click.Context, path: Path, as_json: bool, annotated: Path | None,
          report_path: Path | None) -> None:
    """Check a draft (.txt, .md or .docx): quotations, references, copied passages.

    Exit status: 0 when every quotation is verified and every cited document
    found; 3 when any quotation is altered or not found or a reference does
    not resolve (for scripts); 1 on an error (a file that cannot be read)."""
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
            click.echo(f"已写入批注版：{annotated}（{made.comments} 条批注）", err=True)
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
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=int, help="gunicorn workers (default: one per core)")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int | None) -> None:
    """Run the web app under gunicorn; the first start ingests the bundled corpus."""
    home = _home(ctx)
    with _store(ctx) as store, _writing(ctx):
        if not store.counts()["documents"]:
            click.echo("首次启动：导入内置样本文件…", err=True)
        prepare_knowledge_base(home, store)
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

