"""Language identification accuracy and speed on ``../shared/bench/langid/`` and the news titles.

Prints, per sample kind and language, the accuracy of the detector ``clean`` uses beside plain
seeded ``langdetect`` (and ``langdetect-rs``) in the same run, ours on the samples of even and of
odd line index apart (a change should help both halves, not fit one), the uk→ru and ru→uk confusion
rates, and texts per second (median of several runs). A third check set, used for no tuning, is the
titles of ``news/`` (gold ``lang``) that are not among the ``langid`` headlines (which were sampled
from them): alone, as a headline without its article, and in their article as ``clean`` reads them
(``language.detect_article``: the title takes the body's language). The table under "Language
identification" in ``bench/README.md`` is rewritten from the figures (``--no-record`` leaves it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.results import Row
from bench.results import record as record_results
from searchsvc.clean.language import SEED, Detector, backend_module, detect_article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
DATA = SHARED / "langid"
NEWS = SHARED / "news" / "news.jsonl.gz"
KINDS = ("sentences", "headlines", "paragraphs")
LANGS = ("en", "ru", "uk")
OTHERS = ("bg", "be", "de", "fr")
TITLES = "news titles"
IN_ARTICLE = "news titles in article"
GOALS = {"sentences": 98.5, "headlines": 98.5, "paragraphs": 99.9, TITLES: 98.5, IN_ARTICLE: 98.5}

NOTE = """Ours through `language.detect` (a text alone) and `language.detect_article` (a title in its
article, as `clean` reads it); plain langdetect-rs (the same answers as langdetect) on the news titles,
on title and body together in their article. News titles: those of `news/` not among the langid
headlines, a check set on which no constant was chosen (`EXPERIMENTS.md` says what its misses
prompted). Held-out samples (not here) are measured by the project."""

Sample = tuple[str, str]  # (text, article body: empty for the langid samples and body-less articles)


def plain_langdetect(module: str = "langdetect") -> Callable[[str], str]:
    """Seeded langdetect (or langdetect-rs) with no pre- or post-processing: the reference."""
    backend = backend_module(module)
    factory = backend.DetectorFactory()
    factory.load_profile(backend.PROFILES_DIRECTORY)
    factory.seed = SEED

    def detect(text: str) -> str:
        detector = factory.create()
        detector.append(text)
        try:
            return detector.detect()
        except backend.lang_detect_exception.LangDetectException:
            return "und"

    return detect


def load(kind: str, lang: str) -> list[Sample]:
    path = DATA / kind / f"{lang}.txt"
    if not path.exists():
        return []
    return [(line, "") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def news_titles(seen: set[str]) -> dict[str, list[Sample]]:
    """The news set's titles and bodies by gold language, but titles among the langid samples."""
    by_lang: dict[str, list[Sample]] = {lang: [] for lang in LANGS}
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title = record["title"].strip()
            if title and title not in seen and record["lang"] in by_lang:
                by_lang[record["lang"]].append((title, record["text"]))
    return by_lang


def accuracy(answered: list[str], lang: str) -> float:
    return 100 * answered.count(lang) / len(answered) if answered else 0.0


def halves(answered: list[str], lang: str) -> tuple[float, float]:
    """Accuracy on the even and on the odd sample indexes."""
    return accuracy(answered[0::2], lang), accuracy(answered[1::2], lang)


def speed(detect: Callable[[str], str], texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            detect(text)
        times.append(time.perf_counter() - start)
    return len(texts) / statistics.median(times)


def measure(samples: dict[tuple[str, str], list[Sample]], fast_only: set[str]) -> dict[str, dict]:
    """Every detector's answers per (kind, lang); the slow plain langdetect skips ``fast_only`` kinds."""
    candidates = detectors()
    answered: dict[str, dict] = {name: {} for name in candidates}
    for (kind, lang), texts in samples.items():
        for name, fn in candidates.items():
            if kind == IN_ARTICLE:
                if name == "ours":
                    answered[name][(kind, lang)] = [detect_article(t, b).lang for t, b in texts]
                elif name == "plain langdetect-rs":
                    answered[name][(kind, lang)] = [fn(f"{t}\n\n{b}") for t, b in texts]
            elif name != "plain langdetect" or kind not in fast_only:
                answered[name][(kind, lang)] = [fn(t) for t, _ in texts]
    return answered


def detectors() -> dict[str, Callable[[str], str]]:
    """Ours and the two plain references, each a function from text to language code."""
    ours = Detector()
    return {
        "ours": lambda text: ours.detect(text).lang,
        "plain langdetect": plain_langdetect(),
        "plain langdetect-rs": plain_langdetect("langdetect_rs"),
    }


def print_table(samples: dict[tuple[str, str], list[Sample]], answered: dict[str, dict]) -> None:
    names = list(answered)
    print(f"{'kind':<23}{'lang':<5}{'n':>6}" + "".join(f"{n:>26}" for n in names) + "   ours even / odd")
    for key, texts in samples.items():
        cells = []
        for name in names:
            if key not in answered[name]:
                cells.append("-")
                continue
            got = answered[name][key]
            wrong = ", ".join(f"{c} {n}" for c, n in Counter(got).most_common() if c != key[1])[:14]
            cells.append(f"{accuracy(got, key[1]):6.1f}% {wrong:<14}")
        even, odd = halves(answered["ours"][key], key[1])
        print(
            f"{key[0]:<23}{key[1]:<5}{len(texts):>6}"
            + "".join(f"{c:>26}" for c in cells)
            + f"   {even:.1f} / {odd:.1f}"
        )


def confusion(answered: dict, samples: dict, gold: str, wrong: str) -> float:
    keys = [key for key in samples if key[1] == gold and key[0] in KINDS]
    return 100 * sum(answered[key].count(wrong) for key in keys) / sum(len(samples[key]) for key in keys)


def result_rows(samples: dict, answered: dict, rates: dict[str, float]) -> list[Row]:
    """The README table: ours per kind and language (worst half), plain langdetect beside."""
    ours, rows = answered["ours"], []
    for kind in (*KINDS, TITLES, IN_ARTICLE):
        keys = [(kind, lang) for lang in LANGS if (kind, lang) in samples]
        if not keys:
            continue
        figures = [accuracy(ours[key], key[1]) for key in keys]
        worst = [min(halves(ours[key], key[1])) for key in keys]
        plain_name = "plain langdetect" if keys[0] in answered["plain langdetect"] else "plain langdetect-rs"
        plain = " / ".join(f"{accuracy(answered[plain_name][key], key[1]):.1f}" for key in keys)
        sizes = " / ".join(str(len(samples[key])) for key in keys)
        figure = (
            f"{' / '.join(f'{f:.1f}' for f in figures)} % (worst half {' / '.join(f'{w:.1f}' for w in worst)}); "
            f"plain langdetect {plain} %; n {sizes}"
        )
        goal = GOALS[kind]
        rows.append(Row(f"{kind} {' / '.join(k[1] for k in keys)}", figure, f"≥ {goal} %", min(worst) >= goal))
    others = [(key, accuracy(ours[key], key[1])) for key in samples if key[1] in OTHERS and key[0] == "sentences"]
    if others:
        rows.append(Row("sentences, not primary", ", ".join(f"{k[1]} {a:.1f} %" for k, a in others)))
    uk_ru, ru_uk = confusion(ours, samples, "uk", "ru"), confusion(ours, samples, "ru", "uk")
    rows.append(Row("langid samples uk→ru / ru→uk", f"{uk_ru:.2f} / {ru_uk:.2f} %"))
    ratio = rates["ours"] / rates["plain langdetect"]
    figure = f"{rates['ours']:,.0f} (plain langdetect {rates['plain langdetect']:,.0f}, ×{ratio:.1f})"
    rows.append(Row("texts/s, langid en/ru/uk samples, one core", figure))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median reported)")
    parser.add_argument("--halves", action="store_true", help="kept for old command lines: halves always print")
    parser.add_argument("--no-record", action="store_true", help="do not rewrite the README table")
    args = parser.parse_args()
    if not DATA.is_dir() or not NEWS.is_file():
        print(f"no data at {DATA} or {NEWS}", file=sys.stderr)
        return 1
    samples = {(k, lang): load(k, lang) for k in KINDS for lang in (*LANGS, *OTHERS)}
    samples = {key: texts for key, texts in samples.items() if texts}
    seen = {text for lang in LANGS for text, _ in load("headlines", lang)}
    for lang, titles in news_titles(seen).items():
        samples[(TITLES, lang)] = titles
        samples[(IN_ARTICLE, lang)] = titles
    answered = measure(samples, fast_only={TITLES, IN_ARTICLE})
    print_table(samples, answered)
    for name in answered:
        uk_ru, ru_uk = confusion(answered[name], samples, "uk", "ru"), confusion(answered[name], samples, "ru", "uk")
        print(f"{name}: langid samples uk→ru {uk_ru:.2f} %, ru→uk {ru_uk:.2f} %")
    timed = [t for k in KINDS for lang in LANGS for t, _ in samples[(k, lang)]]
    rates = {name: speed(fn, timed, args.runs) for name, fn in detectors().items()}
    reference = rates["plain langdetect"]
    for name, rate in rates.items():
        print(f"{name}: {rate:,.0f} texts/s (×{rate / reference:.1f} vs plain langdetect), {len(timed)} texts")
    if not args.no_record:
        record_results("langid", result_rows(samples, answered, rates), NOTE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
