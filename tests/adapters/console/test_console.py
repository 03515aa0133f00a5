"""The console adapter as a user meets it: the real `gigwatch` process, commands piped in or typed at a
terminal, replies and reminders printed as they fall due."""

from __future__ import annotations

import asyncio
import os
import pty
import select
import signal
import subprocess
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from tests.adapters.runtime.process import PATIENCE, Bot, environment, gigwatch, now, seed


def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


def test_a_piped_command_prints_its_reply_then_the_reminder_it_caught_up(tmp_path: Path) -> None:
    """printf '/gig add "LP" client:ACME stage:contracted since:3w\\n' | gigwatch console --json"""
    bot = Bot(["console", "--json"], environment(url(tmp_path)), tmp_path)
    bot.write('/gig add "LP" client:ACME stage:contracted since:3w\n')
    bot.close_stdin()
    assert bot.finish() == 0
    records = bot.records()
    kinds = [r["kind"] for r in records]
    assert kinds[-1] == "reminder"
    assert set(kinds[:-1]) == {"reply"}
    assert records[0]["text"].startswith('Added #1 "LP" for ACME')
    reminder = records[-1]
    assert (reminder["to"], reminder["gig"]) == (os.environ.get("USER") or "me", "1")
    # three weeks of silence on a contract: the ladder is past the termination request; only the most
    # advanced due step is delivered (catch-up), so there is exactly one reminder
    assert reminder["step"] in ("termination_request", "termination_followup")
    assert set(records[0]) == {"at", "to", "kind", "gig", "step", "text"}


def test_piped_text_mode_answers_every_line_and_defangs_hostile_text(tmp_path: Path) -> None:
    lines = [
        "/gig settings lang:ja",
        '/gig add "Evil\x1b]0;pwned\x07\x1b[2J" client:X',  # control characters dropped where text enters
        '/gig add "co\u202eno" client:"A\x9bB"',  # a direction override is text: stored as written
        "/gig show 99",
        "/gig add " + "x" * 20_000,
        "",
        "/gig list",
    ]
    bot = Bot(
        ["console", "--user", "aiko"], environment(url(tmp_path)), tmp_path, stdin="\n".join(lines) + "\n"
    )
    bot.close_stdin()
    assert bot.finish() == 0
    out = "\n".join(line for _, line in bot.out)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):  # nothing reaches the terminal to obey
        assert raw not in out
    assert "#1 Evil]0;pwned[2J（X）" in out  # what is left of the title is kept as typed
    assert "#2 co\\u202eno（AB）" in out  # the override is shown escaped; the C1 control was dropped
    assert "#99 の案件は見つかりません。" in out  # errors in the user's language
    assert "が長すぎます（12000文字まで）。" in out  # the 20,000-character line is refused, not read whole
    assert "あなたの案件（2件）：" in out  # and the console carries on with the next line


def test_linger_keeps_the_console_until_what_is_due_soon_has_been_printed(tmp_path: Path) -> None:
    db = url(tmp_path)
    asyncio.run(seed(db, [now() + timedelta(seconds=5)]))
    quick = Bot(["console", "--json"], environment(db), tmp_path)
    quick.close_stdin()
    assert quick.finish() == 0
    assert quick.records() == []  # --linger 0: nothing was due yet, so it left at once

    # Nothing else falls due for a day: it leaves once the reminder is out, long before an hour has
    # passed (were it waiting out the whole linger, finish() would give up first).
    patient = Bot(["console", "--json", "--linger", "3600"], environment(db), tmp_path)
    patient.close_stdin()
    assert patient.finish() == 0
    (reminder,) = patient.records()
    assert reminder["kind"] == "reminder"


def test_gigwatch_run_without_credentials_is_the_console_and_says_how_to_connect(tmp_path: Path) -> None:
    bot = Bot(["run"], environment(url(tmp_path)), tmp_path, stdin="/gig list\n")
    bot.close_stdin()
    bot.wait_for(lambda: any("You have no open gigs" in line for _, line in bot.out), PATIENCE, "the reply")
    time.sleep(0.5)
    assert bot.proc.poll() is None  # `run` is a service: it stays after its input ends
    bot.signal(signal.SIGINT)
    assert bot.finish() == 0
    hint = "\n".join(bot.err)
    assert "SLACK_BOT_TOKEN" in hint
    assert "DISCORD_TOKEN" in hint


def test_the_interactive_prompt_prints_a_reminder_while_the_user_types(tmp_path: Path) -> None:
    db = url(tmp_path)
    asyncio.run(seed(db, [now() + timedelta(seconds=5)]))
    main, terminal = pty.openpty()
    env = environment(db, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    proc = subprocess.Popen(
        gigwatch("console"), stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=tmp_path
    )
    os.close(terminal)
    screen = bytearray()

    def read(timeout: float, until: Callable[[], bool]) -> bool:
        """Read the screen as a terminal does; True once `until()` holds or the program closed it."""
        deadline = time.time() + timeout
        while not until() and time.time() < deadline:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                try:
                    screen.extend(os.read(main, 65536))
                except OSError:  # the program has exited and closed the terminal
                    return True
        return until()

    def read_until(text: str, timeout: float) -> None:
        shown = read(timeout, lambda: text.encode() in screen)
        assert shown, f"{text!r} not on the screen:\n{screen.decode(errors='replace')}"

    try:
        read_until("gig>", PATIENCE)
        os.write(main, b"/gig li")  # half a command typed ...
        read_until("one business day without a reply", PATIENCE)  # ... when the reminder falls due
        os.write(main, b"st\r")  # the line is still there: finish it
        read_until("Your gigs (1):", PATIENCE)
        for _ in range(5):  # Ctrl-D; prompt_toolkit swallows one typed while it prints above the prompt
            os.write(main, b"\x04")
            if read(3, lambda: proc.poll() is not None):
                break
        assert proc.wait(PATIENCE) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    text = screen.decode(errors="replace")
    assert text.index("one business day without a reply") < text.index("Your gigs (1):")
