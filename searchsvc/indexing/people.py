"""One person per set of speaker names across the index: spellings and scripts merged by rule.

Each article already names its speakers once each, in the nominative (``clean.speakers``); across
articles one person still comes as ``Jens Stoltenberg``, ``Йенс Столтенберг`` and ``Єнс Столтенберг``,
or ``Volodymyr Zelensky`` and ``Volodymyr Zelenskyy``. Names are grouped when ``same_person`` says
so (their last words share a name key, and their first words too), never by a list of names. A
one-word name (``Столтенберг``, a surname an article never completed) joins a person only when it
fits exactly one. Each person is shown under the full name most articles use.

The reindex writes the grouping into the generation (``people.json``), so that a searcher does not
redo it on opening; it is part of the generation, so a killed reindex never leaves it half-written.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from whoosh.index import Index

from searchsvc.text.names import latin, same_person, skeleton, word_key, word_keys

PEOPLE_FILE = "people.json"


@dataclass(frozen=True)
class Person:
    """A person as the index knows them: the name shown, and every spelling met (most articles first)."""

    name: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class People:
    """Every person of an index and which person each spelling is."""

    persons: tuple[Person, ...]
    of_name: dict[str, int]  # spelling → index into ``persons``

    @classmethod
    def build(cls, counts: Mapping[str, int]) -> People:
        """Group spellings (with the number of articles each is in) into persons."""
        return cls.from_groups(_groups(counts), counts)

    @classmethod
    def from_groups(cls, groups: Iterable[list[str]], counts: Mapping[str, int]) -> People:
        persons = []
        for group in groups:
            variants = sorted(group, key=lambda name: (" " not in name, -counts.get(name, 0), -len(name.split()), name))
            persons.append(Person(variants[0], tuple(variants)))
        return cls.of(sorted(persons, key=lambda person: person.name))

    @classmethod
    def of(cls, persons: Iterable[Person]) -> People:
        """The people of ``persons``, each spelling pointing to its person."""
        found = tuple(persons)
        return cls(found, {variant: i for i, person in enumerate(found) for variant in person.variants})

    def display(self, name: str) -> str:
        """The name shown for the person ``name`` is a spelling of (``name`` itself when unknown)."""
        index = self.of_name.get(name)
        return name if index is None else self.persons[index].name

    def resolve(self, name: str) -> list[int]:
        """The persons ``name`` may mean: the one a full name spells exactly (case aside), else every
        person ``same_person`` matches (a surname: ``Столтенберг`` → Jens Stoltenberg)."""
        words = name.replace("’", "'").split()
        exact = self._folded.get(" ".join(words).casefold(), set())
        if not words or (exact and len(words) > 1):
            return sorted(exact)
        near = {i for key in word_keys(words[-1]) for i in self._by_surname.get(key, ())}
        return sorted(exact | {i for i in near if any(same_person(name, v) for v in self.persons[i].variants)})

    def starting_with(self, prefix: str) -> set[int]:
        """The persons with a spelling, or a word of one, that starts with ``prefix`` (case aside), or
        whose word does once both are in Latin letters (``Кул`` finds Dmytro Kuleba)."""
        folded = " ".join(prefix.replace("’", "'").casefold().split())
        if not folded:
            return set(range(len(self.persons)))
        found = {i for spelling, i in self.of_name.items() if _starts(spelling.casefold(), folded)}
        if " " not in folded and len(key := skeleton(latin(folded))) >= 3:
            found |= {i for word, persons in self._word_skeletons.items() if word.startswith(key) for i in persons}
        return found

    @cached_property
    def _word_skeletons(self) -> dict[str, set[int]]:
        """Each word of every spelling, in Latin letters and folded (``skeleton``), to its persons."""
        found: dict[str, set[int]] = defaultdict(set)
        for spelling, i in self.of_name.items():
            for word in spelling.replace("’", "'").split():
                found[skeleton(latin(word))].add(i)
        return found

    @cached_property
    def _folded(self) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        for spelling, i in self.of_name.items():
            found[" ".join(spelling.replace("’", "'").split()).casefold()].add(i)
        return found

    @cached_property
    def _by_surname(self) -> dict[str, set[int]]:
        """Persons by every key of their spellings' last words (read on the first inexact name)."""
        found: dict[str, set[int]] = defaultdict(set)
        for spelling, i in self.of_name.items():
            words = spelling.replace("’", "'").split()
            for key in word_keys(words[-1]) if words else ():
                found[key].add(i)
        return found


def _groups(counts: Mapping[str, int]) -> list[list[str]]:
    """Spellings of one person together: full names by ``same_person`` (within a bucket of names
    whose last words share a key), then each one-word name with the one full name it fits."""
    names = sorted(counts)
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    buckets: dict[str, list[str]] = defaultdict(list)
    for name in names:
        words = name.replace("’", "'").split()
        for key in word_keys(words[-1]) if words else ():
            buckets[key].append(name)
    singles: dict[str, set[str]] = defaultdict(set)
    for members in buckets.values():
        full = [name for name in members if " " in name]
        for i, a in enumerate(full):
            for b in full[i + 1 :]:
                if root(a) != root(b) and same_person(a, b) and _same_middle(a, b):
                    parent[root(a)] = root(b)
        for name in members:
            if " " not in name:
                singles[name].update(full)
    for name, fits in singles.items():
        persons = {root(full) for full in fits}
        if len(persons) == 1:
            parent[root(name)] = persons.pop()
    grouped: dict[str, list[str]] = defaultdict(list)
    for name in names:
        grouped[root(name)].append(name)
    return list(grouped.values())


def _starts(spelling: str, prefix: str) -> bool:
    """Whether ``spelling`` or one of its words starts with ``prefix`` (both folded)."""
    return spelling.startswith(prefix) or any(word.startswith(prefix) for word in spelling.split())


def _same_middle(a: str, b: str) -> bool:
    """Names of three words or more and as many words each agree in the middle ones too
    (``International Tin Agreement`` is not ``International Coffee Agreement``)."""
    words_a, words_b = a.split()[1:-1], b.split()[1:-1]
    if not words_a or len(words_a) != len(words_b):
        return True
    return all(word_key(x) == word_key(y) for x, y in zip(words_a, words_b, strict=True))


def speaker_counts(values: Iterable[str], separator: str = ",") -> Counter[str]:
    """How many documents name each speaker, from each document's ``separator``-joined names."""
    return Counter(name for text in values for name in set(text.split(separator)) if name)


def write_people(folder: Path, people: People) -> None:
    """Store the grouping in a generation folder."""
    data = [{"name": p.name, "variants": list(p.variants)} for p in people.persons]
    (Path(folder) / PEOPLE_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def read_people(folder: Path) -> People | None:
    """The grouping a reindex stored in ``folder``, or None when it has none."""
    path = Path(folder) / PEOPLE_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return People.of(Person(p["name"], tuple(p["variants"])) for p in data)


def index_people(ix: Index) -> People:
    """The people of every live document of ``ix``, from its ``speaker`` column."""
    values: list[str] = []
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            if "speaker" not in leaf.schema or not leaf.has_column("speaker"):
                continue
            count = leaf.doc_count_all()
            for doc, text in enumerate(leaf.column_reader("speaker")):
                if doc < count and text and not leaf.is_deleted(doc):
                    values.append(text)
    return People.build(speaker_counts(values))
