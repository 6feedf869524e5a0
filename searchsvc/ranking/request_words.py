"""Request words of verbose queries: "papers discussing X", "is any information available on Y".

A question or a description of an information need wraps its topic in words that say what is
asked for rather than what about ("describe", "documents", "articles", "information", "anyone",
"available"). In a collection they are ordinary words, often rare enough to get a high IDF, so
they pull up documents that merely use them. The question-to-keyword step of verbose-query
processing drops them; ``bm25f`` does so in queries of at least
``RankingParams.verbose_words`` words, never in short ones, where every word ("freedom of
information") is the topic. English only: no Russian or Ukrainian list has been measured yet.
"""

from __future__ import annotations

from collections.abc import Mapping

from searchsvc.analysis.analyzers import index_terms
from searchsvc.indexing.schema import field_language

# Chosen before measuring (a list of generic request phrasing, not read off any collection's queries).
_REQUEST_WORDS = """
    describe description discuss discussion document documents paper papers article articles
    information interested interest relevant concerning regarding pertaining given give anyone
    available find wish want please literature published mention specific particular especially
    example examples
"""
REQUEST_TERMS = frozenset(index_terms("en", _REQUEST_WORDS))


def is_request_word(terms: Mapping[str, str]) -> bool:
    """Whether a query word (its term in each searched field) is a request word in the English fields.

    >>> is_request_word({"title_en": "articl", "body_en": "articl", "title_ru": "articl"})
    True
    >>> is_request_word({"title_en": "nato", "body_en": "nato"}), is_request_word({"body_ru": "статья"})
    (False, False)
    """
    return any(field_language(name) == "en" and term in REQUEST_TERMS for name, term in terms.items())
