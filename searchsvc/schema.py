"""The index schema: which fields an article has, how each is analysed, and their search weights.

Title, speakers and body are searched (BM25F, weighted by ``Boosts`` at query time); the other
fields filter, sort, facet or are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from whoosh.fields import BOOLEAN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import name_analyzer, text_analyzer
from .clean import Article
from .config import Settings

SPEAKER_SEPARATOR = "\n"


# The searched fields of each logical field; a query for ``title:`` searches all of its fields.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {"title": ("title",), "speakers": ("speakers",), "body": ("body",)}


@dataclass(frozen=True)
class Boosts:
    """BM25F weights of the logical fields, applied at query time so changing them needs no reindex."""

    title: float = 3.0
    speakers: float = 2.0
    body: float = 1.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Boosts:
        return cls(settings.title_boost, settings.speakers_boost, settings.body_boost)


def search_fields(boosts: Boosts) -> dict[str, float]:
    """Every searched field with its weight."""
    return {name: getattr(boosts, group) for group, names in FIELD_GROUPS.items() for name in names}


def build_schema() -> Schema:
    """The fields of an article; title, speakers and body are searched, the rest filters or shows."""
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=text_analyzer(), phrase=True),
        speakers=TEXT(stored=True, analyzer=name_analyzer(), phrase=True),
        body=TEXT(stored=True, analyzer=text_analyzer(), phrase=True),
        author=TEXT(stored=True, analyzer=name_analyzer()),
        source=ID(stored=True, sortable=True),
        url=STORED(),
        path=STORED(),
        lang=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
        # Exact values for filters and facet counts (not searched as text).
        speaker=KEYWORD(commas=True, sortable=True),
        year=NUMERIC(sortable=True),
        title_derived=BOOLEAN(stored=True),
        content_hash=ID(stored=True),
        # Unstemmed words of title and body: the vocabulary of "did you mean" suggestions.
        spell=TEXT(analyzer=name_analyzer(), phrase=False),
    )


def to_fields(article: Article) -> dict[str, Any]:
    """An ``Article`` as the keyword arguments of ``writer.add_document``."""
    published = datetime.fromisoformat(article.published) if article.published else None
    fields = {
        "id": article.id,
        "title": article.title,
        "speakers": SPEAKER_SEPARATOR.join(article.speakers),
        "body": article.body,
        "author": article.author or "",
        "source": article.source or "",
        "url": article.url or "",
        "path": article.path,
        "lang": article.lang,
        "title_derived": article.title_derived,
        "content_hash": article.content_hash,
    }
    fields["spell"] = f"{article.title}\n{article.body}"
    if published:
        fields["published"] = published
        fields["year"] = published.year
    if article.speakers:
        fields["speaker"] = ",".join(name.replace(",", " ") for name in article.speakers)
    return fields
