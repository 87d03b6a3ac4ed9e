"""Streaming on big folders: memory stays flat as the input grows, reading keeps up with disk.

Two measurements, each a fresh process reporting its own peak resident memory (ru_maxrss):

1. **Ingest** a generated folder of about ``--gb`` GB (text in UTF-8, GB18030 and Big5, plus
   HTML pages; every file distinct) with ``kg.ingest`` (expand, read, detect, decode, HTML main
   text, hash), against the baseline of reading and hashing the same bytes. Also run on a
   quarter of the folder: memory on the whole over memory on the quarter should be about 1.
2. **Build** (``kg build``: extraction, RDF, store) of ``--build-mb`` MB of distinct documents
   made from the bundled examples, and of a quarter of that, with the same memory ratio.

    python bench/ingest.py [--gb 1.0] [--build-mb 4] [--dir /tmp/kg-bench-ingest]

Prints throughput in MB/s, the ingest/raw speed ratio and the memory ratios.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RAW = r"""
import hashlib, json, resource, sys
from pathlib import Path
n = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.is_file():
        data = p.read_bytes(); hashlib.sha256(data).hexdigest(); n += len(data)
print(json.dumps({"bytes": n, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

INGEST = r"""
import json, resource, sys
from kg.ingest import IngestError, expand_inputs, iter_documents
n = errors = 0
for doc in iter_documents(expand_inputs([sys.argv[1]])):
    if isinstance(doc, IngestError):
        errors += 1
    else:
        n += len(doc.text)
print(json.dumps({"chars": n, "errors": errors, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

BUILD = r"""
import json, resource, sys
from kg.builder import build
result = build([sys.argv[1]], sys.argv[2])
print(json.dumps({"documents": len(result.documents), "quads": result.quads, "errors": len(result.errors),
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def example_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]


def write_folder(root: Path, target_bytes: int, file_bytes: int, parts: int = 4) -> None:
    """Distinct files of about ``file_bytes`` in ``parts`` sub-folders of equal size."""
    import opencc

    texts = example_texts()
    traditional = opencc.OpenCC("s2t").convert
    root.mkdir(parents=True)
    per_part = target_bytes // parts
    i = 0
    for part in range(parts):
        folder = root / f"part{part}"
        folder.mkdir()
        written = 0
        while written < per_part:
            body, k = [], 0
            size = 0
            while size < file_bytes:
                para = f"第{i}号文件第{k}段。" + texts[(i + k) % len(texts)]
                body.append(para)
                size += len(para) * 3
                k += 1
            text = "\n".join(body)
            kind = i % 4
            if kind == 0:
                path, data = folder / f"{i:06d}.txt", text.encode("utf-8")
            elif kind == 1:
                path, data = folder / f"{i:06d}.txt", text.encode("gb18030")
            elif kind == 2:
                path, data = folder / f"{i:06d}.txt", traditional(text).encode("big5", errors="replace")
            else:
                paras = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
                page = (f'<html><head><meta charset="utf-8"><title>{i}</title><script>var x = {i};</script>'
                        f"</head><body><nav>首页</nav><div>{paras}</div></body></html>")
                path, data = folder / f"{i:06d}.html", page.encode("utf-8")
            path.write_bytes(data)
            written += len(data)
            i += 1


def run(script: str, *args: str) -> tuple[dict, float]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=float, default=1.0, help="size of the ingest folder")
    parser.add_argument("--build-mb", type=float, default=4.0, help="size of the build folder")
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="kg-bench-ingest-"))
    try:
        big = work / "ingest"
        if not big.exists():
            print(f"writing {args.gb:g} GB of documents to {big} …", flush=True)
            write_folder(big, int(args.gb * 2**30), 512 * 1024)
        mb = sum(p.stat().st_size for p in big.rglob("*") if p.is_file()) / 2**20
        quarter = big / "part0"
        qmb = sum(p.stat().st_size for p in quarter.rglob("*") if p.is_file()) / 2**20

        raw, t_raw = run(RAW, str(big))
        ing, t_ing = run(INGEST, str(big))
        ing_q, _ = run(INGEST, str(quarter))
        print(f"\ningest {mb:.0f} MB ({ing['errors']} errors)")
        print(f"  raw read+hash   {mb / t_raw:8.1f} MB/s   peak {raw['rss_kb'] / 1024:7.1f} MB")
        print(f"  kg.ingest       {mb / t_ing:8.1f} MB/s   peak {ing['rss_kb'] / 1024:7.1f} MB")
        print(f"  kg.ingest on a quarter ({qmb:.0f} MB)   peak {ing_q['rss_kb'] / 1024:7.1f} MB")
        print(f"  speed ratio kg.ingest / raw: {t_raw / t_ing:.3f}")
        print(f"  memory ratio whole / quarter: {ing['rss_kb'] / ing_q['rss_kb']:.2f} (bounded: about 1)")

        small = work / "build-src"
        if not small.exists():
            write_folder(small, int(args.build_mb * 2**20), 16 * 1024)
        bmb = sum(p.stat().st_size for p in small.rglob("*") if p.is_file()) / 2**20
        res, t_build = run(BUILD, str(small), str(work / "build-out"))
        res_q, t_build_q = run(BUILD, str(small / "part0"), str(work / "build-out-q"))
        print(f"\nbuild {bmb:.1f} MB: {res['documents']} documents, {res['quads']} quads, {t_build:.0f} s, "
              f"peak {res['rss_kb'] / 1024:.1f} MB")
        print(f"build of a quarter: {res_q['documents']} documents, {t_build_q:.0f} s, peak {res_q['rss_kb'] / 1024:.1f} MB")
        print(f"  memory ratio whole / quarter: {res['rss_kb'] / res_q['rss_kb']:.2f} (bounded: about 1)")
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
