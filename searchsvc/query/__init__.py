"""The query language: a user's query text → Whoosh queries (``syntax``), the bounds on what one
query may cost (``limits``), and which documents match it, read from the posting arrays under the
search's time limit (``matching``, ``deadline``). Knows nothing of scores."""
