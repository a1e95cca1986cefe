"""The import graph of the project's packages, and a check of its shape.

Prints each module of ``provenance`` and ``bibliography`` with the project
modules it imports (imports under ``if TYPE_CHECKING:`` left out: they never
run), then every cycle: a set of modules that import each other, directly or
through others, then every import that goes up the pipeline's stages
(``LAYERS``: a stage imports only from the stages below it). Exits 1 if there
is a cycle not in ``KNOWN_CYCLES``, if a known one is gone (so the list only
shrinks), or if any import goes up a stage.

    python benchmarks/import_graph.py [--quiet]
"""

from __future__ import annotations

import argparse
import sys

import grimp

PACKAGES = ("provenance", "bibliography")

#: The stages of ``provenance``, top first: each imports only from those below it. The bottom stage holds
#: the domain's values, text handling and the error tree, which every stage uses and which may use each
#: other. ``bibliography`` (the formats: BibTeX, CSL, Zotero items) sits below them all and imports nothing
#: of ``provenance``.
LAYERS: tuple[str | grimp.Layer, ...] = (
    "cli",
    "api",
    "outputs",
    "check",
    "inputs",
    "store",
    grimp.Layer("domain", "text", "errors", "forked", independent=False),
)

#: Cycles still in the code, each with the reason it is still there. Remove an entry when its cycle goes.
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports at run time."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    return {module: set(graph.find_modules_directly_imported_by(module)) for module in sorted(graph.modules)}


def layer_violations(
    packages: tuple[str, ...] = PACKAGES, container: str = "provenance", layers: tuple = LAYERS
) -> list[str]:
    """Every import that goes up a stage, as "importer → imported (via a → b, …)"."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    found = []
    for dependency in graph.find_illegal_dependencies_for_layers(layers=layers, containers={container}):
        for route in dependency.routes:
            chain = [" | ".join(sorted(route.heads)), *route.middle, " | ".join(sorted(route.tails))]
            found.append(f"{dependency.importer} → {dependency.imported} (via {' → '.join(chain)})")
    if container != "bibliography" and "bibliography" in packages:
        found += [
            f"{module} → {imported}"
            for module in sorted(graph.modules)
            if module.split(".")[0] == "bibliography"
            for imported in graph.find_modules_directly_imported_by(module)
            if imported.split(".")[0] == container
        ]
    return sorted(found)


def cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root, imported in edges.items():
        if root in index:
            continue
        work = [(root, iter(sorted(imported)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="Print only the cycles.")
    args = parser.parse_args()
    edges = import_graph()
    if not args.quiet:
        for module, imported in edges.items():
            print(f"{module} → {', '.join(sorted(imported)) or '(nothing of the project)'}")
        print()
    found = cycles(edges)
    new = [cycle for cycle in found if cycle not in KNOWN_CYCLES]
    gone = [cycle for cycle in KNOWN_CYCLES if cycle not in found]
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports, {len(found)} cycle(s)")
    for cycle in found:
        reason = KNOWN_CYCLES.get(cycle)
        print(f"{'known' if reason else 'CYCLE'}: {' ⇄ '.join(sorted(cycle))}" + (f" ({reason})" if reason else ""))
    for cycle in gone:
        print(f"no longer a cycle, remove it from KNOWN_CYCLES: {' ⇄ '.join(sorted(cycle))}")
    upward = layer_violations()
    stages = " > ".join(layer if isinstance(layer, str) else " | ".join(sorted(layer.module_tails)) for layer in LAYERS)
    print(f"stages (top first): {stages}; bibliography below them all; {len(upward)} import(s) up a stage")
    for violation in upward:
        print(f"UP A STAGE: {violation}")
    return 1 if new or gone or upward else 0


if __name__ == "__main__":
    sys.exit(main())
