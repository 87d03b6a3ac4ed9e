"""Reading real files: every encoding, HTML, Word and PDF made here by the test itself, binaries,
standard input, and a batch that reports what it skipped."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.extract import extract_text
from kg.ingest import IngestError, expand_inputs, read_document

SIMPLIFIED = "浙江省经济和信息化厅印发《浙江省数字经济五年倍增计划》，支持集成电路产业。"
TRADITIONAL = "浙江省經濟和信息化廳印發《浙江省數字經濟五年倍增計劃》，支持集成電路產業。"


def kg_cli(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], input=stdin, capture_output=True)


# -- encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("codec,text,expected", [
    ("utf-8", SIMPLIFIED, "utf-8"),
    ("utf-8-sig", SIMPLIFIED, "utf-8-sig"),
    ("utf-16", SIMPLIFIED, "utf-16"),          # with a BOM, in the machine's byte order
    ("utf-16-be", "\ufeff" + SIMPLIFIED, "utf-16"),
    ("utf-16-le", "Section 1: " + SIMPLIFIED, "utf-16-le"),   # no BOM: told by the NUL pattern
    ("gb18030", SIMPLIFIED + "𠀀", "gb18030"),  # a character outside GBK
    ("gbk", SIMPLIFIED, "gb18030"),             # GBK is a subset of GB18030
    ("big5", TRADITIONAL, "big5"),
])
def test_each_encoding_written_by_the_test_decodes(tmp_path, codec, text, expected):
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    doc = read_document(path)
    assert doc.text == text.lstrip("\ufeff")
    assert doc.encoding == expected
    assert doc.format == "text"


def test_re_encoding_keeps_the_document_identity(tmp_path):
    shas = set()
    for codec in ("utf-8", "utf-8-sig", "utf-16", "gb18030"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(SIMPLIFIED.encode(codec))
        shas.add(read_document(path).sha256)
    assert len(shas) == 1


def test_big5_traditional_goes_end_to_end_with_offsets_into_the_original(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "tw.txt").write_bytes(TRADITIONAL.encode("big5"))
    import kg

    graph = kg.build([src], tmp_path / "out")
    names, rows = graph.rows("""SELECT ?name ?text ?start ?end WHERE {
        ?m kg:denotes ?e ; kg:text ?text ; kg:start ?start ; kg:end ?end . ?e skos:prefLabel ?name }""")
    found = {(name, text, start, end) for name, text, start, end in rows}
    assert ("浙江省经济和信息化厅", "浙江省經濟和信息化廳", 0, 10) in found   # canonical Simplified name
    for _name, text, start, end in found:
        assert TRADITIONAL[start:end] == text                                 # evidence is what the file says
    assert graph.manifest["documents"][0]["encoding"] == "big5"


def test_binary_file_is_refused_with_one_line_naming_it(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert str(err.value) == f"{path}: binary file, not text"


def test_unknown_and_legacy_types_are_refused(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(IngestError, match=r"a\.doc: unsupported file type \.doc; save it as \.docx"):
        read_document(tmp_path / "a.doc")


# -- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于印发数字经济计划的通知_浙江省人民政府</title>
<style>p { color: red } .secret { content: "样式文字" }</style>
<script>var menu = "脚本文字"; document.write("脚本输出");</script></head>
<body><nav><a href="/">首页</a> | <a href="/zw">政务公开</a></nav>
<div id="content"><h1>关于印发数字经济计划的通知</h1>
<p>浙江省经济和信息化厅印发《浙江省数字经济<b>五年倍增</b>计划》，
支持集成电路产业。</p><!-- 注释文字 -->
<p>联系人：张三&nbsp;电话 0571-1234</p><p>𠀀字</p></div>
<footer>版权所有 浙江省人民政府</footer><noscript>请启用脚本</noscript></body></html>"""


def test_html_keeps_the_main_text_and_drops_scripts_styles_and_menus(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(PAGE.encode("gb18030"))   # declared gb2312, uses a GB18030-only character
    doc = read_document(path)
    assert doc.format == "html" and doc.encoding == "gb18030"
    assert doc.title == "关于印发数字经济计划的通知_浙江省人民政府"
    lines = doc.text.splitlines()
    assert lines[0] == "关于印发数字经济计划的通知"
    # inline tags do not split a sentence; a line break between Chinese characters is no space
    assert lines[1] == "浙江省经济和信息化厅印发《浙江省数字经济五年倍增计划》，支持集成电路产业。"
    assert "𠀀字" in lines
    for dropped in ("脚本", "样式", "首页", "版权所有", "注释", "请启用", "color"):
        assert dropped not in doc.text
    names = {e.name for e in extract_text(doc.text, doc.name).entities}
    assert {"浙江省经济和信息化厅", "浙江省数字经济五年倍增计划"} <= names


def test_html_without_a_declared_charset_is_detected(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(f"<html><body><article><p>{TRADITIONAL}</p></article></body></html>".encode("big5"))
    doc = read_document(path)
    assert doc.text == TRADITIONAL and doc.encoding == "big5"


# -- Word ----------------------------------------------------------------------------------------

def test_docx_made_with_python_docx(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "数字经济计划"
    document.add_heading("关于印发数字经济计划的通知", level=1)
    document.add_paragraph(SIMPLIFIED)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "地区", "产业"
    table.cell(1, 0).text, table.cell(1, 1).text = "杭州市", "人工智能"
    document.add_paragraph("省经信厅厅长张三表示，要加快发展。")
    path = tmp_path / "notice.docx"
    document.save(path)

    doc = read_document(path)
    assert doc.format == "docx" and doc.title == "数字经济计划"
    assert doc.text.splitlines() == ["关于印发数字经济计划的通知", SIMPLIFIED, "地区\t产业", "杭州市\t人工智能",
                                     "省经信厅厅长张三表示，要加快发展。"]
    names = {e.name for e in extract_text(doc.text, doc.name).entities}
    assert {"浙江省经济和信息化厅", "杭州市", "人工智能"} <= names


def test_broken_docx_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match=r"broken\.docx: not a readable \.docx file"):
        read_document(path)


# -- PDF -----------------------------------------------------------------------------------------

def make_pdf(path, pages: list[list[str]], font: str = "Helvetica") -> None:
    """A PDF with a real text layer, drawn by reportlab (CJK through a built-in CID font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font == "STSong-Light":
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    c = canvas.Canvas(str(path), invariant=1)   # invariant: the same bytes every run
    for lines in pages:
        c.setFont(font, 12)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 18 * i, line)
        c.showPage()
    c.save()


def test_pdf_text_layer_latin(tmp_path):
    path = tmp_path / "report.pdf"
    make_pdf(path, [["Annual report on the digital economy", "Zhejiang Province, 2023"], ["Page two"]])
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.text.splitlines() == ["Annual report on the digital economy", "Zhejiang Province, 2023", "Page two"]


def test_pdf_text_layer_chinese_lines_are_unwrapped(tmp_path):
    path = tmp_path / "notice.pdf"
    # a sentence the layout broke over two full lines, then a short heading line
    make_pdf(path, [["第一章 总则", SIMPLIFIED[:20], SIMPLIFIED[20:]]], font="STSong-Light")
    doc = read_document(path)
    assert doc.text.splitlines() == ["第一章 总则", SIMPLIFIED]
    names = {e.name for e in extract_text(doc.text, doc.name).entities}
    assert "浙江省数字经济五年倍增计划" in names


def test_scanned_pdf_without_text_is_reported_as_such(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(72, 72, 400, 600, fill=1)   # only graphics, as a scan has only an image
    c.showPage()
    c.save()
    with pytest.raises(IngestError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}: PDF has no text layer (1 page(s)")


def test_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    with pytest.raises(IngestError, match=r"damaged\.pdf: "):
        read_document(path)


# -- folders, standard input, batches --------------------------------------------------------------

def test_folders_are_walked_recursively_hidden_files_passed_over(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    for name in ("a/x.txt", "a/b/y.html", "a/b/z.pdf", ".git/h.txt", "a/.hidden.txt", "a/pic.jpg"):
        (tmp_path / name).write_bytes(b"x")
    ignored = []
    found = expand_inputs([tmp_path, tmp_path / "a" / "x.txt"], ignored=ignored)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/b/y.html", "a/b/z.pdf", "a/x.txt"]
    assert [p.name for p in ignored] == ["pic.jpg"]


@pytest.mark.parametrize("payload,fmt", [
    (SIMPLIFIED.encode("gbk"), "text"),
    (f"<html><body><p>{SIMPLIFIED}</p><script>x()</script></body></html>".encode(), "html"),
])
def test_dash_reads_standard_input(payload, fmt):
    proc = kg_cli("extract", "-", stdin=payload)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["doc"] == "<stdin>"
    assert "agency:浙江省经济和信息化厅" in {e["id"] for e in record["entities"]}


def test_binary_on_standard_input_is_refused():
    proc = kg_cli("extract", "-", stdin=os.urandom(4096))
    assert proc.returncode == 1
    assert b"<stdin>: binary file, not text" in proc.stderr


def messy_folder(tmp_path):
    src = tmp_path / "crawl"
    src.mkdir()
    (src / "good.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (src / "tw.txt").write_bytes(TRADITIONAL.replace("集成電路", "人工智慧").encode("big5"))
    (src / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (src / "fake.pdf").write_bytes(b"%PDF-1.4 nothing else")
    return src


def test_batch_goes_on_past_bad_files_and_ends_with_a_summary(tmp_path):
    src = messy_folder(tmp_path)
    out = tmp_path / "out"
    proc = kg_cli("build", str(src), "-o", str(out))
    assert proc.returncode == 1
    err = proc.stderr.decode().splitlines()
    assert err[-1] == "kg: 2 file(s) skipped"
    assert f"kg: skipped {src / 'blob.txt'}: binary file, not text" in err
    assert any(line.startswith(f"kg: skipped {src / 'fake.pdf'}: cannot read PDF") for line in err)
    assert b"built" in proc.stdout and b"2 documents" in proc.stdout
    import kg

    assert kg.open(out).stats()["documents"] == 2

    extract = kg_cli("extract", str(src))
    assert extract.returncode == 1
    assert len(extract.stdout.splitlines()) == 2
    assert extract.stderr.decode().splitlines()[-1] == "kg: 2 file(s) skipped"


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(tmp_path):
    src = messy_folder(tmp_path)
    out = tmp_path / "out"
    proc = kg_cli("build", "--strict", str(src), "-o", str(out))
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == f"kg: {src / 'blob.txt'}: binary file, not text"
    assert not out.exists()                        # not even an empty build directory
    target = tmp_path / "records.jsonl"
    proc = kg_cli("extract", "--strict", str(src), "-o", str(target))
    assert proc.returncode == 1 and not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_and_add_read_standard_input(tmp_path):
    out = tmp_path / "out"
    page = f"<html><body><p>{SIMPLIFIED}</p></body></html>".encode("gb18030")
    assert kg_cli("build", "-", "-o", str(out), stdin=page).returncode == 0
    proc = kg_cli("add", "-", "-o", str(out), stdin=TRADITIONAL.replace("浙江", "江蘇").encode("big5"))
    assert proc.returncode == 0, proc.stderr
    import kg

    docs = kg.open(out).manifest["documents"]
    # each text piped in is a document of its own, though all are called <stdin>
    assert sorted((d["path"], d["format"], d["encoding"]) for d in docs) == [
        ("<stdin>", "html", "gb18030"), ("<stdin>", "text", "big5")]
