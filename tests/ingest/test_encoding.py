"""Decoding: BOMs, declarations, UTF-16 without BOM, and Cyrillic code pages even on short texts."""

from __future__ import annotations

import pytest

from searchsvc.ingest.encoding import DecodeError, decode, plausibility

RU = "Министр обороны заявил, что поставки вооружений будут увеличены. Съешь ещё этих мягких булок."
UK = "Міністр оборони заявив, що постачання озброєнь буде збільшено. Їжак, ґава і є - ще й інші слова."
SHORT_RU = ["Привет, как дела?", "Мир и война", "Заголовок статьи\nТекст новости о событиях дня."]
SHORT_UK = ["Київ - столиця України.", "Новини дня: уряд ухвалив рішення"]


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "iso8859-5", "mac-cyrillic", "utf-8"])
@pytest.mark.parametrize("text", [RU, *SHORT_RU])
def test_russian_in_every_code_page(text, codec):
    assert decode(text.encode(codec))[0] == text


@pytest.mark.parametrize("codec", ["cp1251", "koi8-u", "mac-cyrillic", "utf-8"])
@pytest.mark.parametrize("text", [UK, *SHORT_UK])
def test_ukrainian_in_every_code_page(text, codec):
    assert decode(text.encode(codec))[0] == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [RU, UK, "Plain English text, no byte order mark at all."])
def test_utf16_without_bom(text, codec):
    assert decode(text.encode(codec)) == (text, codec)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\ufeffHello".encode(), "Hello"),
        ("Привет".encode("utf-16"), "Привет"),
        ("Привет".encode("utf-32"), "Привет"),
    ],
)
def test_bom_wins(data, expected):
    assert decode(data)[0] == expected


def test_declared_charsets():
    xml = ('<?xml version="1.0" encoding="windows-1251"?><html><p>' + RU).encode("cp1251")
    assert decode(xml, html=True)[0].endswith(RU)
    meta = ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-u"><p>' + UK).encode("koi8-u")
    assert decode(meta, html=True)[0].endswith(UK)
    wrong = ('<meta charset="utf-8"><p>' + RU).encode("cp1251")  # declared UTF-8, written in cp1251
    assert decode(wrong, html=True)[0].endswith(RU)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(1, 32)) * 40,  # control bytes, no NUL
        b"\x00\x01\x02\x03" * 100,
    ],
)
def test_binary_is_refused(data):
    with pytest.raises(DecodeError, match="binary"):
        decode(data)


def test_plausibility_prefers_real_words():
    right = RU
    wrong = RU.encode("koi8-r").decode("cp1251")
    assert plausibility(right) > plausibility(wrong)
