"""The console: commands typed at a prompt (or piped in, one a line), replies and reminders printed.

It is an adapter like Slack's or Discord's, on the same runtime: its workspace is `console`, its
outlet prints what the dispatcher delivers, and a reminder shows up while the user is typing.
Every delivered message is written and flushed before the dispatcher marks it sent, so a crash
can only repeat a printed message, never lose one.

Language: the console speaks the terminal's language (LC_ALL, LC_MESSAGES, LANG) to someone the bot
knows nothing about, and remembers, for as long as it runs, the language its replies were last
written in: after `/gig forget-me` nothing about the user is stored, yet the next reply stays in the
language of the conversation. Only the process holds that, never the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import stat
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import tzinfo
from typing import BinaryIO
from zoneinfo import ZoneInfo

from adapters.base import Core
from adapters.runtime.exits import ExitCode
from adapters.simulator.run import record
from adapters.simulator.transcript import render
from bot.commands.parser import MAX_LINE
from bot.faults import StoreError
from bot.i18n import catalog as i18n
from bot.messages import Message
from bot.outlets import Delivery, Route
from bot.ports import language
from bot.service import Actor

log = logging.getLogger(__name__)

WORKSPACE = "console"
PROMPT = "gig> "
# Control characters and invisible direction overrides: shown escaped, so that user text (a title,
# a client name) can neither drive the terminal nor disguise what is printed.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class ConsoleOptions:
    user: str
    json: bool = False  # the simulator's JSON Lines instead of readable text
    linger: float | None = 0.0  # after input ends, stay while something falls due this soon; None: forever
    log_file: str | None = None  # where log lines go instead of the terminal, if anywhere


def default_user() -> str:
    return os.environ.get("USER") or "me"


def terminal_locale() -> str | None:
    """The locale of the person at the terminal (`ja_JP`), from the usual variables; None when the
    terminal names no language (`C`, `POSIX`)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            locale = value.split(".", 1)[0][:16]
            return None if locale in ("C", "POSIX") else locale
    return None


def terminal_language() -> str:
    """The language of texts printed before any user exists (the same rule as a user's)."""
    return language(None, terminal_locale())


def defang(text: str) -> str:
    r"""Show unsafe characters as escapes (`\x1b`), which is also valid inside a JSON string."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class ConsoleAdapter:
    name = WORKSPACE

    def __init__(
        self,
        options: ConsoleOptions,
        *,
        settled: Callable[[float], Awaitable[None]],
        finished: Callable[[ExitCode], None],
    ) -> None:
        """`settled(horizon)` returns once nothing falls due that soon; `finished(code)` ends the run."""
        self.options = options
        self._settled = settled
        self._finished = finished
        self._core: Core | None = None
        self._task: asyncio.Task[None] | None = None
        self._command: asyncio.Task[None] | None = None
        self._print_lock = asyncio.Lock()  # a command's replies print before anything it caused
        self.actor = Actor(WORKSPACE, options.user, options.user)
        self.lang = terminal_language()  # the language of the conversation so far, told as its locale
        self._zones: dict[
            str, tzinfo
        ] = {}  # the last zone read per recipient, for when the database cannot say

    async def start(self, core: Core) -> None:
        self._core = core
        self._task = asyncio.create_task(self._main(), name="console-input")

    async def stop(self) -> None:
        """Stop reading; a command already running finishes (it is one transaction either way)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._command is not None:
            await asyncio.gather(self._command, return_exceptions=True)

    async def send(self, delivery: Delivery) -> str | None:
        """The outlet: print a reminder (or a reply the interaction could not deliver)."""
        async with self._print_lock:
            await self._print(delivery.address, delivery.message, inline=False)
        return None

    @property
    def serving(self) -> bool:
        """`gigwatch run`: the console is the bot's only platform and keeps running after its input."""
        return self.options.linger is None

    async def _main(self) -> None:
        try:
            if sys.stdin.isatty():
                if not await self._prompt() or not self.serving:
                    self._finished(ExitCode.OK)
                    return
                print(i18n.t(self.lang, "console.input_ended"), flush=True)
                return
            async for line in _lines(sys.stdin.buffer):
                await self._run(line)
            if self.serving:
                print(i18n.t(self.lang, "console.input_ended"), file=sys.stderr, flush=True)
                return  # the bot keeps serving after its input ends
            if self.options.linger:
                seconds = f"{self.options.linger:g}"
                print(i18n.t(self.lang, "console.lingering", seconds=seconds), file=sys.stderr, flush=True)
            await self._settled(self.options.linger or 0.0)
        except asyncio.CancelledError:
            raise
        except Exception:  # reading the input itself broke: nothing more can arrive
            log.exception("console input failed")
            self._finished(ExitCode.INTERNAL)
            return
        self._finished(ExitCode.OK)

    async def _prompt(self) -> bool:
        """Read commands at the prompt; True when the input ended (Ctrl-D), False on Ctrl-C."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.patch_stdout import patch_stdout

        session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        welcome = "console.welcome_serving" if self.serving else "console.welcome"
        with patch_stdout():
            print(i18n.t(self.lang, welcome, user=defang(self.options.user)), flush=True)
            if self.options.log_file:
                print(i18n.t(self.lang, "console.log_file", path=defang(self.options.log_file)), flush=True)
            while True:
                try:
                    # SIGINT stays the runtime's (a clean stop); Ctrl-C typed here is a key, not a signal
                    line = await session.prompt_async(PROMPT, handle_sigint=False)
                except EOFError:  # Ctrl-D
                    return True
                except KeyboardInterrupt:  # Ctrl-C
                    return False
                await self._run(line)

    async def _run(self, line: str) -> None:
        """Run one line as a command; shielded, so a shutdown never interrupts it halfway. Whatever
        goes wrong with one line is logged, and the console reads the next."""
        text = line.strip()
        if not text:
            return
        self._command = asyncio.create_task(self._execute(text))
        try:
            await asyncio.shield(self._command)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("console command failed", extra={"user": self.options.user})

    async def _execute(self, text: str) -> None:
        assert self._core is not None
        core = self._core

        async def deliver(message: Message) -> str | None:
            await self._print(self.options.user, message, inline=True)
            return None

        async with self._print_lock:
            outcome = await core.command(
                replace(self.actor, locale=self.lang), text, deliver, reply_to=Route.CONSOLE
            )
        if outcome.replies:
            self.lang = outcome.replies[-1].message.lang

    async def _print(self, to: str, message: Message, *, inline: bool) -> None:
        assert self._core is not None
        data = record(self._core.clock.now(), to, message, await self._zone(to))
        if self.options.json:
            line = json.dumps(data, ensure_ascii=False)
        else:
            line = message.text() if inline else render(data).rstrip("\n")
        print(defang(line), flush=True)

    async def _zone(self, external_id: str) -> tzinfo:
        """The recipient's own time zone, so the times printed match their settings (the last one
        read while the database cannot answer: printing must not wait for it)."""
        assert self._core is not None
        try:
            user = await self._core.user(Actor(WORKSPACE, external_id))
        except StoreError:
            return self._zones.get(external_id, ZoneInfo("UTC"))
        zone = ZoneInfo(user.tz) if user is not None else ZoneInfo("UTC")
        self._zones[external_id] = zone
        return zone


async def _lines(stream: BinaryIO) -> AsyncIterator[str]:
    """Lines of a pipe, a file or /dev/null, without blocking the loop.

    A line longer than the parser accepts is cut just past its limit, so the parser refuses it
    with its usual "too long" error instead of the reader holding megabytes.
    """
    read = await _reader(stream)
    buffer = bytearray()
    skipping = False
    limit = 4 * (MAX_LINE + 1)  # UTF-8 bytes of the longest line worth reading
    while chunk := await read():
        buffer += chunk
        while (end := buffer.find(b"\n")) >= 0:
            raw, buffer = bytes(buffer[:end]), buffer[end + 1 :]
            if not skipping:
                yield _decode(raw)
            skipping = False
        if len(buffer) > limit and not skipping:
            yield _decode(bytes(buffer))
            buffer.clear()
            skipping = True
        elif skipping:
            buffer.clear()
    if buffer and not skipping:
        yield _decode(bytes(buffer))


def _decode(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").rstrip("\r")
    return text if len(text) <= MAX_LINE else text[: MAX_LINE + 1]


async def _reader(stream: BinaryIO) -> Callable[[], Awaitable[bytes]]:
    """Pipes and sockets are read through the loop; files and devices never block, so a thread will do."""
    mode = os.fstat(stream.fileno()).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        reader = asyncio.StreamReader(limit=_CHUNK)
        await asyncio.get_running_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), stream
        )
        return lambda: reader.read(_CHUNK)
    return lambda: asyncio.to_thread(stream.read, _CHUNK)
