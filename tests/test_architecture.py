"""Imports go down the layers of docs/architecture.md, never up.

Each top-level module or package of `pipeline` sits in one layer; it may import from its own
layer and the layers below.  A new module must be placed here (and in the document), so the
flow stays readable: an upward import is a design question, not a convenience.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "base",
        frozenset(
            {
                "text",
                "errors",
                "exit_codes",
                "console",
                "kill_points",
                "settings",
                "classification",
                "data",
                "page_tables",
            }
        ),
    ),
    ("template", frozenset({"template", "schema"})),
    ("storage", frozenset({"locks", "folder_swap", "workers", "store", "units"})),
    (
        "reading",
        frozenset({"reader", "raw_files", "pdf", "pdf_input", "parse", "tidy", "coverage"}),
    ),
    ("ingest", frozenset({"ingest", "ingest_report", "freshness"})),
    ("validate", frozenset({"identities", "validate"})),
    ("analyse", frozenset({"analysis", "views"})),
    ("deliver", frozenset({"export", "report"})),
    ("entry", frozenset({"synth", "cli", "__init__"})),
)
LAYER_OF = {name: rank for rank, (_, names) in enumerate(LAYERS) for name in names}


def _part(path: Path) -> str:
    """The top-level module or package a file belongs to."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported_parts(path: Path) -> set[str]:
    """Top-level parts of `pipeline` the file imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "pipeline":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("pipeline."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline.")}
    return found


def test_every_module_has_a_layer():
    parts = {_part(p) for p in PACKAGE.rglob("*") if p.suffix == ".py" or p.is_dir()}
    parts.discard("__pycache__")
    assert sorted(parts - set(LAYER_OF)) == []


def test_imports_go_down_only():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _part(path)
        for other in _imported_parts(path) - {me}:
            if LAYER_OF.get(other, -1) > LAYER_OF[me]:
                upward.append(
                    f"{path.relative_to(PACKAGE.parent)} ({LAYERS[LAYER_OF[me]][0]}) "
                    f"imports pipeline.{other} ({LAYERS[LAYER_OF[other]][0]})"
                )
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The walk finds imports inside functions too (the lazy ones are the likely upward ones)."""
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from pipeline.report.build import x\n    import pipeline.cli\n"
    )
    assert _imported_parts(module) == {"report", "cli"}
