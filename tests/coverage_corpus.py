"""A small dated corpus for timelines, exports, batches and feeds: a flood story over six weeks of
January and February 2024 in three outlets, one syndicated copy (a near-duplicate pair), one article
without a date, one without a source, and articles on other topics that only count in the volume.

Weeks (ISO, from Monday): 2024-01-01 holds f-alpha, the f-beta/f-beta-copy pair, sport-1 and the
Russian ru-delta; 2024-01-08 sport-2; 2024-01-15 nothing; 2024-01-22 f-alpha-2; 2024-01-29 nothing;
2024-02-05 f-nosource. f-undated has no date.
"""

from __future__ import annotations

import json
from pathlib import Path

from searchsvc.indexing.build import reindex

SYNDICATED = (
    "Heavy rain flooded the lower valley overnight and the river rose above its banks in three villages, "
    "the regional emergency service said on Wednesday, adding that two hundred people had left their homes "
    "and that the water would not fall before the weekend."
)

COVERAGE = [
    {
        "id": "f-alpha",
        "lang": "en",
        "source": "Alpha",
        "published": "2024-01-01",
        "title": "River flood closes the old bridge",
        "text": '"The water is still rising," Anna Smith said, as the flood closed the old bridge to traffic.',
    },
    {
        "id": "f-beta",
        "lang": "en",
        "source": "Beta",
        "published": "2024-01-03",
        "title": "Flood waters rise in the valley",
        "text": SYNDICATED,
    },
    {
        "id": "f-beta-copy",
        "lang": "en",
        "source": "Beta",
        "published": "2024-01-04",
        "title": "Flood waters rise in the lower valley",
        "text": SYNDICATED,
    },
    {
        "id": "sport-1",
        "lang": "en",
        "source": "Alpha",
        "published": "2024-01-02",
        "title": "Cup final goes to extra time",
        "text": "The cup final went to extra time before the home side scored twice in the last minutes.",
    },
    {
        "id": "ru-delta",
        "lang": "ru",
        "source": "Delta",
        "published": "2024-01-05",
        "title": "Сборная выиграла финал",
        "text": "Сборная выиграла финал кубка в дополнительное время и вернулась домой.",
    },
    {
        "id": "sport-2",
        "lang": "en",
        "source": "Beta",
        "published": "2024-01-10",
        "title": "Tennis star wins in straight sets",
        "text": "The tennis star won in straight sets and will play the semi-final on Friday.",
    },
    {
        "id": "f-alpha-2",
        "lang": "en",
        "source": "Alpha",
        "published": "2024-01-24",
        "title": "Flood defences to be rebuilt",
        "text": '"We will rebuild the flood defences before the spring," Anna Smith said. '
        '"It will take a year," said Boris Kane.',
    },
    {
        "id": "f-nosource",
        "lang": "en",
        "source": None,
        "published": "2024-02-05",
        "title": 'Insurers count the cost of the "January flood", again',
        "text": "Insurers said the January flood would cost them more than any storm of the last ten years.",
    },
    {
        "id": "f-undated",
        "lang": "en",
        "source": "Beta",
        "published": None,
        "title": "A flood diary",
        "text": "Notes from a week of flood, rain and sandbags, written in a village of the lower valley.",
    },
]


def index_coverage(root: Path) -> Path:
    """Write ``COVERAGE`` as ``root/corpus/coverage.jsonl``, index it into ``root/index`` and return that."""
    (root / "corpus").mkdir(parents=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in COVERAGE]
    (root / "corpus" / "coverage.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(root / "corpus", root / "index", 1_000_000)
    return root / "index"
