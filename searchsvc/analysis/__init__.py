"""Analysis: text → index terms, one Whoosh analyzer per language (tokenising, folding, stop words,
stems or lemmas), used alike when indexing an article and when reading a query. Knows nothing of
storage.

Whoosh pickles each field's analyzer into the index's table of contents, by class and module: the
classes stay importable from ``searchsvc.analysis`` so that indexes written when they lived in a
module of that name still open.
"""

from .analyzers import (
    LANGUAGES,
    NormalizeFilter,
    StemFilter,
    WordTokenizer,
    _DropApostrophes,
    analysis_language,
    fold,
    index_terms,
    name_analyzer,
    stem,
    text_analyzer,
    vocabulary_analyzer,
)

__all__ = [
    "LANGUAGES",
    "NormalizeFilter",
    "StemFilter",
    "WordTokenizer",
    "_DropApostrophes",
    "analysis_language",
    "fold",
    "index_terms",
    "name_analyzer",
    "stem",
    "text_analyzer",
    "vocabulary_analyzer",
]
