"""Every benchmark of bench/, one after the other with its default (full-size) arguments: `make bench`.

Each runs in its own process, so one's memory or loaded modules never weigh on the next; the run stops
at the first that fails. A full run takes the better part of an hour on 2 cores.

`--json` measures instead the figures of a lean core (bench._figures: tick against its floor, command
CPU against a bare insert, idle ticks, row size, a big user, the timeline export, a running bot's
memory, and the naive one-job-per-reminder design) and ends with them as one JSON object on stdout;
progress goes to stderr. `--json --quick` sizes every run down to seconds (CI checks its keys).

    .venv/bin/python -m bench.run_all --json            # about half an hour on 2 cores
    .venv/bin/python -m bench.run_all --json --quick
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
from pathlib import Path

TOOLS = frozenset({"run_all", "redflags_train"})  # scripts of bench/ that measure nothing


def benchmarks() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_") and p.stem not in TOOLS)


def every_benchmark() -> int:
    for name in benchmarks():
        print(f"\n=== bench.{name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"])
        if code != 0:
            print(f"bench.{name} failed with exit code {code}", file=sys.stderr)
            return code
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="the lean-core figures as one JSON object")
    parser.add_argument("--quick", action="store_true", help="with --json: small runs, for CI")
    args = parser.parse_args()
    if not args.json:
        return every_benchmark()
    from bench._figures import figures

    with contextlib.redirect_stdout(sys.stderr):  # the benchmarks' own lines are progress
        result = asyncio.run(figures(args.quick))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
