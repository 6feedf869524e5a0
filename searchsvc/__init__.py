"""searchsvc: clean, index and search a folder of news articles (Whoosh + Flask)."""

__version__ = "0.1.0"
