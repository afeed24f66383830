"""The shape of the package: every module imports on its own, imports run one way, addresses live in one module."""
from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from generator import addresses

from conftest import REPO

PACKAGE = REPO / "generator"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__main__")


def imported_modules(node: ast.stmt) -> list[str]:
    """The package's modules an import statement names: `from . import a`, `from .a import b`,
    `from generator.a import b`, `import generator.a`."""
    if isinstance(node, ast.Import):
        return [a.name.removeprefix("generator.") for a in node.names if a.name.startswith("generator.")]
    if not isinstance(node, ast.ImportFrom):
        return []
    module = node.module or ""
    if not node.level:
        if module != "generator" and not module.startswith("generator."):
            return []  # another package
        module = module.removeprefix("generator").removeprefix(".")
    return [a.name for a in node.names] if not module else [module]


def own_imports(tree: ast.AST) -> list[tuple[ast.stmt, str]]:
    """Each import of one of the package's modules in `tree`, with the module it names."""
    return [(node, name) for node in ast.walk(tree) for name in imported_modules(node) if name in MODULES]


def parsed(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone_in_a_fresh_interpreter(module: str):
    done = subprocess.run([sys.executable, "-c", f"import generator.{module}"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_no_module_imports_one_of_ours_inside_a_function():
    hidden = []
    for module in MODULES:
        tree = parsed(module)
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                hidden += [f"{module}.py:{node.lineno}: {name}" for node, name in own_imports(function)]
    assert not hidden


def test_imports_make_no_circle():
    graph = {module: {name for _, name in own_imports(parsed(module))} for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            pytest.fail("import circle: " + " -> ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, path + [module])
        done.add(module)

    for module in MODULES:
        visit(module, [])


def test_addresses_import_nothing_of_ours_but_text():
    assert {name for _, name in own_imports(parsed("addresses"))} <= {"text"}


def test_the_stages_import_one_way():
    """records/config → catalog → pages → render → post-processing stages → build → cli: never back."""
    order = ["catalog", "pages", "render", "build", "bundle", "cli"]
    for lower, module in enumerate(order):
        imported = {name for _, name in own_imports(parsed(module))}
        assert not imported & set(order[lower + 1:]), module


FOLDERS = "|".join(re.escape(folder) for folder in addresses.RESERVED)
# A section's address typed into a template: after '{{ root }}' or '{{ site.url }}', or at a quoted string's start.
TYPED_IN_TEMPLATE = re.compile(rf"""(?:\}}\}}|["'])(?:{FOLDERS})/""")
TYPED_IN_CODE = re.compile(rf"^(?:{FOLDERS})/")


def test_no_template_retypes_an_address():
    templates = [*(PACKAGE / "templates" / "pages").glob("*.html"), *(PACKAGE / "templates" / "overrides").rglob("*.html")]
    assert templates
    typed = [f"{t.name}:{n}" for t in templates for n, line in enumerate(t.read_text(encoding="utf-8").splitlines(), 1)
             if TYPED_IN_TEMPLATE.search(line)]
    assert not typed


def test_no_module_but_addresses_retypes_an_address():
    typed = []
    for module in MODULES:
        if module == "addresses":
            continue
        tree = parsed(module)
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        typed += [f"{module}.py:{node.lineno}: {node.value}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and TYPED_IN_CODE.match(node.value)]
    assert not typed


def test_the_readme_module_map_lists_every_module_above_what_it_imports():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("- Module map"):readme.index("- Where to change things")]
    lines = [line for line in block.splitlines() if line.startswith("  - `")]
    listed = [re.findall(r"`(\w+)\.py`", line.split(":", 1)[0]) for line in lines]
    order = [module for group in listed for module in group]
    assert sorted(order) == [m for m in MODULES if m != "__init__"]
    level = {module: i for i, group in enumerate(listed) for module in group}
    for module in order:
        for imported in {name for _, name in own_imports(parsed(module))}:
            assert level[imported] > level[module], f"{module} imports {imported}, listed above it"
