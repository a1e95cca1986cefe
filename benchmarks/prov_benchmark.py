"""PROV export benchmark: size and time of `export prov` on generated projects, beside lint.

Generates projects with lint_benchmark's generator (several sizes), lints each
once (cold), then times in fresh processes a warm `lint` (the floor: the export
runs the audit, which reuses the lint's cache) and `export prov` in each
format, and reads every output back with `prov` (Turtle also with rdflib),
checking that it holds one quotation entity per quotation.

    python benchmarks/prov_benchmark.py [--sizes 1000 10000] [--formats json ttl]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_benchmark import generate  # noqa: E402

QUOTATION = "urn:x-provenance:vocabulary#Quotation"


def timed(root: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one `provenance` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance.cli.main", *args], cwd=root, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"provenance {' '.join(args)} failed")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def read_back(path: Path, output_format: str) -> tuple[float, int]:
    """Seconds to read *path* back, and the quotation entities it holds."""
    from prov.model import PROV_TYPE, ProvDocument

    start = time.perf_counter()
    if output_format == "ttl":
        import rdflib

        graph = rdflib.Graph().parse(str(path), format="turtle")
        count = len(set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(QUOTATION))))
        ProvDocument.deserialize(source=str(path), format="rdf", rdf_format="turtle")
    else:
        document = ProvDocument.deserialize(source=str(path), format=output_format)
        count = sum(
            1 for r in document.get_records() if any(str(v) == "pv:Quotation" for v in r.get_attribute(PROV_TYPE))
        )
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--formats", nargs="+", default=["json", "xml", "provn", "ttl"])
    args = parser.parse_args()
    for size in args.sizes:
        root = Path(tempfile.mkdtemp(prefix="provenance-prov-"))
        try:
            generate(root, size, size / 1000)
            timed(root, "lint", "--format", "json")
            floor, _ = timed(root, "lint", "--format", "json")
            print(f"{size} quotations: warm lint {floor:.2f} s (floor)")
            for output_format in args.formats:
                output = root / f"graph.{output_format}"
                wall, peak = timed(root, "export", "prov", "--format", output_format, "--output", str(output))
                line = (
                    f"  {output_format:5} {output.stat().st_size / 1e6:7.1f} MB  export {wall:6.2f} s "
                    f"({wall / floor:4.1f}x lint)  peak RSS {peak:6.0f} MiB"
                )
                if output_format != "provn":  # prov writes PROV-N but cannot read it
                    seconds, quotations = read_back(output, output_format)
                    line += f"  read back {seconds:6.2f} s, {quotations} quotation entities"
                print(line, flush=True)
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
