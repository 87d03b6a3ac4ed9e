"""Extraction speed: the full pipeline against jieba's precise-mode segmentation.

Both run as whole processes (interpreter start, imports, dictionaries, work) on the same text:
the development corpus (``../shared/seeds``, else ``examples/``) repeated to at least 3 million
characters, one document per copy. The pipeline reads each file, extracts entities and
relations, and builds its RDF quads. Prints characters per second for each and the ratio.

    python bench/extract.py [--chars 3000000]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PIPELINE = r"""
import sys
from pathlib import Path
from kg.extract import extract_text
from kg.ingest import read_document
from kg.rdf import document_nquads

def one(p):
    doc = read_document(p)
    return len(document_nquads(doc, extract_text(doc.text, doc.name)))

if __name__ == "__main__":
    files = sorted(Path(sys.argv[1]).glob("*.txt"))
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(jobs) as pool:
            print(sum(pool.map(one, files, chunksize=8)))
    else:
        print(sum(map(one, files)))
"""

JIEBA = r"""
import sys
from pathlib import Path
import jieba
jieba.setLogLevel(60)
n = 0
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    n += len(jieba.lcut(p.read_text(encoding="utf-8")))
print(n)
"""


def corpus_dir(target_chars: int, out: Path) -> int:
    shared = ROOT.parent / "shared" / "seeds"
    sources = sorted(shared.glob("*.txt")) if shared.is_dir() else sorted((ROOT / "examples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    total, i = 0, 0
    while total < target_chars:
        text = texts[i % len(texts)]
        # a per-copy marker keeps every document distinct (different hashes, same language)
        (out / f"doc{i:05d}.txt").write_text(f"第{i}份\n{text}", encoding="utf-8")
        total += len(text)
        i += 1
    return total


def timed(code: str, folder: Path, *args: str) -> float:
    script = folder.parent / "bench_script.py"
    script.write_text(code, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(script), str(folder), *args], check=True, stdout=subprocess.DEVNULL,
                   cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=3_000_000)
    ap.add_argument("--jobs", type=int, default=2, help="also time the pipeline with this many processes")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        chars = corpus_dir(args.chars, folder)
        t_jieba = timed(JIEBA, folder)
        t_kg = timed(PIPELINE, folder)
        t_kg_jobs = timed(PIPELINE, folder, str(args.jobs)) if args.jobs > 1 else None
    print(f"corpus: {chars:,} characters")
    print(f"jieba precise mode      : {t_jieba:7.2f} s  {chars / t_jieba:12,.0f} chars/s")
    print(f"kg pipeline, 1 process  : {t_kg:7.2f} s  {chars / t_kg:12,.0f} chars/s  ratio {t_jieba / t_kg:.2f}x")
    if t_kg_jobs:
        print(f"kg pipeline, {args.jobs} processes: {t_kg_jobs:7.2f} s  {chars / t_kg_jobs:12,.0f} chars/s  "
              f"ratio {t_jieba / t_kg_jobs:.2f}x")


if __name__ == "__main__":
    main()
