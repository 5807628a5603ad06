"""The package is laid out by stage: no module imports a module of a later stage (statusdocs/__init__.py draws them)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "statusdocs"
# Each stage may import its own and earlier stages only; `model` is the records every stage speaks.
STAGES = [{"model"}, {"read"}, {"records"}, {"cache", "memo", "pipeline"}, {"output"}, {"check", "serve"}, {"cli"}]


def stage_of(module: str) -> int:
    """Return the stage of `statusdocs.x.y` by its first name under the package."""
    top = module.split(".")[1]
    return next(rank for rank, names in enumerate(STAGES) if top in names)


def imported_modules(path: Path) -> list[str]:
    """Return the statusdocs modules `path` imports, outside `if TYPE_CHECKING:` blocks (annotations only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                and getattr(block.test, "id", "") == "TYPE_CHECKING" for node in ast.walk(block)}
    package = ["statusdocs", *path.relative_to(PACKAGE).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and id(node) not in checking:
            base = package[: len(package) - node.level + 1]
            found.append(".".join([*base, node.module]) if node.module else ".".join(base))
    return found


def test_no_module_imports_a_later_stage() -> None:
    modules = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py" or path.parent != PACKAGE)
    later = [f"{path.relative_to(PACKAGE)} imports {module}" for path in modules
             for module in imported_modules(path)
             if stage_of(module) > stage_of(".".join(["statusdocs", *path.relative_to(PACKAGE).with_suffix("").parts]))]
    assert later == []


def test_every_module_has_a_stage() -> None:
    tops = {path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in PACKAGE.rglob("*.py")} - {"__init__"}
    assert tops == set().union(*STAGES)
