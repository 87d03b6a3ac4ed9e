"""The extraction pipeline: a spaCy ``zh`` pipeline of small registered components.

Each component does one job on the document state (``doc._.kg_state``)::

    kg_state → kg_gazetteer → kg_home_region → kg_agencies → kg_zones → kg_programs
             → kg_industries → kg_organizations → kg_persons → kg_short_names → kg_resolver
             → kg_relations → kg_dates
             → kg_spans

Names are matched on characters, never on word segmentation (jieba cuts 省经信厅 as 省经|信厅).
The components work on the text (``doc.user_data["kg_text"]``) and on character offsets, so the
tokenizer does no work; ``kg_spans`` then makes the doc of one token per character, so that every
mention is exactly a token span (``doc.spans["kg"]``, nested spans allowed). A token per
character keeps the vocabulary bounded by the character set, however much text passes through.
``extract_text`` needs no spaCy doc at the end and leaves ``kg_spans`` out. The pipeline is a
pure function of one text.

>>> nlp = get_pipeline()
>>> doc = nlp("工业和信息化部印发《工业互联网创新发展行动计划》。")
>>> [(s.text, s.label_) for s in doc.spans["kg"]]
[('工业和信息化部', 'Agency'), ('《工业互联网创新发展行动计划》', 'Program'), ('工业互联网', 'Industry')]
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.agencies import match_agencies
from kg.extract.candidates import DocState
from kg.extract.context import infer_home_region
from kg.extract.dates import extract_dates
from kg.extract.gazetteer import match_gazetteer
from kg.extract.industries import match_industries
from kg.extract.model import Extraction
from kg.extract.organizations import (match_brands, match_institution_forms, match_list_closers,
                                     match_organizations, match_quoted_brand_bodies, propagate_in_lists)
from kg.extract.persons import match_persons
from kg.extract.programs import match_programs
from kg.extract.relations import extract_relations
from kg.extract.resolve import resolve
from kg.extract.short_names import match_short_names
from kg.extract.zones import match_zones
from kg.lexicon import Lexicon, load_lexicon
from kg.text import fold

if not Doc.has_extension("kg_state"):
    Doc.set_extension("kg_state", default=None)

COMPONENTS = ("kg_state", "kg_gazetteer", "kg_home_region", "kg_agencies", "kg_zones", "kg_programs",
              "kg_industries", "kg_organizations", "kg_persons", "kg_short_names", "kg_resolver", "kg_relations", "kg_dates", "kg_spans")


class _Component:
    """Base of the kg components: holds the lexicon, runs on ``doc._.kg_state``."""

    def __init__(self, nlp: Language, name: str, seeds: str | None = None):
        self.name = name
        self.lex: Lexicon = load_lexicon(seeds)

    def __call__(self, doc: Doc) -> Doc:
        self.run(doc._.kg_state)
        return doc

    def run(self, state: DocState) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _register(name: str, run):
    cls = type(name, (_Component,), {"run": lambda self, state: run(self, state)})
    Language.factory(name, default_config={"seeds": None})(
        lambda nlp, name, seeds: cls(nlp, name, seeds))
    return cls


class TextTokenizer:
    """No tokens yet: the text rides in ``user_data``; ``kg_spans`` tokenizes, on characters.

    (A token of the whole text would put every document into the vocabulary's string store.)
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=[], spaces=[])
        doc.user_data["kg_text"] = text
        return doc

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "TextTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "TextTokenizer":
        return self


@spacy.registry.tokenizers("kg.TextTokenizer.v1")
def create_text_tokenizer():
    return lambda nlp: TextTokenizer(nlp.vocab)


@Language.component("kg_state")
def _state(doc: Doc) -> Doc:
    text = doc.user_data.get("kg_text")
    doc._.kg_state = DocState(text if text is not None else doc.text)
    return doc


def _region_starts(state: DocState) -> set[int]:
    return {c.start for c in state.candidates if c.type == "Region"}


_register("kg_gazetteer", lambda self, s: match_gazetteer(s, self.lex))
_register("kg_home_region", lambda self, s: infer_home_region(s, self.lex))
_register("kg_agencies", lambda self, s: match_agencies(s, self.lex))
_register("kg_zones", lambda self, s: match_zones(s, self.lex))
_register("kg_programs", lambda self, s: match_programs(s))
_register("kg_industries", lambda self, s: match_industries(s, self.lex.industry_names))
_register("kg_organizations", lambda self, s: (match_organizations(s, _region_starts(s)), match_brands(s),
                                               match_quoted_brand_bodies(s), match_institution_forms(s),
                                               match_list_closers(s),
                                               propagate_in_lists(s)))
_register("kg_persons", lambda self, s: match_persons(s))
_register("kg_short_names", lambda self, s: match_short_names(s))
_register("kg_resolver", lambda self, s: resolve(s, self.lex))
_register("kg_relations", lambda self, s: extract_relations(s, self.lex))
_register("kg_dates", lambda self, s: extract_dates(s))


@Language.component("kg_spans")
def _spans(doc: Doc) -> Doc:
    """Expose the accepted mentions as spaCy spans, ``doc.spans["kg"]`` (nested allowed), on a
    doc of one token per character."""
    state: DocState = doc._.kg_state
    text = state.text
    out = Doc(doc.vocab, words=list(text), spaces=[False] * len(text), user_data=doc.user_data)
    out._.kg_state = state
    out.spans["kg"] = [Span(out, c.start, c.end, label=c.type, kb_id=c.attrs.get("entity", ""))
                       for c in state.mentions]
    return out


def make_pipeline(seeds: str | None = None) -> Language:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.TextTokenizer.v1"}}})
    for name in COMPONENTS:
        config = {} if name in ("kg_state", "kg_spans") else {"seeds": seeds}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=2)
def get_pipeline(seeds: str | None = None) -> Language:
    return make_pipeline(seeds)


def extract_text(text: str, doc: str = "", seeds: str | None = None) -> Extraction:
    """Extract entities and relations from one text.

    Offsets in the result index ``text`` itself (folding keeps them).
    """
    nlp = get_pipeline(seeds)
    spacy_doc = nlp(fold(text), disable=["kg_spans"])
    state: DocState = spacy_doc._.kg_state
    # Mentions and evidence quote the original text, not the folded copy.
    for e in state.entities:
        e.mentions = [type(m)(m.start, m.end, text[m.start:m.end]) for m in e.mentions]
    relations = [type(r)(r.p, r.s, r.o, type(r.evidence)(r.evidence.start, r.evidence.end,
                                                        text[r.evidence.start:r.evidence.end]))
                 for r in state.relations]
    return Extraction(doc, state.entities, relations, dict(state.meta))
