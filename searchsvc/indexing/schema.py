"""The index schema: which fields an article has, how each is analysed, and their search weights.

Title, speakers and body are searched (BM25F, weighted by ``Boosts`` at query time); the other
fields filter, sort, facet or are shown. Title and body are indexed once per language
(``title_en``, ``body_ru``, ...): an article fills the fields of its analysis language only, and
keeps its original text in the stored ``title`` and ``body`` fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from searchsvc.analysis.analyzers import LANGUAGES, analysis_language, name_analyzer, text_analyzer, vocabulary_analyzer
from searchsvc.analysis.name_keys import name_key_analyzer
from searchsvc.clean.article import Article

SPEAKER_SEPARATOR = "\n"


# Bump when the fields, their analyzers or what a stored field means change: indexes then rebuild in full.
SCHEMA_VERSION = 3  # 2: the names field (name keys across scripts); 3: a quotes index per generation

# The searched fields of each logical field; a query for ``title:`` searches all of its fields.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "title": tuple(f"title_{lang}" for lang in LANGUAGES),
    "speakers": ("speakers",),
    "body": tuple(f"body_{lang}" for lang in LANGUAGES),
    "names": ("names",),  # the name keys of title, speakers and body, matched across scripts (``name_keys``)
}
CROSS_SCRIPT = "names"  # the group of name keys: a match there is a name written in the other script
_GROUP_OF = {name: group for group, names in FIELD_GROUPS.items() for name in names}
ALL_LANGUAGES = ""  # the language of fields shared by every language (speakers)
_LANGUAGE_OF = {name: name.partition("_")[2] for group in ("title", "body") for name in FIELD_GROUPS[group]}


def field_group(name: str) -> str:
    """The logical field a searched field belongs to (``title_en`` → ``title``); other names stand
    for themselves.

    >>> field_group("body_uk"), field_group("speakers"), field_group("url")
    ('body', 'speakers', 'url')
    """
    return _GROUP_OF.get(name, name)


def field_language(name: str) -> str:
    """The language of a per-language field (``body_ru`` → ``ru``); ``ALL_LANGUAGES`` for the others.

    >>> field_language("title_en"), field_language("speakers")
    ('en', '')
    """
    language = _LANGUAGE_OF.get(name)
    if language is None:
        group = field_group(name)
        language = name.removeprefix(f"{group}_") if group in ("title", "body") else ALL_LANGUAGES
    return language


@dataclass(frozen=True)
class Boosts:
    """BM25F weights of the logical fields, applied at query time so changing them needs no reindex."""

    title: float = 3.0
    speakers: float = 2.0
    body: float = 1.0
    names: float = 0.8  # a name matched in the other script ranks a little below one matched as written


def search_fields(boosts: Boosts, schema: Schema | None = None) -> dict[str, float]:
    """Every searched field with its weight; only those ``schema`` has when given (an index written
    before a field was added is searched without it until its reindex)."""
    return {
        name: getattr(boosts, group)
        for group, names in FIELD_GROUPS.items()
        for name in names
        if schema is None or name in schema
    }


def searched_fields() -> list[str]:
    """The names of every searched field (those ``FIELD_GROUPS`` lists)."""
    return [name for names in FIELD_GROUPS.values() for name in names]


def searched_and_filtered() -> dict[str, Any]:
    """The fields articles and quotes share, so that the one search path and its filters run on both:
    title and body per language, speakers searched; source, lang, published, speaker and year filter."""
    per_language = {
        f"{group}_{lang}": TEXT(analyzer=text_analyzer(lang), phrase=True)
        for group in ("title", "body")
        for lang in LANGUAGES
    }
    return {
        **per_language,
        "speakers": TEXT(stored=True, analyzer=name_analyzer(), phrase=True),
        "source": ID(stored=True, sortable=True),
        "lang": ID(stored=True, sortable=True),
        "published": DATETIME(stored=True, sortable=True),
        # Exact values for filters and facet counts (not searched as text).
        "speaker": KEYWORD(commas=True, sortable=True),
        "year": NUMERIC(sortable=True),
    }


def build_schema() -> Schema:
    """The fields of an article; title, speakers and body are searched, the rest filters or shows."""
    return Schema(
        **searched_and_filtered(),
        id=ID(stored=True, unique=True),
        title=STORED(),
        body=STORED(),
        # A query word's keys are alternatives (``Trump`` read as written and as English reads it): OR them.
        names=TEXT(analyzer=name_key_analyzer(), phrase=True, multitoken_query="or"),
        author=TEXT(stored=True, analyzer=name_analyzer()),
        url=STORED(),
        path=STORED(),
        title_derived=BOOLEAN(stored=True),
        content_hash=ID(stored=True),
        # Near-duplicate group (the id of the group's first document); search shows one per group.
        group_id=ID(stored=True, sortable=True),
        # Unstemmed words of title and body but stop words: the vocabulary of "did you mean" suggestions, which read
        # only which words exist and in how many documents: no frequencies or positions. (Scorable
        # only because Whoosh's commit looks for a lengths column once per posting of a field without one.)
        spell=FieldType(Existence(), vocabulary_analyzer(), scorable=True),
    )


def to_fields(article: Article) -> dict[str, Any]:
    """An ``Article`` as the keyword arguments of ``writer.add_document``."""
    published = datetime.fromisoformat(article.published) if article.published else None
    lang = article_language(article.lang, article.title, article.body)
    fields = {
        "id": article.id,
        "title": article.title,
        f"title_{lang}": article.title,
        "speakers": SPEAKER_SEPARATOR.join(article.speakers),
        "body": article.body,
        f"body_{lang}": article.body,
        "author": article.author or "",
        "source": article.source or "",
        "url": article.url or "",
        "path": article.path,
        "lang": article.lang,
        "title_derived": article.title_derived,
        "content_hash": article.content_hash,
    }
    fields["spell"] = f"{article.title}\n{article.body}"
    fields["names"] = f"{article.title}\n{fields['speakers']}\n{article.body}"
    if published:
        fields["published"] = published
        fields["year"] = published.year
    if article.speakers:
        fields["speaker"] = ",".join(name.replace(",", " ") for name in article.speakers)
    return fields


def article_language(lang: str, title: str, body: str) -> str:
    """The language whose fields hold an article (its detected ``lang``, or a guess by script)."""
    return analysis_language(lang, f"{title}\n{body}")
