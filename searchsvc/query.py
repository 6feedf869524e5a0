"""The query language: how a user's query string becomes a Whoosh query.

Free-text words are looked up in every searched field with its weight; Whoosh's default syntax
gives ``"phrases"``, ``field:value``, ``AND``/``OR``/``NOT`` and ``prefix*``.
"""

from __future__ import annotations

from collections.abc import Mapping

from whoosh.fields import Schema
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, QueryParser


def make_parser(schema: Schema, fieldboosts: Mapping[str, float], all_terms: bool) -> QueryParser:
    """A parser over ``fieldboosts``' fields; ``all_terms`` requires every word, else any word."""
    return MultifieldParser(
        list(fieldboosts),
        schema,
        fieldboosts=dict(fieldboosts),
        group=AndGroup if all_terms else OrGroup,
    )
