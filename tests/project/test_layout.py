"""The layout by concern holds: each folder of build_notes/ imports only what its place in the
flow allows (README, "How it is built"), read from the code's own import statements."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "build_notes"

# What each part may never import. The talk files' own stages (content, markdown) know
# nothing of the site, the search or the importers; only the adapter imports MkDocs.
NEVER = {
    "content": {"site", "search", "mkdocs", "cli", "importers", "pipeline"},
    "markdown": {"site", "search", "mkdocs", "cli", "importers", "pipeline"},
    "site": {"mkdocs", "cli", "importers", "pipeline"},
    "search": {"mkdocs", "cli", "importers", "pipeline"},
    "importers": {"site", "search", "mkdocs", "cli", "pipeline"},
    "mkdocs": {"cli", "importers"},
    "cli": {"mkdocs"},
}
OUTSIDE_MKDOCS = ("mkdocs", "material")  # the libraries only build_notes/mkdocs/ may import


def imports(path: Path) -> set[str]:
    """Every module `path` imports, as written (absolute: the package has no relative
    imports)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module or "")
    return found


def part(module: str) -> str | None:
    """The part of build_notes a module name belongs to: its first folder or module."""
    names = module.split(".")
    return names[1] if names[0] == "build_notes" and len(names) > 1 else None


def test_each_part_imports_only_what_the_flow_allows() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for module in imports(path):
            if part(module) in NEVER.get(here, set()):
                wrong.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
            if module.split(".")[0] in OUTSIDE_MKDOCS and here != "mkdocs":
                wrong.append(f"{path.relative_to(PACKAGE.parent)} imports {module} (MkDocs)")
    assert wrong == []


def test_the_rule_reads_imports_of_every_part() -> None:
    """The rule above sees the real tree: every part it names exists and imports something
    of build_notes (a renamed folder would make it vacuous)."""
    for name in NEVER:
        files = list((PACKAGE / name).rglob("*.py"))
        assert files, name
        assert any(part(m) for f in files for m in imports(f)), name
