"""Instructions of one red-flag check of the timed 2,000-character paste, counted by cachegrind.

CPU time on a shared machine is noise; an instruction count is not. The whole process runs under
`valgrind --tool=cachegrind --cache-sim=no` twice, checking the paste once (loading the rules and the
model) and then N times or none, and the difference over N is one check's instructions:

    .venv/bin/python -m bench.redflags_instructions ja en      # both pastes, N = 20
    .venv/bin/python -m bench.redflags_instructions --checks 40 en
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Sequence

CHECKS = 20
_TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


def _run(lang: str, checks: int) -> None:
    """What valgrind counts: one check to load, then `checks` more."""
    from bench.redflags import timed_message
    from bot.protection.redflags import check

    text = timed_message(lang)
    check(text)
    for _ in range(checks):
        check(text)


def _instructions(lang: str, checks: int) -> int:
    command = [
        "setarch",
        "-R",
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.redflags_instructions",
        "--inside",
        "--checks",
        str(checks),
        lang,
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set layouts in every run
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = _TOTAL.search(done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction total in valgrind's output: {done.stderr[-500:]}")
    return int(found[1].replace(",", ""))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("langs", nargs="+", choices=["ja", "en"])
    parser.add_argument("--checks", type=int, default=CHECKS, help="checks counted after the first")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)  # the counted process
    args = parser.parse_args(argv)
    for lang in args.langs:
        if args.inside:
            _run(lang, args.checks)
            continue
        spent = _instructions(lang, args.checks) - _instructions(lang, 0)
        print(f"{lang}: {spent / args.checks / 1e6:.2f} M instructions per check ({args.checks} checks)")


if __name__ == "__main__":
    main()
