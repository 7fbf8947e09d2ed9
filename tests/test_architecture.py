"""House rules of the layout (CONVENTIONS.md, DESIGN.md "Packages"), checked on every run so they cannot drift.

- three sibling modules sharing a prefix are a sub-package waiting to be made, in the code and in the tests;
- a module's private names (leading underscore) stay inside it: the project's packages never import them;
- lines are not packed to fit a number: formatter pragmas are rare and each says why;
- the import-linter contracts in pyproject.toml (the layering) are all kept.

Each failure names the files to change.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from tests.paths import PROJECT

# the application's packages and the developer tools: everything that is not a test
PACKAGES = ("tsunagu", "directory", "matching", "maps", "admin", "i18n", "devtools")
NOT_MODULES = {"__init__", "conftest"}
NOT_SCANNED = {"__pycache__", "build", "dist", "instance", "node_modules"}
MAX_FMT_PRAGMAS = 5
FMT_PRAGMA = re.compile(r"fmt:\s*(?:skip|off)\b")
OTHER_PRAGMAS = re.compile(r"#|noqa(?::\s*[A-Z0-9, ]+)?|type:\s*ignore(?:\[[^\]]*\])?")
REASON_LETTERS = 8
CONTRACTS = re.compile(r"Contracts: (\d+) kept, (\d+) broken")
MIN_CONTRACTS = 4


def _folders(top: Path) -> Iterator[Path]:
    """`top` and every folder below it that may hold Python code."""
    yield top
    for path in sorted(top.rglob("*")):
        relative = path.relative_to(PROJECT).parts
        if path.is_dir() and not any(part.startswith(".") or part in NOT_SCANNED for part in relative):
            yield path


def python_files(top: Path = PROJECT) -> Iterator[Path]:
    """The project's .py files under `top`, without virtualenvs, caches and other hidden folders."""
    for folder in _folders(top):
        yield from sorted(folder.glob("*.py"))


def module_prefix(path: Path) -> str | None:
    """The family a module belongs to: `contrib` for contrib_views.py and for test_contrib_views.py."""
    if path.stem in NOT_MODULES:
        return None
    return path.stem.removeprefix("test_").split("_", 1)[0]


def prefix_families(tops: tuple[str, ...]) -> list[str]:
    """Folders holding three or more sibling modules of one prefix, with the modules."""
    problems = []
    for top in tops:
        for folder in _folders(PROJECT / top):
            families: defaultdict[str, list[str]] = defaultdict(list)
            for path in sorted(folder.glob("*.py")):
                if (prefix := module_prefix(path)) is not None:
                    families[prefix].append(path.name)
            problems += [
                f"{folder.relative_to(PROJECT)}/: {', '.join(names)} share {prefix!r}"
                for prefix, names in sorted(families.items())
                if len(names) >= 3
            ]
    return problems


def test_no_folder_holds_three_modules_sharing_a_prefix() -> None:
    problems = prefix_families((*PACKAGES, "tests"))
    assert not problems, "make a sub-package (or a folder of tests) of each family:\n" + "\n".join(problems)


def _is_private(name: str) -> bool:
    """`_name`, not a dunder and not `_` (gettext's conventional name)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name != "_"


def _project_module(dotted: str) -> bool:
    parts = dotted.split(".")
    if parts[0] not in PACKAGES:
        return False
    path = PROJECT.joinpath(*parts)
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported_module(path: Path, node: ast.ImportFrom) -> str:
    """The absolute name of the module a `from … import` reads, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = path.relative_to(PROJECT).parts[:-1]  # a module's package, or the package of an __init__.py
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (value := _dotted(node.value)) is not None:
        return f"{value}.{node.attr}"
    return None


def private_imports(path: Path) -> list[str]:
    """`from x import _y`, and `x._y` on a module imported from the project, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(PROJECT)
    found = []
    modules: dict[str, str] = {}  # local name → project module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _imported_module(path, node)
            if not _project_module(module):
                continue
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {module} import {alias.name}")
                elif _project_module(f"{module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _project_module(alias.name):
                    local = alias.asname or alias.name.split(".")[0]
                    modules[local] = alias.name if alias.asname else local
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and (owner := _dotted(node.value)):
            root, _, rest = owner.partition(".")
            if root in modules and _project_module(".".join(filter(None, (modules[root], rest)))):
                found.append(f"{where}:{node.lineno}: {owner}.{node.attr}")
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    found = [line for package in PACKAGES for path in python_files(PROJECT / package) for line in private_imports(path)]
    assert not found, "make the name public (and document it) or move the code that needs it:\n" + "\n".join(found)


def fmt_pragmas(path: Path) -> list[tuple[int, str]]:
    """The formatter pragmas in a file's comments (never in its strings), with their lines."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.COMMENT and FMT_PRAGMA.search(t.string)]


def has_reason(comment: str) -> bool:
    """A few words beside the pragma (`# the grid reads as a table  # fmt: skip`), not a bare pragma."""
    rest = OTHER_PRAGMAS.sub(" ", FMT_PRAGMA.sub(" ", comment))
    return sum(len(word) for word in re.findall(r"[^\W\d_]+", rest)) >= REASON_LETTERS


def test_formatter_pragmas_are_rare_and_each_says_why() -> None:
    pragmas = [(path, line, comment) for path in python_files() for line, comment in fmt_pragmas(path)]
    listed = [f"{path.relative_to(PROJECT)}:{line}: {comment}" for path, line, comment in pragmas]
    assert len(pragmas) <= MAX_FMT_PRAGMAS, (
        f"{len(pragmas)} formatter pragmas (at most {MAX_FMT_PRAGMAS}); split the code instead:\n" + "\n".join(listed)
    )
    bare = [text for text, (_, _, comment) in zip(listed, pragmas, strict=True) if not has_reason(comment)]
    assert not bare, "say why on the same line (`# why  # fmt: skip`):\n" + "\n".join(bare)


def _broken_files(report: str) -> list[str]:
    """The files behind the importing modules import-linter lists (`a.b -> c.d (l.12)`)."""
    files = set()
    for module, line in re.findall(r"([\w.]+) -> [\w.]+ \(l\.(\d+)", report):
        path = PROJECT.joinpath(*module.split("."))
        for candidate in (path.with_suffix(".py"), path / "__init__.py"):
            if candidate.is_file():
                files.add(f"{candidate.relative_to(PROJECT)}:{line}")
    return sorted(files)


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.is_file(), f"{lint_imports} is missing: install import-linter into this environment"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout + result.stderr
    counts = CONTRACTS.search(report)
    kept, broken = (int(counts[1]), int(counts[2])) if counts else (0, -1)
    assert result.returncode == 0 and broken == 0 and kept >= MIN_CONTRACTS, (
        f"lint-imports: {kept} contracts kept (at least {MIN_CONTRACTS}), {broken} broken, exit {result.returncode}\n"
        + "".join(f"{file}\n" for file in _broken_files(report))
        + report
    )
