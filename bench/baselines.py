"""Reference search engines for the benchmarks, built over the same documents as ours.

Each baseline takes ``(id, title, text)`` triples and answers ``search(query, k)`` with
``(id, score)`` pairs, best first:

- ``WhooshDefault``: Whoosh out of the box (two TEXT fields, the default parser, which ANDs words);
- ``WhooshOr``: Whoosh with a stemming analyzer and an OR parser (the "naive Whoosh" of the issue);
- ``Bm25Okapi``: ``rank_bm25``'s BM25Okapi over Snowball-stemmed, stop-worded tokens;
- ``Tantivy``: tantivy-py's BM25 with its ``en_stem`` tokenizer, OR of the query's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

Doc = tuple[str, str, str]
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The word characters of ``text``, as a query every engine parses (no syntax characters)."""
    return _WORD.findall(text)


class WhooshDefault:
    """Whoosh with its defaults: ``TEXT`` title and text, ``MultifieldParser`` (AND)."""

    def __init__(self, docs: Iterable[Doc] | None, folder: Path, analyzer=None, group=None) -> None:
        from whoosh import fields, index, qparser

        kwargs = {"analyzer": analyzer} if analyzer is not None else {}
        schema = fields.Schema(id=fields.ID(stored=True), title=fields.TEXT(**kwargs), text=fields.TEXT(**kwargs))
        if docs is None:  # reopen an index built before
            self.index = index.open_dir(str(folder))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            self.index = index.create_in(str(folder), schema)
            with self.index.writer(limitmb=256) as writer:
                for doc_id, title, text in docs:
                    writer.add_document(id=doc_id, title=title, text=text)
        options = {"group": group} if group is not None else {}
        self.parser = qparser.MultifieldParser(["title", "text"], schema, **options)
        self.searcher = self.index.searcher()

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        parsed = self.parser.parse(" ".join(words(query.lower())))
        return [(hit["id"], hit.score) for hit in self.searcher.search(parsed, limit=k)]


class WhooshOr(WhooshDefault):
    """Whoosh with ``StemmingAnalyzer`` and an OR group: what a first Whoosh app would do."""

    def __init__(self, docs: Iterable[Doc] | None, folder: Path) -> None:
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.qparser import OrGroup

        super().__init__(docs, folder, analyzer=StemmingAnalyzer(), group=OrGroup)


class Bm25Okapi:
    """``rank_bm25.BM25Okapi`` over title and text, Snowball-stemmed with English stop words."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        import Stemmer
        from rank_bm25 import BM25Okapi
        from whoosh.lang import stopwords_for_language

        self._stemmer = Stemmer.Stemmer("english")
        self._stop = frozenset(stopwords_for_language("en"))
        self.ids = [doc_id for doc_id, _, _ in docs]
        self.model = BM25Okapi([self.tokens(f"{title} {text}") for _, title, text in docs])

    def tokens(self, text: str) -> list[str]:
        return self._stemmer.stemWords([w for w in words(text.lower()) if w not in self._stop])

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        import numpy as np

        scores = self.model.get_scores(self.tokens(query))
        best = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in best if scores[i] > 0]


class Tantivy:
    """tantivy-py: BM25 over ``en_stem`` title and text fields, the words of the query ORed."""

    def __init__(self, docs: Iterable[Doc], folder: Path | None = None) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("text", tokenizer_name="en_stem")
        schema = builder.build()
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(schema, path=str(folder) if folder else None)
        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        for doc_id, title, text in docs:
            writer.add_document(tantivy.Document(id=doc_id, title=title, text=text))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        terms = words(query.lower())
        if not terms:
            return []
        parsed = self.index.parse_query(" ".join(terms), ["title", "text"])
        hits = self.searcher.search(parsed, k).hits
        return [(self.searcher.doc(address)["id"][0], score) for score, address in hits]
