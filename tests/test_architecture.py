"""The layout is the data flow: corpus → indexer/{search, lineage, cite} →
webapp, with no import running back up, SQL only in the store, short
modules, one jieba dictionary, and extension points that take one function,
one loader or one module."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.conftest import clause_ids

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("corpus", "indexer", "webapp")
MAX_LINES = 400
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET"
                 r"|CREATE\s+(TEMP\s+)?(TABLE|INDEX)|DROP\s+TABLE|PRAGMA)\b", re.IGNORECASE)


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imports(path: Path, name: str) -> set[str]:
    """Absolute names of the modules ``path`` (module ``name``) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out.add(module)
            out |= {f"{module}.{alias.name}" for alias in node.names}
    return out


def test_no_import_runs_back_up():
    order = {"corpus": 0, "indexer": 1, "webapp": 2}
    wrong = [(name, other) for path, name in modules() for other in imports(path, name)
             if other.split(".")[0] in order
             and order[other.split(".")[0]] > order[name.split(".")[0]]]
    assert wrong == []


def test_search_lineage_and_cite_meet_only_through_their_public_verbs():
    """indexer.cite may use indexer.lineage's package API, never its modules."""
    concerns = ("search", "lineage", "cite")
    wrong = []
    for path, name in modules():
        parts = name.split(".")
        if parts[0] != "indexer" or len(parts) < 3 or parts[1] not in concerns:
            continue
        for other in imports(path, name):
            o = other.split(".")
            # indexer.lineage.align_texts is the package's name; indexer.lineage.link.X is not.
            if o[0] == "indexer" and len(o) > 3 and o[1] in concerns and o[1] != parts[1]:
                wrong.append((name, other))
    assert wrong == []


def strings(path: Path):
    """The string literals of a module, docstrings left out (prose may name
    a PRAGMA; code may not run one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docs:
            yield node.value


def test_sql_is_spoken_only_by_the_store():
    speakers = sorted({name for path, name in modules()
                       if any(SQL.search(text) for text in strings(path))})
    assert speakers and all(name.startswith("corpus.store") for name in speakers), speakers


def test_no_module_is_over_400_lines():
    long = {name: n for path, name in modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_each_level_and_doc_no_pattern_is_written_once():
    """The vocabulary lives in corpus/vocabulary.py; nothing else spells the
    levels out or writes a 文号 pattern."""
    spelled = Counter()
    for path, name in modules():
        text = path.read_text(encoding="utf-8")
        if re.search(r'"national"\s*[:,]\s*(\d|"(provincial|国家)")', text):
            spelled[name] += 1
        if "〔\\d{4}〕" in text:
            spelled[name] += 1
    assert set(spelled) == {"corpus.vocabulary"}, spelled


def python_prints(code: str) -> str:
    """What a fresh interpreter prints running ``code`` in the repository."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout.strip()


def test_the_cli_imports_flask_only_to_serve():
    assert python_prints("import sys, webapp.cli\n"
                         "from click.testing import CliRunner\n"
                         "CliRunner().invoke(webapp.cli.main, ['--help'])\n"
                         "print('flask' in sys.modules)") == "False"


def test_one_jieba_dictionary_per_process():
    """Segmenting for search and word knowledge for repairs share one
    jieba.Tokenizer; jieba's own default one is never loaded."""
    assert python_prints(
        "import jieba\n"
        "from corpus.lexicon import segment, is_word, word_frequency\n"
        "from corpus import clean_text\n"
        "segment('市场监管总局推动平台流量扶农'); is_word('平台'); word_frequency('流量')\n"
        "clean_text('一、总体要求\\n推动平台经济规范健康持续发展。')\n"
        "print(jieba.dt.initialized)") == "False"


# -- extension points ----------------------------------------------------------------------

def test_a_citation_style_is_one_function_and_one_entry(store):
    from indexer.cite import STYLES, cite_clause, style

    @style("apa-like")
    def apa_like(source):
        m = source.doc.meta
        return f"{m.issuer}. ({m.date[:4]}). {m.title}. {source.place}"
    try:
        clause_id = clause_ids(store)["国市监网监发〔2024〕96号 五、（十三）"]
        doc = store.document(store.clause(clause_id).doc_id).meta
        citation = cite_clause(store, clause_id, "apa-like")
        assert citation.text == f"{doc.issuer}. ({doc.date[:4]}). {doc.title}. 第五部分第（十三）项"
        assert citation.style == "apa-like" and citation.warnings == []
        assert "apa-like" in STYLES
    finally:
        del STYLES["apa-like"]


def test_an_input_format_is_one_loader(tmp_path):
    """A reader and one Format: the file is read, cleaned and parsed."""
    from corpus import build_documents
    from corpus.formats import Extracted, Format, register_format, unregister_format
    from corpus.load import load_file

    def read_reversed(data: bytes) -> Extracted:
        return Extracted(text=data.decode("utf-8")[::-1], encoding="utf-8")

    register_format(Format("reversed", (".rev",), read_reversed, paragraphs=True))
    try:
        path = tmp_path / "notice.rev"
        path.write_text("关于测试的通知\n一、总体要求\n做好测试工作。\n"[::-1], encoding="utf-8")
        raw = load_file(path)
        assert raw.format == "reversed"
        docs = build_documents(raw)
        assert docs[0].meta.title == "关于测试的通知"
        assert [c.label for c in docs[0].clauses if c.label] == ["一、"]
    finally:
        unregister_format("reversed")


def test_a_search_backend_is_one_module(home):
    """A backend that scans the store, registered under a new name: the
    search verb, the neutral query and the results work through it."""
    from collections import Counter as Count

    from corpus import Store
    from indexer.search import BACKENDS, SearchService, register_backend, search_clauses
    from indexer.search.backends import Matches
    from indexer.search.query import And, Filter, Not, Or, Phrase, Term, phrase_pattern

    @register_backend("scan")
    class ScanBackend:
        paths = ("scan",)

        def __init__(self, home):
            self.home = home

        def execute(self, request):
            with Store.reader(self.home) as store:
                docs = {d.id: d for d in store.documents()}
                rows = [(c, docs[c.doc_id]) for c in store.clauses()]
            hits = [(1.0, {"clause_id": c.id, "doc_id": c.doc_id, "heading": c.heading,
                           "text": c.text, "label": c.label, "path": list(c.path),
                           "title": d.meta.title, "level": d.meta.level or ""})
                    for c, d in rows if _matches(request.query, c, d)]
            start = (request.page - 1) * request.limit
            return Matches(total=len(hits), hits=hits[start:start + request.limit],
                           facets={"level": Count(h["level"] for _, h in hits)})

    def _matches(q, clause, doc):
        text = f"{clause.heading}\n{clause.text}".lower()
        if isinstance(q, Term):
            return q.text in text
        if isinstance(q, Phrase):
            return bool(phrase_pattern(q.words).search(text))
        if isinstance(q, Filter):
            return getattr(doc.meta, q.field, None) == q.value
        if isinstance(q, And):
            return all(_matches(i, clause, doc) for i in q.items)
        if isinstance(q, Or):
            return any(_matches(i, clause, doc) for i in q.items)
        if isinstance(q, Not):
            return not _matches(q.item, clause, doc)
        raise TypeError(q)

    try:
        scan = search_clauses(SearchService(home, backend="scan"), "流量券 層級:省級")
        whoosh = search_clauses(SearchService(home), "流量券 层级:省级", limit=50)
        assert scan.total == whoosh.total > 0
        assert {h.clause_id for h in scan.hits} <= {h.clause_id for h in whoosh.hits}
        assert scan.facets["level"] == [{"value": "provincial", "count": scan.total}]
        assert all(h.highlights for h in scan.hits if "流量券" in h.snippet)
    finally:
        del BACKENDS["scan"]


def test_every_cli_command_and_api_route_is_in_the_readme(tmp_path):
    from webapp import create_app
    from webapp.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"policykb {name}" for name in main.commands if f"`policykb {name}" not in readme]
    app = create_app({"HOME": str(tmp_path), "TESTING": True})
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "admin.unknown"):
            continue
        if rule.rule.startswith("/api/"):
            missing += [f"{m} {rule.rule}" for m in sorted(rule.methods - {"HEAD", "OPTIONS"})
                        if f"`{m} {rule.rule}" not in readme]
        elif f"`{rule.rule}" not in readme:
            missing.append(rule.rule)
    assert missing == []
