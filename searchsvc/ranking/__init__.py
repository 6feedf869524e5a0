"""Ranking: query words and a searcher → scored documents. BM25F over the posting arrays
(``bm25f``), RM3 pseudo-relevance feedback (``rm3``), the request words of long questions
(``request_words``) and the static-embedding rerank of English results (``meaning``)."""
