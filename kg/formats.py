"""Plain text out of HTML (lxml), Word (python-docx) and PDF (pypdf) files.

Each reader takes the file's bytes and returns ``(text, title, encoding)``; a file it cannot
read raises :class:`kg.ingest.IngestError` naming the file. Offsets in the graph are offsets
into this plain text (the document's "original text").

>>> html_text(b"<html><head><title>T</title><script>x()</script></head>"
...           b"<body><nav>menu</nav><p>\\xe6\\xb5\\x99\\xe6\\xb1\\x9f<b>\\xe7\\x9c\\x81</b></p><p>b</p></body></html>")
('浙江省\\nb', 'T', 'utf-8')
>>> sniff(b"%PDF-1.7 ..."), sniff(b"  <!DOCTYPE html><html>"), sniff("浙江".encode())
('pdf', 'html', 'text')
"""
from __future__ import annotations

import io
import re
import zipfile

from kg.ingest import IngestError, decode, looks_binary

# -- sniffing (stdin, where there is no file name) ----------------------------------------------

def sniff(data: bytes) -> str:
    """The format of ``data`` from its first bytes: ``pdf``, ``docx``, ``html`` or ``text``."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "text"  # decoding then refuses it as binary
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return "html"
    return "text"


# -- HTML -----------------------------------------------------------------------------------------

# Never part of the readable text of a page.
_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed",
            "canvas", "form", "button", "select", "textarea", "input")
# Page furniture around the main text (menus, side bars, footers).
_FURNITURE = ("nav", "aside", "footer")
_BLOCKS = frozenset(("address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
                     "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2",
                     "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section",
                     "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"))
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break between two CJK characters is no space (CSS Text 3, segment break transformation).
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\f]*[\\r\\n][ \\t\\r\\n\\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_GB_NAMES = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb18030"}
# <meta charset=…>, <meta http-equiv="Content-Type" content="text/html; charset=…">, <?xml … encoding=…?>
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""",
                       re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")  # lxml holds XML characters only


def _decode_html(data: bytes, path) -> tuple[str, str]:
    """Bytes of a page → text: a BOM, else the page's declared charset, else detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and not looks_binary(data):
        declared = _DECLARED.search(data[:4096])
        if declared:
            name = (declared.group(1) or declared.group(2)).decode("ascii").lower()
            # pages labelled GB2312/GBK routinely use characters only GB18030 has
            enc = "gb18030" if name in _GB_NAMES else name
            try:
                return data.decode(enc), enc
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong label: detect instead
    return decode(data, path)


def html_text(data: bytes, path="<bytes>") -> tuple[str, str, str]:
    """The main text of a page: scripts, styles and menus dropped; one line per block."""
    from lxml import etree
    from lxml import html as lxml_html

    markup, encoding = _decode_html(data, path)
    markup = _NOT_XML.sub(" ", _XML_DECLARATION.sub("", markup))
    if not markup.strip():
        return "", "", encoding
    try:
        page = lxml_html.document_fromstring(markup)
    except etree.ParserError:  # only markup, no content ("Document is empty")
        return "", "", encoding
    except ValueError as err:
        raise IngestError(path, f"cannot parse HTML ({err})") from None
    title_tag = page.find(".//title")
    title = " ".join(title_tag.text_content().split()) if title_tag is not None else ""
    # comments and dropped elements go, their tails (the text after them) stay
    etree.strip_elements(page, etree.Comment, etree.ProcessingInstruction, *_DROPPED, with_tail=False)
    root = next((el for el in (page.find(".//main"), page.find(".//*[@role='main']"), page.find(".//article"),
                               page.find("body")) if el is not None), page)
    etree.strip_elements(root, *_FURNITURE, with_tail=False)
    if not title:
        h1 = root.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
    parts: list[str] = []
    in_pre = 0

    def flow(text: str | None) -> None:
        if text:
            parts.append(text if in_pre else _SPACES.sub(" ", _CJK_BREAK.sub("", text)))

    for event, element in etree.iterwalk(root, events=("start", "end")):
        block = element.tag in _BLOCKS
        if event == "start":
            in_pre += element.tag == "pre"
            if block:
                parts.append("\n")
            flow(element.text)
        else:
            in_pre -= element.tag == "pre"
            if block:
                parts.append("\n")
            if element is not root:
                flow(element.tail)
    text = "\n".join(line.strip() for line in "".join(parts).splitlines())
    text = re.sub(r"\n{2,}", "\n", text).strip("\n")
    return text, title[:200], encoding


# -- Word -----------------------------------------------------------------------------------------

def docx_text(data: bytes, path="<bytes>") -> tuple[str, str, str]:
    """Paragraphs and table rows of a .docx body in reading order, one per line."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises zip, XML and key errors alike
        raise IngestError(path, f"not a readable .docx file ({type(err).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    text = "\n".join(line.strip() for line in lines if line.strip())
    title = (document.core_properties.title or "").strip()
    return text, title[:200], "docx"


# -- PDF ------------------------------------------------------------------------------------------

def _unwrap(page: str) -> str:
    """Join lines the layout broke inside a sentence: a full-width line ending on a CJK character
    followed by one starting with a CJK character. Short lines (headings) stay lines."""
    lines = page.splitlines()
    if len(lines) < 2:
        return page
    full = 0.8 * max(len(line) for line in lines)
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        if prev and line and len(prev) >= full and re.match(f"[{_CJK}]", prev[-1]) and re.match(f"[{_CJK}]", line[0]):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)


def pdf_text(data: bytes, path="<bytes>") -> tuple[str, str, str]:
    """The text layer of a PDF, page after page; a PDF without one (a scan) is refused."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except IngestError:
        raise
    except Exception as err:  # pypdf raises many kinds on damaged files
        raise IngestError(path, f"cannot read PDF ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''})") from None
    text = "\n".join(_unwrap(p.strip()) for p in pages if p.strip())
    if not text.strip():
        raise IngestError(path, f"PDF has no text layer ({len(pages)} page(s) of images, a scan?); OCR it first")
    return text, str(meta_title).strip()[:200], "pdf"
