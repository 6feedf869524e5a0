"""Speaker extraction against hand labels: precision, recall and F1 per language and split, and the misses.

The labels (`bench/speakers_labels.jsonl`, rules in `bench/speakers_rules.md`) name who speaks in
85 articles: 40 English, 20 Russian and 20 Ukrainian drawn at random from the news set, and the five
seeds of the sample corpus. Each article goes through the whole cleaning path (``clean.clean``), so
the figures are those of the speakers an index holds.

    .venv/bin/python -m bench.speakers [--split dev|holdout|seed] [--misses]
    .venv/bin/python -m bench.speakers --cross-script INDEX_DIR [--top 200]

``--cross-script`` reads the speakers of a built index (e.g. the 55k news set) and, for its most
frequent speaker names, counts those grouped with a spelling in the other script (Latin beside
Cyrillic) into one person (``indexing/people.py``), and lists the possible misses: a name left
without another-script spelling while the index holds one whose surname has the same consonants.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from bench.results import Row, record
from searchsvc.clean.article import clean
from searchsvc.indexing.generations import current_generation
from searchsvc.indexing.people import PEOPLE_FILE, index_people, read_people
from searchsvc.ingest.files import RawDocument, iter_corpus, read_path
from searchsvc.text.names import latin, skeleton
from searchsvc.text.scripts import starts_cyrillic

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "bench" / "news" / "news.jsonl.gz"
SAMPLE = ROOT / "searchsvc" / "sample_corpus"
LABELS = Path(__file__).resolve().parent / "speakers_labels.jsonl"
MAX_BYTES = 20_000_000


def normal(name: str) -> str:
    """The form two spellings of one label are compared in: case, ``ё``, apostrophes, initials' dots."""
    name = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    name = re.sub(r"[’ʼ`´]", "'", name)
    name = re.sub(r"\.\s*", ".", name)
    return " ".join(name.split())


@dataclass
class Tally:
    """Found, right and expected counts, and what went wrong."""

    found: int = 0
    right: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, article_id: str, found: list[str], labels: list[list[str]]) -> None:
        open_labels = [{normal(s) for s in spellings} for spellings in labels]
        self.found += len(found)
        self.expected += len(labels)
        for name in found:
            hit = next((i for i, spellings in enumerate(open_labels) if normal(name) in spellings), None)
            if hit is None:
                self.wrong.append(f"{article_id}: {name}")
            else:
                self.right += 1
                open_labels[hit] = set()
        for spellings, left in zip(labels, open_labels, strict=True):
            if left:
                self.misses.append(f"{article_id}: {spellings[0]}")

    def figures(self) -> tuple[float, float, float]:
        precision = self.right / self.found if self.found else 1.0
        recall = self.right / self.expected if self.expected else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def load_labels() -> list[dict]:
    with open(LABELS, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def documents(labels: list[dict]) -> dict[str, RawDocument]:
    """The labelled articles as the reindex reads them: news records through a JSONL file, seeds as files."""
    wanted = {row["id"] for row in labels if row.get("corpus") != "sample"}
    out: dict[str, RawDocument] = {}
    if wanted:
        if not NEWS.exists():
            sys.exit(f"{NEWS} is missing: the news set lives in ../shared/bench/news/")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "labelled.jsonl"
            with gzip.open(NEWS, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
                for line in src:
                    if json.loads(line)["id"] in wanted:
                        dst.write(line)
            out.update((doc.doc_id, doc) for doc in read_path(path, MAX_BYTES) if isinstance(doc, RawDocument))
    out.update((doc.doc_id, doc) for doc in iter_corpus(SAMPLE, MAX_BYTES) if isinstance(doc, RawDocument))
    return out


def run(split: str | None) -> tuple[dict[str, Tally], dict[str, Tally], float]:
    """Tallies per language (seeds apart) and per split, and the seconds cleaning took."""
    labels = [row for row in load_labels() if split is None or row["split"] == split]
    docs = documents(labels)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_split: dict[str, Tally] = defaultdict(Tally)
    started = time.perf_counter()
    for row in labels:
        found = list(clean(docs[row["id"]]).speakers)
        group = "seed" if row["split"] == "seed" else row["lang"]
        for tally in (by_lang[group], by_split[row["split"]], by_lang["all"]):
            tally.add(row["id"], found, row["speakers"])
    return by_lang, by_split, time.perf_counter() - started


def _consonants(name: str) -> str:
    """A looser key of a name's last word than ``name_key``: its consonants only (the misses' test)."""
    word = skeleton(latin(name.split()[-1]))
    return re.sub(r"[aeiou]", "", word)


def cross_script(index_dir: Path, top: int) -> int:
    """Of the ``top`` most frequent speaker names, those merged with another-script spelling; misses."""
    folder = index_dir / str(current_generation(index_dir))
    started = time.perf_counter()
    people = read_people(folder) if (folder / PEOPLE_FILE).is_file() else index_people(whoosh_index.open_dir(folder))
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as searcher:
        counts: Counter[str] = Counter()
        for fields in searcher.all_stored_fields():
            counts.update(n for n in set((fields.get("speakers") or "").split("\n")) if n)
    seconds = time.perf_counter() - started
    by_consonants: dict[str, set[str]] = defaultdict(set)
    for name in counts:
        by_consonants[_consonants(name)].add(name)
    merged, alone, misses = 0, 0, []
    for name, count in counts.most_common(top):
        cyrillic = starts_cyrillic(name)
        variants = people.persons[people.of_name[name]].variants if name in people.of_name else (name,)
        if any(starts_cyrillic(v) != cyrillic for v in variants):
            merged += 1
            continue
        alone += 1
        others = sorted(o for o in by_consonants[_consonants(name)] if starts_cyrillic(o) != cyrillic)
        if others:
            misses.append(f"{name} ({count}): not merged with {', '.join(others[:4])}")
    print(f"cross-script on {folder} ({len(counts)} speaker names, {len(people.persons)} persons, {seconds:.1f} s)")
    print(f"top {top}: {merged} merged with a spelling in the other script, {alone} with none;")
    print(f"{len(misses)} possible misses (another-script name with the same surname consonants):")
    print(*misses, sep="\n  ")
    record(
        "speakers-people",
        [
            Row(f"top {top} speaker names merged with an other-script spelling", f"{merged} of {top}"),
            Row("possible misses (other-script name with the surname's consonants)", f"{len(misses)}"),
            Row("persons / speaker spellings in the index", f"{len(people.persons):,} / {len(counts):,}"),
        ],
        "Misses:\n\n" + "\n".join(f"- {m}" for m in misses) if misses else "",
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "holdout", "seed"), help="only this split")
    parser.add_argument("--misses", action="store_true", help="list every miss and every wrong name")
    parser.add_argument("--cross-script", type=Path, metavar="INDEX_DIR", help="merges across scripts in an index")
    parser.add_argument("--top", type=int, default=200, help="most frequent speaker names for --cross-script")
    args = parser.parse_args()
    if args.cross_script:
        return cross_script(args.cross_script, args.top)
    by_lang, by_split, seconds = run(args.split)
    with open("/proc/loadavg") as handle:
        load = handle.read().split()[0]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"speakers on {LABELS.name} ({when}, load {load}, {seconds:.1f} s)")
    print(f"{'group':<8} {'found':>5} {'right':>5} {'labels':>6}    P     R     F1")
    for name, tally in [*sorted(by_lang.items()), *(("/" + k, v) for k, v in sorted(by_split.items()))]:
        precision, recall, f1 = tally.figures()
        print(f"{name:<8} {tally.found:>5} {tally.right:>5} {tally.expected:>6}  {precision:.3f} {recall:.3f} {f1:.3f}")
    if args.misses:
        print("\nmissed (labelled, not found):", *by_lang["all"].misses, sep="\n  ")
        print("\nwrong (found, not labelled):", *by_lang["all"].wrong, sep="\n  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
