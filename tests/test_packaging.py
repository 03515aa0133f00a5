"""The wheel works outside the checkout: built from a clean copy of the tree, installed with its
dependencies in a fresh virtual environment, and run from an unrelated directory. This is what the
Dockerfile does, step for step (build the wheel, install it, run `gigwatch`)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from adapters.simulator.run import simulate
from adapters.simulator.script import read_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
SKIP_DIRS = {".venv", ".git", "build", "dist", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}

pytestmark = pytest.mark.timeout(600)


def _ignore(_: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP_DIRS or n.endswith((".egg-info", ".db", ".db-wal", ".db-shm"))}


def _run(cmd: list[str], *, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run with an environment that cannot see the checkout (no PYTHONPATH, no virtualenv of ours)."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["PYTHONNOUSERSITE"] = "1"
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _check(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the tree, so nothing stale in build/ can leak into it."""
    src = tmp_path_factory.mktemp("src") / "gigwatch"
    shutil.copytree(ROOT, src, symlinks=True, ignore=_ignore)
    dist = tmp_path_factory.mktemp("dist")
    _check(
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dist), str(src)], cwd=src)
    )
    (built,) = dist.glob("gigwatch-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its dependencies; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv")
    _check(_run([sys.executable, "-m", "venv", str(venv)], cwd=venv))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    result = _run([*pip, "install", "--quiet", str(wheel)], cwd=venv)
    if result.returncode != 0:
        # Tell a registry that cannot be reached (skip) from a wheel that cannot be installed (fail).
        probe = _run([*pip, "download", "--no-deps", "--dest", str(venv / "probe"), "aiosqlite"], cwd=venv)
        if probe.returncode != 0:
            pytest.skip(
                f"package registry unreachable, dependencies cannot be installed: {probe.stderr[-500:]}"
            )
        _check(result)
    return venv / "bin"


def test_wheel_ships_catalogs_migrations_and_examples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "bot").rglob("*.toml")),
        *(
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / "storage" / "migrations" / "versions").glob("*.py")
        ),
        "storage/migrations/script.py.mako",
        "storage/migrations/env.py",
        *(f"adapters/simulator/examples/{p.name}" for p in EXAMPLES),
    }
    assert wanted - names == set()
    assert any(n.startswith("bot/i18n/ja/") for n in wanted)
    assert EXAMPLES, "no example scripts in examples/"
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def checkout_records(example: Path) -> list[dict[str, Any]]:
    """The checkout's own simulator on the same script, as JSON the way the command prints it."""
    records: list[dict[str, Any]] = []
    asyncio.run(simulate(read_script(example.read_text("utf-8").splitlines()), records.append))
    return [json.loads(json.dumps(r, ensure_ascii=False)) for r in records]


def test_installed_gigwatch_simulates_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    """Every shipped example, run by the installed command from an unrelated folder, prints exactly
    what the checkout prints: same code, same catalogs, same migrations."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _check(_run([str(installed / "python"), "-c", "import bot; print(bot.__file__)"], cwd=elsewhere))
    assert not Path(where.strip()).is_relative_to(ROOT)
    for example in EXAMPLES:
        printed = _check(
            _run(
                [str(installed / "gigwatch"), "simulate", "--example", example.stem, "--json"], cwd=elsewhere
            )
        )
        got = [json.loads(line) for line in printed.splitlines()]
        assert got, example.name
        assert got == checkout_records(example), example.name


def test_installed_gigwatch_reads_a_script_file(installed: Path, tmp_path: Path) -> None:
    script = tmp_path / "my script.jsonl"
    shutil.copy(EXAMPLES[0], script)
    printed = _check(_run([str(installed / "gigwatch"), "simulate", str(script), "--json"], cwd=tmp_path))
    assert [json.loads(line) for line in printed.splitlines()] == checkout_records(EXAMPLES[0])
    missing = _run([str(installed / "gigwatch"), "simulate", "--example", "no-such-example"], cwd=tmp_path)
    assert missing.returncode == 2
    assert EXAMPLES[0].stem in missing.stderr  # the message lists the examples there are
