"""The quotes of every article as documents of their own: a second Whoosh index inside the generation.

Each ``Quote`` of an ``Article`` is one document of ``gen-NNNNNN/quotes/``: its words in the
per-language ``body_<lang>`` field (the article's analyzer, so the query language reads it as it
reads bodies) and its speaker in ``speakers`` (searched like an article's): the searched fields of
an article's schema, with posting arrays beside its segments, so that ``search.service``'s matching
and ranking run on it unchanged. The article's
language, source and date as filter and facet columns, and what a result shows stored (the article's
id, title and url, the span). It lives in the generation folder: written by the same reindex,
switched with it, never half-written in service.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import BOOLEAN, ID, STORED, Schema
from whoosh.index import Index

from searchsvc.clean.article import Article

from .schema import article_language, searched_and_filtered

QUOTES_FOLDER = "quotes"


def quote_schema() -> Schema:
    """The fields of a quote: its words and speaker searched, the rest filters or shows. The searched
    and filter fields are the article's (titles stay empty), so that the one search path runs on quotes."""
    return Schema(
        **searched_and_filtered(),
        id=ID(stored=True, unique=True),
        article=ID(stored=True),
        text=STORED(),
        title=STORED(),
        url=STORED(),
        start=STORED(),
        end=STORED(),
        direct=BOOLEAN(stored=True),
    )


def quote_fields(article: Article) -> list[dict[str, Any]]:
    """The quotes of ``article`` as keyword arguments of ``writer.add_document``, one dict each."""
    if not article.quotes:
        return []
    lang = article_language(article.lang, article.title, article.body)
    published = datetime.fromisoformat(article.published) if article.published else None
    shared: dict[str, Any] = {
        "article": article.id,
        "title": article.title,
        "url": article.url or "",
        "source": article.source or "",
        "lang": article.lang,
    }
    if published:
        shared.update(published=published, year=published.year)
    return [
        {
            **shared,
            "id": f"{article.id}#{n}",
            "text": quote.text,
            f"body_{lang}": quote.text,
            "speakers": quote.speaker,
            "speaker": quote.speaker.replace(",", " "),
            "start": quote.start,
            "end": quote.end,
            "direct": quote.direct,
        }
        for n, quote in enumerate(article.quotes)
    ]


def create_quote_index(generation: Path) -> Index:
    """An empty quotes index in a new generation folder."""
    folder = Path(generation) / QUOTES_FOLDER
    folder.mkdir()
    return whoosh_index.create_in(str(folder), quote_schema())


def open_quote_index(generation: Path) -> Index | None:
    """The quotes index of a generation, or None when it has none."""
    folder = Path(generation) / QUOTES_FOLDER
    return whoosh_index.open_dir(str(folder)) if whoosh_index.exists_in(str(folder)) else None
