"""Plain-text boilerplate: hand-made page dumps in English, Russian and Ukrainian.

Each case puts one kind of scraping debris around (or inside) a small real-looking article and
checks that the body comes out exactly as the article's paragraphs; other cases check that short
lines which are content (crossheads, short quotes, speech lines) stay.
"""

from __future__ import annotations

import pytest

from searchsvc.clean.article import clean
from searchsvc.clean.line_kinds import Kind, line_kind
from searchsvc.ingest.files import RawDocument

ARTICLES = {
    "en": (
        "Parliament approves a larger defence budget for next year",
        [
            "The parliament on Tuesday approved a defence budget that is a fifth larger than this year's, "
            "after a debate that lasted well into the night.",
            "The money will go to air defence, ammunition and the repair of equipment that has been in use "
            "since the start of the war, the finance committee said.",
            "Opposition members argued that the plan leaves too little for hospitals and schools, but the "
            "vote passed with a clear majority.",
        ],
    ),
    "ru": (
        "Парламент одобрил увеличение оборонного бюджета на следующий год",
        [
            "Во вторник парламент одобрил оборонный бюджет, который на пятую часть больше нынешнего, после "
            "дебатов, продолжавшихся до поздней ночи.",
            "Деньги пойдут на противовоздушную оборону, боеприпасы и ремонт техники, которая используется с "
            "начала войны, сообщили в финансовом комитете.",
            "Представители оппозиции заявили, что в плане слишком мало средств для больниц и школ, но "
            "голосование прошло уверенным большинством.",
        ],
    ),
    "uk": (
        "Парламент схвалив збільшення оборонного бюджету на наступний рік",
        [
            "У вівторок парламент схвалив оборонний бюджет, який на п'яту частину більший за цьогорічний, після "
            "дебатів, що тривали до пізньої ночі.",
            "Гроші підуть на протиповітряну оборону, боєприпаси та ремонт техніки, яка використовується від "
            "початку війни, повідомили у фінансовому комітеті.",
            "Представники опозиції заявили, що в плані замало коштів для лікарень і шкіл, але голосування "
            "пройшло впевненою більшістю.",
        ],
    ),
}


def _page(lang: str, before: list[str] = (), middle: list[str] = (), after: list[str] = ()) -> str:
    title, paragraphs = ARTICLES[lang]
    lines = [*before, title, paragraphs[0], *middle, *paragraphs[1:], *after]
    return "\n".join(lines)


def _clean(text: str):
    return clean(RawDocument("page.txt", "page", "text/plain", text, "utf-8"))


MENU = ["Home", "World", "Politics", "Business", "Sport", "Culture"]

DEBRIS = [
    # (case id, language, where, lines)
    ("language switcher", "en", "before", ["ua en ru"]),
    ("language switcher with bars", "uk", "before", ["UA | EN | RU"]),
    ("navigation menu", "en", "before", MENU),
    ("navigation menu ru", "ru", "before", ["Главная", "Новости", "Политика", "Экономика", "Спорт"]),
    ("navigation menu uk", "uk", "before", ["Головна", "Новини", "Політика", "Економіка", "Спорт"]),
    ("counter with relative time", "en", "before", ["2 months ago 10"]),
    ("relative time ru", "ru", "before", ["3 часа назад"]),
    ("relative time uk", "uk", "before", ["5 хвилин тому"]),
    ("read entire article", "en", "after", ["Read Entire Article"]),
    ("continue reading", "en", "after", ["Continue reading"]),
    ("read more ru", "ru", "after", ["Читать далее"]),
    ("share prompt", "en", "after", ["Share this article", "Share on Facebook", "Share on Twitter"]),
    ("share prompt ru", "ru", "after", ["Поделиться"]),
    ("share prompt uk", "uk", "after", ["Поділитися"]),
    ("subscribe prompt", "en", "after", ["Subscribe to our newsletter"]),
    ("subscribe prompt uk", "uk", "after", ["Підписуйтесь на наш Telegram"]),
    ("comment counter", "en", "before", ["34 comments"]),
    ("as delivered", "en", "before", ["(As delivered)"]),
    ("edited by", "en", "after", ["[Edited by Alice Taylor]"]),
    ("photo caption with credit", "en", "middle", ["Members of parliament during the vote (Getty Images)"]),
    ("photo credit line", "en", "middle", ["Photo: Reuters"]),
    ("photo credit ru", "ru", "middle", ["Фото: РИА Новости"]),
    ("date-only bullet", "en", "before", ["29 Sep. 2023 -"]),
    ("date-only ru", "ru", "before", ["29 сентября 2023"]),
    ("date-only uk", "uk", "before", ["29 вересня 2023"]),
    ("copyright footer", "en", "after", ["© 2023 Example News. All rights reserved."]),
    ("copyright footer ru", "ru", "after", ["© 2023 Все права защищены"]),
    ("related stories", "en", "after", ["Related stories", "Ministers meet in Brussels to discuss air defence"]),
    ("read also ru", "ru", "after", ["Читайте также", "Министры встретятся в Брюсселе"]),
    ("read also uk", "uk", "after", ["Читайте також", "Міністри зустрінуться в Брюсселі"]),
    ("tags", "en", "after", ["Tags:", "Defence", "Budget", "Parliament"]),
    ("advertisement", "en", "middle", ["Advertisement"]),
    ("advertisement ru", "ru", "middle", ["Реклама"]),
    ("cookie notice", "en", "before", ["We use cookies to improve your browsing experience. Accept them?"]),
    ("other-script line", "en", "before", ["Europe Россия Китай Индия"]),
    ("skip to content", "en", "before", ["Skip to main content"]),
    ("back to top", "en", "after", ["Back to top"]),
    (
        "comment section",
        "en",
        "after",
        [
            "12 comments",
            "johnsmith says:",
            "Nov 19, 2019 at 6:34 am",
            "This is a long comment that agrees with the article and adds a few sentences of its own about the budget.",
        ],
    ),
    ("leave a reply", "en", "after", ["Leave a Reply", "You must be logged in to post a comment."]),
    (
        "related teasers glued to their headlines",
        "en",
        "after",
        [
            "Police Arrest Two After Death Of Student-AthleteA 24-year-old woman and a man were held on Monday.",
            "Customers Leave Without Paying Bill At SteakhouseA party of six left the restaurant without paying.",
        ],
    ),
]


@pytest.mark.parametrize(("lang", "where", "lines"), [c[1:] for c in DEBRIS], ids=[c[0] for c in DEBRIS])
def test_debris_leaves_the_body(lang, where, lines):
    title, paragraphs = ARTICLES[lang]
    article = _clean(_page(lang, **{where: lines}))
    assert article.title == title
    assert article.body == "\n\n".join(paragraphs)


CONTENT = [
    ("crosshead", "en", "What the money buys"),
    ("crosshead ru", "ru", "На что пойдут деньги"),
    ("crosshead uk", "uk", "На що підуть гроші"),
    ("short quote", "en", "“We will not stop,” he said."),
    ("speech line", "en", "High quality."),
    ("speech greeting", "en", "Ladies and gentlemen,"),
    ("short quote ru", "ru", "«Это только начало», — сказал он."),
    ("short quote uk", "uk", "«Це лише початок», — сказав він."),
]


@pytest.mark.parametrize(("lang", "line"), [c[1:] for c in CONTENT], ids=[c[0] for c in CONTENT])
def test_short_content_lines_stay(lang, line):
    _, paragraphs = ARTICLES[lang]
    article = _clean(_page(lang, middle=[line]))
    assert article.body == "\n\n".join([paragraphs[0], line, *paragraphs[1:]])


def test_speech_lines_at_the_edges_stay():
    _, paragraphs = ARTICLES["en"]
    text = "\n".join(["(As delivered)", "President Zelenskyy,", "Ladies and gentlemen,", *paragraphs, "Thank you."])
    article = _clean(text)
    assert article.body.startswith("President Zelenskyy,\n\nLadies and gentlemen,\n\nThe parliament")
    assert article.body.endswith("clear majority.\n\nThank you.")


@pytest.mark.parametrize(
    ("lines", "field", "value"),
    [
        (["Author: Maria Kholina"], "author", "Maria Kholina"),
        (["By Jane Roe"], "author", "Jane Roe"),
        (["Chris Davies - Nov 19, 2019, 10:31 pm CST"], "author", "Chris Davies"),
        (["September 10, 2018 | by Catherine"], "author", "Catherine"),
        (["Posted by Michael Smith on November 19, 2019, 6:21 AM EST"], "published", "2019-11-19"),
        (["date 2023-09-30"], "published", "2023-09-30"),
        (["Last updated: 29 Sep. 2023 12:54"], "published", "2023-09-29"),
        (["Опубликовано: 12.03.2024"], "published", "2024-03-12"),
        (["Оновлено 3 березня 2024"], "published", "2024-03-03"),
        (["Read more with Euractiv"], "source", "Euractiv"),
    ],
)
def test_labelled_lines_become_metadata(lines, field, value):
    lang = "uk" if any("Оновлено" in line for line in lines) else "ru" if "Опубликовано" in lines[0] else "en"
    title, paragraphs = ARTICLES[lang]
    article = _clean(_page(lang, before=lines))
    assert getattr(article, field) == value
    assert article.body == "\n\n".join(paragraphs) and article.title == title


def test_a_dump_that_repeats_the_article_keeps_one_copy():
    title, paragraphs = ARTICLES["en"]
    teaser = paragraphs[0][:60] + "..."
    article = _clean("\n".join([title, *paragraphs, "Advertisement", teaser, *paragraphs]))
    assert article.body == "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    ("dateline", "source"),
    [("KYIV (Reuters) - ", "Reuters"), ("ST. JOSEPH, Mich. (AP) — ", "AP"), ("The parliament (", None)],
)
def test_wire_dateline_gives_the_source(dateline, source):
    title, paragraphs = ARTICLES["en"]
    article = _clean("\n".join([title, dateline + paragraphs[0], *paragraphs[1:]]))
    assert article.source == source
    assert article.body.startswith(dateline.strip()[:5])


def test_text_without_headline_gets_derived_title():
    _, paragraphs = ARTICLES["en"]
    article = _clean("\n".join(paragraphs))
    assert article.title_derived and article.title.startswith("The parliament on Tuesday approved")


def test_menu_of_headlines_before_the_article_is_not_the_title():
    title, paragraphs = ARTICLES["en"]
    teasers = ["Most read", "Storm closes schools across the north", "Markets rally after rate decision"]
    article = _clean("\n".join([*teasers, title, "Getty Images", *paragraphs]))
    assert article.title == title
    assert article.body == "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Politics", Kind.MENU),
        ("Home", Kind.DEBRIS),
        ("Latest News & Rumors", Kind.MENU),
        ("2 months ago 10", Kind.DEBRIS),
        ("Comments are closed.", Kind.COMMENTS),
        ("Share this story", Kind.AFTER),
        ("High quality.", Kind.SHORT),
        ("The plan was approved by a large majority of the members on Tuesday.", Kind.CONTENT),
        ("План был одобрен большинством депутатов во вторник вечером.", Kind.CONTENT),
    ],
)
def test_line_kind(line, kind):
    assert line_kind(line) is kind
