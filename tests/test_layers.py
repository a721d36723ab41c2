"""The packages depend one way: ground → domains → delivery (issue 18).

The layers are declared once, as import-linter's contract in ``pyproject.toml``; these tests run
it, and keep imports out of functions, where they would only hide a cycle the contract forbids
(import-linter counts them, but a reader does not see them at the top of the module).
"""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "cms",
    "editorial",
    "interpretation",
    "archive",
    "search",
    "knowledgebase",
    "publicapi",
    "editorialapi",
    "bench",
    "frontend",
    "monitoring",
)

# Imports that stay inside a function, each with why. Django's convention of importing receivers
# and registering plug-ins in ``AppConfig.ready()`` (models are not loaded before) needs no entry,
# and neither do the benchmarks: scripts that choose their settings and database when run, and
# set Django up before any model can be imported.
INSIDE_FUNCTIONS: dict[tuple[str, str], str] = {
    ("editorial/finish.py", "publish_when_cleared"): (
        "named by WAGTAIL_FINISH_WORKFLOW_ACTION, which Wagtail imports while its own models "
        "load: the services, which import models, cannot be imported yet"
    ),
}
SCRIPTS = ("bench",)


def test_the_layers_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _imports_inside_functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if function and isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.ImportFrom):
                    names = [child.module or ""] if not child.level else ["."]
                else:
                    names = [alias.name for alias in child.names]
                if any(name == "." or name.split(".")[0] in PACKAGES for name in names):
                    yield function, child.lineno
            yield from visit(child, inner)

    yield from visit(tree, None)


def test_no_import_of_ours_hides_inside_a_function():
    found = {}
    for package in set(PACKAGES) - set(SCRIPTS):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            for function, line in _imports_inside_functions(path):
                if path.name == "apps.py" and function == "ready":
                    continue
                if (relative, function) not in INSIDE_FUNCTIONS:
                    found[f"{relative}:{line}"] = function
    assert not found, f"Move these imports to the top of their module: {found}"


def test_every_exception_is_still_needed():
    """An entry of INSIDE_FUNCTIONS whose import has moved out is removed with it."""
    present = set()
    for relative in {relative for relative, _function in INSIDE_FUNCTIONS}:
        present |= {(relative, name) for name, _line in _imports_inside_functions(ROOT / relative)}
    assert set(INSIDE_FUNCTIONS) <= present
