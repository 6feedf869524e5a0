"""Names across scripts on the news index: false matches of ordinary words, hits on people's names.

On the index of the 55k news set (``bench/.cache/ours``, as ``bench/query.py`` builds it; brought up
to date here):

- **false matches**: 100 Russian and 100 Ukrainian ordinary words drawn with a fixed seed from the
  vocabulary of the news set's Russian and Ukrainian articles. A word is ordinary, not a name, when
  it occurs at least ``MIN_COUNT`` times and at least ``LOWER_SHARE`` of its occurrences are in lower
  case (Russian and Ukrainian write names with a capital). A word *gains a match it should not*
  when its name key finds any article in the other script's keys (the ``names`` field's Latin keys):
  those are Latin words, and an ordinary Cyrillic word has no Latin spelling.
- **hit rate on names**: people named as speakers of Cyrillic articles, sampled with a fixed seed
  among those whom some English article also names as a speaker (``text.names.same_person``: by
  the name keys, a criterion independent of the ``names`` field and of which words read as
  names); each person's surname, as the Cyrillic article writes it in the nominative and typed in
  lower case, is searched among English articles. A hit: every English article naming them is
  matched; also the share of those articles matched, and the same the other way (English
  speakers' surnames among Cyrillic articles).

    .venv/bin/python -m bench.cross_script [--words 100] [--names 60]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from bench.results import Row
from bench.results import record as record_results
from searchsvc.analysis.analyzers import analysis_language, is_stop_word, text_analyzer, vocabulary_analyzer
from searchsvc.analysis.name_keys import name_key_analyzer
from searchsvc.indexing.build import reindex
from searchsvc.indexing.schema import SPEAKER_SEPARATOR
from searchsvc.query.deadline import Deadline
from searchsvc.search.service import SearchRequest, match_all
from searchsvc.search.serving import IndexHandle, Snapshot
from searchsvc.text.names import reads_as_name, same_person, word_keys
from searchsvc.text.scripts import starts_cyrillic

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "bench" / "news" / "news.jsonl.gz"
CACHE = ROOT / "bench" / ".cache"
SEED = 17
MIN_COUNT = 20
LOWER_SHARE = 0.95
_WORD = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ'’ʼ]{3,}")


def ordinary_words(per_language: int) -> dict[str, list[str]]:
    """``per_language`` ordinary words of the Russian and of the Ukrainian articles, drawn with ``SEED``."""
    counts = {"ru": Counter(), "uk": Counter()}
    lower = {"ru": Counter(), "uk": Counter()}
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            lang = record.get("lang")
            if lang not in counts:
                continue
            for word in _WORD.findall(f"{record.get('title', '')}\n{record.get('text', '')}"):
                folded = word.lower()
                counts[lang][folded] += 1
                lower[lang][folded] += word == folded
    drawn = {}
    for lang, counter in counts.items():
        pool = sorted(
            word
            for word, n in counter.items()
            if n >= MIN_COUNT and lower[lang][word] >= LOWER_SHARE * n and not is_stop_word(word)
        )
        drawn[lang] = random.Random(SEED).sample(pool, per_language)
    return drawn


def analysis_cost(count: int) -> tuple[float, float]:
    """CPU milliseconds per article of the names field's analysis (``name_key_analyzer`` as the
    reindex runs it: the dictionaries loaded, as cleaning has loaded them, and the per-word caches
    empty) and of the text fields' (title and body in their language, the spelling vocabulary), over
    ``count`` articles of the news set drawn with ``SEED``."""
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    drawn = random.Random(SEED).sample(records, count)
    articles = [(r.get("lang", ""), r.get("title", ""), r.get("text", "")) for r in drawn]
    for word in ("Loaded", "загружен", "завантажені"):  # pymorphy3 and the English word list, once
        reads_as_name(word)
    names = name_key_analyzer()
    started = time.process_time()
    for _, title, body in articles:
        for _ in names(f"{title}\n\n{body}", positions=True, mode="index"):
            pass
    names_ms = (time.process_time() - started) * 1000 / len(articles)
    vocabulary = vocabulary_analyzer()
    started = time.process_time()
    for lang, title, body in articles:
        analyzer = text_analyzer(analysis_language(lang, body))
        for text in (title, body):
            for _ in analyzer(text, positions=True, mode="index"):
                pass
        for _ in vocabulary(f"{title}\n{body}", mode="index"):
            pass
    return names_ms, (time.process_time() - started) * 1000 / len(articles)


def false_matches(searcher, words: list[str]) -> list[tuple[str, str, int]]:
    """The words whose keys find articles in the other script: ``(word, key, articles)``."""
    found = []
    for word in words:
        for token in name_key_analyzer()(word, mode="query"):
            if token.text and (df := searcher.doc_frequency("names", token.text)):
                found.append((word, token.text, df))
    return found


def speakers_by_script(snapshot: Snapshot) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Every speaker name of the index and its articles, apart for Cyrillic and Latin names."""
    cyrillic: dict[str, set[int]] = {}
    latin: dict[str, set[int]] = {}
    reader = snapshot.searcher.reader()
    for docnum, stored in reader.iter_docs():
        for name in (stored.get("speakers") or "").split(SPEAKER_SEPARATOR):
            if len(name.split()) >= 2:
                (cyrillic if starts_cyrillic(name) else latin).setdefault(name, set()).add(docnum)
    return cyrillic, latin


def name_hits(snapshot: Snapshot, people: dict[str, set[int]], others: dict[str, set[int]], count: int, langs):
    """For ``count`` people of ``people`` (sampled among those some name of ``others`` is), whether
    their lower-case surname finds every article of ``others`` naming them, among ``langs``."""
    by_key: dict[str, list[str]] = {}
    for other in others:
        for key in word_keys(other.split()[-1]):
            by_key.setdefault(key, []).append(other)
    matched = []
    for name in sorted(people):
        near = {o for key in word_keys(name.split()[-1]) for o in by_key.get(key, ())}
        candidates = sorted(o for o in near if same_person(name, o))
        if candidates:
            matched.append((name, candidates))
    sample = random.Random(SEED).sample(matched, min(count, len(matched)))
    outcomes = []
    for name, candidates in sample:
        expected = set().union(*(others[o] for o in candidates))
        surname = name.split()[-1].lower()
        found = _matched_docs(snapshot, surname, langs)
        outcomes.append((name, surname, reads_as_name(surname), len(expected & found) / len(expected), candidates))
    return outcomes


def _matched_docs(snapshot: Snapshot, query: str, langs) -> set[int]:
    """Every document ``query`` matches under the language filter, as a search counts them."""
    matches = match_all(snapshot, SearchRequest(query, lang=langs, collapse=False), Deadline.after(30.0))
    return {int(d) for d in matches.scored.docs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100, help="ordinary words per language")
    parser.add_argument("--names", type=int, default=60, help="people per direction")
    parser.add_argument("--cost-articles", type=int, default=10_000, help="articles timed for the analysis cost")
    args = parser.parse_args()
    if not NEWS.exists():
        sys.exit(f"no news set at {NEWS}")
    corpus = CACHE / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if not (corpus / NEWS.name).exists():
        (corpus / NEWS.name).symlink_to(NEWS)
    started = time.perf_counter()
    report = reindex(corpus, CACHE / "ours", 50_000_000)
    print(f"index: {report.counts()} in {time.perf_counter() - started:.0f}s", flush=True)
    names_ms, text_ms = analysis_cost(args.cost_articles)
    print(f"CPU per article: names field {names_ms:.3f} ms, text fields {text_ms:.3f} ms", flush=True)
    snapshot = Snapshot(IndexHandle(CACHE / "ours").get())
    words = ordinary_words(args.words)
    rows = []
    for lang, drawn in words.items():
        gated = [w for w in drawn if reads_as_name(w)]
        false = false_matches(snapshot.searcher, drawn)
        wrong = sorted({w for w, _, _ in false})
        share = len(wrong) / len(drawn)
        print(f"{lang}: {len(drawn)} ordinary words, {len(gated)} read as names: {gated}")
        print(f"{lang}: {len(wrong)} gain a Latin match ({100 * share:.1f} %): {false}")
        figure = f"{len(wrong)} of {len(drawn)} ({100 * share:.1f} %); {len(gated)} read as names"
        if wrong:
            figure += f" ({', '.join(f'`{w}`' for w in wrong[:5])})"
        rows.append(Row(f"{lang}: ordinary words gaining a Latin match", figure, "< 1 %", share < 0.01))
    cyrillic, latin = speakers_by_script(snapshot)
    print(f"speakers: {len(cyrillic)} Cyrillic, {len(latin)} Latin full names")
    for label, people, others, langs in (
        ("Cyrillic surname → English articles", cyrillic, latin, ("en",)),
        ("Latin surname → Cyrillic articles", latin, cyrillic, ("ru", "uk")),
    ):
        outcomes = name_hits(snapshot, people, others, args.names, langs)
        if not outcomes:
            rows.append(Row(label, "no person named in both scripts"))
            continue
        hits = sum(outcome[3] == 1.0 for outcome in outcomes)
        mean = statistics.mean(o[3] for o in outcomes)
        for name, surname, gated, recall, candidates in outcomes:
            print(f"  {label[:8]} {name!r} ({surname}, reads as name {gated}) → {recall:.2f} of {candidates[:3]}")
        rows.append(
            Row(
                f"{label}: people all of whose articles are found",
                f"{hits} of {len(outcomes)} ({100 * hits / len(outcomes):.0f} %); mean share found {mean:.2f}",
            )
        )
    share = f"{names_ms:.3f} ms (text fields' analysis {text_ms:.3f} ms, {100 * names_ms / text_ms:.0f} % of it)"
    rows.append(Row(f"CPU per article of the names field's analysis, {args.cost_articles:,} articles", share))
    record_results(
        "cross_script",
        rows,
        f"55,326 news articles; words and people drawn with seed {SEED}; ordinary: ≥ {MIN_COUNT} occurrences,"
        f" ≥ {LOWER_SHARE:.0%} in lower case.",
    )


if __name__ == "__main__":
    main()
