"""Settings: one registry, read from the environment, documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from searchsvc.config import SAMPLE_CORPUS, SETTINGS, ConfigError, Setting, Settings
from tests.corpora import ROOT

README = ROOT / "README.md"


def test_defaults():
    settings = Settings.load(environ={})
    assert settings.index_dir == Path("index")
    assert settings.corpus_dir == SAMPLE_CORPUS
    assert (settings.title_boost, settings.speakers_boost, settings.body_boost) == (3.0, 2.0, 1.0)
    assert sorted(SAMPLE_CORPUS.glob("*.txt")), "the sample corpus ships inside the package"


def test_environment_then_overrides():
    env = {"SEARCHSVC_INDEX_DIR": "/tmp/ix", "SEARCHSVC_TITLE_BOOST": "5", "SEARCHSVC_MAX_PER_PAGE": "7"}
    settings = Settings.load({"max_per_page": 9}, environ=env)
    assert (settings.index_dir, settings.title_boost, settings.max_per_page) == (Path("/tmp/ix"), 5.0, 9)


def test_bad_values_and_unknown_settings():
    with pytest.raises(ConfigError, match="SEARCHSVC_MAX_PER_PAGE"):
        Settings.load(environ={"SEARCHSVC_MAX_PER_PAGE": "lots"})
    with pytest.raises(ConfigError, match="unknown settings: colour"):
        Settings.load({"colour": "red"}, environ={})


def _readme_table() -> dict[str, tuple[str, str]]:
    """``variable -> (default, meaning)`` of the README's configuration table."""
    rows = re.findall(r"^\| `(SEARCHSVC_\w+)` \| (.+?) \| (.+?) \|$", README.read_text(), flags=re.M)
    return {env: (default, meaning) for env, default, meaning in rows}


def _shown(setting: Setting) -> str:
    if setting.default == SAMPLE_CORPUS:
        return "the bundled sample corpus"
    return f"`{setting.default}`"


def test_readme_table_is_the_registry():
    """Every setting, with its default and help text exactly, and nothing else."""
    expected = {s.env: (_shown(s), s.help) for s in SETTINGS}
    assert _readme_table() == expected
