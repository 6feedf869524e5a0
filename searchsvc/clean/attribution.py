"""Where an article attributes words to someone, and who: the cues of reported and quoted speech.

A cue is a verb of saying in English, Russian or Ukrainian, in its tenses and aspects (``said``,
``says``, ``заявил``, ``заявила``, ``заявляет``, ``заявив``, ``каже``), a phrase (``according to``,
``по словам``, ``за словами``, ``як стверджує``), the dash after a closing quote (``», — сміється
Мринський``) or a name label opening a paragraph (``Мария Захарова, МИД РФ: …``). Its speaker is
looked for by the syntax of the sentence:

- the subject before the verb, over adverbs, auxiliaries, a parenthesis and an apposition
  (``Kenneth Morrison, staff associate at …, said``); in Russian and Ukrainian, whose order is
  freer, the first name of the clause in the nominative (``Владимир Путин на совещании … заявил``);
- else the name after it, over a role (``said Rep. James Olin``, ``как ранее заявил директор ФБР
  Кристофер Рэй``), unless the verb names its listener there (``told Reuters``, ``призвал Байдена``);
- a pronoun (``he said``, ``сказал он``) or a role (``the minister said``, ``каже декан``), left for
  the caller to resolve to the person last speaking or last named in that role.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from searchsvc.text.names import could_be_nominative, is_cyrillic

from .person_names import ROLE_WORDS, person_name

_UPPER = r"[A-ZА-ЯЁІЇЄҐ]"
_WORD = rf"{_UPPER}(?:\.(?:{_UPPER}\.)*|[\w’'\-]+\.?)"  # a capitalised word, ``Rep.``, or initials ``A.W.``
RUN = rf"{_WORD}(?:[ \t]+{_WORD})*"

_EN = (
    "said says say told tells added adds stressed stresses noted notes remarked remarks explained explains urged "
    "urges emphasised emphasized emphasises emphasizes warned warns stated states declared declares insisted "
    "insists argued argues asked asks replied replies wrote writes commented comments underlined recalled "
    "recalls concluded acknowledged acknowledges announced announces confirmed confirms conceded concedes "
    "admitted admits claimed claims predicted predicts suggested suggests reiterated reiterates revealed "
    "reveals cautioned complained complains testified maintained maintains observed denied denies vowed "
    "promised pledged responded answered recounted hoped hopes expects believes thinks reported quipped joked"
)
# Russian past forms are given masculine (``-л``, reflexive ``-лся``): feminine and plural are made from them.
_RU_PAST = (
    "сказал заявил отметил подчеркнул сообщил добавил пояснил призвал указал рассказал ответил объявил "
    "подтвердил предупредил написал признал уточнил напомнил заметил констатировал прокомментировал "
    "процитировал пообещал заверил уверил возразил предположил выразил охарактеризовал"
)
_RU_REFLEXIVE = "высказался поделился пожаловался согласился обратился"
_RU_PRESENT = (
    "говорит заявляет отмечает подчеркивает подчёркивает сообщает считает полагает пишет рассказывает поясняет "
    "добавляет утверждает признает признаёт уверяет напоминает замечает предупреждает цитирует говорят"
)
# Ukrainian past forms are given masculine (``-в``): feminine ``-ла`` and plural ``-ли`` are made from them.
_UK_PAST = (
    "сказав заявив зазначив наголосив додав повідомив пояснив закликав розповів відповів оголосив підтвердив "
    "попередив написав визнав уточнив нагадав зауважив підкреслив підсумував запевнив процитував пообіцяв "
    "прокоментував висловив констатував"
)
_UK_PRESENT = (
    "каже говорить розповідає пояснює вважає наголошує підкреслює зазначає додає стверджує запитує пише "
    "повідомляє зауважує нагадує цитує переконує кажуть"
)


def _verbs() -> str:
    forms = _EN.split() + _RU_PRESENT.split() + _UK_PRESENT.split()
    forms += [f + end for f in _RU_PAST.split() for end in ("", "а", "и")]
    forms += [f[:-3] + end for f in _RU_REFLEXIVE.split() for end in ("лся", "лась", "лись")]
    forms += [f[:-1] + end for f in _UK_PAST.split() for end in ("в", "ла", "ли")]
    return "|".join(sorted(set(forms), key=len, reverse=True))


VERBS = _verbs()
VERB_SET = frozenset(VERBS.split("|"))
_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_PARTICLE = re.compile(r"\s+(?:out|on)\b")
# After these the name that follows is the listener (``told Reuters``), or for ``quoted`` the speaker.
TO_LISTENER = re.compile(r"^(?:told|tells|asked|asks|urged|urges|warned|warns|призвал|закликав|предупредил|попередив)")
QUOTING = re.compile(r"^(?:quoted|процитировал|процитував|цитирует|цитує)", re.I)
_IMPERSONAL = re.compile(r"(?<![\w-])(?:сообщается|говорится|отмечается|повідомляється|йдеться|зазначається)(?![\w-])")
_DOCUMENT = re.compile(
    r"(?i)\b(?:в|у)\s+(?:заявлении|оповещении|обращении|письме|сообщении|заяві|листі|зверненні|повідомленні)\b"
)
_ACCORDING = re.compile(
    r"(?<![\w-])(?i:according to|as noted by|as stated by|in the words of|quoting|по словам|со слов|"
    r"по мнению|"
    r"за словами|на думку|як стверджує|как утверждает|как отметил[аи]?|как заявил[аи]?|як зазначив|як зазначила|"
    r"як заявив|як заявила|як повідомив|як повідомила|как сообщил[аи]?)(?![\w-])"
)
_STATEMENT_OF = re.compile(
    r"(?<![\w-])(?:заявлени[еяюи]|заявлениях|высказывани[еяю]|заяв[аиуі]|statements? by)(?![\w-])", re.I
)
_HIS_VIEW = re.compile(
    r"(?<![\w-])(?i:на (?:його|її) думку|за (?:його|її) словами|по (?:его|ее|её) (?:мнению|словам)|"
    r"in (?:his|her) (?:view|opinion|words))(?![\w-])"
)
_GENITIVE_CUES = re.compile(r"^(?:по словам|со слов|по мнению|за словами|на думку|слова)$", re.I)
_WORDS_OF = re.compile(r"привод\w*[^.!?]{0,60}?\s(слова)(?![\w-])|(слова)\s+[^.!?]{0,40}?привод\w*", re.I)
_AFTER_QUOTE = re.compile(r"[»\"”]\s*,?\s*[—–-]{1,2}\s+")
_BYLINE = re.compile(rf"^\s*(?i:(?:speech|remarks|statement|address)\s+)?(?i:by)\s+(?:the\s+)?({RUN})")
_WRITING = re.compile(r"^(?:wrote|writes|написал|написала|написали|пишет|написав|написала|пише)$", re.I)
_LABEL = re.compile(rf"(?m)^[ \t]*({RUN})[ \t]*(?:,[ \t]*[^:\n]{{1,40}})?:[ \t]+\S")
_PRONOUN = r"he|she|он|она|він|вона"
_ADVERBS = (
    r"also|has|had|have|later|then|earlier|again|further|previously|once|repeatedly|ранее|также|тоже|уже|позже|"
    r"позднее|потом|еще|ещё|якобы|вновь|снова|також|теж|вже|раніше|пізніше|потім|ще|знову|неодноразово"
)
_TAIL = re.compile(rf"(?:\s+(?:{_ADVERBS})|\s*\([^()]{{0,40}}\))+\s*$", re.I)
_WINDOW_END = re.compile(
    r"[;:!?«»\"“”(]|(?<![A-ZА-ЯЁІЇЄҐ])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])\.|,\s+(?:что|що|that)\b"
)
_PASSIVE = re.compile(r"(?<![\w-])(?:was|were|been|is|are|be|being)$", re.I)
_RUN_AT_END = re.compile(rf"({RUN})\s*$")
_APPOSITION = re.compile(rf"({RUN})\s*,[^,;]{{1,120}},\s*$")
_RUN_ANYWHERE = re.compile(RUN)
_CLAUSE_BREAK = re.compile(r"[,;:«»\"“”„(—–]|\s-\s")
_GOVERNING = frozenset(
    "словам словами слов с со у для от від до к про о об при з із зі без после після против проти между між в во "
    "на по за of to from with by about for".split()
)
_WORD_TOKEN = re.compile(r"[\w’'.-]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”]?(?=\s)|\n+")
_ABBREVIATION = re.compile(r"(?:^|[^\w])(?:[A-ZА-ЯЁІЇЄҐ]|[A-Z][a-z]{1,2})$")


@dataclass(frozen=True)
class Attribution:
    """One cue and who it names. ``name`` is the run as written, or None for a pronoun or a role
    follow-up (then ``role`` holds the role word); ``genitive`` when the cue puts the name in the
    genitive (``по словам Сергея Лаврова``)."""

    name: str | None
    position: int
    cue: tuple[int, int]
    sentence: tuple[int, int]
    genitive: bool = False
    role: str | None = None


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: ends at ``.!?…`` (not after an initial or ``Mr``/``Rep``) and at line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0)[0] == "." and _ABBREVIATION.search(text, max(match.start() - 4, 0), match.start()):
            continue  # ``A.``, ``Mr.``, ``Rep.``: a full stop inside the sentence
        if match.end() > start:
            spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def attributions(text: str, syntax: str, common: frozenset[str], lang: str = "ru") -> list[Attribution]:
    """Every attribution in ``text``, in order of its cue. ``syntax`` is the article's language (its
    word order), ``lang`` the dictionary for its Cyrillic names. Each cue pattern runs once over the
    whole text (a verb is a word looked up in a set), and a cue's sentence is found by bisection."""
    spans = sentences(text)
    if not spans:
        return []
    starts = [start for start, _ in spans]

    def sentence_of(position: int) -> tuple[int, int]:
        return spans[max(bisect_right(starts, position) - 1, 0)]

    found = [hit for hit in _verb_hits(text, sentence_of, syntax, common, lang) if hit]
    found += [hit for hit in _phrase_hits(text, sentence_of, common, lang) if hit]
    for match in _LABEL.finditer(text):
        name = person_name(match.group(1), common, lang)
        if name and " " in name:
            found.append(Attribution(name, match.start(1), match.span(1), sentence_of(match.start(1))))
    byline = _BYLINE.match(text)
    if byline and (name := person_name(byline.group(1), common, lang)):
        found.append(Attribution(name, byline.start(1), byline.span(1), spans[0]))
    quoted = quote_spans(text)
    return sorted((a for a in found if not _inside(a.cue[0], quoted)), key=lambda a: a.cue[0])


def _verb_hits(text: str, sentence_of, syntax: str, common: frozenset[str], lang: str):
    for match in _TOKEN.finditer(text):
        verb = match.group(0).lower()
        if verb not in VERB_SET and not (verb in ("pointed", "points", "went") and _PARTICLE.match(text, match.end())):
            continue
        cue, span = match.span(), sentence_of(match.start())
        if _WRITING.match(verb) and re.match(r"\s+(?!(?:in|on|to|в|у|на)\s)[a-zа-яёіїєґ]", text[cue[1] : cue[1] + 6]):
            continue  # ``wrote a book`` reports no words; ``wrote:``, ``написал в Twitter`` does
        if QUOTING.match(verb):
            yield _after(text, cue, span, lang, common, genitive=True)
            continue
        hit = _before(text, cue, span, lang, common)
        if hit is None and not TO_LISTENER.match(verb) and _inverted(text, cue, span, syntax):
            hit = _after(text, cue, span, lang, common)
        yield hit


def _phrase_hits(text: str, sentence_of, common: frozenset[str], lang: str):
    lowered = text.lower()
    for pattern, triggers in ((_ACCORDING, "according"), (_AFTER_QUOTE, "quote"), (_STATEMENT_OF, "statement")):
        if not _may_match(triggers, lowered):
            continue
        for match in pattern.finditer(text):
            cue, span = match.span(), sentence_of(match.start())
            if pattern is _AFTER_QUOTE and _starts_with_verb(text, cue[1]):
                continue  # ``», — процитировал …``: the verb's own rule has read it
            genitive = bool(_GENITIVE_CUES.match(match.group(0).strip())) or pattern is _STATEMENT_OF
            yield _after(text, cue, span, lang, common, genitive=genitive)
    if "слова" in lowered and "привод" in lowered:
        for match in _WORDS_OF.finditer(text):
            group = 1 if match.group(1) else 2
            yield _after(text, match.span(group), sentence_of(match.start()), lang, common, genitive=True)
    if _may_match("view", lowered):
        for match in _HIS_VIEW.finditer(text):
            yield Attribution(None, match.start(), match.span(), sentence_of(match.start()))
    if _may_match("impersonal", lowered):
        for match in _IMPERSONAL.finditer(text):
            yield _documented(text, match.span(), sentence_of(match.start()), lang, common)


# Words without which a pattern cannot match: a substring test is far cheaper than the pattern's scan.
_TRIGGERS = {
    "according": (
        "according", "as noted", "as stated", "in the words", "quoting", "слов", "мнению", "думку", "стверджує",
        "утверждает", "как отмет", "как заяв", "как сообщ", "як зазнач", "як заяв", "як повід",
    ),
    "quote": ("»", '"', "”"),
    "statement": ("заявлен", "высказыван", "заяв", "statement"),
    "view": ("думку", "словами", "мнению", "словам", "in his", "in her"),
    "impersonal": ("сообщается", "говорится", "отмечается", "повідомляється", "йдеться", "зазначається"),
}  # fmt: skip


def _may_match(kind: str, lowered: str) -> bool:
    return any(trigger in lowered for trigger in _TRIGGERS[kind])


def _starts_with_verb(text: str, position: int) -> bool:
    word = _TOKEN.match(text, position)
    return bool(word) and word.group(0).lower() in VERB_SET


_QUOTE = re.compile(r"“[^”]{1,3000}”|«[^»]{1,3000}»|„[^“”]{1,3000}[“”]|\"[^\"\n]{1,3000}\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the direct quotations in ``text`` (``"…"``, ``“…”``, ``«…»``, ``„…“``), marks included."""
    return [m.span() for m in _QUOTE.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end for start, end in spans)


def _inverted(text: str, cue: tuple[int, int], span: tuple[int, int], lang: str) -> bool:
    """Whether a name may follow the verb: in English only right after a quote, a comma or a dash
    (``"…," said X``); Russian and Ukrainian put the subject after the verb freely."""
    if lang in ("ru", "uk"):
        return True
    before = text[span[0] : cue[0]].rstrip()
    return not before or before[-1] in ",\"”’'—–-:"


def _before(text: str, cue: tuple[int, int], span: tuple[int, int], lang: str, common) -> Attribution | None:
    """The subject of the verb at ``cue``: a run, a pronoun or a role right before it, a run before an
    apposition, or (Russian, Ukrainian) the first nominative name of the clause."""
    segment = text[span[0] : cue[0]]
    head = _TAIL.sub("", segment) if _TAIL.search(segment) else segment.rstrip()
    if _PASSIVE.search(head):  # ``was announced by Work Secretary Alan Johnson``
        by = re.match(r"\s+by\s", text[cue[1] : cue[1] + 5])
        return _after(text, (cue[0], cue[1] + by.end() - 1), span, lang, common) if by else None
    if re.search(rf"(?<![\w-])(?:{_PRONOUN})$", head, re.I):
        return Attribution(None, span[0] + len(head) - 1, cue, span)
    if role := _role_at_end(head):
        return Attribution(None, span[0] + len(head) - len(role), cue, span, role=role)
    for pattern in (_RUN_AT_END, _APPOSITION):
        match = pattern.search(head)
        name = person_name(match.group(1), common, lang) if match else None
        at = match.start(1) + match.group(1).rfind(name.split()[0]) if name else 0
        if name and not _governed(head, at) and could_be_nominative(name, lang):
            return Attribution(name, span[0] + at, cue, span)
    subject = _clause_subject(text, head, cue, span, lang, common)
    opening = re.match(rf"\s*(?:{_PRONOUN})\s", segment, re.I)
    if subject is None and opening and not _RUN_ANYWHERE.search(segment, opening.end()):
        return Attribution(None, span[0], cue, span)  # ``Він залишив записку, де пояснив``: the pronoun opening it
    return subject


def _clause_subject(text: str, head: str, cue, span, lang: str, common) -> Attribution | None:
    """The first ungoverned name of the clause that ends at the verb, a few words before it."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    clause = head[clause_start:]
    if not any(is_cyrillic(word) for word in clause.split()):
        return None  # English puts its subject right before the verb: ``_RUN_AT_END`` has looked
    for match in _RUN_ANYWHERE.finditer(clause):
        name = person_name(match.group(0), common, lang)
        at = clause_start + match.start() + (match.group(0).rfind(name.split()[0]) if name else 0)
        if not name or _governed(head, at) or not could_be_nominative(name, lang):
            continue
        if len(_WORD_TOKEN.findall(clause[match.end() :])) <= 8:
            return Attribution(name, span[0] + at, cue, span)
        break
    return None


def _after(text: str, cue, span, lang: str, common, genitive: bool = False) -> Attribution | None:
    """The name after a cue, over a few lower-case words (a role, an adverb, a listener in the dative)."""
    window = text[cue[1] : min(span[1], cue[1] + 160)]
    stop = _WINDOW_END.search(window)
    window = window[: stop.start()] if stop else window
    pronoun = re.match(rf"\s*(?:the\s+)?({_PRONOUN})(?![\w-])", window, re.I)
    if pronoun:
        return Attribution(None, cue[1] + pronoun.start(1), cue, span)
    if role := _role_at_start(window):
        return Attribution(None, cue[1], cue, span, genitive=genitive, role=role)
    limit = 8 if lang in ("ru", "uk") else 6
    for match in _RUN_ANYWHERE.finditer(window):
        if len(_WORD_TOKEN.findall(window[: match.start()])) > limit or "," in window[: match.start()]:
            break
        name = person_name(match.group(0), common, lang)
        if name and not genitive and (_governed(window, match.start()) or not could_be_nominative(name, lang)):
            continue  # ``в беседе с Россотрудничеством``: governed, or in an oblique case, it is no subject
        if name:
            at = cue[1] + match.start() + match.group(0).rfind(name.split()[0])
            return Attribution(name, at, cue, span, genitive=genitive)
    return None


def _documented(text: str, cue, span, lang: str, common) -> Attribution | None:
    """``в заявлении … Питера Беллоу сообщается``: the name in the document's genitive before the verb."""
    segment = text[span[0] : cue[0]]
    document = _DOCUMENT.search(segment)
    if not document:
        return None
    for match in reversed(list(_RUN_ANYWHERE.finditer(segment, document.end()))):
        if name := person_name(match.group(0), common, lang):
            return Attribution(name, span[0] + match.start() + match.group(0).rfind(name.split()[0]), cue, span, True)
    return None


_FOLLOW_UP_ROLES = frozenset(ROLE_WORDS - set("the a an of for and our my his her their its in at on with".split()))
_ROLE_AT_END = re.compile(r"(?<![\w-])(?:the\s+)((?:[\w’'-]+\s+){0,2}[\w’'-]+)$", re.I)


def _role_at_end(head: str) -> str | None:
    """``the minister`` or ``the NATO secretary-general`` ending ``head`` (English), or a lower-case role
    noun opening the sentence right before the verb (``Телеведущий напомнил``)."""
    match = _ROLE_AT_END.search(head)
    if match and (last := match.group(1).split()[-1].lower()) in _FOLLOW_UP_ROLES:
        return last
    words = head.split()
    if len(words) == 1 and words[0].lower() in _FOLLOW_UP_ROLES and words[0][0].isupper() and words[0].isalpha():
        return words[0].lower()
    return None


def _role_at_start(window: str) -> str | None:
    """A role noun right after the verb with no name after it (``сказал министр``, ``said the minister``)."""
    words = _WORD_TOKEN.findall(window)
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) == 1 and words[0].lower() in _FOLLOW_UP_ROLES:
        return words[0].lower()
    return None


def _governed(head: str, position: int) -> bool:
    """True when the word before ``position`` is a preposition: the name there is no subject."""
    before = re.findall(r"[\w’']+", head[max(position - 20, 0) : position].lower())
    return bool(before) and before[-1] in _GOVERNING
