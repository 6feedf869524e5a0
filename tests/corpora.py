"""Corpora the tests write and index, and where the repository and the shared benchmark data are."""

from __future__ import annotations

import json
from pathlib import Path

from searchsvc.indexing.build import reindex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MAX_BYTES = 20_000_000


def filler(count: int) -> list[tuple[str, str, str, str]]:
    """English articles that share no word with the tests' queries: the statistics' background."""
    return [(f"filler-{i}", "en", f"Filler story {i}", f"Weather and sport news number {i}.") for i in range(count)]


def write_articles(path, articles) -> None:
    """``(id, lang, title, text)`` articles as one JSON-lines corpus file."""
    lines = [json.dumps({"id": i, "lang": lang, "title": t, "text": body}) for i, lang, t, body in articles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def index_articles(root: Path, articles, name: str = "a.jsonl") -> Path:
    """Write ``articles`` as ``root/corpus/name`` and (re)index ``root/corpus`` into ``root/index``,
    which it returns."""
    corpus = root / "corpus"
    corpus.mkdir(exist_ok=True)
    write_articles(corpus / name, articles)
    reindex(corpus, root / "index", 1_000_000)
    return root / "index"


NEWS = [
    (
        "nato-vilnius",
        "en",
        "Reuters",
        "2023-07-12",
        "NATO allies meet in Vilnius",
        'Allies agreed to boost air defence for Ukraine at the summit in Vilnius. "We stand with Ukraine for as long '
        'as it takes," Jens Stoltenberg said. The alliance also discussed drones and ammunition production.',
    ),
    (
        "drones-kyiv",
        "en",
        "BBC",
        "2024-05-10",
        "Ukraine receives new drones",
        'Kyiv received a large shipment of drones from its partners. "These drones save lives," Volodymyr Zelensky '
        "said on Friday. Stoltenberg welcomed the delivery at NATO headquarters.",
    ),
    (
        "grain-deal",
        "en",
        "Reuters",
        "2022-11-20",
        "Grain exports resume through the Black Sea",
        "Ships carrying grain left Odesa after the deal was extended. Traders said wheat prices fell in Chicago. "
        "Ukraine is one of the largest exporters of grain in the world.",
    ),
    (
        "rates-2021",
        "en",
        "Reuters",
        "2021-02-02",
        "Central bank raises interest rates",
        "The central bank raised interest rates by a quarter point to fight inflation, the governor said. "
        "Markets had expected the move for weeks.",
    ),
    (
        "apples",
        "en",
        "BBC",
        None,
        "Cooking with autumn apples",
        "Apples, cinnamon and butter make a simple autumn dessert. Bake the apples for forty minutes.",
    ),
    (
        "ru-nato",
        "ru",
        "Lenta.ru",
        "2023-06-15",
        "Столтенберг заявил о поддержке Украины",
        "Генеральный секретарь НАТО Йенс Столтенберг заявил, что альянс продолжит поддерживать Украину. "
        "Он также сказал, что союзники увеличат производство боеприпасов.",
    ),
    (
        "uk-grain",
        "uk",
        "Ukrainska Pravda",
        "2024-01-20",
        "Україна збільшила експорт зерна",
        "Україна збільшила експорт зерна через морські порти. Міністр заявив, що кораблі виходять з Одеси щодня.",
    ),
    (
        "nato-budget",
        "en",
        "BBC",
        "2024-02-14",
        "NATO members raise defence budgets",
        "Eighteen NATO members will spend two percent of GDP on defence this year, Jens Stoltenberg said in "
        "Brussels. Poland and the Baltic states spend the most.",
    ),
    (
        "xss",
        "en",
        "Evil Source",
        "2023-01-01",
        "<script>alert('title')</script> Payload headline",
        "This payload article hides <img src=x onerror=\"alert('body')\"> and <script>alert('body')</script> "
        "in its text, which must show as text.",
    ),
]
