"""A small corpus of news that quote people in three languages and two scripts, indexed for tests of
speakers as persons and of quotes."""

from __future__ import annotations

import json
from pathlib import Path

from searchsvc.indexing.build import reindex
from tests.corpora import MAX_BYTES

SPEECH = [
    {
        "id": "en-nato",
        "lang": "en",
        "source": "wire",
        "published": "2023-06-01",
        "title": "NATO chief on air defence",
        "body": (
            "NATO Secretary General Jens Stoltenberg spoke in Brussels on Thursday.\n\n"
            '"We will deliver more air defence to Ukraine," Stoltenberg said. '
            "He added that allies had agreed on a new plan."
        ),
    },
    {
        "id": "ru-nato",
        "lang": "ru",
        "source": "lenta",
        "published": "2023-06-02",
        "title": "Генсек НАТО об обороне",
        "body": (
            "Генеральный секретарь НАТО Йенс Столтенберг выступил в Брюсселе.\n\n"
            "«Мы поставим Украине больше средств противовоздушной обороны», — заявил Столтенберг."
        ),
    },
    {
        "id": "uk-nato",
        "lang": "uk",
        "source": "ukrinform",
        "published": "2024-01-10",
        "title": "Генсек НАТО про оборону",
        "body": (
            "Генеральний секретар НАТО Єнс Столтенберг виступив у Брюсселі.\n\n"
            "«Союзники передадуть Україні нові системи протиповітряної оборони», — заявив Столтенберг."
        ),
    },
    {
        "id": "en-kuleba",
        "lang": "en",
        "source": "wire",
        "published": "2024-02-03",
        "title": "Minister on the grain corridor",
        "body": (
            "Ukraine's Foreign Minister Dmytro Kuleba said the grain corridor would stay open through the winter.\n\n"
            "The ministry did not give figures."
        ),
    },
]


def index_speech(folder: Path) -> Path:
    """``SPEECH`` as a JSON-lines corpus in ``folder``, indexed into ``folder/index``."""
    corpus = folder / "corpus"
    corpus.mkdir()
    lines = (json.dumps(article, ensure_ascii=False) for article in SPEECH)
    (corpus / "speech.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reindex(corpus, folder / "index", MAX_BYTES)
    return folder / "index"
