"""Near-duplicate groups of one reader as arrays: collapse a ranking to one document per group.

Reindex stores each document's group in the sortable ``group_id`` column (see ``indexing.near_duplicates``);
a document without one is a group of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.reading import IndexReader


@dataclass(frozen=True)
class Groups:
    """Per document number: a group key and how many live documents share it."""

    key: np.ndarray
    size: np.ndarray

    @classmethod
    def build(cls, reader: IndexReader) -> Groups:
        count = reader.doc_count_all()
        key = -np.arange(1, count + 1, dtype=np.int64)  # alone unless a group says otherwise
        if "group_id" in reader.schema and reader.has_column("group_id"):
            names = list(reader.column_reader("group_id"))
            codes: dict[str, int] = {}
            for docnum, name in enumerate(names):
                if name:
                    key[docnum] = codes.setdefault(name, len(codes))
        live = np.zeros(count, dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        grouped = key >= 0
        sizes = np.bincount(key[grouped & live], minlength=int(key.max(initial=-1)) + 1)
        size = np.ones(count, dtype=np.int64)
        size[grouped] = np.maximum(sizes[key[grouped]], 1)
        return cls(key, size)

    def first_of_each(self, ranked: np.ndarray) -> np.ndarray:
        """The documents of ``ranked`` (best first) that are the best of their group, in order.

        >>> Groups(np.array([0, 0, -3, 1]), np.ones(4)).first_of_each(np.array([1, 3, 0, 2]))
        array([1, 3, 2])
        """
        if not len(ranked):
            return ranked
        _, first = np.unique(self.key[ranked], return_index=True)
        return ranked[np.sort(first)]

    def count(self, docs: np.ndarray) -> int:
        """How many groups ``docs`` fall into."""
        return len(np.unique(self.key[docs]))
