"""How the real process ends when it cannot run: one clear line on stderr and the exit code a
supervisor acts on (adapters/runtime/exits.py, deploy/gigwatch.service); and `gigwatch backup`."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
from pathlib import Path

import pytest

from adapters.runtime.exits import ExitCode
from bot.i18n import catalog as i18n
from tests.adapters.runtime.process import PATIENCE, environment, gigwatch, now, seed
from tests.adapters.slack.fake_slack import FakeSlack


def run(args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        gigwatch(*args), input=stdin, env=env, cwd=cwd, capture_output=True, text=True, timeout=PATIENCE
    )


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in stderr
    return lines[0]


def test_a_database_that_cannot_be_reached_is_exit_3(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'no such folder' / 'bot.db'}"
    done = run(["console", "--json"], environment(url), tmp_path)
    assert done.returncode == ExitCode.DATABASE == 3
    line = one_line(done.stderr)
    assert "cannot reach the database" in line
    assert "exit code 3" in line


def test_a_schema_that_cannot_be_migrated_is_exit_4(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as db:  # written by a newer gigwatch: a revision this one does not know
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        db.execute("INSERT INTO alembic_version VALUES ('9999')")
    done = run(["console", "--json"], environment(f"sqlite+aiosqlite:///{path}"), tmp_path)
    assert done.returncode == ExitCode.SCHEMA == 4
    line = one_line(done.stderr)
    assert "cannot migrate the database" in line
    assert "9999" in line


def test_bad_configuration_is_exit_2(tmp_path: Path) -> None:
    env = environment(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", GIGWATCH_LEASE_SECONDS="1")
    done = run(["console"], env, tmp_path)
    assert done.returncode == ExitCode.CONFIG == 2
    assert "GIGWATCH_LEASE_SECONDS" in one_line(done.stderr)


async def test_a_platform_refusing_its_token_is_exit_2(tmp_path: Path) -> None:
    fake = FakeSlack()
    await fake.start()
    try:
        fake.fail("auth.test", 200, {"ok": False, "error": "invalid_auth"})
        env = environment(
            f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
            SLACK_BOT_TOKEN="xoxb-0001-revoked",
            SLACK_APP_TOKEN="xapp-0001-test",
            GIGWATCH_SLACK_API_URL=fake.api_url,
        )
        process = await asyncio.create_subprocess_exec(
            *gigwatch("run"), env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
        )
        _, err = await asyncio.wait_for(process.communicate(), PATIENCE)
    finally:
        await fake.close()
    assert process.returncode == ExitCode.CONFIG
    refused = [line for line in err.decode().splitlines() if "CRITICAL" in line]
    assert len(refused) == 1
    assert "Slack refused SLACK_BOT_TOKEN: invalid_auth" in refused[0]
    assert "xoxb-0001-revoked" not in err.decode()


def test_the_supervisor_restarts_only_what_a_restart_can_fix() -> None:
    assert {code for code in ExitCode if code.restart} == {ExitCode.INTERNAL, ExitCode.DATABASE}
    unit = (Path(__file__).parents[3] / "deploy" / "gigwatch.service").read_text("utf-8")
    (prevent,) = [line for line in unit.splitlines() if line.startswith("RestartPreventExitStatus=")]
    assert {int(c) for c in prevent.split("=", 1)[1].split()} == {
        int(code) for code in ExitCode if not code.restart and code is not ExitCode.OK
    }
    assert "Restart=on-failure" in unit.splitlines()


def test_backup_copies_what_is_committed_while_a_writer_holds_the_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    asyncio.run(seed(url, [now()]))
    live = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("BEGIN IMMEDIATE")
    live.execute("UPDATE gigs SET title = 'not committed'")  # a write in flight when the backup runs
    env = environment(url, LANG="C.UTF-8")
    try:
        done = run(["backup", str(tmp_path / "copy.db")], env, tmp_path)
    finally:
        live.execute("ROLLBACK")
        live.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Backed up the database to {tmp_path / 'copy.db'}")

    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT title FROM gigs").fetchall() == [("G1",)]
    assert not list(tmp_path.glob(".copy.db*")), "no partial file is left behind"

    # restoring is starting the bot on the copy
    restored = run(
        ["console", "--json"],
        environment(f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}"),
        tmp_path,
        "/gig list\n",
    )
    assert restored.returncode == 0
    assert "#1 G1 (ACME)" in restored.stdout

    again = run(["backup", str(tmp_path / "copy.db")], env, tmp_path)
    assert again.returncode == ExitCode.CONFIG
    assert one_line(again.stderr) == i18n.t("en", "backup.exists", path=str(tmp_path / "copy.db"))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_backup_of_postgresql_says_to_use_pg_dump(tmp_path: Path, lang: str) -> None:
    env = environment("postgresql+asyncpg://gigwatch@db.example/gigwatch", LANG=f"{lang}_JP.UTF-8")
    done = run(["backup", str(tmp_path / "x.dump")], env, tmp_path)
    assert done.returncode == ExitCode.CONFIG
    assert one_line(done.stderr) == i18n.t(lang, "backup.postgresql")
    assert not (tmp_path / "x.dump").exists()
