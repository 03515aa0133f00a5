"""Every benchmark of bench/, one after the other with its default (full-size) arguments: `make bench`.

Each runs in its own process, so one's memory or loaded modules never weigh on the next; the run stops
at the first that fails. A full run takes the better part of an hour on 2 cores.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOLS = frozenset({"run_all", "redflags_train"})  # scripts of bench/ that measure nothing


def benchmarks() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_") and p.stem not in TOOLS)


def main() -> int:
    for name in benchmarks():
        print(f"\n=== bench.{name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"])
        if code != 0:
            print(f"bench.{name} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
