"""The wheel works outside the checkout, and the Dockerfile's steps work, one by one: the wheel is
built from a copy of the tree filtered by .dockerignore (the Docker build context), installed with its
dependencies in a fresh virtual environment (the second stage), and run from an unrelated directory:
`gigwatch simulate` prints what the checkout prints, and `gigwatch run` passes the image's HEALTHCHECK."""

from __future__ import annotations

import asyncio
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest

from adapters.simulator.run import simulate
from adapters.simulator.script import read_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
DOCKERIGNORE = [
    line.strip()
    for line in (ROOT / ".dockerignore").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]

pytestmark = pytest.mark.timeout(600)


def dockerignored(relative: str) -> bool:
    """Docker's reading of the patterns we use: `**/name` anywhere, anything else from the root."""
    for pattern in DOCKERIGNORE:
        if pattern.startswith("**/"):
            if fnmatch(relative.rsplit("/", 1)[-1], pattern[3:]):
                return True
        elif fnmatch(relative, pattern):
            return True
    return False


def _ignore(directory: str, names: list[str]) -> set[str]:
    base = Path(directory).relative_to(ROOT)
    return {n for n in names if dockerignored((base / n).as_posix())}


def _env(**extra: str) -> dict[str, str]:
    """An environment that cannot see the checkout: no PYTHONPATH, no virtualenv of ours, no .env."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env = {k: v for k, v in env.items() if not k.startswith(("GIGWATCH_", "SLACK_", "DISCORD_"))}
    return env | {"PYTHONNOUSERSITE": "1"} | extra


def _run(cmd: list[str], *, cwd: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=_env(**env), capture_output=True, text=True, timeout=timeout, check=False
    )


def _check(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stage one of the Dockerfile: `pip wheel --no-deps .` in the build context."""
    src = tmp_path_factory.mktemp("context") / "gigwatch"
    shutil.copytree(ROOT, src, symlinks=True, ignore=_ignore)
    assert not (src / "tests").exists()
    assert not (src / ".venv").exists()
    dist = tmp_path_factory.mktemp("dist")
    _check(_run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(dist), "."], cwd=src))
    (built,) = dist.glob("gigwatch-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stage two: a fresh environment with the wheel and its dependencies; returns its bin/ folder."""
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
    assert EXAMPLES, "no example scripts in examples/"
    assert any(n.startswith("bot/i18n/ja/") for n in wanted)
    assert wanted - names == set()
    assert not [n for n in names if n.startswith(("tests/", "bench/", "examples/"))]


def checkout_records(example: Path) -> list[dict[str, Any]]:
    """The checkout's own simulator on the same script, as JSON the way the command prints it."""
    records: list[dict[str, Any]] = []
    asyncio.run(simulate(read_script(example.read_text("utf-8").splitlines()), records.append))
    return [json.loads(json.dumps(r, ensure_ascii=False)) for r in records]


def test_installed_gigwatch_simulates_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    """Every shipped example, run by the installed command from an unrelated folder, prints exactly
    what the checkout prints: same code, same catalogs, same migrations."""
    where = _check(_run([str(installed / "python"), "-c", "import bot; print(bot.__file__)"], cwd=tmp_path))
    assert not Path(where.strip()).is_relative_to(ROOT)
    for example in EXAMPLES:
        printed = _check(
            _run([str(installed / "gigwatch"), "simulate", "--example", example.stem, "--json"], cwd=tmp_path)
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


def healthcheck_command() -> list[str]:
    """The exec form of the Dockerfile's HEALTHCHECK."""
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8").replace("\\\n", " ")
    match = re.search(r"^HEALTHCHECK .*?\bCMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert match, "no exec-form HEALTHCHECK in the Dockerfile"
    command: list[str] = json.loads(match.group(1))
    return command


def wait_for_port(proc: subprocess.Popen[str], deadline: float) -> int:
    """Read the JSON log lines until the runtime says where its HTTP server listens."""
    assert proc.stderr is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline and proc.poll() is None:
            if not sel.select(timeout=0.2):
                continue
            line = proc.stderr.readline()
            if line.startswith("{") and json.loads(line).get("message") == "http listening":
                return int(json.loads(line)["port"])
    raise AssertionError(f"gigwatch run never listened (exit code {proc.poll()})")


def test_installed_gigwatch_run_passes_the_docker_healthcheck(installed: Path, tmp_path: Path) -> None:
    """`gigwatch run` as the image starts it (SQLite on a data folder, JSON logs, the HTTP port; an
    ephemeral one here), checked by the HEALTHCHECK command itself, then stopped with SIGTERM."""
    data = tmp_path / "data"
    data.mkdir()
    env = _env(
        GIGWATCH_DATABASE_URL=f"sqlite+aiosqlite:///{data / 'gigwatch.db'}",
        GIGWATCH_HTTP_PORT="0",
        GIGWATCH_LOG_FORMAT="json",
    )
    proc = subprocess.Popen(
        [str(installed / "gigwatch"), "run"],
        cwd=data,
        env=env,
        stdin=subprocess.PIPE,  # kept open: with no platform token the console runs until its input ends
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = wait_for_port(proc, time.monotonic() + 60)
        command = healthcheck_command()
        assert command[0] == "python"
        check = _run(
            [str(installed / "python"), *command[1:]], cwd=data, timeout=30, GIGWATCH_HTTP_PORT=str(port)
        )
        assert check.returncode == 0, check.stderr
        assert (data / "gigwatch.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
