"""The code's layout: small files, a data layer that holds the database and nothing else, and no
module reaching into another's underscore names.

Each rule reads the source as it is on disk (every Python file of the project but the tests), so
a new file is held to it without being listed anywhere. The layers themselves (who may import
whom) are import-linter's contracts in pyproject.toml.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
MAX_DATA_ACCESS_SHARE = 0.30

# Files over MAX_LINES that belong to work under way, each to be split next: remove an entry
# when its file is split (the test fails while an entry names a file that is short enough or
# gone, so this list only shrinks). Add nothing here.
OVER_MAX_LINES_FOR_NOW: frozenset[str] = frozenset()


def source_files(root: Path = ROOT) -> Iterator[Path]:
    """Every Python file of the project outside tests/ (hidden folders, the virtualenv and build
    metadata are not the project's)."""
    for top in sorted(root.iterdir()):
        if top.name.startswith(".") or top.name == "tests" or top.name.endswith(".egg-info"):
            continue
        if top.is_dir():
            yield from sorted(top.rglob("*.py"))
        elif top.suffix == ".py":
            yield top


def counted_files(root: Path = ROOT) -> Iterator[Path]:
    """The files whose size counts: source files but the migrations (generated, never edited)."""
    for path in source_files(root):
        if "migrations" not in path.relative_to(root).parts:
            yield path


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def first_party(root: Path = ROOT) -> frozenset[str]:
    """The project's top-level packages and modules (pages/ included, a folder without
    __init__.py)."""
    return frozenset(module_name(path, root).split(".")[0] for path in source_files(root))


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imported_from(node: ast.ImportFrom, module: str, path: Path) -> str:
    """The absolute name of the module a `from … import` reads (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def private_uses(path: Path, root: Path = ROOT) -> list[str]:
    """`from other import _name` and `other._name`, where `other` is another module of the
    project: each as `file:line: what`."""
    module, ours = module_name(path, root), first_party(root)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bound: dict[str, str] = {}  # local name -> the project module (or its member) it stands for
    found: list[str] = []
    where = path.relative_to(root)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = imported_from(node, module, path)
            if source.split(".")[0] not in ours or source == module:
                continue
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {source} import {alias.name}")
                bound[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ours and alias.name != module:
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else local
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and is_private(node.attr):
            base = node.value
            dotted: list[str] = []
            while isinstance(base, ast.Attribute):
                dotted.insert(0, base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                target = ".".join([bound[base.id], *dotted])
                if target != module:
                    found.append(f"{where}:{node.lineno}: {target}.{node.attr}")
    return found


def test_no_module_uses_another_modules_underscore_names() -> None:
    found = [use for path in source_files() for use in private_uses(path)]
    assert not found, "make the name public where it is shared, or move it:\n" + "\n".join(found)


def test_no_file_outside_tests_and_migrations_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): line_count(path)
        for path in counted_files()
        if line_count(path) > MAX_LINES
    }
    unexpected = {name: lines for name, lines in long.items() if name not in OVER_MAX_LINES_FOR_NOW}
    assert not unexpected, f"over {MAX_LINES} lines: {unexpected}"


def test_the_allow_list_of_long_files_names_only_files_still_over_400_lines() -> None:
    short = {
        name: line_count(ROOT / name) if (ROOT / name).exists() else "gone"
        for name in OVER_MAX_LINES_FOR_NOW
        if not (ROOT / name).exists() or line_count(ROOT / name) <= MAX_LINES
    }
    assert not short, f"split: take these out of OVER_MAX_LINES_FOR_NOW: {short}"


def test_data_access_is_under_30_percent_of_the_code() -> None:
    sizes = {path.relative_to(ROOT): line_count(path) for path in counted_files()}
    total = sum(sizes.values())
    data_access = sum(lines for path, lines in sizes.items() if path.parts[0] == "data_access")
    share = data_access / total
    assert share < MAX_DATA_ACCESS_SHARE, (
        f"data_access/ holds {data_access} of {total} lines ({share:.1%}), "
        f"not under {MAX_DATA_ACCESS_SHARE:.0%}"
    )


def test_the_checks_see_a_private_name_taken_from_another_module(tmp_path: Path) -> None:
    """The underscore rule finds both forms, through `from` and through a module's name, and
    leaves a module's own names and dunder names alone."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "base.py").write_text("_hidden = 1\n")
    user = tmp_path / "pkg" / "user.py"
    user.write_text(
        "from pkg import base\n"
        "from pkg.base import _hidden\n"
        "from pkg.user import _mine\n"
        "import pkg.base as alias\n"
        "value = base._hidden + alias._hidden + base.__name__.count('x')\n"
    )
    assert private_uses(user, tmp_path) == [
        "pkg/user.py:2: from pkg.base import _hidden",
        "pkg/user.py:5: pkg.base._hidden",
        "pkg/user.py:5: pkg.base._hidden",
    ]
