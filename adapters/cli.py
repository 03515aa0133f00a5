"""The `gigwatch` command: run, console, simulate, status."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _simulate(args: argparse.Namespace) -> int:
    from adapters.simulator.run import simulate
    from adapters.simulator.script import ScriptError, read_script
    from adapters.simulator.transcript import render

    try:
        text = sys.stdin.read() if args.script == "-" else Path(args.script).read_text("utf-8")
        steps = read_script(text.splitlines())
    except (OSError, ScriptError) as exc:
        print(f"gigwatch simulate: {exc}", file=sys.stderr)
        return 2

    def emit(record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) if args.json else render(record)
        print(line, flush=True)

    asyncio.run(simulate(steps, emit))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gigwatch", description="Protects freelancers from silent clients.")
    sub = parser.add_subparsers(dest="command", required=True)
    sim = sub.add_parser("simulate", help="run a JSON Lines script on a virtual clock and print what is sent")
    sim.add_argument("script", help="the script file, or - for standard input")
    sim.add_argument("--json", action="store_true", help="print JSON Lines instead of a transcript")
    sim.set_defaults(func=_simulate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
