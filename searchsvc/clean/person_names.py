"""Which capitalised runs of words are a person's name, and which part of them is the name.

A run such as ``Ukraine's Foreign Minister Dmytro Kuleba`` or ``Директор центра Гамалеи Александр
Гинцбург`` holds a role, a place or body, and a name; only the trailing name tokens are kept. A run
is no person when what is left is an institution, a medium, a place (``Wall Street``), or a single
Latin word (``Quantum said``: companies speak in one word far more often than people do). A single
Cyrillic word is a person when pymorphy3 reads it as a surname or first name, or does not know it.
"""

from __future__ import annotations

import re

from searchsvc.text.dictionaries import known_by
from searchsvc.text.function_words import ALL_FUNCTION_WORDS
from searchsvc.text.names import NAME_TAGS, is_cyrillic, is_place, known_parses

# Words that introduce or qualify a person but are not part of the name.
ROLE_WORDS = frozenset(
    """
    president prime minister secretary general chief head deputy assistant foreign defence defense
    administrator employee official officer analyst economist professor researcher scientist lawyer attorney
    coach manager founder executive leader director-general vice senior former acting interim state federal
    lieutenant colonel general captain sergeant admiral rep sen gov judge justice bishop pope
    minister's chancellor spokesman spokeswoman spokesperson ambassador commander director chairman chairwoman
    chair envoy representative senator governor mayor king queen sir mr mrs ms dr professor lord lady dame
    actor actress singer player striker midfielder defender goalkeeper champion star writer author artist
    presenter host reporter correspondent editor producer chef designer spokesmen mp mep tory labour democrat
    republican liberal conservative pm secretary-general sec rev fr prof gen col capt lt sgt cmdr supt insp
    the a an of for and our my his her their its in at on with mr. mrs. ms. dr.
    although though but however meanwhile while when after before if as because since yet still also then
    now today yesterday tonight later earlier speaking asked added says said told meanwhile afterwards
    президент министр глава премьер-министр премьер генсек генеральный секретарь председатель спикер канцлер
    пресс-секретарь посол командующий директор мэр губернатор депутат советник министра вице-премьер
    вице-президент замминистра сенатор конгрессмен журналист телеведущий актер актриса певец певица
    міністр голова прем'єр-міністр прем’єр-міністр речник речниця командувач мер радник генеральний секретар
    віце-прем'єр віце-президент прес-секретар журналіст професор декан доцент академік
    муж жена сын дочь мать отец брат сестра адвокат лидер чоловік дружина син донька мати батько лідер
    ранее позже тогда сейчас вчера сегодня раніше пізніше тоді зараз вчора сьогодні сам сама сами
    """.split()
)
# Words that make a capitalised run an institution, a place or a medium rather than a person.
INSTITUTION_WORDS = frozenset(
    """
    commission ministry council office agency department parliament government service committee union
    bank group company corp inc ltd co plc llc ag gmbh sa nv holdings industries studios studio airlines airways
    motors systems technologies partners securities capital fund trust exchange markets association club team
    times news post press reuters bloomberg agency forces army navy police street avenue square road
    house court university institute foundation organisation organization party alliance kremlin pentagon
    embassy administration authority authorities federation republic kingdom states nations centre center
    chronicle daily journal herald tribune gazette magazine review insider directorate network channel radio tv
    television bureau reporter guardian telegraph independent observer standard mirror express economist
    project programme program board subcommittee senate congress assembly
    министерство мид правительство кремль служба комитет совет агентство партия штаб банк суд новости
    союз федерация республика королевство власти власть администрация организация компания
    міністерство мзс уряд служба комітет рада агентство партія штаб банк суд офіс новини компанія
    союз федерація республіка королівство влада адміністрація організація
    """.split()
)
# Function words are no part of a name, except those that are also names (Will, May, Li).
FUNCTION_WORDS = ALL_FUNCTION_WORDS - {"will", "can", "may", "ли"}
PLACE_INITIALS = frozenset("U.S. U.K. U.N. E.U. U.S.A. U.A.E. U.S.S.R.".split())
PRONOUNS = frozenset("i we you he she it they this that there these those".split())
_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁІЇЄҐ]\.)+$")  # ``J.``, ``A.W.``, ``Д.``
_NOT_NAME_TAGS = frozenset({"Geox", "Orgn", "Trad"})


def person_name(run: str, common: frozenset[str] = frozenset(), lang: str = "ru") -> str | None:
    """The person's name a capitalised run ends with (one word or more), or None when it names no person.

    ``common`` holds the words the article writes in lower case: they are no names (``Actor``). A lone
    word is returned too: the caller resolves it to a full name or keeps it by ``single_surname``.
    """
    tokens = [t.strip(",;:’'()\"«»“”") for t in run.split()]
    for i, token in enumerate(tokens[:-1]):  # a possessive or a sentence's full stop ends what came before
        if token.endswith(("’s", "'s")) or (token.endswith(".") and len(token) > 4 and not _INITIAL.match(token)):
            tokens = tokens[i + 1 :] if i + 1 < len(tokens) else tokens
    tokens = [t[:-2] if t.endswith(("’s", "'s")) else t for t in tokens if t]
    tokens = [t.rstrip(".") if len(t) > 4 and not _INITIAL.match(t) else t for t in tokens]
    name: list[str] = []
    for i in range(len(tokens) - 1, -1, -1):
        token, before = tokens[i], tokens[i - 1] if i else ""
        same_script = not name or is_cyrillic(token) == is_cyrillic(name[0])  # "Brexit Мішель Барньє"
        lowered = token.lower() in common and not _INITIAL.match(token)
        if not _is_name_token(token, before, name) or lowered or not same_script:
            break
        name.insert(0, _title(token))
    while len(name) > 1 and is_cyrillic(name[0]) and (is_place(name[0], lang) or _common_cyrillic(name[0], lang)):
        name.pop(0)  # the role's complement (``Польши``), capitalised as a place is, or ``Сам``
    while len(name) > 2 and is_cyrillic(name[0]) and _oblique(name[0], lang) and _first_name(name[1], lang):
        name.pop(0)  # ``Гамалеи Александр Гинцбург``: a genitive before a name is the role's complement
    while name and _INITIAL.match(name[-1]):
        name.pop()
    if not name or name[0].lower() in PRONOUNS or len(name) > 4 or is_institution(" ".join(name)):
        return None
    if len(name) == 1 and (_INITIAL.match(name[0]) or not _possible_surname(name[0], lang)):
        return None
    if name[0] in PLACE_INITIALS:
        return None
    return " ".join(name)


def _possible_surname(word: str, lang: str) -> bool:
    """A lone word that may be a surname: Cyrillic by ``single_surname``; any Latin word (the caller
    keeps it only when the article gives the full name: ``Clausen`` yes, ``Quantum`` no)."""
    return single_surname(word, lang) if is_cyrillic(word) else True


def single_surname(word: str, lang: str) -> bool:
    """A lone word that can be a person named by surname: Cyrillic, read as a name or surname by
    pymorphy3 or unknown to it, and not a place or body. A lone Latin word is a company too often."""
    if not is_cyrillic(word) or len(word) < 3:
        return False
    parses = known_parses(word, lang)
    if not parses:
        return True
    if any(_NOT_NAME_TAGS & p.tag.grammemes for p in parses):
        return False
    return any(NAME_TAGS & p.tag.grammemes for p in parses)


def is_institution(name: str) -> bool:
    """An institution or medium, or a run of title-case words that holds function words (a headline)."""
    words = [part.lower().strip(".,") for part in name.split() if not _INITIAL.match(part)]
    return any(w in INSTITUTION_WORDS or w in FUNCTION_WORDS for w in words)


def _is_name_token(token: str, before: str, after: list[str]) -> bool:
    """A capitalised word that can be part of a name: not all capitals, unless it is an initial or a
    Cyrillic surname written in capitals after a first name (``Дар’я РОМАНЧУК``)."""
    if len(token) < 2 or not token[0].isupper() or token.lower() in PRONOUNS:
        return False
    if _INITIAL.match(token):
        return True
    bare = token.lower().rstrip(".")
    if bare in ROLE_WORDS or all(part in ROLE_WORDS for part in bare.split("-")):
        return False
    if is_cyrillic(token) and re.search(r"[а-яёіїєґ][А-ЯЁІЇЄҐ]", token):
        return False  # ``ТрампаДействующий``: two words glued by a lost line break
    if token.isupper():
        first_name = before[:1].isupper() and not before.isupper() and before.lower() not in ROLE_WORDS
        return not after and len(token) > 3 and is_cyrillic(token) and first_name
    return True


def _title(token: str) -> str:
    """A surname written in capitals back in title case; other tokens unchanged."""
    return token.capitalize() if token.isupper() and len(token) > 3 and not _INITIAL.match(token) else token


def _common_cyrillic(word: str, lang: str) -> bool:
    """A Cyrillic word the dictionary knows only as a function word (``Сам``, ``Раніше``): no name."""
    parses = known_parses(word, lang)
    return bool(parses) and all(p.tag.POS in _FUNCTION_POS for p in parses)


_FUNCTION_POS = frozenset({"NPRO", "ADVB", "CONJ", "PRCL", "PREP", "PRED", "INTJ"})


def _first_name(word: str, lang: str) -> bool:
    """A word pymorphy3 reads as a first name in the nominative: a name starts there."""
    return any("Name" in p.tag.grammemes and p.tag.case == "nomn" for p in known_parses(word, lang))


def _oblique(word: str, lang: str) -> bool:
    """A word the dictionary knows, in no reading a nominative singular."""
    parses = known_parses(word, lang)
    if any(NAME_TAGS & p.tag.grammemes and p.tag.case == "nomn" and p.tag.number != "plur" for p in parses):
        return False
    return bool(parses) and not any(p.tag.case == "nomn" and p.tag.number != "plur" for p in parses)


def english_word(word: str) -> bool:
    """True when English's word list knows ``word`` (a common word capitalised at a sentence start)."""
    return "en" in known_by(word)
