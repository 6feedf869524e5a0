"""Read a corpus folder into ``RawDocument``s: media type, encoding and source-given fields.

Nothing here interprets an article; a file that cannot be read becomes a ``Skipped`` with a
reason, so one bad file never stops the others.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .encoding import DecodeError, decode

TEXT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html", ".htm": "text/html"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>?")
JSONL_FIELDS = ("title", "url", "author", "published", "source", "lang")


@dataclass(frozen=True)
class RawDocument:
    """One article as read from disk, decoded but not yet cleaned."""

    path: str
    doc_id: str
    media_type: str
    text: str
    encoding: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A file (or JSONL line) that was not read, and why."""

    path: str
    reason: str


def is_supported(path: Path) -> bool:
    """True for the file types the corpus may hold."""
    name = path.name.lower()
    return path.suffix.lower() in TEXT_SUFFIXES or name.endswith(JSONL_SUFFIXES)


def iter_corpus(folder: Path, max_bytes: int) -> Iterator[RawDocument | Skipped]:
    """Yield every article under ``folder`` in a stable (sorted) order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if is_supported(path):
            yield from read_path(path, max_bytes, root=folder)


def read_paths(paths: Iterable[Path], max_bytes: int) -> Iterator[RawDocument | Skipped]:
    """Yield the articles of each given file, or of every file under a given folder."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from iter_corpus(path, max_bytes)
        else:
            yield from read_path(path, max_bytes)


def read_path(path: Path, max_bytes: int, root: Path | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield one ``RawDocument`` for a text or HTML file, one per line for JSONL."""
    shown = str(path)
    if path.name.lower().endswith(JSONL_SUFFIXES):  # a big export is normal: the limit is per record
        yield from _read_jsonl(path, shown, _relative_stem(path, root), max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(shown, f"file too large ({size} bytes > limit {max_bytes})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(shown, f"cannot read file: {exc.strerror or exc}")
        return
    stem = _relative_stem(path, root)
    media_type = TEXT_SUFFIXES.get(path.suffix.lower(), "text/plain")
    try:
        text, encoding = decode(data, html=media_type == "text/html")
    except DecodeError as exc:
        yield Skipped(shown, str(exc))
        return
    if not text.strip():
        yield Skipped(shown, "empty file")
        return
    if media_type == "text/html" and not _TAG.sub("", _INVISIBLE.sub("", text)).strip():
        yield Skipped(shown, "no text in the page (markup only)")
        return
    yield RawDocument(shown, stem, media_type, text, encoding)


def _read_jsonl(path: Path, shown: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Skipped]:
    """Stream the records of a JSON-lines file (UTF-8, as JSON is; other encodings are detected per line)."""
    zipped = shown.lower().endswith(".gz")
    try:
        with gzip.open(path, "rb") if zipped else open(path, "rb") as handle:
            for lineno, data in enumerate(handle, 1):
                if data.strip():
                    yield _jsonl_line(f"{shown}:{lineno}", f"{stem}-{lineno}", data, max_bytes)
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        yield Skipped(shown, f"broken gzip file: {exc}" if zipped else f"cannot read file: {exc.strerror or exc}")


def _jsonl_line(where: str, fallback_id: str, data: bytes, max_bytes: int) -> RawDocument | Skipped:
    if len(data) > max_bytes:
        return Skipped(where, f"line too large ({len(data)} bytes > limit {max_bytes})")
    try:
        line, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            line, encoding = decode(data)
        except DecodeError as exc:
            return Skipped(where, str(exc))
    return _jsonl_record(where, fallback_id, line, encoding, max_bytes)


def _jsonl_record(where: str, fallback_id: str, line: str, encoding: str, max_bytes: int) -> RawDocument | Skipped:
    if len(line) > max_bytes:
        return Skipped(where, f"line too large ({len(line)} characters > limit {max_bytes})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(record, dict):
        return Skipped(where, "JSON line is not an object")
    html = record.get("html")
    body = record.get("body") or record.get("text")
    content = body if isinstance(body, str) and body.strip() else html
    meta = {k: str(record[k]) for k in JSONL_FIELDS if record.get(k) not in (None, "")}
    if not isinstance(content, str) or not content.strip():
        if not meta.get("title", "").strip():
            return Skipped(where, "no body, text or html field: nor a title")
        content = ""  # a headline-only record (news wires, headline feeds) is an article with no body
    given = record.get("id")
    if given not in (None, ""):
        doc_id = str(given)
    elif meta.get("url"):
        doc_id = "u" + hashlib.sha1(meta["url"].encode("utf-8")).hexdigest()[:16]
    else:
        doc_id = fallback_id
    media_type = "text/html" if content and content is html else "text/plain"
    return RawDocument(where, doc_id, media_type, content, encoding, meta)


def _relative_stem(path: Path, root: Path | None) -> str:
    """A readable stable id: the path below the corpus root, without suffix, ``/`` as ``--``."""
    try:
        rel = path.relative_to(root) if root else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    name = rel.name
    for suffix in (*JSONL_SUFFIXES, *TEXT_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return "--".join((*rel.parent.parts, name))
