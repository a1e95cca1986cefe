"""D001 benchmark: duplicated blocks in one large page, at several sizes, beside a floor.

A captured page may repeat paragraphs thousands of times (print views,
teasers, archives). The page is real prose (see ``prose.py``): paragraphs of
five sentences, drawn with repetition from a pool, so that both single
repeated paragraphs and repeated runs occur. The floor is splitting the page
into paragraphs and hashing each once, which any duplicate finder must do.

    python benchmarks/duplicates_benchmark.py [--sizes 1,5,10,25,50] [--texts DIR]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from prose import DEFAULT_TEXTS, load_pools

from provenance.check.duplicated_blocks import find_duplicated_blocks


def page(megabytes: float, sentences: list[str], seed: int = 7) -> str:
    rng = random.Random(seed)
    pool = [" ".join(rng.sample(sentences, 5)) for _ in range(2000)]
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        run = rng.sample(pool, rng.randint(1, 4))  # a run of paragraphs, repeated as a block
        parts += run
        size += sum(len(p) + 2 for p in run)
    return "\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,10,25,50", help="page sizes in MB")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="folder of real texts to draw from")
    args = parser.parse_args()
    sentences = load_pools(args.texts).english
    print(f"{'MB':>5} {'floor':>8} {'D001':>8} {'ratio':>6} {'blocks':>8}")
    for megabytes in (float(s) for s in args.sizes.split(",")):
        text = page(megabytes, sentences)
        start = time.perf_counter()
        len({hash(p) for p in text.split("\n\n")})
        floor = time.perf_counter() - start
        start = time.perf_counter()
        blocks = find_duplicated_blocks(text)
        elapsed = time.perf_counter() - start
        print(f"{megabytes:>5g} {floor:>7.2f}s {elapsed:>7.2f}s {elapsed / floor:>5.1f}x {len(blocks):>8}", flush=True)


if __name__ == "__main__":
    main()
