"""Time: the document's date and the year a program was issued, where the text gives them.

Program periods (2019—2022年) are read with the program's name (``programs.py``).
"""
from __future__ import annotations

import re

from kg.extract.candidates import DocState

FULL_DATE = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
ISSUE = re.compile(r"印发|发布|出台|颁布|制定|公布|审议通过")


def extract_dates(state: DocState) -> None:
    """Set ``state.meta["date"]`` (ISO) and ``issuedYear`` on programs issued in a dated sentence."""
    head = state.text[:600]
    m = FULL_DATE.search(head)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            state.meta["date"] = f"{year:04d}-{month:02d}-{day:02d}"
    by_entity = {e.id: e for e in state.entities}
    for c in state.mentions:
        entity = by_entity.get(c.attrs.get("entity", ""))
        if entity is None or entity.type != "Program" or "issuedYear" in entity.attrs:
            continue
        sent = state.sentence_at(c.start)
        before = state.text[sent.start:c.start]
        verb = None
        for verb in ISSUE.finditer(before):
            pass
        if verb is None:
            continue
        years = YEAR.findall(state.text[sent.start:sent.start + verb.start()])
        if years:
            entity.attrs["issuedYear"] = years[-1]
