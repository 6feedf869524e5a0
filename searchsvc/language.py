"""Language identification with ``langdetect``, deterministic and honest about doubt.

A private, seeded ``DetectorFactory`` (not langdetect's module-level one) makes the answer the
same on every run; ``und`` is returned when the text is too short or the best guess is weak.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
MIN_LETTERS = 12
MIN_PROBABILITY = 0.70
SEED = 0


@dataclass(frozen=True)
class Guess:
    """An ISO 639-1 code (or ``und``) and the detector's probability for it."""

    lang: str
    probability: float


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = SEED
    return factory


def detect(text: str) -> Guess:
    """Guess the language of ``text``; ``und`` when unsure."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return Guess(UNDETERMINED, 0.0)
    detector = _factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return Guess(UNDETERMINED, 0.0)
    if best.prob < MIN_PROBABILITY:
        return Guess(UNDETERMINED, best.prob)
    return Guess(best.lang, best.prob)
