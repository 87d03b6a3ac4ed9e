"""kg: knowledge graphs from Chinese government and industrial-policy text.

The pipeline runs one way: ingest → extract → resolve → graph → store/export/query.

>>> from kg import extract_text
>>> result = extract_text("浙江省经济和信息化厅印发《浙江省数字经济发展行动计划》。")
>>> sorted((e.type, e.name) for e in result.entities)
[('Agency', '浙江省经济和信息化厅'), ('Industry', '数字经济'), ('Program', '浙江省数字经济发展行动计划'), ('Region', '浙江省')]
"""
from kg.api import KnowledgeGraph, build, open
from kg.extract import extract_text

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "build", "open", "extract_text", "__version__"]
