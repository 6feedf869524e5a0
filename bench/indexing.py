"""Reindex throughput and memory on the news set: ours against a naive pipeline, in one run.

For each corpus size (a 10k sample, the whole 55k news set, and a larger set made by re-mixing
paragraphs across articles of the same language, never by copying documents) it measures:

- full reindex: docs/s and the peak RSS of the whole process tree (the reindex process plus its
  cleaning workers, summed, polled with psutil), each run in a fresh child process;
- the naive pipeline on the same documents: read text, ``langdetect`` inline, one Whoosh writer
  with a stemming analyzer, no cleaning (the reference: ratio = ours / naive docs/s);
- no-change reindex time (and its share of the full one), and a reindex after 1 % of the
  articles changed; the index size on disk.

Figures are medians of ``--runs`` runs. Needs the ``bench`` extra (psutil).

    .venv/bin/python -m bench.indexing [--sizes 10000,full,150000] [--runs 3] [--naive-max 60000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from bench.results import Row
from bench.results import record as record_results

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "bench" / "news" / "news.jsonl.gz"
FILE_RECORDS = 10_000  # records per corpus file
MAX_RECORD_BYTES = 20_000_000
POLL_SECONDS = 0.05


def news_records() -> Iterator[dict]:
    with gzip.open(NEWS, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def remixed(count: int, seed: int = 11) -> Iterator[dict]:
    """``count`` new articles: each takes the language and shape of a random news article and fills
    it with paragraphs drawn from other articles of that language (headlines: halves of two)."""
    rng = random.Random(seed)
    articles = list(news_records())
    paragraphs: dict[str, list[str]] = {}
    titles: dict[str, list[str]] = {}
    for record in articles:
        lang = record.get("lang") or "und"
        titles.setdefault(lang, []).append(record.get("title") or "")
        paragraphs.setdefault(lang, []).extend(p for p in (record.get("text") or "").split("\n") if p.strip())
    for number in range(count):
        template = rng.choice(articles)
        lang = template.get("lang") or "und"
        first, second = rng.choice(titles[lang]).split(), rng.choice(titles[lang]).split()
        title = " ".join(first[: len(first) // 2 + 1] + second[len(second) // 2 + 1 :])
        shape = len([p for p in (template.get("text") or "").split("\n") if p.strip()])
        pool = paragraphs.get(lang) or [""]
        text = "\n".join(rng.choice(pool) for _ in range(min(shape, 12))) if shape else ""
        yield {"id": f"mix-{number}", "lang": lang, "title": title, "text": text, "source": "remix"}


def build_corpus(folder: Path, size: int | None, transform: Callable[[dict], dict] | None = None) -> int:
    """Write ``size`` records (None: the whole news set; more: news plus re-mixed) as JSONL files,
    each passed through ``transform`` first when one is given (``bench.coverage`` adds dates)."""
    folder.mkdir(parents=True)
    records = news_records()
    if size is not None:
        total_news = sum(1 for _ in news_records())
        if size <= total_news:
            records = (r for i, r in enumerate(news_records()) if i < size)
        else:
            records = _chain(news_records(), remixed(size - total_news))
    if transform is not None:
        records = (transform(r) for r in records)
    written, handle = 0, None
    for written, record in enumerate(records, 1):
        if (written - 1) % FILE_RECORDS == 0:
            if handle:
                handle.close()
            handle = open(folder / f"part-{(written - 1) // FILE_RECORDS:04d}.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return written


def _chain(*iterables: Iterator[dict]) -> Iterator[dict]:
    for iterable in iterables:
        yield from iterable


def change_one_percent(folder: Path, seed: int) -> int:
    """Edit the text of 1 % of the records (spread over every file); returns how many."""
    rng = random.Random(seed)
    changed = 0
    for path in sorted(folder.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i in rng.sample(range(len(lines)), max(1, len(lines) // 100)):
            record = json.loads(lines[i])
            record["text"] = (record.get("text") or "") + f"\nCorrection {seed}: an earlier version misspelt a name."
            lines[i] = json.dumps(record, ensure_ascii=False)
            changed += 1
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


# ---- child processes: each measured run happens in a fresh interpreter ----


def child_ours(corpus: Path, index: Path, full: bool) -> dict:
    from searchsvc.indexing.build import reindex

    started = time.perf_counter()
    report = reindex(corpus, index, MAX_RECORD_BYTES, full=full)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "docs": report.added + report.updated + report.unchanged,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
        "grouped": report.grouped,
        "generation": report.generation,
    }


def child_naive(corpus: Path, index: Path) -> dict:
    """The naive pipeline: text as given, langdetect inline, one writer, stemming analyzer."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException
    from whoosh import index as whoosh_index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    DetectorFactory.seed = 0
    started = time.perf_counter()
    schema = Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        text=TEXT(stored=True, analyzer=StemmingAnalyzer()),
        lang=ID(stored=True),
    )
    index.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index), schema)
    docs = 0
    with ix.writer() as writer:
        for path in sorted(corpus.glob("*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    title, text = record.get("title") or "", record.get("text") or ""
                    try:
                        lang = detect(text or title)
                    except LangDetectException:
                        lang = "und"
                    writer.add_document(id=str(record["id"]), title=title, text=text, lang=lang)
                    docs += 1
    return {"seconds": time.perf_counter() - started, "docs": docs}


def measure(kind: str, corpus: Path, index: Path, full: bool = False) -> dict:
    """Run one child; returns its own figures plus the peak RSS of its process tree."""
    child = [sys.executable, "-P", __file__, "--child", kind, str(corpus), str(index)]  # -P: no bench/ on the path
    output, _, peak_mib = run_polled(child + (["--full"] if full else []), kind)
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mib"] = peak_mib
    return result


def run_polled(args: list[str], what: str, trace: Path | None = None) -> tuple[str, float, float]:
    """Run a command (from the repository root) to its end: its standard output (which should be
    short: it is read at the end), its wall-clock seconds and the peak RSS of its process tree, MiB.
    With ``trace``, a JSON line a second appended to that file: seconds, load, MiB per process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    tree = psutil.Process(process.pid)
    peak, polls = 0, 0
    while process.poll() is None:
        try:
            members = [tree, *tree.children(recursive=True)]
            sizes = {p.pid: _rss(p) for p in members}
            peak = max(peak, sum(sizes.values()))
        except psutil.NoSuchProcess:
            sizes = {}
        if trace and sizes and polls % round(1 / POLL_SECONDS) == 0:
            line = {"t": round(time.perf_counter() - started, 2), "load": os.getloadavg()[0]}
            line["mib"] = {pid: round(rss / 2**20) for pid, rss in sizes.items()}
            with open(trace, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line) + "\n")
        polls += 1
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    output = process.stdout.read()
    process.stdout.close()
    if process.returncode:
        raise RuntimeError(f"{what} run failed with exit code {process.returncode}")
    return output, seconds, peak / 2**20


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.NoSuchProcess:
        return 0


def folder_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def bench_size(work: Path, size: int | None, runs: int, naive: bool) -> dict:
    corpus = work / "corpus"
    docs = build_corpus(corpus, size)
    print(f"\n## {docs} articles ({'news' if size is None or docs <= 55_326 else 'news + re-mixed'})", flush=True)
    fulls, nochange, changed, naive_runs = [], [], [], []
    index = work / "index"
    for run in range(runs):
        index_run = work / f"index-{run}"
        fulls.append(measure("ours", corpus, index_run, full=True))
        if run == 0:
            index_run.rename(index)
        else:
            _remove(index_run)
        line = fulls[-1]
        print(
            f"  ours full   run {run + 1}: {line['seconds']:.1f}s {line['docs'] / line['seconds']:.0f} docs/s "
            f"peak {line['peak_mib']:.0f} MiB",
            flush=True,
        )
        if naive:
            naive_runs.append(measure("naive", corpus, work / f"naive-{run}"))
            size_naive = folder_mib(work / f"naive-{run}")
            _remove(work / f"naive-{run}")
            line = naive_runs[-1]
            print(
                f"  naive       run {run + 1}: {line['seconds']:.1f}s {line['docs'] / line['seconds']:.0f} docs/s "
                f"peak {line['peak_mib']:.0f} MiB",
                flush=True,
            )
    generation = (index / "CURRENT").read_text().strip()
    index_size = folder_mib(index / generation)
    for run in range(runs):
        nochange.append(measure("ours", corpus, index))
        print(f"  no change   run {run + 1}: {nochange[-1]['seconds']:.2f}s", flush=True)
    for run in range(runs):
        edited = change_one_percent(corpus, seed=run)
        changed.append(measure("ours", corpus, index))
        line = changed[-1]
        print(
            f"  1% changed  run {run + 1}: {line['seconds']:.2f}s ({edited} edited, {line['updated']} updated) "
            f"peak {line['peak_mib']:.0f} MiB",
            flush=True,
        )
    full_s = statistics.median(r["seconds"] for r in fulls)
    summary = {
        "docs": docs,
        "full_s": full_s,
        "full_docs_s": docs / full_s,
        "full_peak_mib": max(r["peak_mib"] for r in fulls),
        "nochange_s": statistics.median(r["seconds"] for r in nochange),
        "changed_s": statistics.median(r["seconds"] for r in changed),
        "changed_peak_mib": max(r["peak_mib"] for r in changed),
        "index_mib": index_size,
        "grouped": fulls[0]["grouped"],
        "skipped": fulls[0]["skipped"],
    }
    if naive_runs:
        naive_s = statistics.median(r["seconds"] for r in naive_runs)
        summary.update(
            naive_docs_s=docs / naive_s,
            naive_peak_mib=max(r["peak_mib"] for r in naive_runs),
            naive_index_mib=size_naive,
            ratio=(docs / full_s) / (docs / naive_s),
        )
    return summary


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def print_table(summaries: list[dict]) -> None:
    print(
        "\n| articles | full s | ours docs/s | naive docs/s | ratio | peak RSS MiB (ours / naive) "
        "| no-change s (% of full) | 1 %-changed s | index MiB | near-dups grouped |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for s in summaries:
        naive = f"{s['naive_docs_s']:.0f}" if "naive_docs_s" in s else "-"
        ratio = f"{s['ratio']:.2f}×" if "ratio" in s else "-"
        naive_peak = f"{s['naive_peak_mib']:.0f}" if "naive_peak_mib" in s else "-"
        share = 100 * s["nochange_s"] / s["full_s"]
        print(
            f"| {s['docs']:,} | {s['full_s']:.1f} | {s['full_docs_s']:.0f} | {naive} | {ratio} "
            f"| {s['full_peak_mib']:.0f} / {naive_peak} | {s['nochange_s']:.2f} ({share:.1f} %) "
            f"| {s['changed_s']:.2f} | {s['index_mib']:.0f} | {s['grouped']} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,full,150000", help="article counts; 'full' is the news set")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--naive-max", type=int, default=60_000, help="run the naive pipeline up to this size")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CORPUS", "INDEX"), help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus, index = args.child
        result = (
            child_ours(Path(corpus), Path(index), args.full)
            if kind == "ours"
            else child_naive(Path(corpus), Path(index))
        )
        print(json.dumps(result))
        return
    if not NEWS.is_file():
        sys.exit(f"no news set at {NEWS}")
    print(f"cores: {len(os.sched_getaffinity(0))}; runs per figure: {args.runs}")
    summaries = []
    for raw in args.sizes.split(","):
        size = None if raw == "full" else int(raw)
        with tempfile.TemporaryDirectory(prefix="bench-indexing-") as work:
            naive = (size or 55_326) <= args.naive_max
            summaries.append(bench_size(Path(work), size, args.runs, naive))
    print_table(summaries)
    rows = [row for s in summaries for row in result_rows(s)]
    record_results("indexing", rows, "Medians of runs; ours in a fresh process each run.")


def result_rows(s: dict) -> list[Row]:
    """The goals' rows of one corpus size."""
    size = f"{s['docs']:,}"
    share = 100 * s["nochange_s"] / s["full_s"]
    full = f"{s['full_docs_s']:.0f} docs/s, {s['full_s']:.1f} s, index {s['index_mib']:.0f} MiB"
    rows = [Row(f"{size}: full reindex", full)]
    if "ratio" in s:
        rows.append(Row(f"{size}: ours / naive pipeline docs/s", f"{s['ratio']:.2f}×", "≥ 2×", s["ratio"] >= 2))
    nochange = f"{s['nochange_s']:.2f} s ({share:.1f} % of full)"
    rows.append(Row(f"{size}: no-change reindex", nochange, "≤ 5 %", share <= 5))
    rows.append(Row(f"{size}: 1 %-changed reindex", f"{s['changed_s']:.2f} s"))
    peak = s["full_peak_mib"]
    rows.append(Row(f"{size}: peak RSS", f"{peak:.0f} MiB", "≤ 1 GiB", peak <= 1024))
    return rows


if __name__ == "__main__":
    main()
