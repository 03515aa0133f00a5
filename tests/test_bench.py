"""The lean-core figures (`python -m bench.run_all --json --quick`): one JSON object with every figure.

Only the keys and their kinds are checked, never a value: a test must not depend on the machine's speed."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "tick_10k_s",
    "tick_floor_s",
    "command_cpu_ms",
    "bare_insert_ms",
    "command_p99_ms_100_users",
    "peer_fire_s",
    "peer_to_tick",
    "idle_tick_p99_ms_sqlite_1e6",
    "reminder_outbox_row_bytes",
    "big_user_command_cpu_ms",
    "timeline_us_per_event",
    "rss_mb_1e6",
)


def test_quick_figures_are_one_json_object_of_numbers() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.run_all", "--json", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(run.stdout)
    assert figures["quick"] is True
    for key in FIGURES:
        value = figures[key]
        assert isinstance(value, int | float), (key, value)
        assert not isinstance(value, bool), key
        assert math.isfinite(value), (key, value)
        assert value > 0, (key, value)
    postgres = figures["idle_tick_p99_ms_postgres"]
    if os.environ.get("GIGWATCH_BENCH_POSTGRES_URL") or os.environ.get("GIGWATCH_TEST_POSTGRES_URL"):
        assert isinstance(postgres, float), postgres
        assert postgres > 0, postgres
    else:
        assert postgres is None
