"""Running the real `gigwatch` process in tests: its own temporary database, stdin a pipe, its stdout
read line by line with the time each line arrived, and gigs seeded with steps due at chosen instants."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.clock import VirtualClock
from bot.messages import Kind
from bot.service import Actor, Service
from storage import SqlStore, open_store

USER = "me"
# How long a condition may take to come true on a loaded machine: a limit on waiting, never a budget
# the bot must meet (how fast it is, is measured in bench/).
PATIENCE = 120.0
# All day, every day, no holidays, in UTC: "1 business day" is exactly 24 hours and nothing is deferred.
ALWAYS = "settings tz:UTC hours:00-24 days:mon-sun holidays:none lang:en"


def gigwatch(*args: str) -> list[str]:
    """The installed console script (what `make run` uses), or the same entry point through -m."""
    script = Path(sys.executable).with_name("gigwatch")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "adapters.cli", *args]


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """The caller's environment without any platform credential or gigwatch setting, plus ours."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIGWATCH_", "SLACK_", "DISCORD_"))
        and k not in ("LANG", "LC_ALL", "LC_MESSAGES")
    }
    return keep | {"GIGWATCH_DATABASE_URL": database_url, "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"} | extra


class Bot:
    """One `gigwatch` process. Lines of stdout and stderr are collected by threads, with arrival times."""

    def __init__(
        self, args: Sequence[str], env: dict[str, str], cwd: Path, *, stdin: str | None = None
    ) -> None:
        self.started = time.time()
        self.proc = subprocess.Popen(
            gigwatch(*args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,  # so no .env of the developer's is read
        )
        self.out: list[tuple[float, str]] = []
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self.out, True), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self.err, False), daemon=True),
        ]
        for t in self._threads:
            t.start()
        if stdin is not None:
            self.write(stdin)

    @staticmethod
    def _pump(stream: Any, into: list[Any], stamp: bool) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8").rstrip("\n")
            into.append((time.time(), line) if stamp else line)

    def write(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def close_stdin(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def wait_for(self, found: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if found():
                return
            if self.proc.poll() is not None and not found():
                break
            time.sleep(0.02)
        if not found():
            raise AssertionError(f"{what}: not within {timeout}s; stderr:\n" + "\n".join(self.err[-20:]))

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for _, line in self.out if line.startswith("{")]

    def stamped_records(self) -> list[tuple[float, dict[str, Any]]]:
        return [(t, json.loads(line)) for t, line in self.out if line.startswith("{")]

    def logs(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.err if line.startswith("{")]

    def log(self, message: str) -> dict[str, Any] | None:
        return next((r for r in self.logs() if r.get("message") == message), None)

    def finish(self, timeout: float = PATIENCE) -> int:
        """Wait for the process to exit by itself; returns its exit code."""
        code = self.proc.wait(timeout)
        for t in self._threads:
            t.join(5)
        return code

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def kill(self) -> None:
        self.proc.kill()
        self.finish()


async def seed(database_url: str, due: Sequence[datetime], *, user: str = USER) -> None:
    """One contracted gig per instant, its first step (`nudge`, 1 business day) due at that instant,
    for the console user, whose settings make every hour of every day active.

    Each gig is added a day before its instant, on a virtual clock; when that day has already begun,
    it is added now with `since:` a day before the instant instead. Either way no reply of these
    commands is due before the bot could have printed it inline, so a running bot never prints one,
    except for an instant already past (as if the bot had been down): seed those before it starts.
    """
    store = await open_store(database_url)
    try:
        actor = Actor("console", user, user)
        present = Service(store, VirtualClock(now()))
        await _ok(store, present, actor, ALWAYS)
        clock = VirtualClock(min(due) - timedelta(days=2))
        added = Service(store, clock)
        for n, at in enumerate(sorted(due), start=1):
            add = f'add "G{n}" client:ACME stage:contracted'
            if now() < at < now() + timedelta(days=1):
                since = (at - timedelta(days=1)).astimezone(UTC).isoformat(timespec="seconds")
                await _ok(store, present, actor, f"{add} since:{since}")
            else:
                clock.set(at - timedelta(days=1))
                await _ok(store, added, actor, add)
    finally:
        await store.engine.dispose()


async def _ok(store: SqlStore, service: Service, actor: Actor, text: str) -> None:
    """Run a command that must succeed, its replies delivered in the interaction (as Core does)."""
    outcome = await service.execute(actor, text)
    errors = [r.message.text() for r in outcome.replies if r.message.kind is Kind.ERROR]
    assert not errors, f"{text!r} was refused: {errors}"
    for reply in outcome.replies:
        if reply.outbox_id is not None:
            await store.mark_sent(reply.outbox_id, None, service.clock.now())


def now() -> datetime:
    return datetime.now(UTC)
