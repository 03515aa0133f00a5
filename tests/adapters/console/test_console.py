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
    # three weeks of silence on a contract: catch-up delivers one reminder, the most advanced step the user
    # can still take (a deadline notice: no termination request for a deadline that was never given)
    assert reminder["step"] == "deadline_notice"
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
    assert "#1 Evil]0;pwned[2J（X様）" in out  # what is left of the title is kept as typed
    assert "#2 co\\u202eno（AB様）" in out  # the override is shown escaped; the C1 control was dropped
    assert "#99 の案件は見つかりません。" in out  # errors in the user's language
    assert "が長すぎます（12000文字まで）。" in out  # the 20,000-character line is refused, not read whole
    assert "案件一覧（2件）：" in out  # and the console carries on with the next line


def test_linger_keeps_the_console_until_what_is_due_soon_has_been_printed(tmp_path: Path) -> None:
    later = tmp_path / "later"
    later.mkdir()
    asyncio.run(seed(url(later), [now() + timedelta(hours=1)]))
    quick = Bot(["console", "--json"], environment(url(later)), later)
    quick.close_stdin()
    assert quick.finish() == 0
    assert quick.records() == []  # --linger 0: nothing was due yet, so it left at once

    # A reminder due in seconds (or already due, on a slow machine) and nothing else for a day: it
    # leaves once the reminder is out, long before an hour has passed (were it waiting out the whole
    # linger, finish() would give up first).
    db = url(tmp_path)
    asyncio.run(seed(db, [now() + timedelta(seconds=5)]))
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


class Terminal:
    """A `gigwatch` process on a pseudo-terminal, its screen read as a terminal does."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.main, terminal = pty.openpty()
        self.proc = subprocess.Popen(
            gigwatch(*args), stdin=terminal, stdout=terminal, stderr=terminal, env=env, cwd=cwd
        )
        os.close(terminal)
        self.screen = bytearray()

    def read(self, timeout: float, until: Callable[[], bool]) -> bool:
        """True once `until()` holds or the program closed the terminal."""
        deadline = time.time() + timeout
        while not until() and time.time() < deadline:
            ready, _, _ = select.select([self.main], [], [], 0.05)
            if ready:
                try:
                    self.screen.extend(os.read(self.main, 65536))
                except OSError:  # the program has exited and closed the terminal
                    return True
        return until()

    def read_until(self, text: str, timeout: float) -> None:
        shown = self.read(timeout, lambda: text.encode() in self.screen)
        assert shown, f"{text!r} not on the screen:\n{self.text}"

    def type(self, keys: bytes) -> None:
        os.write(self.main, keys)

    def end_input(self, done: Callable[[], bool]) -> None:
        """Ctrl-D until `done()`; prompt_toolkit swallows one typed while it prints above the prompt."""
        for _ in range(5):
            self.type(b"\x04")
            if self.read(3, done):
                return

    @property
    def text(self) -> str:
        return self.screen.decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        os.close(self.main)


def test_the_interactive_prompt_prints_a_reminder_while_the_user_types(tmp_path: Path) -> None:
    db = url(tmp_path)
    asyncio.run(seed(db, [now() + timedelta(seconds=5)]))
    env = environment(db, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", GIGWATCH_LOG_LEVEL="INFO")
    term = Terminal(["console"], env, tmp_path)
    try:
        term.read_until("gig>", PATIENCE)
        term.type(b"/gig li")  # half a command typed ...
        term.read_until("the escrow is still not funded", PATIENCE)  # ... when the reminder falls due
        term.type(b"st\r")  # the line is still there: finish it
        term.read_until("Your gigs (1):", PATIENCE)
        term.end_input(lambda: term.proc.poll() is not None)
        assert term.proc.wait(PATIENCE) == 0
    finally:
        term.close()
    text = term.text
    assert text.index("the escrow is still not funded") < text.index("Your gigs (1):")
    # Log lines never mix with the conversation: at a terminal they go to ./gigwatch.log, as it says.
    assert "Log lines go to gigwatch.log" in text
    log = (tmp_path / "gigwatch.log").read_text("utf-8")
    assert "gigwatch started" in log
    assert "gigwatch started" not in text
    assert " INFO " not in text


def test_gigwatch_run_at_a_terminal_keeps_running_after_ctrl_d_and_says_how_to_stop(tmp_path: Path) -> None:
    env = environment(url(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", LANG="ja_JP.UTF-8")
    term = Terminal(["run"], env, tmp_path)
    try:
        term.read_until("Ctrl-Dで入力を終えても", PATIENCE)  # the welcome says what Ctrl-D and Ctrl-C do
        term.type(b"/gig list\r")
        term.read_until("進行中の案件はありません", PATIENCE)
        ended = "入力が終了しました。"
        term.end_input(lambda: ended.encode() in term.screen)
        term.read_until("Ctrl-Cを押すか", PATIENCE)
        assert term.proc.poll() is None  # still serving the reminders
        term.proc.send_signal(signal.SIGINT)
        assert term.proc.wait(PATIENCE) == 0
    finally:
        term.close()


def test_piped_input_ending_under_gigwatch_run_is_told_on_stderr(tmp_path: Path) -> None:
    bot = Bot(["run"], environment(url(tmp_path)), tmp_path, stdin="/gig list\n")
    bot.close_stdin()
    told = "Input ended. gigwatch keeps running to deliver the reminders"
    bot.wait_for(lambda: any(told in line for line in bot.err), PATIENCE, "the notice")
    assert all(told not in line for _, line in bot.out)  # stdout carries only the conversation
    assert bot.proc.poll() is None
    bot.signal(signal.SIGINT)
    assert bot.finish(PATIENCE) == 0


def test_after_forget_me_the_console_keeps_the_language_of_the_conversation(tmp_path: Path) -> None:
    """The terminal names no language (LANG=C.UTF-8); the user chose Japanese and then asked to be
    forgotten: nothing is stored, yet the console still knows the language it was speaking."""
    lines = ["/gig settings lang:ja", "/gig forget-me confirm", "/gig list"]
    bot = Bot(["console", "--json"], environment(url(tmp_path)), tmp_path, stdin="\n".join(lines) + "\n")
    bot.close_stdin()
    assert bot.finish() == 0
    *_, forgotten, listed = bot.records()
    assert forgotten["text"] == "完了しました。ご自身に関する保存データはすべて削除されました。"
    assert listed["text"].startswith("進行中の案件はありません。")
