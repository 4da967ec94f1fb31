"""The package's layers, read from the source: no import cycle, each layer above the ones it uses.

The graph is built with ``ast`` from every ``import`` in the package,
those inside functions included (a lazy import is still a dependency),
at the granularity of subpackages and top-level modules. docs/design.md
draws the same layers.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "amnesty"

# Lowest first; a unit may import only units of lower layers (never one of its own layer).
LAYERS: list[tuple[str, ...]] = [
    ("errors", "version"),  # one-sentence errors; the installed version
    ("models",),  # the record, decision, rulebook and scenario formats
    ("io", "facilities"),  # reading and writing files; the facility register
    ("rules", "synth"),  # rulebooks: load, check, compile, change; the synthetic sample
    ("i18n",),  # words in en, ar and ku, rulebook translations
    ("engine",),  # deciding records
    ("analysis",),  # what many decisions add up to: compare, sweep, timeline, explain, audit
    ("report", "notice"),  # pages made of decisions and analyses, handed the API by their caller
    ("api",),
    ("cli",),
    ("__main__",),
]
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
# What the command line may import besides itself: it is a thin shell over amnesty.api.
CLI_MAY_IMPORT = {"api", "errors", "i18n", "cli"}


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    package = parts[-1] == "__init__"
    if package:
        parts = parts[:-1]
    return ".".join(parts), package


def _unit(module: str) -> str | None:
    """The subpackage or top-level module of ``amnesty`` a dotted name belongs to (None: outside it)."""
    parts = module.split(".")
    if parts[0] != "amnesty":
        return None
    return parts[1] if len(parts) > 1 else "amnesty"


def _imported(node: ast.AST, module: str, package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:  # relative: from the module's package upwards
        base = module.split(".") if package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    # `from amnesty import api` imports the module amnesty.api
    return [f"{target}.{alias.name}" for alias in node.names] if target == "amnesty" else [target]


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) -> the places ("module:line") that import it."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        module, package = _module_name(path)
        source = _unit(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _imported(node, module, package):
                unit = _unit(target)
                if unit is not None and unit != source and unit != "amnesty":
                    edges[(source, unit)].append(f"{module}:{node.lineno}")
    return edges


def module_imports(module_prefix: str) -> dict[str, set[str]]:
    """Each module under ``module_prefix`` -> the units of ``amnesty`` it imports."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        module, package = _module_name(path)
        if not module.startswith(module_prefix):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _imported(node, module, package):
                unit = _unit(target)
                if unit is not None:
                    found[module].add(unit)
    return found


def find_cycle(edges) -> list[str] | None:
    """One cycle of the graph as [a, b, ..., a], or None."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _where(edges, cycle: list[str]) -> str:
    return "; ".join(f"{a} -> {b} at {', '.join(edges[(a, b)][:3])}" for a, b in zip(cycle, cycle[1:]))


def test_the_cycle_finder_finds_a_cycle():
    edges = {("a", "b"): ["a:1"], ("b", "c"): ["b:1"], ("c", "a"): ["c:1"], ("c", "d"): ["c:2"]}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({("a", "b"): [], ("b", "c"): []}) is None


def test_the_graph_sees_imports_inside_functions():
    top_level = set()
    for path in (PACKAGE / "api").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_name(path)[0]
        top_level |= {f"{module}:{node.lineno}" for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)}
    places = set(import_edges()[("api", "analysis")])
    assert places and not places & top_level  # api imports analysis only inside its functions, and the graph has it


def test_the_subpackages_import_each_other_without_a_cycle():
    edges = import_edges()
    cycle = find_cycle(edges)
    assert cycle is None, f"import cycle {' -> '.join(cycle)}: {_where(edges, cycle)}"


def test_every_unit_has_a_layer():
    units = {_unit(_module_name(path)[0]) for path in PACKAGE.rglob("*.py")} - {"amnesty"}
    assert units <= set(RANK), f"put {sorted(units - set(RANK))} in a layer of LAYERS (and docs/design.md)"


def test_each_layer_imports_only_the_layers_below_it():
    wrong = [
        f"{source} imports {target} ({', '.join(places[:3])})"
        for (source, target), places in sorted(import_edges().items())
        if RANK[target] >= RANK[source]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_named_layering_rules_hold():
    """The rules as the design states them, so a change to LAYERS cannot quietly loosen them."""
    edges = import_edges()
    imports = defaultdict(set)
    for source, target in edges:
        imports[source].add(target)
    assert imports["models"] <= {"errors"}
    assert not imports["rules"] & {"engine", "analysis", "api", "cli", "report", "notice", "i18n"}
    assert not imports["engine"] & {"analysis", "api", "cli", "report", "notice"}
    assert not imports["analysis"] & {"api", "cli", "report", "notice"}
    assert not imports["report"] & {"api", "cli"}
    assert not imports["io"] & {"rules", "engine", "analysis", "api", "cli", "report"}


def test_the_command_line_calls_only_the_api():
    wrong = {
        module: sorted(units - CLI_MAY_IMPORT)
        for module, units in module_imports("amnesty.cli").items()
        if units - CLI_MAY_IMPORT
    }
    assert not wrong, f"CLI modules importing more than {sorted(CLI_MAY_IMPORT)}: {wrong}"


def test_importing_the_api_loads_no_analysis_report_or_cli_module():
    code = (
        "import sys, amnesty.api\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('amnesty.'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    modules = loaded.stdout.split()
    assert "amnesty.api" in modules and "amnesty.engine.evaluator" in modules  # the probe sees what is loaded
    heavy = [m for m in modules if m.split(".")[1] in ("analysis", "report", "notice", "cli")]
    assert not heavy, f"import amnesty.api loads {heavy}"
