"""Language identification accuracy and speed on ``../shared/bench/langid/``.

Prints, per sample kind and language, the accuracy of the detector ``clean`` uses beside plain
seeded ``langdetect`` in the same run, the uk→ru and ru→uk confusion rates, and texts per second
(median of several runs). ``--halves`` adds ours on the samples of even and of odd line index apart:
a change should help both halves, not fit one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from searchsvc.clean.language import SEED, Detector, backend_module

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "langid"
KINDS = ("sentences", "headlines", "paragraphs")
LANGS = ("en", "ru", "uk")
OTHERS = ("bg", "be", "de", "fr")


def plain_langdetect(module: str = "langdetect"):
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


def load(kind: str, lang: str) -> list[str]:
    path = DATA / kind / f"{lang}.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []


def answers(detect, samples: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], list[str]]:
    return {key: [detect(text) for text in texts] for key, texts in samples.items()}


def half_accuracies(answered: list[str], lang: str) -> str:
    """Accuracy on the even and on the odd sample indexes, as ``even / odd`` percentages."""
    halves = (answered[0::2], answered[1::2])
    return " / ".join(f"{100 * half.count(lang) / len(half):.1f}" for half in halves)


def speed(detect, texts: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            detect(text)
        times.append(time.perf_counter() - start)
    return len(texts) / statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timing runs (median reported)")
    parser.add_argument("--halves", action="store_true", help="also print ours on even / odd samples")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    samples = {(k, lang): load(k, lang) for k in KINDS for lang in (*LANGS, *OTHERS)}
    samples = {key: texts for key, texts in samples.items() if texts}
    ours = Detector()
    candidates = {
        f"searchsvc ({ours.name})": lambda t: ours.detect(t).lang,
        "plain langdetect": plain_langdetect(),
        "plain langdetect-rs": plain_langdetect("langdetect_rs"),
    }
    answered = {name: answers(fn, samples) for name, fn in candidates.items()}
    results = {name: {key: Counter(a) for key, a in by_key.items()} for name, by_key in answered.items()}
    ours_name = next(iter(candidates))
    header = "".join(f"{name:>28}" for name in candidates) + ("   ours even / odd" if args.halves else "")
    print(f"{'kind':<11}{'lang':<6}{'n':>5}" + header)
    for (kind, lang), texts in samples.items():
        cells = []
        for name in candidates:
            counts = results[name][(kind, lang)]
            wrong = ", ".join(f"{code} {n}" for code, n in counts.most_common() if code != lang)[:14]
            cells.append(f"{100 * counts[lang] / len(texts):6.1f}% {wrong:<14}")
        halves = f"   {half_accuracies(answered[ours_name][(kind, lang)], lang)}" if args.halves else ""
        print(f"{kind:<11}{lang:<6}{len(texts):>5}" + "".join(f"{c:>28}" for c in cells) + halves)
    for name in candidates:
        uk_ru = sum(results[name][(k, "uk")]["ru"] for k in KINDS) / sum(len(samples[(k, "uk")]) for k in KINDS)
        ru_uk = sum(results[name][(k, "ru")]["uk"] for k in KINDS) / sum(len(samples[(k, "ru")]) for k in KINDS)
        print(f"{name}: uk→ru {100 * uk_ru:.2f} %, ru→uk {100 * ru_uk:.2f} %")
    timed = [t for k in KINDS for lang in LANGS for t in samples[(k, lang)]]
    rates = {name: speed(fn, timed, args.runs) for name, fn in candidates.items()}
    reference = rates["plain langdetect"]
    for name, rate in rates.items():
        print(f"{name}: {rate:,.0f} texts/s (×{rate / reference:.1f} vs plain langdetect), {len(timed)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
