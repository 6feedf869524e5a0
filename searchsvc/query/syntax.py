"""The query language: how a user's query string becomes a Whoosh query.

Words, ``"exact phrases"``, ``-excluded`` (or ``NOT word``), ``OR``, ``prefix*`` and the fields
``title:``, ``speaker:``, ``source:`` and ``lang:``. The language is lenient: an unknown field, an
unbalanced quote or parenthesis is read as plain words, never an error. ``lang:`` and ``source:``
act as filters (also in the any-word fallback); a ``prefix*`` is bounded by ``Limits``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice

from whoosh.fields import Schema
from whoosh.qparser import (
    AndGroup,
    EveryPlugin,
    FieldAliasPlugin,
    MultifieldParser,
    OrGroup,
    Plugin,
    PlusMinusPlugin,
    PrefixPlugin,
    QueryParser,
    RangePlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.query import AndNot, Not, Or, Prefix, Query, Term
from whoosh.reading import IndexReader

from searchsvc.indexing.schema import FIELD_GROUPS

from .limits import Limits, check_prefix

# Field names a user may type, and the schema field each one searches.
FIELD_ALIASES = {"title": "title", "body": "body", "speaker": "speakers", "speakers": "speakers", "author": "author"}
FILTER_FIELDS = ("lang", "source")  # typed ``lang:uk``, read as filters like the parameters
MAX_DEPTH = 8

_FILTER = re.compile(rf'(?<![\w:])({"|".join(FILTER_FIELDS)}):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_FIELD = re.compile(r"(?<![\w:])(\w+):", re.UNICODE)
_GROUPING = re.compile(r"[()]")
_LOOSENING = re.compile(r"\b(?:OR|ANDMAYBE|NOT|ANDNOT)\b|\*|(?<![\w:])(?i:author):")
_ONE_WORD = re.compile(r"\w+")
_SYNTAX = re.compile(r"[\"*\[\]{}^~]|\w:\S")
_EXCLUSION = re.compile(r"(?<![^\s(])-(?=[\w\"(])")  # as the query language reads ``-word``
_SYNTAX_CHARS = re.compile(r"[\"*?()\[\]{}^~]+")
_FIELD_PREFIX = re.compile(r"^\w+:")
_PARTS = re.compile(r'-?"[^"]*"?|\S+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass(frozen=True)
class UserQuery:
    """A query string split into free text and the filters typed in it (``lang:uk``, ``source:bbc``)."""

    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)


def read_query(raw: str) -> UserQuery:
    """Pull ``lang:``/``source:`` filters out and repair the syntax so that parsing never fails.

    >>> read_query('lang:uk Title:NATO "open quote')
    UserQuery(text='title:NATO open quote', filters={'lang': ['uk']})
    >>> read_query("foo:bar ((x)").text
    'foo bar x'
    >>> read_query('the "training" phase, "exact phrase" -"tanks"').text
    'the training phase, "exact phrase" -tanks'
    """
    filters: dict[str, list[str]] = {}

    def take(match: re.Match) -> str:
        filters.setdefault(match[1].lower(), []).append(match[2] if match[2] is not None else match[3])
        return " "

    text = _FILTER.sub(take, raw.translate(_QUOTES))
    text = _FIELD.sub(_known_field, text)
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = head + " " + tail
    if not _balanced(text):
        text = text.replace("(", " ").replace(")", " ")
    return UserQuery(" ".join(_unquote_single_words(text).split()), filters)


def _unquote_single_words(text: str) -> str:
    """``"word"`` → ``word``: a phrase of one word is that word, and prose that quotes single words
    (``the "training" phase``) stays free text, ranked without the query parser's cost."""
    parts = text.split('"')  # quotes are balanced by now: the odd parts are phrases
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        out.append(parts[i] if _ONE_WORD.fullmatch(parts[i]) else f'"{parts[i]}"')
        out.append(parts[i + 1])
    return "".join(out)


def _known_field(match: re.Match) -> str:
    name = match[1].lower()
    return f"{name}:" if name in FIELD_ALIASES else f"{match[1]} "


def is_conjunctive(text: str) -> bool:
    """True when every document the all-words reading of ``text`` matches has each of its plain
    words in a ranked field: no ``OR``, ``ANDMAYBE`` or ``prefix*`` (which widen a word), no
    ``author:`` (a field the ranking does not read), and no ``NOT`` (whose word is a plain word to
    the ranking). ``-excluded`` words and phrases only narrow.

    >>> is_conjunctive('title:nato "arms deliveries" -tanks'), is_conjunctive("nato OR nuclear")
    (True, False)
    >>> is_conjunctive("missil* nato"), is_conjunctive("author:smith nato")
    (False, False)
    """
    return not _LOOSENING.search(text)


def is_free_text(text: str) -> bool:
    """True when ``text`` is plain words, without the query language's operators or fields.

    Question marks, commas, full stops, a dash between words and parentheses without operators
    (which only group words that are all wanted anyway) are prose, not syntax; an all-capitals
    query is a headline, so its ``AND`` or ``OR`` are words.

    >>> is_free_text("nato defence spending?"), is_free_text('"exact phrase"'), is_free_text("title:nato")
    (True, False, False)
    >>> is_free_text("nato OR nuclear"), is_free_text("nato -nuclear"), is_free_text("nuc*")
    (False, False, False)
    >>> is_free_text("TALKS BETWEEN INDONESIA AND MALAYA"), is_free_text("schemes - DDC, UDC (MEDLARS) anti-war")
    (True, True)
    """
    if _SYNTAX.search(text) or _EXCLUSION.search(text):
        return False
    shouting = not any(ch.islower() for ch in text)
    words = text.split()
    if any(len(word) > 1 and word[0] == "+" for word in words):
        return False  # ``+word``: the all-words reading of the query language
    return shouting or not any(word.strip("()") in _OPERATORS for word in words)


def plain_words(text: str) -> str:
    """The searched words of a query in the query language: no fields, operators or exclusions.

    >>> plain_words('title:nato "arms deliveries" -tanks OR missil* (AND)')
    'nato arms deliveries missil'
    """
    kept = []
    for part in _PARTS.findall(text):
        if part.startswith("-"):
            continue
        word = _SYNTAX_CHARS.sub(" ", _FIELD_PREFIX.sub("", part.lstrip("+"))).strip()
        if word not in _OPERATORS:
            kept.append(word)
    return " ".join(w for w in kept if w)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or depth > MAX_DEPTH:
            return False
    return depth == 0


def make_parser(schema: Schema, fieldboosts: Mapping[str, float], all_terms: bool) -> QueryParser:
    """A parser over ``fieldboosts``' fields; ``all_terms`` requires every word, else any word."""
    parser = MultifieldParser(
        list(fieldboosts),
        schema,
        fieldboosts=dict(fieldboosts),
        group=AndGroup if all_terms else OrGroup,
        termclass=_Term,
    )
    # A trailing ``?`` is punctuation, not a wildcard; only ``prefix*`` expands; no ranges or ``*:*``.
    for plugin in (WildcardPlugin, RangePlugin, EveryPlugin):
        parser.remove_plugin_class(plugin)
    aliases: dict[str, list[str]] = {}
    for typed, target in FIELD_ALIASES.items():
        if typed != target and target in schema:
            aliases.setdefault(target, []).append(typed)
    # ``-word`` excludes only at the start of a word: ``anti-war`` stays one (hyphenated) word. ``+word``
    # means nothing more than ``word`` (all words are required first anyway), so ``+`` is never a marker.
    signs = PlusMinusPlugin(plusexpr=r"(?!)", minusexpr=r"(?<![^\s(])-(?=[\w\"(])")
    groups = {name: [f for f in fields if f in schema] for name, fields in FIELD_GROUPS.items() if fields != (name,)}
    parser.add_plugins([PrefixPlugin(), signs, FieldAliasPlugin(aliases), FieldGroupPlugin(groups, fieldboosts)])
    return parser


class _Term(Term):
    """A Whoosh ``Term`` that copies itself shallowly: its fields are strings and numbers, and
    Whoosh's deep copy of each term, as a long query is normalised, took half of the parse."""

    def copy(self) -> _Term:
        return copy.copy(self)


class FieldGroupPlugin(Plugin):
    """``title:nato`` searches every field of the title group (``title_en``, ``title_ru``, ...)."""

    def __init__(self, groups: Mapping[str, list[str]], fieldboosts: Mapping[str, float]) -> None:
        self.groups = groups
        self.boosts = fieldboosts

    def filters(self, parser):
        return [(self.expand, 105)]  # after explicit field names (100), before the multifield step (110)

    def expand(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.expand(parser, node)
            elif node.has_fieldname and node.fieldname in self.groups:
                copies = []
                for name in self.groups[node.fieldname]:
                    fielded = copy.copy(node)
                    fielded.set_fieldname(name, override=True)
                    fielded.set_boost(self.boosts.get(name, 1.0))
                    copies.append(fielded)
                group[i] = syntax.OrGroup(copies)
        return group


def parse(schema: Schema, fieldboosts: Mapping[str, float], text: str, all_terms: bool) -> Query:
    """Free text (after ``read_query``) as a Whoosh query; exclusions always exclude."""
    parser = make_parser(schema, fieldboosts, all_terms)
    try:
        query = parser.parse(text)
    except NotImplementedError:  # Whoosh cannot place a ``-`` inside parentheses: drop the parentheses
        query = parser.parse(_GROUPING.sub(" ", text))
    return query.accept(_exclusions_outside_or)


def _exclusions_outside_or(query: Query) -> Query:
    """``a OR NOT b`` would match every document without ``b``: make it ``a ANDNOT b``."""
    if not isinstance(query, Or):
        return query
    kept = [q for q in query.subqueries if not isinstance(q, Not)]
    excluded = [q.query for q in query.subqueries if isinstance(q, Not)]
    if not excluded or not kept:
        return query
    return AndNot(Or(kept) if len(kept) > 1 else kept[0], Or(excluded) if len(excluded) > 1 else excluded[0])


def check_prefixes(query: Query, reader: IndexReader, limits: Limits) -> None:
    """Raise ``LimitExceeded`` when a ``prefix*`` of ``query`` expands to too many index terms."""
    for leaf in query.leaves():
        if isinstance(leaf, Prefix) and leaf.fieldname in reader.schema:
            found = islice(reader.expand_prefix(leaf.fieldname, leaf.text), limits.max_prefix_terms + 1)
            check_prefix(leaf.text, sum(1 for _ in found), limits)
