"""Settings: one registry, read from the environment, documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchsvc.config import SAMPLE_CORPUS, SETTINGS, ConfigError, Settings
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


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_readme_documents_every_setting(setting):
    assert f"`{setting.env}`" in README.read_text()
