"""Turn a ``RawDocument`` into an ``Article``: the text a reader wants, plus its metadata.

Plain text (a scraper's dump of a page) is cleaned line by line: navigation, language
switchers, counters, credits and calls to action leave the body, and labelled lines (``Author:``,
``date …``, ``Read more with …``) become metadata. HTML pages go through BeautifulSoup and lxml.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import Any

from searchsvc.ingest.files import RawDocument

from . import dates, html_page, language, line_model, source_lines, text_page
from .quotes import Quote, find_quotes
from .speakers import find_speeches

CLEANER_VERSION = "9"  # bump whenever cleaning output changes: a reindex re-cleans every file
DERIVED_TITLE_WORDS = 14


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready to index; ``published`` is ISO ``YYYY-MM-DD`` or None."""

    id: str
    path: str
    title: str
    body: str
    author: str | None
    published: str | None
    source: str | None
    url: str | None
    lang: str
    speakers: tuple[str, ...]
    title_derived: bool = False
    content_hash: str = ""
    quotes: tuple[Quote, ...] = ()  # what each speaker said, with spans in ``body``

    def to_json(self) -> dict[str, Any]:
        """The ``clean --json`` contract: plain JSON types, speakers as a list, each quote's span as
        ``[start, end]`` in the body."""
        data = asdict(self)
        data["speakers"] = list(self.speakers)
        data["quotes"] = [
            {"speaker": q.speaker, "text": q.text, "span": [q.start, q.end], "direct": q.direct} for q in self.quotes
        ]
        return data


def clean(
    raw: RawDocument,
    primary_languages: tuple[str, ...] = language.DEFAULT_PRIMARY,
    boilerplate: frozenset[int] = frozenset(),
) -> Article:
    """Clean one raw document; source-given fields (JSONL) win over what the text suggests.
    ``boilerplate``: line hashes that repeat across the document's source (``source_lines``), dropped."""
    extractor = html_page if raw.media_type == "text/html" else text_page
    extracted = extractor.extract(raw.text)
    meta = raw.meta
    title, derived = meta.get("title") or extracted.title, False
    extracted_body = without_lines(extracted.body, boilerplate)
    if not title:
        title, derived = derive_title(extracted_body), True
    body = drop_leading_title(extracted_body, title)
    published = dates.parse_date(meta["published"]) if meta.get("published") else extracted.published
    lang = meta.get("lang") or language.detect_article(title, body, primary_languages).lang
    text = _speaker_text(title, body)
    speeches = find_speeches(text, lang)
    return Article(
        id=raw.doc_id,
        path=raw.path,
        title=title,
        body=body,
        author=meta.get("author") or extracted.author,
        published=published,
        source=meta.get("source") or extracted.source,
        url=meta.get("url") or extracted.url,
        lang=lang,
        speakers=tuple(dict.fromkeys(speech.name for speech in speeches)),
        title_derived=derived,
        content_hash=content_hash(raw, boilerplate),
        quotes=tuple(find_quotes(text, speeches, offset=len(text) - len(body))),
    )


def without_lines(body: str, boilerplate: frozenset[int]) -> str:
    """The body without the paragraphs whose hash is in ``boilerplate``."""
    if not boilerplate:
        return body
    return "\n\n".join(p for p in body.split("\n\n") if source_lines.line_key(p) not in boilerplate)


def content_hash(raw: RawDocument, boilerplate: frozenset[int] = frozenset()) -> str:
    """A hash of everything cleaning depends on, so a changed cleaner re-cleans every file; of the
    source's boilerplate, only the lines this document holds (a table change elsewhere re-cleans nothing)."""
    digest = hashlib.sha1(CLEANER_VERSION.encode())
    digest.update(line_model.shipped_digest().encode())  # a retrained line model re-cleans too
    if boilerplate and (held := {source_lines.line_key(line) for line in raw.text.splitlines()} & boilerplate):
        digest.update(repr(sorted(held)).encode())
    digest.update(raw.media_type.encode())
    digest.update(repr(sorted(raw.meta.items())).encode("utf-8"))
    digest.update(raw.text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def derive_title(body: str) -> str:
    """A title from the first sentence, for texts that have no headline."""
    first = re.split(r"(?<=[.!?])\s", body.strip(), maxsplit=1)[0]
    words = first.split()
    if len(words) <= DERIVED_TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:DERIVED_TITLE_WORDS]) + " …"


def _speaker_text(title: str, body: str) -> str:
    """The text to find speakers in: the title too, unless it is in Title Case (every word capitalised
    makes every run of words look like a name), but always a speech byline (``by NATO Secretary …``)."""
    words = [w for w in title.split() if w[:1].isalpha()]
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    if title_case and not title.lower().startswith("by "):
        return body
    return f"{title}\n\n{body}"


def drop_leading_title(body: str, title: str) -> str:
    """The body must not start with the title line again."""
    paragraphs = body.split("\n\n")
    if paragraphs and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs).strip()
