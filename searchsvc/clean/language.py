"""Language identification with ``langdetect``, deterministic and honest about doubt.

The detector is ``langdetect-rs`` (the same algorithm and profiles, a Rust core) when installed,
else ``langdetect``; both are seeded, so the answer is the same on every run. Before detection the
text is normalised (capitals folded to Title Case, Latin look-alikes inside Cyrillic words mapped
back, minority-script words dropped). Doubtful answers (close Cyrillic languages, short texts) are
settled by naive Bayes among the configured *primary* languages and langdetect's guesses, with the
letters only Ukrainian (``і ї є ґ``) or only Russian (``ы э ё ъ``) writes, the function words only one
language writes, and which dictionaries know the words (``text.dictionaries``) as evidence; the
n-grams weigh half (``NGRAM_WEIGHT``), and a Title Case headline's names leave them (``without_names``).
An article's title takes the language of title and body read together (``detect_article``). ``und``
when too short, half in one script and half in another, or unsure.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from langdetect.utils.ngram import NGram

from searchsvc.text import LANGUAGES, dictionaries
from searchsvc.text.function_words import FUNCTION_WORDS
from searchsvc.text.scripts import has_cyrillic, mostly_cyrillic

UNDETERMINED = "und"
MIN_LETTERS = 8
MIN_PROBABILITY = 0.70  # for langdetect's own (uncalibrated) probability
MIN_POSTERIOR = 0.5  # for the naive-Bayes posterior: likelier than all other candidates together
PRIOR = 1e4  # how much likelier a primary language is than another, before reading the text
SMOOTHING = 0.5 / 10_000  # langdetect's own alpha / BASE_FREQ
STOPWORD_LOG_BONUS = math.log(20)
MAX_SCORED_CHARS = 1500
MIXED_MIN_WORDS = 5  # a text with this many words in each of Latin and Cyrillic script,
MIXED_SHARE = 0.4  # and this share of its words in the rarer of the two (near balance), is mixed: und
LONG_WORDS = 30  # from this many words langdetect tells Russian from Ukrainian reliably
SEED = 0
TITLE_CASE_SHARE = 0.8  # a text with this share of its words capitalised is a headline in Title Case
# Each letter is in three n-grams (1-, 2- and 3-grams), which naive Bayes counts as independent
# evidence: their log-likelihood overstates itself against the word-level evidence (dictionaries,
# function words, the prior). Weighted by a half (chosen on the even half of the langid samples
# among 1, 1/2 and 1/3; bench/EXPERIMENTS.md).
NGRAM_WEIGHT = 0.5
DEFAULT_PRIMARY = LANGUAGES
BACKENDS = ("langdetect_rs", "langdetect")

CYRILLIC_RELATIVES = frozenset({"ru", "uk", "bg", "mk", "sr", "be"})
# Letters each language never writes: their presence rules the language out.
UK_ONLY = frozenset("іїєґ")
RU_ONLY = frozenset("ыэёъ")
NEVER = {
    "ru": UK_ONLY | frozenset("ўѓќѕђћјљњџ"),
    "uk": RU_ONLY | frozenset("ўѓќѕђћјљњџ"),
    "bg": UK_ONLY | frozenset("ыэёўѓќѕђћјљњџ"),
    "mk": UK_ONLY | RU_ONLY | frozenset("щйўђћ"),
    "sr": UK_ONLY | RU_ONLY | frozenset("щйўѓќѕя"),
}


@dataclass(frozen=True)
class KnownShare:
    """How often a dictionary knows a word of running text in its own language and in others."""

    own: float
    other: float

    def log_ratio(self, known: bool) -> float:
        """log P(known or not | own language) / P(same | another language)."""
        if known:
            return math.log(self.own / self.other)
        return math.log((1 - self.own) / (1 - self.other))


# Measured once on running text that is not langid data: the bodies of shared/bench/news (400 each of
# en, ru, uk), and for other languages pyspellchecker's own de/fr/nl/pt/es/it lists, weighted by count.
# English: the list knows 94 % of lower-case and 69 % of capitalised words (names, tickers) of English
# text, and 23-49 % (mean 38 %) of the words of the other six. Indexed by "is capitalised".
ENGLISH_SHARE = (KnownShare(own=0.94, other=0.38), KnownShare(own=0.69, other=0.38))
# A word only one of the Russian and Ukrainian dictionaries knows is 67 % of the lower-case words of
# that language's text (52-62 % of the capitalised), and of the other language's: uk-only words 0.08 %
# of Russian lower-case (4.3 % capitalised: the newer Ukrainian dictionary knows more names), ru-only
# words 0.58 % of Ukrainian (0.66 %). The likelihood ratios, (lower case, capitalised), rounded:
EXCLUSIVE_WORD_RATIO = {"uk": (800.0, 14.0), "ru": (100.0, 80.0)}
# Russian shares its Church Slavonic vocabulary with Bulgarian and Macedonian, which have no dictionary
# here: a word only the Russian dictionary knows tells Russian from Ukrainian, not from them. A word
# only the Ukrainian one knows (Ukrainian spelling: і, ї, є, -ти) counts against every other candidate.
DICTIONARY_RELATIVES = ("ru", "uk")
# The Russian or the Ukrainian dictionary knows 99 % of the lower-case words of Russian and of Ukrainian
# text (bodies of shared/bench/news: 99.06 % and 98.84 %), but far fewer of a Cyrillic language neither
# describes: 24-28 % of the distinct words of the unused langid word lists of Bulgarian, 12-13 % of
# Belarusian; running text repeats its short common words (``на``, ``за``), so 60 % is taken for it.
# Capitalised words (names) are left out: the dictionaries miss 3-9 % of them even in their languages.
CYRILLIC_SHARE = KnownShare(own=0.99, other=0.60)
DISTINCT_VOCABULARY = frozenset({"uk"})

_LATIN_TO_CYRILLIC = str.maketrans("aceiopxyABCEHIKMOPTX", "асеіорхуАВСЕНІКМОРТХ")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_VOWELS = re.compile("[aeiouyàâäéèêëîïôöûüùÿœæáíóúаеёиоуыэюяіїє]", re.IGNORECASE)
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|<[^>]{1,20}>")


@dataclass(frozen=True)
class Guess:
    """An ISO 639-1 code (or ``und``) and the detector's probability for it."""

    lang: str
    probability: float


def backend_module(name: str | None = None) -> ModuleType:
    """The detector package: ``name`` if given, else the first of ``BACKENDS`` that imports."""
    for candidate in (name,) if name else BACKENDS:
        try:
            return importlib.import_module(candidate)
        except ImportError:
            continue  # langdetect-rs is optional; langdetect is a required dependency
    raise ImportError(f"no language detector installed (tried {', '.join(BACKENDS)})")


class Detector:
    """A seeded langdetect over all profiles; doubtful answers are settled by naive Bayes.

    langdetect samples n-grams until one language passes 0.99999, so its probabilities say little
    on short texts (a Russian headline comes out "bg 0.99999"). Whenever the best guess is not
    plainly a primary language, the candidates (the guesses in the text's script and the primary
    languages of that script) are scored by the log-likelihood of all the text's n-grams under
    langdetect's own profiles, plus a prior that favours the primary languages (which long texts
    overcome, short ones do not), plus the function words only one candidate writes.
    """

    def __init__(
        self, primary: tuple[str, ...] = DEFAULT_PRIMARY, backend: str | None = None, prior: float = PRIOR
    ) -> None:
        self.module = backend_module(backend)
        self.primary = tuple(primary)
        self.log_prior = math.log(prior)
        self._factory = self.module.DetectorFactory()
        self._factory.load_profile(self.module.PROFILES_DIRECTORY)
        self._factory.seed = SEED
        self._profiles: dict[str, tuple[dict[str, int], list[int]]] = {}

    @property
    def name(self) -> str:
        return self.module.__name__

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """langdetect's languages and probabilities, best first (empty when nothing is detectable)."""
        detector = self._factory.create()
        detector.append(text)
        try:
            return [(p.lang, p.prob) for p in detector.get_probabilities()]
        except self.module.lang_detect_exception.LangDetectException:
            return []

    def detect(self, text: str) -> Guess:
        """Guess the language of ``text``; ``und`` when unsure."""
        prepared = prepare(text)
        if is_mixed(text):
            return Guess(UNDETERMINED, 0.0)
        if sum(ch.isalpha() for ch in prepared) < MIN_LETTERS:
            return self._by_letters(prepared)
        ranked = self.probabilities(prepared)
        if not ranked:
            return Guess(UNDETERMINED, 0.0)
        lang, prob = ranked[0]
        threshold = MIN_PROBABILITY
        if not self._plainly(prepared, lang, prob):
            lang, prob = self._settle(prepared[:MAX_SCORED_CHARS], [code for code, _ in ranked])
            threshold = MIN_POSTERIOR
        if prob < threshold:
            return Guess(UNDETERMINED, prob)
        return Guess(lang, prob)

    def _by_letters(self, text: str) -> Guess:
        """A text too short to detect: named only by letters a single primary language writes (``Їй``),
        or by the one primary dictionary that alone knows every word of it (``ЗАЯВА``, ``YEAR NET``)."""
        letters = set(text.lower())
        writers = [c for c in ("uk", "ru") if c in self.primary and letters & (UK_ONLY if c == "uk" else RU_ONLY)]
        words = text.split()
        if not writers and words:
            # the one primary dictionary that knows every word; English, whose list knows many words of
            # other Latin-script languages too (38 %), only from two words on (``Year Net``, not ``ok``)
            knowers = set.intersection(*(set(dictionaries.known_by(w)) for w in words))
            codes = DICTIONARY_RELATIVES if mostly_cyrillic(text) else ("en",) if len(words) >= 2 else ()
            writers = [c for c in codes if c in self.primary and c in knowers]
        if len(writers) == 1 and not (NEVER.get(writers[0], frozenset()) & letters):
            return Guess(writers[0], MIN_PROBABILITY)
        return Guess(UNDETERMINED, 0.0)

    def _plainly(self, text: str, lang: str, prob: float) -> bool:
        """langdetect's answer needs no second look: a confident primary language, and for a close
        Cyrillic one a long text whose letters do not rule it out."""
        if lang not in self.primary or prob < MIN_PROBABILITY:
            return False
        if lang not in CYRILLIC_RELATIVES:
            return True
        return len(text.split()) >= LONG_WORDS and not (NEVER.get(lang, frozenset()) & set(text.lower()))

    def _candidates(self, text: str, guesses: list[str]) -> list[str]:
        cyrillic = mostly_cyrillic(text)
        same_script = [c for c in (*guesses, *self.primary) if (c in CYRILLIC_RELATIVES) == cyrillic]
        found = list(dict.fromkeys(c for c in same_script if (_profile_path(c)).exists()))
        letters = set(text.lower())
        possible = [c for c in found if not (NEVER.get(c, frozenset()) & letters)]
        return possible or found  # mixed spelling rules every language out: letters prove nothing

    def _settle(self, text: str, guesses: list[str]) -> tuple[str, float]:
        """The candidate with the best posterior, and that posterior."""
        candidates = self._candidates(text, guesses)
        if len(candidates) < 2:
            return (candidates[0], 1.0) if candidates else (guesses[0], 0.0)
        likelihoods = self._log_likelihoods(without_names(text), candidates)
        scores = {code: NGRAM_WEIGHT * ll for code, ll in likelihoods.items()}
        for code, evidence in dictionary_evidence(text.split(), candidates).items():
            scores[code] += evidence
        words = text.lower().split()
        listed = [c for c in candidates if c in FUNCTION_WORDS]
        for code in candidates:
            if code in self.primary:
                scores[code] += self.log_prior
            if len(listed) > 1 and code in FUNCTION_WORDS:
                others = set().union(*(FUNCTION_WORDS[c] for c in listed if c != code))
                only_here = sum(1 for w in words if w in FUNCTION_WORDS[code] and w not in others)
                scores[code] += STOPWORD_LOG_BONUS * only_here
        best = max(scores, key=lambda code: scores[code])
        total = sum(math.exp(score - scores[best]) for score in scores.values())
        return best, 1.0 / total

    def _log_likelihoods(self, text: str, candidates: list[str]) -> dict[str, float]:
        """Sum of log P(n-gram | language) over the n-grams any candidate's profile knows."""
        profiles = {code: self._profile(code) for code in candidates}
        scores = dict.fromkeys(candidates, 0.0)
        for gram in _ngrams(text):
            if not any(gram in freq for freq, _ in profiles.values()):
                continue
            for code, (freq, totals) in profiles.items():
                scores[code] += math.log(freq.get(gram, 0) / totals[len(gram) - 1] + SMOOTHING)
        return scores

    def _profile(self, code: str) -> tuple[dict[str, int], list[int]]:
        if code not in self._profiles:
            data = json.loads(_profile_path(code).read_text(encoding="utf-8"))
            self._profiles[code] = (data["freq"], data["n_words"])
        return self._profiles[code]


def prepare(text: str) -> str:
    """Text as the detector should see it: no URLs, tickers or abbreviations (words of no vowel), one
    script, no shouting.

    >>> prepare("СТБ: Тереза Мей про Brexit")
    'Тереза Мей про'
    >>> prepare("вiн скiнчив")
    'він скінчив'
    >>> prepare("STRONG QUAKE JOLTS JAPAN")
    'Strong Quake Jolts Japan'
    """
    words = [_fix_lookalikes(w) for w in _WORD.findall(_NOISE.sub(" ", text))]
    words = [w for w in words if len(w) < 2 or _VOWELS.search(w)]  # abbreviations: mln, cts, Ltd, млн
    cyrillic = sum(1 for w in words if mostly_cyrillic(w))
    if cyrillic and cyrillic < len(words):
        keep_cyrillic = cyrillic * 2 >= len(words)
        words = [w for w in words if mostly_cyrillic(w) == keep_cyrillic]
    letters = [ch for w in words for ch in w]
    if letters and sum(ch.isupper() for ch in letters) * 2 > len(letters):
        words = [w.capitalize() for w in words]  # headlines in capitals were Title Case before
    return " ".join(words)


def without_names(text: str) -> str:
    """A headline in Title Case (or capitals) without the words no dictionary knows, when they are no
    more than those it knows: names and tickers (``Schlumberger``, ``Vneshtorgbank``) are spelt as their
    owners' language spells them, not as the headline's, and their letters would outvote its words.
    Running text, and a headline most of whose words no dictionary knows, keep every word.

    >>> without_names("Hartmann Elektronik Wins Order From Siemens")
    'Wins Order From'
    >>> without_names("Hartmann Elektronik wins an order from Siemens")
    'Hartmann Elektronik wins an order from Siemens'
    """
    words = text.split()
    if len(words) < 2 or sum(1 for w in words if w[:1].isupper()) < TITLE_CASE_SHARE * len(words):
        return text
    known = [w for w in words if dictionaries.known_by(w)]
    return " ".join(known) if len(known) * 2 >= len(words) else text


def is_mixed(text: str) -> bool:
    """Half Latin, half Cyrillic: two languages side by side, not a name or two in the other script.

    >>> is_mixed("The minister spoke first on Tuesday. Министр обороны заявил, что поставки будут увеличены.")
    True
    >>> is_mixed("Тереза Мей виключила ще один референдум з питання Brexit")
    False
    """
    words = _WORD.findall(_NOISE.sub(" ", text))
    cyrillic = sum(1 for w in words if mostly_cyrillic(w))
    latin = len(words) - cyrillic
    return min(cyrillic, latin) >= MIXED_MIN_WORDS and min(cyrillic, latin) >= MIXED_SHARE * len(words)


def dictionary_evidence(words: list[str], candidates: list[str]) -> dict[str, float]:
    """Log-likelihood each candidate gains from which dictionaries know ``words``.

    English gains for each word its list knows and loses for each it does not; a word that only one of
    the Russian and Ukrainian dictionaries knows counts against the other (see ``DISTINCT_VOCABULARY``).
    A lower-case Cyrillic word either Cyrillic dictionary knows counts a little for both against Cyrillic
    languages without a dictionary (Bulgarian), one neither knows much against both (``CYRILLIC_SHARE``).

    >>> {code: round(v, 1) for code, v in dictionary_evidence(["Крим", "за", "крок"], ["ru", "uk"]).items()}
    {'ru': -8.3, 'uk': 1.0}
    """
    evidence = dict.fromkeys(candidates, 0.0)
    for word in words:
        known = dictionaries.known_by(word)
        capitalised = word[:1].isupper()
        if "en" in evidence:
            evidence["en"] += ENGLISH_SHARE[capitalised].log_ratio("en" in known)
        relatives = [code for code in DICTIONARY_RELATIVES if code in known]
        if not capitalised and mostly_cyrillic(word):
            for code in DICTIONARY_RELATIVES:
                if code in evidence:
                    evidence[code] += CYRILLIC_SHARE.log_ratio(bool(relatives))
        if len(relatives) != 1:
            continue
        only = relatives[0]
        for code in evidence:
            if code != only and (code in DICTIONARY_RELATIVES or only in DISTINCT_VOCABULARY):
                evidence[code] -= math.log(EXCLUSIVE_WORD_RATIO[only][capitalised])
    return evidence


def _fix_lookalikes(word: str) -> str:
    """Latin letters typed inside a Cyrillic word (``вiн``) are the Cyrillic look-alikes."""
    if has_cyrillic(word) and any("a" <= ch.lower() <= "z" for ch in word):
        return word.translate(_LATIN_TO_CYRILLIC)
    return word


@lru_cache(maxsize=1)
def _profiles_folder() -> Path:
    """langdetect's JSON profiles (langdetect is always installed, even beside langdetect-rs)."""
    spec = importlib.util.find_spec("langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("langdetect is required for its language profiles")
    return Path(next(iter(spec.submodule_search_locations))) / "profiles"


def _profile_path(code: str) -> Path:
    return _profiles_folder() / code


def _ngrams(text: str) -> list[str]:
    """The 1-, 2- and 3-grams langdetect itself would take from ``text``."""
    ngram, grams = NGram(), []
    for ch in f" {text} ":
        ngram.add_char(ch)
        grams.extend(g for n in (1, 2, 3) if (g := ngram.get(n)))
    return grams


@lru_cache(maxsize=8)
def detector(primary: tuple[str, ...] = DEFAULT_PRIMARY, backend: str | None = None) -> Detector:
    """A shared, read-only detector for these primary languages (profiles load once per process)."""
    return Detector(primary, backend)


def parse_languages(value: str) -> tuple[str, ...]:
    """The ``primary_languages`` setting as a tuple of codes.

    >>> parse_languages(" en, RU ,uk ")
    ('en', 'ru', 'uk')
    """
    return tuple(code.strip().lower() for code in value.split(",") if code.strip())


def detect(text: str, primary: tuple[str, ...] = DEFAULT_PRIMARY) -> Guess:
    """Guess the language of ``text``; ``und`` when unsure."""
    return detector(tuple(primary)).detect(text)


def detect_article(title: str, body: str, primary: tuple[str, ...] = DEFAULT_PRIMARY) -> Guess:
    """The language of an article, which its title takes: title and body read together (a headline alone
    is too short to tell, a body of figures and abbreviations gains its headline's words), the title
    alone when there is no body or the two say nothing together.

    >>> detect("Суд Божий").lang, detect_article("Суд Божий", "Прем'єра вистави відбулася вчора у Львові.").lang
    ('ru', 'uk')
    """
    found = detector(tuple(primary))
    guess = found.detect(f"{title}\n\n{body}") if body.strip() else Guess(UNDETERMINED, 0.0)
    return guess if guess.lang != UNDETERMINED else found.detect(title)
