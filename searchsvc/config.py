"""One registry of settings: name, default and help text, read from ``SEARCHSVC_*`` variables.

The README table, the CLI's ``--help`` and a docs test are all derived from ``SETTINGS``, so a
setting documented in one place is documented everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

SAMPLE_CORPUS = Path(str(files("searchsvc") / "sample_corpus"))


@dataclass(frozen=True)
class Setting:
    """One configurable value: its key, default, type and what it is for."""

    key: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "SEARCHSVC_" + self.key.upper()

    def parse(self, raw: str) -> Any:
        """Convert an environment string to this setting's type."""
        kind = type(self.default)
        if kind is bool:
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if kind is Path:
            return Path(raw).expanduser()
        return kind(raw)


SETTINGS: tuple[Setting, ...] = (
    Setting("index_dir", Path("index"), "Folder holding the on-disk index (its generations)."),
    Setting("corpus_dir", SAMPLE_CORPUS, "Folder of articles to index."),
    Setting("title_boost", 3.0, "BM25F weight of the title field."),
    Setting("speakers_boost", 2.0, "BM25F weight of the speakers field."),
    Setting("body_boost", 1.0, "BM25F weight of the body field."),
    Setting("max_query_length", 1000, "Longest accepted query, in characters."),
    Setting("max_per_page", 100, "Largest accepted `per_page`."),
    Setting("max_file_bytes", 20_000_000, "Files larger than this are skipped when indexing."),
    Setting("primary_languages", "en,ru,uk", "Languages the corpus is expected in (ISO codes, comma-separated)."),
    Setting("reindex_workers", 0, "Cleaning processes during a reindex (0: one per core)."),
    Setting("writer_memory_mb", 128, "Memory of each index writer process before it flushes to disk, in MB."),
    Setting("max_terms", 200, "Most words accepted in one query."),
    Setting("max_prefix_terms", 1000, "Most index words one `prefix*` may expand to."),
    Setting("max_result_window", 10000, "Deepest result reachable by paging (`page` × `per_page`)."),
    Setting("search_timeout", 1.0, "Seconds a search may run; past it, what was found is returned with `timed_out`."),
    Setting("max_export_rows", 100_000, "Most articles one `/api/export` or `searchsvc export` streams."),
    Setting("max_batch_queries", 100, "Most queries in one `/api/batch`."),
    Setting("max_timeline_buckets", 5000, "Most buckets in one timeline (choose a longer interval past it)."),
)


@dataclass(frozen=True)
class Settings:
    """The resolved configuration; field names mirror ``SETTINGS`` keys."""

    index_dir: Path
    corpus_dir: Path
    title_boost: float
    speakers_boost: float
    body_boost: float
    max_query_length: int
    max_per_page: int
    max_file_bytes: int
    primary_languages: str
    reindex_workers: int
    writer_memory_mb: int
    max_terms: int
    max_prefix_terms: int
    max_result_window: int
    search_timeout: float
    max_export_rows: int
    max_batch_queries: int
    max_timeline_buckets: int

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then ``SEARCHSVC_*`` environment variables, then explicit overrides."""
        environ = os.environ if environ is None else environ
        overrides = dict(overrides or {})
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            value = setting.default
            if setting.env in environ:
                try:
                    value = setting.parse(environ[setting.env])
                except ValueError as exc:
                    raise ConfigError(f"{setting.env}: {exc}") from None
            if setting.key in overrides:
                value = overrides.pop(setting.key)
                if isinstance(setting.default, Path) and value is not None:
                    value = Path(value)
            values[setting.key] = value
        if overrides:
            raise ConfigError(f"unknown settings: {', '.join(sorted(overrides))}")
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class ConfigError(ValueError):
    """A setting has a value of the wrong type, or an unknown setting was given."""
