"""Find the people who speak or are quoted in an article, as canonical full names.

Evidence is an attribution pattern, in English, Russian or Ukrainian: a speech byline (``by NATO
Secretary General Jens Stoltenberg``), a name next to a speech verb (``Stoltenberg said``, ``said
Umerov``, ``заявил Зеленский``, ``Кулеба повідомив``), ``according to`` / ``as noted by`` / ``по
словам`` / ``за словами``, or a pronoun (``he said``, ``він сказав``) for the last speaker. Surnames
alone resolve to the full name seen in the same article; spelling variants merge by rule, not by
list: case endings folded (``Зеленского`` → ``Зеленский``), Cyrillic transliterated, ``y``/``i``/``j``
and doubled letters unified (``Zelensky``/``Zelenskyy``/``Zelenskiy``/``Зеленський`` are one name).
A Russian or Ukrainian name met only in an oblique case is put back in the nominative with pymorphy3
(``по словам Сергея Лаврова`` → ``Сергей Лавров``), so facets and the speakers field hold one form.
Institutions (``the European Commission said``) and anonymous sources are not speakers.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from searchsvc.text.dictionaries import UKRAINIAN_LETTERS, analyzer, spelled
from searchsvc.text.function_words import ALL_FUNCTION_WORDS

SPEECH_VERBS = (
    "said|says|told|tells|added|adds|stressed|stresses|noted|notes|remarked|explained|explains|"
    "urged|urges|emphasised|emphasized|warned|warns|stated|states|declared|"
    "insisted|argued|asked|replied|wrote|commented|underlined|recalled|concluded|acknowledged|"
    # Russian and Ukrainian, masculine, feminine and plural past forms
    "сказал[аи]?|заявил[аи]?|отметил[аи]?|подчеркнул[аи]?|сообщил[аи]?|добавил[аи]?|пояснил[аи]?|"
    "призвал[аи]?|указал[аи]?|говорит|рассказал[аи]?|ответил[аи]?|"
    "сказав|сказала|сказали|заявив|заявила|заявили|зазначив|зазначила|наголосив|наголосила|"
    "повідомив|повідомила|додав|додала|пояснив|пояснила|закликав|закликала|розповів|розповіла|"
    "відповів|відповіла|говорить"
)
_UPPER = r"[A-ZА-ЯЁІЇЄҐ]"
_WORD = rf"{_UPPER}(?:[\w’'\-]+|\.)"  # a capitalised word, or an initial such as ``J.``
_RUN = rf"{_WORD}(?:[ \t]+{_WORD})*"

_BEFORE_VERB = re.compile(rf"({_RUN})(?:,[^,.\n]{{1,60}},)?\s+(?:also\s+|has\s+|had\s+)?(?:{SPEECH_VERBS})\b")
# After these verbs the name that follows is the listener ("told Reuters", "urged Biden"), not the speaker.
TO_LISTENER = frozenset("told tells asked urged urges warned warns призвал призвала закликав закликала".split())
_AFTER_VERB = re.compile(
    rf"\b(?:{'|'.join(v for v in SPEECH_VERBS.split('|') if v not in TO_LISTENER)})\s+(?:the\s+)?({_RUN})"
)
_ACCORDING = re.compile(
    rf"\b(?i:according to|as noted by|as stated by|in the words of|по словам|со слов|за словами|як зазначив|"
    rf"как отметил|как заявил|як заявив)\s+(?:the\s+)?({_RUN})"
)
_BYLINE = re.compile(rf"^\s*(?i:(?:speech|remarks|statement|address)\s+)?(?i:by)\s+(?:the\s+)?({_RUN})")
_PRONOUN = re.compile(rf"\b(?:he|she|он|она|він|вона)\s+(?:also\s+|также\s+|також\s+)?(?:{SPEECH_VERBS})\b", re.I)
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-zа-яёіїєґ][\w’'-]*")
_FULL_NAME = re.compile(rf"\b{_UPPER}[a-zа-яёіїєґ’'\-]+(?:\s+{_UPPER}[a-zа-яёіїєґ’'\-]+)+")

# Words that introduce or qualify a person but are not part of the name.
ROLE_WORDS = frozenset(
    """
    president prime minister secretary general chief head deputy assistant foreign defence defense
    administrator employee official officer analyst economist professor researcher scientist lawyer attorney
    coach manager founder executive leader director-general vice senior former acting interim state federal
    lieutenant colonel general captain sergeant admiral rep sen gov judge justice bishop pope
    minister's chancellor spokesman spokeswoman spokesperson ambassador commander director chairman
    chair envoy representative senator governor mayor king queen sir mr mrs ms dr professor
    the a an of for and our my his her their its in at on with mr. mrs. ms. dr.
    президент министр глава премьер-министр премьер генсек генеральный секретарь председатель спикер канцлер
    пресс-секретарь посол командующий директор мэр губернатор депутат советник министра
    міністр голова прем'єр-міністр прем’єр-міністр речник речниця командувач мер радник генеральний секретар
    муж жена сын дочь мать отец брат сестра адвокат лидер чоловік дружина син донька мати батько лідер
    ранее позже тогда сейчас вчера сегодня раніше пізніше тоді зараз вчора сьогодні
    """.split()
)
# Words that make a capitalised run an institution, a place or a medium rather than a person.
INSTITUTION_WORDS = frozenset(
    """
    commission ministry council office agency department parliament government service committee union
    bank group company corp inc ltd times news post press reuters bloomberg agency forces army navy police
    house court university institute foundation organisation organization party alliance kremlin pentagon
    embassy administration authority authorities federation republic kingdom states nations centre center
    chronicle daily journal herald tribune gazette magazine review insider directorate network channel radio tv
    television bureau reporter guardian telegraph independent observer standard mirror express economist
    министерство мид правительство кремль служба комитет совет агентство партия штаб банк суд
    союз федерация республика королевство власти власть администрация организация
    міністерство мзс уряд служба комітет рада агентство партія штаб банк суд офіс
    союз федерація республіка королівство влада адміністрація організація
    """.split()
)
# Function words are no part of a name, except those that are also names (Will, May, Li).
_FUNCTION_WORDS = ALL_FUNCTION_WORDS - {"will", "can", "may", "ли"}
# Prepositions after which a Russian or Ukrainian name is not in the nominative.
GOVERNING = frozenset(
    "словам словами слов с со у для от від до к про о об при з із зі без после після против проти между між".split()
)
PRONOUNS = frozenset("i we you he she it they this that there these those".split())
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie", "ж": "zh",
        "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "", "’": "",
    }
)  # fmt: skip
# Case endings of Russian and Ukrainian surnames, longest first, with the nominative they come from.
_CASE_ENDINGS = (
    ("ського", "ський"), ("ському", "ський"), ("ським", "ський"), ("ского", "ский"), ("скому", "ский"),
    ("ским", "ский"), ("ова", "ов"), ("ову", "ов"), ("овым", "ов"), ("овим", "ов"), ("ові", "ов"), ("ева", "ев"),
    ("еву", "ев"), ("евым", "ев"), ("евим", "ев"), ("ина", "ин"), ("ину", "ин"), ("иным", "ин"), ("іна", "ін"),
)  # fmt: skip
_CONSONANT_CASE = re.compile(r"(?<=[бвгґджзклмнпрстфхцчшщ])(?:а|у|ом|ем|ові|е)$")


def find_speakers(text: str, lang: str | None = None) -> list[str]:
    """Return the canonical full names of the people quoted in ``text`` (an article in ``lang``,
    which picks the dictionary for Cyrillic names), in order of appearance."""
    lang = _dictionary(lang, text)  # guessed from the whole text, surer than from one name
    common = frozenset(_LOWER_WORD.findall(text))  # words this article writes in lower case are no names
    mentions = _mentions(text, common, lang)
    full_names = _full_names(mentions)
    found: list[str] = []
    seen = [(name, _governed(text, position)) for position, name in mentions]
    last: str | None = None
    for position, attributed in sorted(_attributions(text, common, lang), key=lambda pair: pair[0]):
        if attributed is None:  # "he said": the last speaker, or else the last person named
            name = last or next((n for p, n in reversed(mentions) if p < position), None)
        else:
            name = _resolve(attributed, full_names)
        if name:
            found.append(name)
            seen.append((name, _governed(text, position)))
            last = name
    return list(dict.fromkeys(in_nominative(name, lang) for name in _merge_variants(found, seen)))


@lru_cache(maxsize=1 << 12)
def name_key(name: str) -> str:
    """A spelling-insensitive key: case endings folded, Cyrillic transliterated, y/i/j and doubles unified.

    >>> name_key("Зеленського") == name_key("Zelenskyy") == name_key("Зеленский") == name_key("Zelenskiy")
    True
    """
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    parts = []
    for part in folded.replace("’", "'").split():
        part = nominative(part).translate(_TRANSLIT).replace("kh", "h").replace("g", "h").replace("'", "")
        part = re.sub(r"(.)\1+", r"\1", re.sub(r"[yj]", "i", part))
        parts.append(re.sub(r"(?<=.)[aeiou]+$", "", part))  # final vowels: case endings, -yy/-iy/-y
    return " ".join(parts)


def in_nominative(name: str, lang: str | None = None) -> str:
    """A Cyrillic full name in the nominative, by pymorphy3's analyses of its words; unchanged when
    the name already can be nominative, when its words agree on no one case and gender, or when the
    dictionary lacks one of them.

    The words must agree: ``Сергея Лаврова`` is genitive (``Лаврова`` alone could be a nominative
    woman's name, ``Сергея`` cannot); ``Кая Каллас`` matches no case for both, so it stays.

    >>> in_nominative("Сергея Лаврова"), in_nominative("Марии Захаровой"), in_nominative("Дмитра Кулеби", "uk")
    ('Сергей Лавров', 'Мария Захарова', 'Дмитро Кулеба')
    >>> in_nominative("Мария Лаврова"), in_nominative("Ангелы Меркель"), in_nominative("Jens Stoltenberg")
    ('Мария Лаврова', 'Ангела Меркель', 'Jens Stoltenberg')
    """
    words = name.split()
    if not any(_is_cyrillic(word) for word in words):
        return name
    lang = _dictionary(lang, name)
    options = [_case_options(word, lang) if _is_cyrillic(word) else None for word in words]
    if any(found == {} for found in options):  # a word the dictionary does not know: its case is a guess
        return name
    best: tuple[float, str, str] | None = None
    for case in _CASES:
        for gender in ("masc", "femn"):
            score = 1.0
            for found in options:
                if found is None:  # not a word the dictionary can decline: it fits any case
                    continue
                fitting = _fitting(found, case, gender)
                if not fitting:
                    score = 0.0
                    break
                score *= max(p[2] for p in fitting)
            if score and case == "nomn":
                return name
            if score and (best is None or score > best[0]):
                best = (score, case, gender)
    if best is None:
        return name
    _, case, gender = best
    out = []
    for word, found in zip(words, options, strict=True):
        fitting = _fitting(found, case, gender) if found else []
        out.append(_declined(word, max(fitting, key=lambda p: p[2])[0]) if fitting else word)
    return " ".join(out)


_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
_CASE_OF = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}  # pymorphy's variants
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def _fitting(
    options: dict[str, list[tuple[str, str | None, float]]], case: str, gender: str
) -> list[tuple[str, str | None, float]]:
    """A word's readings (``_case_options``) in ``case`` that ``gender`` allows."""
    return [p for p in options.get(case, ()) if p[1] in (gender, "ms-f", None)]


def _dictionary(lang: str | None, text: str) -> str:
    """The pymorphy3 dictionary for Cyrillic names in ``text``: ``lang`` when it is Russian or
    Ukrainian, else Ukrainian when the text has letters only Ukrainian writes."""
    if lang in ("ru", "uk"):
        return lang
    return "uk" if UKRAINIAN_LETTERS.search(text) else "ru"


@lru_cache(maxsize=1 << 12)
def _case_options(word: str, lang: str) -> dict[str, list[tuple[str, str | None, float]]]:
    """Per grammatical case, the singular readings of ``word`` as a name, a surname-like adjective
    or a noun: ``(nominative form, gender, score)``. Empty when pymorphy3 reads it as none of them,
    or only guesses (a word its dictionary lacks: ``Фаучі`` would become ``Фауч``)."""
    options: dict[str, list[tuple[str, str | None, float]]] = {}
    for parse in _known_parses(word, lang):
        tag = parse.tag
        if tag.number == "plur" or not (_NAME_TAGS & tag.grammemes or tag.POS in ("ADJF", "NOUN")):
            continue
        base = parse.inflect({"nomn"}) if tag.case != "nomn" else parse
        case = _CASE_OF.get(tag.case, tag.case)
        gender = "ms-f" if "ms-f" in tag.grammemes else (str(tag.gender) if tag.gender else None)
        if base is not None and case in _CASES:
            options.setdefault(case, []).append((base.word, gender, float(parse.score)))
    return options


def _is_place(word: str, lang: str) -> bool:
    """A word the dictionary knows as a thing (or its adjective) in an oblique case, never as a name:
    a place or body after a role (``министр иностранных дел Польши``, ``генсек Організації
    Об'єднаних Націй``), which can start no person's name. A word it lacks, or can read as a name or
    in the nominative singular, is none."""
    parses = _known_parses(word, lang)
    if any(_NAME_TAGS & p.tag.grammemes or (p.tag.case == "nomn" and p.tag.number != "plur") for p in parses):
        return False
    return any((p.tag.POS == "NOUN" and "inan" in p.tag.grammemes) or p.tag.POS == "ADJF" for p in parses)


@lru_cache(maxsize=1 << 12)
def _known_parses(word: str, lang: str) -> tuple:
    """pymorphy3's readings of ``word`` (spelt as its dictionaries spell it: lower case, ASCII
    apostrophes), parsed once for both the place test and the nominative; none when the dictionary
    lacks the word, since its readings would then be guesses."""
    morph, form = analyzer(lang), spelled(word)
    return tuple(morph.parse(form)) if morph.word_is_known(form) else ()


def _declined(word: str, form: str) -> str:
    """``form`` (lower case, ASCII apostrophes) written with ``word``'s capitals and apostrophes: a
    declension changes the ending only (``Майкла О’Лірі`` → ``Майкл О’Лірі``)."""
    if "’" in word or "ʼ" in word:
        form = form.replace("'", "’" if "’" in word else "ʼ")
    if word.isupper():
        return form.upper()
    return "".join(ch.upper() if i < len(word) and word[i].isupper() else ch for i, ch in enumerate(form))


def nominative(word: str) -> str:
    """A Russian or Ukrainian surname back in the nominative (``Умерова`` → ``Умеров``); others unchanged."""
    lowered = word.lower()
    for ending, base in _CASE_ENDINGS:
        if lowered.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + (base if word[-1].islower() else base.upper())
    if len(word) > 5 and "\u0400" <= word[-1] <= "\u04ff":
        return _CONSONANT_CASE.sub("", word)
    return word


def _attributions(text: str, common: frozenset[str], lang: str) -> list[tuple[int, str | None]]:
    hits: list[tuple[int, str | None]] = []
    for pattern in (_BEFORE_VERB, _AFTER_VERB, _ACCORDING):
        for match in pattern.finditer(text):
            name = _strip_roles(match.group(1), common, lang)
            if name:
                hits.append((match.start(1), name))
    byline = _BYLINE.match(text)
    if byline and (name := _strip_roles(byline.group(1), common, lang)):
        hits.append((byline.start(1), name))
    hits.extend((m.start(), None) for m in _PRONOUN.finditer(text))
    return hits


def _strip_roles(run: str, common: frozenset[str] = frozenset(), lang: str = "ru") -> str | None:
    """Keep the trailing personal-name tokens of a capitalised run (``NATO chief Jens X`` → ``Jens X``,
    ``министр иностранных дел Польши Яцек Чапутович`` → ``Яцек Чапутович``)."""
    tokens = [t.strip(".,;:’'") for t in run.split()]
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in tokens]
    name: list[str] = []
    for token in reversed(tokens):
        same_script = not name or _is_cyrillic(token) == _is_cyrillic(name[0])  # "Brexit Мішель Барньє"
        if not _is_name_token(token) or token.lower() in common or not same_script:
            break
        name.insert(0, token)
    while len(name) > 1 and _is_cyrillic(name[0]) and _is_place(name[0], lang):
        name.pop(0)  # the role's complement (``Польши``), capitalised as a place is
    if not name or name[0].lower() in PRONOUNS or len(name) > 4 or _is_institution(" ".join(name)):
        return None
    return " ".join(name)


def _is_cyrillic(token: str) -> bool:
    return "\u0400" <= token[0] <= "\u04ff"


def _is_name_token(token: str) -> bool:
    return (
        len(token) > 1
        and token[0].isupper()
        and not token.isupper()
        and not all(part.lower() in ROLE_WORDS for part in token.split("-"))
        and token.lower() not in PRONOUNS
    )


def _is_institution(name: str) -> bool:
    """An institution or medium, or a run of title-case words that holds function words (a headline)."""
    words = [part.lower().strip(".,") for part in name.split()]
    return any(w in INSTITUTION_WORDS or w in _FUNCTION_WORDS for w in words)


def _mentions(text: str, common: frozenset[str], lang: str) -> list[tuple[int, str]]:
    """Every multi-word personal name in ``text`` with its position."""
    found = []
    for match in _FULL_NAME.finditer(text):
        name = _strip_roles(match.group(0), common, lang)
        if name and " " in name:
            found.append((match.start(), name))
    return found


def _full_names(mentions: list[tuple[int, str]]) -> dict[str, str]:
    """Map each surname key to the most frequent full name that ends with it."""
    counts = Counter(name for _, name in mentions)
    by_surname: dict[str, str] = {}
    for name, _ in counts.most_common():
        by_surname.setdefault(name_key(name.split()[-1]), name)
    return by_surname


def _resolve(name: str, full_names: dict[str, str]) -> str | None:
    if " " in name:
        return name
    return full_names.get(name_key(name))


def _merge_variants(names: list[str], seen: list[tuple[str, bool]]) -> list[str]:
    """One entry per person, keyed by surname spelling, shown in its best form.

    ``seen`` is every spelling met in the article with whether a preposition governed it. The best
    form is one met ungoverned (``Рустем Умеров``, not ``по словам Рустема Умерова``), then the most
    frequent, then the longest.
    """
    counts = Counter(name for name, _ in seen)
    free = {name for name, governed in seen if not governed}
    forms: dict[str, list[str]] = {}
    for name, _ in seen:
        forms.setdefault(name_key(name.split()[-1]), []).append(name)
    best = {
        key: max(spellings, key=lambda n: (n in free, counts[n], len(n.split()))) for key, spellings in forms.items()
    }
    return list(dict.fromkeys(best[name_key(n.split()[-1])] for n in names))


def _governed(text: str, position: int) -> bool:
    """True when the word before ``position`` is a preposition that puts a name in an oblique case."""
    before = re.findall(r"[\w’']+", text[max(position - 20, 0) : position].lower())
    return bool(before) and before[-1] in GOVERNING
