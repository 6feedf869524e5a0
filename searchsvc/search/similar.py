"""More like this: a query made of a document's key terms, to find documents like it."""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.query import Or, Query, Term
from whoosh.searching import Searcher

KEY_TERMS = 12
MAX_TEXT = 20_000  # key terms of the opening of a very long article are enough


def similar_query(searcher: Searcher, docnum: int, fields: Iterable[str]) -> Query | None:
    """An OR of the document's most telling title and body terms, weighted by importance."""
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('body', '')[:MAX_TEXT]}"
    terms: list[Query] = []
    for fieldname in fields:
        if fieldname not in searcher.schema:
            continue
        for word, weight in searcher.key_terms_from_text(fieldname, text, numterms=KEY_TERMS):
            terms.append(Term(fieldname, word, boost=weight))
    return Or(terms) if terms else None
