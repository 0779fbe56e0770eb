"""The package's modules import each other without a cycle (issue #15).

Every `from . import x` / `from .x import y` in `audit/*.py` counts, at module level and inside functions alike (a
function-level import is a dependency all the same: it only hides the cycle from the interpreter until that function
runs). Imports under `if TYPE_CHECKING:` are annotations only and do not count.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "audit"


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node))
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, dict[str, list[int]]]:
    """{module: {imported module of the package: [line numbers]}} for every module of the flat package."""
    modules = {p.stem for p in package.glob("*.py")}
    graph: dict[str, dict[str, list[int]]] = {}
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _type_checking_nodes(tree)
        edges: dict[str, list[int]] = {}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 1:  # from .x import y / from . import x
                targets = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:  # from audit.x import y
                parts = node.module.split(".")
                if parts[0] == "audit":
                    targets = [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
            elif isinstance(node, ast.Import):  # import audit.x
                targets = [a.name.split(".")[1] for a in node.names if a.name.startswith("audit.")]
            for t in targets:
                if t in modules and t != path.stem:
                    edges.setdefault(t, []).append(node.lineno)
        graph[path.stem] = {k: sorted(v) for k, v in sorted(edges.items())}
    return graph


def cycles(graph: dict[str, dict[str, list[int]]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted; sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _describe(component: list[str], graph: dict[str, dict[str, list[int]]]) -> str:
    edges = [f"  audit/{a}.py:{','.join(map(str, lines))} imports {b}"
             for a in component for b, lines in graph[a].items() if b in component]
    return " <-> ".join(component) + "\n" + "\n".join(edges)


def test_the_walker_sees_module_and_function_level_imports():
    graph = import_graph()
    assert "config" in graph["cli"]  # module level
    assert "pipeline" in graph["cli"]  # inside a function
    assert "pipeline" not in graph["output"]  # under TYPE_CHECKING only
    assert cycles({"a": {"b": [1]}, "b": {"c": [1]}, "c": {"a": [1]}, "d": {"a": [1]}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": [1]}, "b": {}}) == []


def test_no_import_cycles():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles in the audit package:\n" + "\n".join(_describe(c, graph) for c in found)
