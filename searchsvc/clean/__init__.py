"""Cleaning: ``RawDocument`` → ``Article``. Extracts the article from an HTML page or a text dump
(boilerplate out), reads its metadata and dates, detects its language and finds its speakers.
Knows nothing of the index."""

from .article import CLEANER_VERSION, Article, clean, content_hash

__all__ = ["CLEANER_VERSION", "Article", "clean", "content_hash"]
