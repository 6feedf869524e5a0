"""One registry of settings: name, default and help text, read from ``SEARCHSVC_*`` variables.

``Settings`` (its fields), the CLI's ``--help`` and the OpenAPI limits are derived from ``SETTINGS``,
and a test holds the README's configuration table to it, so a setting is documented and defaulted in
one place. The search bounds and BM25F weights take their defaults from ``Limits`` and ``Boosts``,
the types the search layer uses; only the web layer and the CLI read settings.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, make_dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from searchsvc.indexing.schema import Boosts
from searchsvc.query.limits import Limits
from searchsvc.text import LANGUAGES

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
    Setting("title_boost", Boosts.title, "BM25F weight of the title field."),
    Setting("speakers_boost", Boosts.speakers, "BM25F weight of the speakers field."),
    Setting("body_boost", Boosts.body, "BM25F weight of the body field."),
    Setting(
        "names_boost", Boosts.names, "BM25F weight of a name matched in the other script (`Столтенберг`: Stoltenberg)."
    ),
    Setting("max_query_length", Limits.max_query_length, "Longest accepted query, in characters."),
    Setting("max_per_page", Limits.max_per_page, "Largest accepted `per_page`."),
    Setting("max_file_bytes", 20_000_000, "Files larger than this are skipped when indexing."),
    Setting(
        "primary_languages", ",".join(LANGUAGES), "Languages the corpus is expected in (ISO codes, comma-separated)."
    ),
    Setting("reindex_workers", 0, "Cleaning processes during a reindex (0: one per core)."),
    Setting("writer_memory_mb", 128, "Memory of each index writer process before it flushes to disk, in MB."),
    Setting("max_terms", Limits.max_terms, "Most words accepted in one query."),
    Setting("max_prefix_terms", Limits.max_prefix_terms, "Most index words one `prefix*` may expand to."),
    Setting("max_result_window", Limits.max_result_window, "Deepest result reachable by paging (`page` × `per_page`)."),
    Setting(
        "search_timeout",
        Limits.search_timeout,
        "Seconds a search may run; past it, what was found is returned with `timed_out`.",
    ),
    Setting("max_export_rows", 100_000, "Most articles one `/api/export` or `searchsvc export` streams."),
    Setting("max_batch_queries", 100, "Most queries in one `/api/batch`."),
    Setting("max_timeline_buckets", 5000, "Most buckets in one timeline (choose a longer interval past it)."),
)


class _SettingsMethods:
    """What ``Settings`` does besides holding one value per setting."""

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> _SettingsMethods:
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

    def limits(self) -> Limits:
        """The bounds of one search, as configured."""
        return Limits(**{name: getattr(self, name) for name in Limits.__dataclass_fields__})

    def boosts(self) -> Boosts:
        """The BM25F weights, as configured."""
        return Boosts(self.title_boost, self.speakers_boost, self.body_boost, self.names_boost)


# The resolved configuration: one field per setting, named by its key (``settings.index_dir``).
Settings = make_dataclass(
    "Settings", [(s.key, type(s.default)) for s in SETTINGS], bases=(_SettingsMethods,), frozen=True
)


class ConfigError(ValueError):
    """A setting has a value of the wrong type, or an unknown setting was given."""
