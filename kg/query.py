"""SPARQL over a built graph: run a query or a named question, format the results.

Named questions are the ``kg/queries/*.rq`` files. Each starts with comment lines::

    # description: Programs that apply to a region or to any region inside it
    # param: region = 浙江省 (the region's name or alias)

and uses each parameter as ``$region`` (a SPARQL variable, so the file is valid SPARQL as it
stands). Running the question replaces every ``$region`` token outside strings, IRIs and
comments with the value written as an escaped SPARQL string literal, so a value can never
change the shape of the query. Write ``$name`` only where an expression or a term may stand
(FILTER, BIND, VALUES, object of a triple pattern), never as a projected or bound variable.

>>> import kg
>>> g = kg.KnowledgeGraph.from_turtle('''
...   @prefix kg: <https://purl.org/kg-policy/ontology#> .
...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...   <http://x/zj> a kg:Region ; skos:prefLabel "浙江省"@zh .
...   <http://x/hz> a kg:Region ; skos:prefLabel "杭州市"@zh ; kg:partOf <http://x/zj> .
...   <http://x/p> a kg:Program ; skos:prefLabel "城市大脑"@zh ; kg:appliesTo <http://x/hz> .''')
>>> ask(g, "programs-in-region", region="浙江省")["program"].tolist()
['城市大脑']
>>> sparql_literal('say "hi"')
'"say \\\\"hi\\\\""'
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.rdf import PREFIXES, XSD

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")


class QueryError(Exception):
    """A query that cannot be run (syntax error, unknown question, bad parameter); one line."""


# ---------------------------------------------------------------------------------------------
# named questions
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Param:
    name: str
    default: str | None  # None: the parameter must be given
    doc: str = ""


@dataclass(frozen=True)
class Question:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None

    def values(self, given: dict[str, Any] | None = None) -> dict[str, str]:
        """The parameter values: ``given`` over the declared defaults, checked."""
        given = dict(given or {})
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared) or "none"
            raise QueryError(f"{self.name}: unknown parameter {unknown[0]!r} (parameters: {names})")
        out = {}
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                raise QueryError(f"{self.name}: parameter {p.name!r} is required ({p.doc or 'no default'})")
            out[p.name] = str(value)
        return out

    def sparql(self, **params: Any) -> str:
        """The query text with the parameters substituted as literals."""
        return substitute(self.text, self.values(params))

    def signature(self) -> str:
        """``region=浙江省 industry=…`` for listings."""
        return " ".join(f"{p.name}={p.default if p.default is not None else '…'}" for p in self.params)


_DECL = re.compile(r"^#\s*(description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.*?))?\s*(?:\(([^()]*)\))?\s*$")


def parse_question(text: str, name: str = "query", path: Path | None = None) -> Question:
    """A question from ``.rq`` text: leading ``# description:`` and ``# param:`` comment lines."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _DECL.match(stripped)
        if not m:
            continue
        kind, rest = m.groups()
        if kind == "description":
            description = rest
            continue
        pm = _PARAM.match(rest)
        if not pm:
            raise QueryError(f"{path or name}: bad parameter declaration {rest!r} "
                             "(expected: # param: name = default (what it is))")
        pname, default, doc = pm.groups()
        if any(p.name == pname for p in params):
            raise QueryError(f"{path or name}: parameter {pname!r} declared twice")
        params.append(Param(pname, default if default is not None else None, (doc or "").strip()))
    return Question(name, description, tuple(params), text, path)


def questions(directory: Path | str | None = None) -> dict[str, Question]:
    """All named questions, by name (the file's stem), sorted."""
    folder = Path(directory) if directory is not None else QUERIES_DIR
    out = {}
    for path in sorted(folder.glob("*.rq")):
        out[path.stem] = parse_question(path.read_text(encoding="utf-8"), path.stem, path)
    return out


def question(name: str, directory: Path | str | None = None) -> Question:
    known = questions(directory)
    if name not in known:
        raise QueryError(f"no named question {name!r} (known: {', '.join(known) or 'none'})")
    return known[name]


# ---------------------------------------------------------------------------------------------
# safe substitution
# ---------------------------------------------------------------------------------------------

_LIT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                              "\b": "\\b", "\f": "\\f"})
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")


def sparql_literal(value: str) -> str:
    """``value`` as a SPARQL string literal that parses back to exactly ``value``.

    Backslash, quote and line breaks are escaped. A value containing ``\\u`` is refused:
    some engines expand ``\\uXXXX`` before parsing, so no escaping of it is safe everywhere.
    """
    value = str(value)
    if _CODEPOINT_ESCAPE.search(value):
        raise QueryError(f"parameter value {value!r}: a backslash followed by 'u' is not allowed")
    if any(unicodedata.category(c) == "Cs" for c in value):
        raise QueryError(f"parameter value {value!r}: not valid Unicode")
    return '"' + value.translate(_LIT_ESCAPES) + '"'


# the lexical pieces of SPARQL that may contain a "$name" which is not a variable
_SKIP = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3}      # """long string"""
  | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}      # \'\'\'long string\'\'\'
  | "(?:[^"\\\n\r]|\\.)*"                # "string"
  | '(?:[^'\\\n\r]|\\.)*'                # 'string'
  | <[^<>"{}|^`\\\x00-\x20]*>            # <iri>   (a lone < is the less-than operator)
  | \#[^\n\r]*                           # comment
''', re.VERBOSE)
_VAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?")


def _tokens(text: str) -> Iterator[tuple[bool, str]]:
    """(is_code, piece) over the query text; strings, IRIs and comments are not code."""
    pos = 0
    for m in _SKIP.finditer(text):
        if m.start() > pos:
            yield True, text[pos:m.start()]
        yield False, m.group(0)
        pos = m.end()
    if pos < len(text):
        yield True, text[pos:]


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace ``$name`` variables (for the names in ``values``) with escaped string literals.

    >>> substitute('SELECT * WHERE { ?s ?p $v FILTER(?x = "$v") } # $v', {"v": 'a"b'})
    'SELECT * WHERE { ?s ?p "a\\\\"b" FILTER(?x = "$v") } # $v'
    """
    if not values:
        return text
    literals = {k: sparql_literal(v) for k, v in values.items()}

    def repl(m: re.Match) -> str:
        name, lang = m.groups()
        if name not in literals:
            return m.group(0)
        return literals[name] + (lang or "")

    return "".join(_VAR.sub(repl, piece) if code else piece for code, piece in _tokens(text))


# ---------------------------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------------------------

def store_of(graph) -> ox.Store:
    """The pyoxigraph store of a KnowledgeGraph, a store, or a path (opened)."""
    if isinstance(graph, ox.Store):
        return graph
    store = getattr(graph, "store", None)
    if isinstance(store, ox.Store):
        return store
    if isinstance(graph, (str, Path)):
        from kg.api import open as open_graph

        return open_graph(graph).store
    raise TypeError(f"expected a KnowledgeGraph, a pyoxigraph Store or a path, not {type(graph).__name__}")


def rdflib_dataset(graph):
    """The graph's own store seen through rdflib's API (``rdflib.Dataset`` over oxrdflib).

    Nothing is copied: rdflib's ``query`` runs on pyoxigraph's engine, ``triples`` and friends
    read the store's indexes. The default graph is the union of the documents' graphs (as for
    :func:`run`; a triple stated in two documents is seen twice) and the kg prefixes are bound.
    A build directory's store is opened read-only, so writes raise.

    >>> import kg
    >>> g = kg.KnowledgeGraph.from_turtle('<http://x/zj> a <https://purl.org/kg-policy/ontology#Region> .')
    >>> ds = rdflib_dataset(g)
    >>> [str(row.s) for row in ds.query("SELECT ?s WHERE { ?s a kg:Region }")]
    ['http://x/zj']
    """
    import rdflib
    from oxrdflib import OxigraphStore

    dataset = rdflib.Dataset(store=OxigraphStore(store=store_of(graph)), default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def query_kind(result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "select"
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "graph"


def run(graph, sparql: str, *, default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None):
    """Run a SPARQL query; returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples.

    The default graph is the union of the named graphs unless ``default_graph`` lists graph
    IRIs. The kg:, rdf:, rdfs:, skos:, prov:, dcterms: and xsd: prefixes are predeclared.
    Only queries run: an update is refused with a QueryError.
    """
    store = store_of(graph)
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if default_graph:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        return store.query(sparql, **options)
    except SyntaxError as err:
        if is_update(sparql):
            raise QueryError("updates are not allowed: the graph is read-only") from None
        raise QueryError(f"SPARQL syntax {_one_line(err)}") from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(_one_line(err)) from None


def run_question(graph, name: str, params: dict[str, Any] | None = None, directory=None):
    """Run a named question with parameters; returns pyoxigraph results like :func:`run`."""
    q = question(name, directory)
    return run(graph, q.sparql(**(params or {})))


def ask(graph, name: str, **params: Any):
    """A named question's answer as a pandas DataFrame (plain Python values, None if unbound)."""
    import pandas as pd

    result = run_question(graph, name, params)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{name}: not a SELECT query")
    names, rows = solutions(result)
    values = [[python_value(t) for t in row] for row in rows]
    columns = {}
    for i, name in enumerate(names):
        column = [row[i] for row in values]
        present = [v for v in column if v is not None]
        if present and len(present) < len(column) and all(type(v) is int for v in present):
            columns[name] = pd.array(column, dtype="Int64")  # whole numbers with gaps stay whole
        else:
            columns[name] = pd.Series(column, dtype=object if not present else None)
    return pd.DataFrame(columns, columns=names) if names else pd.DataFrame()


_UPDATE = re.compile(r"^\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether ``text`` looks like a SPARQL Update (its first keyword after the prologue)."""
    code = "".join(piece if is_code else (" " if piece.startswith("#") else piece)
                   for is_code, piece in _tokens(text))
    return bool(_UPDATE.match(code))


def _one_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    first = text.splitlines()[0]
    return first if len(first) <= 300 else first[:300] + "…"


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------

Term = Any  # ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None


def solutions(result, max_rows: int | None = None) -> tuple[list[str], list[list[Term]]]:
    """Variable names and rows of terms of a SELECT (at most ``max_rows`` + 1 rows)."""
    names = [v.value for v in result.variables]
    rows: list[list[Term]] = []
    for sol in result:
        rows.append([sol[n] for n in names])
        if max_rows is not None and len(rows) > max_rows:
            break
    return names, rows


def python_value(term: Term) -> Any:
    """A term as a Python value: numbers for numeric literals, strings otherwise."""
    from kg.api import _py

    return _py(term)


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w\-.]*", iri[len(ns):] or "-"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def display_value(term: Term) -> str:
    """A term for people: the lexical form of literals, IRIs compacted with the kg prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def table(names: Sequence[str], rows: Sequence[Sequence[Term]], max_width: int = 80) -> str:
    """An aligned text table (wide characters count double), cells clipped to ``max_width``."""
    cells = [[_clip(display_value(t), max_width) for t in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != f"{XSD}string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def results_json(names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = [{n: _json_term(t) for n, t in zip(names, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": list(names)}, "results": {"bindings": bindings}},
                      ensure_ascii=False) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        attrs = ""
        if term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype and term.datatype.value != f"{XSD}string":
            attrs = f" datatype={quoteattr(term.datatype.value)}"
        return f"<literal{attrs}>{xml_escape(_xml_chars(term.value))}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    return f"<literal>{xml_escape(_xml_chars(str(term)))}</literal>"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_chars(text: str) -> str:
    """Characters XML 1.0 cannot carry become U+FFFD."""
    return _XML_BAD.sub("\ufffd", text)


def results_xml(names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """SPARQL Query Results XML."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head>", "<results>"]
    for row in rows:
        out.append("<result>" + "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                                        for n, t in zip(names, row) if t is not None) + "</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _csv_value(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def results_csv(names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """SPARQL 1.1 Query Results CSV (values only, CRLF line ends)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])
    return buf.getvalue()


def results_tsv(names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """SPARQL 1.1 Query Results TSV (terms in Turtle/N-Triples syntax)."""
    out = ["\t".join(f"?{n}" for n in names)]
    for row in rows:
        out.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(out) + "\n"


def _tsv_term(term: Term) -> str:
    text = str(term)  # N-Triples form; literals escape \t \n \r already
    return text.replace("\t", "\\t")


def boolean_json(value: bool) -> str:
    return json.dumps({"head": {}, "boolean": bool(value)}) + "\n"


def boolean_xml(value: bool) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n")


GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def graph_bytes(triples: Iterable[ox.Triple], fmt: str = "turtle") -> bytes:
    """CONSTRUCT/DESCRIBE triples serialised (turtle, jsonld, ntriples or rdfxml)."""
    kwargs: dict[str, Any] = {}
    if fmt == "turtle":
        kwargs["prefixes"] = PREFIXES
    data = ox.serialize(list(triples), format=GRAPH_FORMATS[fmt], **kwargs)
    return data or b""


def format_result(result, fmt: str = "table", max_rows: int | None = None) -> str:
    """Any query result as text: SELECT in ``table``/``csv``/``tsv``/``json``; ASK as
    true/false (JSON boolean for ``json``); CONSTRUCT/DESCRIBE as Turtle (JSON-LD for ``json``,
    N-Triples for ``csv``/``tsv``)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    kind = query_kind(result)
    if kind == "ask":
        return boolean_json(bool(result)) if fmt == "json" else ("true\n" if bool(result) else "false\n")
    if kind == "graph":
        target = {"table": "turtle", "json": "jsonld", "csv": "ntriples", "tsv": "ntriples"}[fmt]
        return graph_bytes(result, target).decode("utf-8")
    try:
        names, rows = solutions(result, max_rows)
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(_one_line(err)) from None
    if max_rows is not None:
        rows = rows[:max_rows]
    return {"table": table, "csv": results_csv, "tsv": results_tsv, "json": results_json}[fmt](names, rows)

