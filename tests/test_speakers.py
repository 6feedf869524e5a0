"""Speakers: attribution patterns, name resolution and variant merging."""

from __future__ import annotations

import pytest

from searchsvc.speakers import find_speakers, name_key


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("“We will help,” NATO chief Jens Stoltenberg said on Thursday.", ["Jens Stoltenberg"]),
        ("The plan is ready, said Defence Minister Rustem Umerov.", ["Rustem Umerov"]),
        ("Rustem Umerov met allies. “It works,” said Umerov.", ["Rustem Umerov"]),
        ("according to NATO Secretary General Jens Stoltenberg during his speech", ["Jens Stoltenberg"]),
        ("by NATO Secretary General Jens Stoltenberg at the Forum in Kyiv", ["Jens Stoltenberg"]),
        ("Volodymyr Zelensky told reporters. Zelenskyy also said more. Zelenskiy added: yes.", ["Volodymyr Zelensky"]),
        ("Jens Stoltenberg spoke first. “Thanks,” he said.", ["Jens Stoltenberg"]),
        ("my Assistant Secretary General, Wendy Gilmour, is participating in the Forum.", []),
        ("“Nothing is agreed,” a NATO diplomat told Euractiv.", []),
        ("Ukraine and the United States announced a plan.", []),
    ],
)
def test_find_speakers(text, speakers):
    assert find_speakers(text) == speakers


def test_name_key_merges_transliterations():
    assert name_key("Zelensky") == name_key("Zelenskyy") == name_key("Zelenskiy") == name_key("ZELENSKIJ")
    assert name_key("Stoltenberg") != name_key("Zelensky")
