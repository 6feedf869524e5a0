"""Quotes at clean time: each speaker's direct quotations, else the sentence reporting their words."""

from __future__ import annotations

from searchsvc.clean.article import clean
from searchsvc.clean.quotes import Quote, find_quotes, quotations
from searchsvc.clean.speakers import find_speeches
from searchsvc.ingest.files import RawDocument


def _article(body: str, lang: str = "en", title: str = "Talks in Brussels") -> tuple[str, list[Quote]]:
    raw = RawDocument("q.txt", "q", "text/plain", f"{title}\n\n{body}", "utf-8", {"lang": lang})
    article = clean(raw)
    for quote in article.quotes:
        assert article.body[quote.start : quote.end] == quote.text  # the span is the text, in the body
    return article.body, list(article.quotes)


def test_direct_quotations_in_every_mark_belong_to_their_speakers():
    _, quotes = _article(
        'NATO Secretary General Jens Stoltenberg spoke on Thursday. "We will deliver more air defence to '
        "Ukraine,\" Stoltenberg said. Ukraine's Foreign Minister Dmytro Kuleba said: “Our partners have kept "
        "every promise they made to us.”"
    )
    assert [(q.speaker, q.text, q.direct) for q in quotes] == [
        ("Jens Stoltenberg", "We will deliver more air defence to Ukraine,", True),
        ("Dmytro Kuleba", "Our partners have kept every promise they made to us.", True),
    ]


def test_guillemets_and_low_quotes_in_russian_and_ukrainian():
    _, ru = _article("«Мы поставим Украине больше средств обороны», — заявил Йенс Столтенберг.", "ru", "Оборона")
    assert [(q.speaker, q.text) for q in ru] == [("Йенс Столтенберг", "Мы поставим Украине больше средств обороны")]
    _, uk = _article("Єнс Столтенберг заявив: „Союзники передадуть Україні нові системи оборони“.", "uk", "Оборона")
    assert [(q.speaker, q.text) for q in uk] == [
        ("Єнс Столтенберг", "Союзники передадуть Україні нові системи оборони")
    ]


def test_a_quotation_spanning_paragraphs_is_one_quote():
    _, quotes = _article(
        "Ukraine's Foreign Minister Dmytro Kuleba told reporters in Brussels on Monday:\n\n"
        '"We will not give up one metre of our land.\n\n"Our army is strong and our '
        'allies are with us," he said.'
    )
    assert len(quotes) == 1 and quotes[0].speaker == "Dmytro Kuleba"
    assert quotes[0].text.startswith("We will not") and quotes[0].text.endswith("with us,")
    assert "\n\n" in quotes[0].text


def test_reported_speech_when_there_is_no_quotation_and_scare_quotes_are_none():
    _, quotes = _article(
        "Ukraine's Foreign Minister Dmytro Kuleba said the grain corridor would stay open through the winter. "
        'The company called the plan "fake news".'
    )
    assert quotes == [
        Quote(
            "Dmytro Kuleba",
            "Ukraine's Foreign Minister Dmytro Kuleba said the grain corridor would stay open through the winter.",
            0,
            100,
            direct=False,
        )
    ]
    assert quotations('He called it "fake news" and «Газпром».') == []


def test_no_speaker_no_quotes_and_the_title_is_not_in_a_span():
    _, quotes = _article('"This is a quotation with nobody who said it," the page reads.')
    assert quotes == []
    text = 'Stoltenberg says "we will help"\n\nJens Stoltenberg said on Monday that help was coming.'
    speeches = find_speeches(text, "en")
    found = find_quotes(text, speeches, offset=text.index("Jens"))
    assert [(q.text, q.start) for q in found] == [("Jens Stoltenberg said on Monday that help was coming.", 0)]


def test_quotes_are_in_the_clean_json():
    raw = RawDocument(
        "q.txt", "q", "text/plain", 'T\n\n"We will deliver more air defence," Jens Stoltenberg said.', "utf-8"
    )
    data = clean(raw).to_json()
    assert data["quotes"] == [
        {"speaker": "Jens Stoltenberg", "text": "We will deliver more air defence,", "span": [1, 34], "direct": True}
    ]
