"""The package's imports against ``architecture.json``: every module has a part, every import between
parts is an allowed arrow, and none is one of the arrows the file forbids."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator, Mapping

import pytest

from tests.corpora import ROOT

ARCHITECTURE = json.loads((ROOT / "architecture.json").read_text(encoding="utf-8"))


def module_name(path: str) -> str:
    """``searchsvc/clean/article.py`` → ``searchsvc.clean.article``; a package's ``__init__`` is the package."""
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, str]:
    """Every module of the package, and ``wsgi.py``, by path relative to the repository."""
    paths = [*sorted((ROOT / "searchsvc").rglob("*.py")), ROOT / "wsgi.py"]
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def imported(path: str, source: str) -> Iterator[str]:
    """The searchsvc modules one module imports, anywhere in it (functions too), relative ones resolved."""
    package = module_name(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "searchsvc")
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            if name.split(".")[0] == "searchsvc":
                # a name may be a module (``from . import dates``); ``part_of`` walks up from it
                yield from (f"{name}.{alias.name}" for alias in node.names)


def part_of(module: str, files: Mapping[str, str]) -> str | None:
    """The part a module (or the module a name was imported from) belongs to."""
    while module:
        for candidate in (module.replace(".", "/") + ".py", module.replace(".", "/") + "/__init__.py"):
            if candidate in files:
                return files[candidate]
        module = module.rpartition(".")[0]
    return None


def violations(modules: Mapping[str, str], architecture: Mapping) -> list[str]:
    """What breaks the architecture: modules in no part, and imports that are not allowed arrows."""
    files = {path: name for name, part in architecture["parts"].items() for path in part["is"]}
    allowed = {tuple(arrow) for arrow in architecture["arrows"]}
    never = {(a, b): why for a, b, why in architecture["never"]}
    found = [f"{path}: in no part of architecture.json" for path in modules if path not in files]
    for path, source in modules.items():
        for target in imported(path, source):
            edge = (files.get(path), part_of(target, files))
            if None in edge or edge[0] == edge[1]:
                continue
            if edge in never:
                found.append(f"{path} imports {target}: {edge[0]} -> {edge[1]} is forbidden ({never[edge]})")
            elif edge not in allowed:
                found.append(f"{path} imports {target}: {edge[0]} -> {edge[1]} is not an arrow")
    return found


def test_the_package_keeps_to_its_architecture():
    assert violations(sources(), ARCHITECTURE) == []


def test_every_listed_file_exists():
    listed = [path for part in ARCHITECTURE["parts"].values() for path in part["is"]]
    assert [path for path in listed if not (ROOT / path).is_file()] == []
    assert len(listed) == len(set(listed)), "a file is listed in two parts"


def test_arrows_and_never_name_parts_and_never_overlap():
    parts = set(ARCHITECTURE["parts"])
    arrows = {tuple(arrow) for arrow in ARCHITECTURE["arrows"]}
    assert {p for arrow in arrows for p in arrow} <= parts
    assert {(a, b) for a, b, _ in ARCHITECTURE["never"]} & arrows == set()


@pytest.mark.parametrize(
    ("path", "line", "expected"),
    [
        ("searchsvc/clean/article.py", "from searchsvc.web.app import create_app", "Clean -> Web is forbidden"),
        ("searchsvc/search/service.py", "from ..cli import main", "Search -> Cli is not an arrow"),
        ("searchsvc/analysis/analyzers.py", "import searchsvc.indexing.schema", "Analysis -> Index is forbidden"),
        ("searchsvc/indexing/schema.py", "    from searchsvc import config", "Index -> Config is forbidden"),
    ],
)
def test_a_planted_import_is_caught(path, line, expected):
    modules = sources()
    body = f"def planted():\n{line}\n" if line.startswith(" ") else line + "\n"
    modules[path] += "\n" + body
    assert any(expected in v and v.startswith(path) for v in violations(modules, ARCHITECTURE))


def test_a_module_in_no_part_is_caught():
    modules = {**sources(), "searchsvc/search/stray.py": "x = 1\n"}
    assert "searchsvc/search/stray.py: in no part of architecture.json" in violations(modules, ARCHITECTURE)
