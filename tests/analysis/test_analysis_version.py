"""The index version follows what the index holds: a change of analysis output, or of near-duplicate
signatures, fails here until its version constant is bumped and the new digest recorded."""

from __future__ import annotations

import hashlib
import json

from searchsvc.analysis.analyzers import (
    ANALYSIS_VERSION,
    LANGUAGES,
    index_terms,
    name_analyzer,
    text_analyzer,
    vocabulary_analyzer,
)
from searchsvc.analysis.name_keys import name_key_analyzer
from searchsvc.config import SAMPLE_CORPUS
from searchsvc.indexing.near_duplicates import NEAR_DUPLICATES_VERSION, signature

# Text each analyzer must treat as it did when the digests below were recorded: the sample corpus
# and sentences that reach the stop words, stems, lemmas, folding and abbreviations of each language.
SENTENCES = [
    "NATO’s U.S. allies met in Vilnius at 9 p.m.; Défense ministers' talks ran late.",
    "Генеральный секретарь НАТО Йенс Столтенберг заявил, что ёлки и учения продолжатся.",
    "Міністри зустрілися у м’ясній крамниці, а Зеленський заявив про підтримку ЗСУ.",
    "O’Brien and Ёлкин і НАТО; t.e. т.е. e.g.",
]
SAMPLE = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt"))]

# (version, sha256 of the terms) as recorded; bump the version in the code with the digest here.
ANALYSIS_DIGEST = (2, "aa8868104ab770ef0d755b047d6e66247f1e4c328cddb4a8e871f1b684c811c7")
SIGNATURE_DIGEST = (1, "901cc35e1cc0cf038c4b8bb95a15ecf0af6941560957c1d83317db4453a396e6")


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()


def analysis_terms() -> dict[str, list[list[str]]]:
    analyzers = {f"text_{lang}": text_analyzer(lang) for lang in LANGUAGES}
    analyzers |= {"name": name_analyzer(), "vocabulary": vocabulary_analyzer()}
    terms = {name: [[t.text for t in analyzer(text)] for text in SAMPLE] for name, analyzer in analyzers.items()}
    for mode in ("index", "query"):
        terms[f"name_keys_{mode}"] = [[t.text for t in name_key_analyzer()(text, mode=mode)] for text in SAMPLE]
    terms |= {f"index_terms_{lang}": [index_terms(lang, text) for text in SAMPLE] for lang in LANGUAGES}
    return terms


def test_analysis_output_matches_its_version():
    recorded_version, recorded_digest = ANALYSIS_DIGEST
    assert (ANALYSIS_VERSION, _digest(analysis_terms())) == (recorded_version, recorded_digest), (
        "analysis output changed: bump ANALYSIS_VERSION and record (version, digest) in ANALYSIS_DIGEST"
    )


def test_signatures_match_their_version():
    signatures = [None if (s := signature(text)) is None else s.values.hex() for text in SAMPLE]
    recorded_version, recorded_digest = SIGNATURE_DIGEST
    assert (NEAR_DUPLICATES_VERSION, _digest(signatures)) == (recorded_version, recorded_digest), (
        "near-duplicate signatures changed: bump NEAR_DUPLICATES_VERSION and record them in SIGNATURE_DIGEST"
    )
