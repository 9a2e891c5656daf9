"""The layers hold: core depends on nothing above it, and no modules import
each other in a circle.

Reads the source (no imports executed): every import statement, also those
inside functions, and every string naming a module or model of the apps above
core ("products.Product", "articles.models"). Layers: backportal/core <
products < articles; the apps register their parts with core in
AppConfig.ready() (docs/architecture.md).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("articles", "backportal", "products", "bench", "tests")
CORE = ROOT / "backportal" / "core"
ABOVE_CORE = ("articles", "products")
# "products.Product", "articles.models", "products.models.Product" and the like.
REFERENCE = re.compile(rf"^({'|'.join(ABOVE_CORE)})(\.\w+)+$")


def python_files(base: Path):
    for path in sorted(base.rglob("*.py")):
        if not {".venv", "node_modules", "__pycache__"} & set(path.parts):
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an ImportFrom names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if not is_package(path):
        package.pop()
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def imported_modules(node: ast.AST, path: Path) -> list[str]:
    """Modules one import statement names (for `from x import y`: x and x.y)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = absolute(node, path)
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return []


def is_above_core(module: str) -> bool:
    return module.split(".")[0] in ABOVE_CORE


def test_core_never_names_articles_or_products():
    """Imports anywhere in a module (functions too) and model or module names
    in strings, e.g. apps.get_model("products.Product")."""
    found = []
    for path in python_files(CORE):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            for module in imported_modules(node, path):
                if is_above_core(module):
                    found.append(f"{where} imports {module}")
                    break
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and REFERENCE.match(node.value)
            ):
                found.append(f"{where} names {node.value!r}")
    assert not found, "backportal/core reaches above itself:\n" + "\n".join(found)


def module_level_imports(tree: ast.Module):
    """Import statements that run when the module is imported: at top level,
    in class bodies and in if/try blocks, but not inside functions and not
    under `if TYPE_CHECKING:`."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            test = ast.unparse(node.test)
            if "TYPE_CHECKING" not in test:
                pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, ast.Try):
            pending.extend(node.body)
            for handler in node.handlers:
                pending.extend(handler.body)
            pending.extend(node.orelse)
            pending.extend(node.finalbody)
        elif isinstance(node, ast.ClassDef | ast.With):
            pending.extend(node.body)


def import_graph() -> dict[str, set[str]]:
    files = {
        module_name(path): path
        for package in PROJECT_PACKAGES
        for path in python_files(ROOT / package)
        if (ROOT / package).exists()
    }
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in module_level_imports(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = absolute(node, path)
                submodules = [
                    f"{base}.{alias.name}"
                    for alias in node.names
                    if f"{base}.{alias.name}" in files
                ]
                # `from package import submodule` runs the submodule; any
                # other name comes from the module itself.
                if len(submodules) < len(node.names):
                    submodules.append(base)
                targets = submodules
            graph[name].update(t for t in targets if t in files and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_at_module_level():
    found = cycles(import_graph())
    assert not found, "Modules importing each other in a circle:\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


def test_the_checks_see_what_they_must():
    """The checks themselves: a cycle is found, a function's import is read."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    tree = ast.parse("def f():\n    from products.models import Product\n")
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert is_above_core(imported_modules(nodes[0], CORE / "x.py")[0])
    assert REFERENCE.match("products.Product")
    assert not REFERENCE.match("Produkte und Artikel")
