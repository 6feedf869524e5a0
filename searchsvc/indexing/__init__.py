"""Indexing: ``Article``s → an index generation on disk. The schema, the reindex (parallel
cleaning, content-hash manifest, near-duplicate groups, numpy posting arrays beside each segment)
and the generation folders with their lock and atomic switch; also the read side of what it writes
(``index_stats``). Knows nothing of HTTP or of queries."""

from .build import IndexBuildError, ReindexReport, current_generation, reindex

__all__ = ["IndexBuildError", "ReindexReport", "current_generation", "reindex"]
