"""The package's layout shows its architecture, and its modules import each other without a cycle (issue #15).

Every import of a module of the package counts — `from audit.x.y import z`, `from audit.x import y`, relative forms,
`import audit.x.y` — at module level and inside functions alike (a function-level import is a dependency all the same:
it only hides the cycle from the interpreter until that function runs). Imports under `if TYPE_CHECKING:` are
annotations only and do not count.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "audit"
SUBPACKAGES = {"ingest", "engine", "readability", "duplication", "terms", "present", "history"}
TOP_LEVEL = {"__init__", "__main__", "cli", "config", "nlp", "safe"}
MAX_LINES = 500


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node))
    return out


def _modules(package: Path) -> dict[str, Path]:
    """{dotted name: path}; a package's `__init__.py` is the package's own name."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, dict[str, list[int]]]:
    """{module: {imported module of the package: [line numbers]}} for every module of the package."""
    modules = _modules(package)
    graph: dict[str, dict[str, list[int]]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _type_checking_nodes(tree)
        is_pkg = path.name == "__init__.py"
        edges: dict[str, list[int]] = {}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base[:len(base) - node.level + (1 if is_pkg else 0)]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                for a in node.names:  # `from pkg import module` names the module; else the module named
                    targets.append(f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for t in targets:
                if t in modules and t != name:
                    edges.setdefault(t, []).append(node.lineno)
        graph[name] = {k: sorted(set(v)) for k, v in sorted(edges.items())}
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
    edges = [f"  {a}:{','.join(map(str, lines))} imports {b}"
             for a in component for b, lines in graph[a].items() if b in component]
    return " <-> ".join(component) + "\n" + "\n".join(edges)


def test_the_walker_sees_module_and_function_level_imports():
    graph = import_graph()
    assert "audit.config" in graph["audit.cli"]  # module level
    assert "audit.engine.pipeline" in graph["audit.cli"]  # inside a function
    assert cycles({"a": {"b": [1]}, "b": {"c": [1]}, "c": {"a": [1]}, "d": {"a": [1]}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": [1]}, "b": {}}) == []


def test_no_import_cycles():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles in the audit package:\n" + "\n".join(_describe(c, graph) for c in found)


def test_the_layout_shows_the_architecture():
    """A few entry modules at the top; everything else in its stage's subpackage; no module over ~500 lines (the
    compiled ones, `.pyx`, included)."""
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == TOP_LEVEL
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == SUBPACKAGES
    long = {str(p.relative_to(PACKAGE)): n for p in (*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.pyx"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
