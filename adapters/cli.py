"""The `gigwatch` command: run, console, simulate, status, manifest, backup, import."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from adapters.console import ConsoleOptions
    from adapters.settings import Settings

T = TypeVar("T")


def _on_database(command: str, work: Callable[[], Coroutine[Any, Any, T]]) -> T | int:
    """Run `work`, or the exit code of a database it cannot reach or migrate, said in one line."""
    from adapters.runtime.exits import ExitCode
    from bot.faults import StoreError
    from storage import MigrationError

    try:
        return asyncio.run(work())
    except StoreError as exc:
        print(f"gigwatch {command}: cannot reach the database: {exc}", file=sys.stderr)
        return int(ExitCode.DATABASE)
    except MigrationError as exc:
        print(f"gigwatch {command}: cannot migrate the database: {exc}", file=sys.stderr)
        return int(ExitCode.SCHEMA)


def _simulate(args: argparse.Namespace) -> int:
    from adapters.simulator.run import simulate
    from adapters.simulator.script import ScriptError, read_script
    from adapters.simulator.transcript import render

    if (args.script is None) == (args.example is None):
        print("gigwatch simulate: give a script file (or -) or --example NAME", file=sys.stderr)
        return 2
    try:
        if args.example is not None:
            text = _example(args.example)
        else:
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


def _example(name: str) -> str:
    """A script shipped inside the package (the repository's examples/), so an installed wheel has them."""
    folder = resources.files("adapters.simulator").joinpath("examples")
    names = sorted(p.name.removesuffix(".jsonl") for p in folder.iterdir() if p.name.endswith(".jsonl"))
    if name not in names:
        raise FileNotFoundError(f"no example named {name!r}; the examples are: {', '.join(names)}")
    return folder.joinpath(f"{name}.jsonl").read_text("utf-8")


def _settings() -> Settings:
    """The configuration, or a clear message naming the bad variables (never their values) and exit 2."""
    from pydantic import ValidationError

    from adapters.console import terminal_language
    from adapters.settings import Settings
    from bot.i18n import catalog as i18n

    try:
        return Settings()  # type: ignore[call-arg]  # every field comes from the environment or .env
    except ValidationError as exc:
        names = [str(e["loc"][0]) if e["loc"] else "?" for e in exc.errors(include_input=False)]
        problems = ", ".join(n if n.isupper() else f"GIGWATCH_{n.upper()}" for n in names)
        print(i18n.t(terminal_language(), "console.bad_settings", problems=problems), file=sys.stderr)
        raise SystemExit(2) from None


CONSOLE_LOG = "gigwatch.log"  # where the interactive console's log lines go, beside ./gigwatch.db


def _serve(
    settings: Settings, console: ConsoleOptions | None, *, platforms: bool, log_level: str | None
) -> int:
    """Start the runtime with the platform adapters (when `platforms`) or else the console.

    Log lines go to stderr, or to GIGWATCH_LOG_FILE when set. The console at a terminal writes them to
    ./gigwatch.log instead, so that they never mix with the conversation on the screen; piped, its
    replies are on stdout and the logs on stderr, two streams that never mix either."""
    from adapters.console import ConsoleAdapter, ConsoleOptions, default_user, terminal_language
    from adapters.runtime.app import AdapterMissing, Runtime, platform_adapters
    from adapters.runtime.logs import configure_logging
    from bot.i18n import catalog as i18n

    configure_logging(settings, level=log_level, path=settings.log_file)
    lang = terminal_language()
    try:
        adapters = platform_adapters(settings) if platforms else []
    except AdapterMissing as exc:
        print(i18n.t(lang, "console.adapter_missing", platform=exc.platform.capitalize()), file=sys.stderr)
        return 2
    except Exception:  # logged, so the traceback goes through the redaction filter
        logging.getLogger(__name__).exception("a platform adapter could not be created")
        return 2
    runtime = Runtime(settings)
    if not adapters:
        if console is None:
            print(i18n.t(lang, "console.no_platforms"), file=sys.stderr, flush=True)
            console = ConsoleOptions(user=default_user(), linger=None)
        log_file = settings.log_file or (CONSOLE_LOG if sys.stdin.isatty() and sys.stdout.isatty() else None)
        if log_file != settings.log_file:
            configure_logging(settings, level=log_level, path=log_file)
        console = replace(console, log_file=log_file)
        adapters = [ConsoleAdapter(console, settled=runtime.settled, finished=runtime.stop)]
    return int(asyncio.run(runtime.run(adapters)))


def _run(args: argparse.Namespace) -> int:
    return _serve(_settings(), None, platforms=True, log_level=None)


def _console(args: argparse.Namespace) -> int:
    from adapters.console import ConsoleOptions, default_user

    settings = _settings()
    # The console's own output is the conversation: routine logs stay out of it unless asked for.
    quiet = None if "log_level" in settings.model_fields_set else "WARNING"
    options = ConsoleOptions(user=args.user or default_user(), json=args.json, linger=args.linger)
    return _serve(settings, options, platforms=False, log_level=quiet)


def _status(args: argparse.Namespace) -> int:
    from adapters.console import terminal_language
    from adapters.runtime.status import as_json, as_text, read_status

    settings = _settings()
    status = _on_database("status", lambda: read_status(settings.database_url))
    if isinstance(status, int):
        return status
    if args.json:
        print(json.dumps(as_json(status, settings.database_url), ensure_ascii=False))
    else:
        print(as_text(status, settings.database_url, terminal_language(), settings.default_tz))
    return 0


def _manifest(args: argparse.Namespace) -> int:
    """What operators review before installing: the Slack app manifest, or the Discord commands as
    the bot registers them (JSON, exactly as sent)."""
    if args.platform == "slack":
        from adapters.slack.manifest import manifest

        data: Any = manifest(args.url)
    else:
        if args.url is not None:
            print("gigwatch manifest: --url is for the Slack manifest (HTTP mode)", file=sys.stderr)
            return 2
        from adapters.discord.bot import manifest as discord_manifest

        data = asyncio.run(discord_manifest())
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def _backup(args: argparse.Namespace) -> int:
    """A consistent copy of the SQLite database, safe while the bot runs (docs/operations.md)."""
    from adapters.console import terminal_language
    from adapters.runtime.backup import BackupError, backup
    from adapters.runtime.exits import ExitCode
    from bot.i18n import catalog as i18n

    settings = _settings()
    lang = terminal_language()
    try:
        done = backup(settings.database_url, Path(args.path))
    except BackupError as exc:
        print(i18n.t(lang, exc.key, **exc.params), file=sys.stderr)
        return int(
            ExitCode.CONFIG if exc.key in ("backup.postgresql", "backup.exists") else ExitCode.DATABASE
        )
    print(i18n.t(lang, "backup.done", path=str(done.path), pages=done.pages, mib=f"{done.size / 2**20:.1f}"))
    return int(ExitCode.OK)


def _import(args: argparse.Namespace) -> int:
    """One user's gigs from a CSV file (docs/export.md): all of them, or none if any row is bad."""
    from adapters.runtime.exits import ExitCode
    from bot.clock import SystemClock
    from bot.service.transfer import import_gigs
    from storage import open_store

    try:
        text = Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"gigwatch import: cannot read {args.file}: {exc}", file=sys.stderr)
        return int(ExitCode.CONFIG)

    async def work() -> int:
        store = await open_store(_settings().database_url)
        try:
            report = await import_gigs(store, SystemClock().now(), args.workspace, args.user, text)
        finally:
            await store.engine.dispose()
        for line, problem in report.errors:
            print(f"{args.file}:{line}: {problem}", file=sys.stderr)
        if report.errors:
            print(f"gigwatch import: nothing imported ({len(report.errors)} bad rows)", file=sys.stderr)
            return int(ExitCode.CONFIG)
        already = f" ({report.already} already there, left as they are)" if report.already else ""
        print(f"imported {report.imported} gigs for {args.user} in {args.workspace}{already}")
        return int(ExitCode.OK)

    return _on_database("import", work)


def _user_name(text: str) -> str:
    if not text or len(text) > 80 or not text.isprintable():
        raise argparse.ArgumentTypeError("must be 1 to 80 printable characters")
    return text


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError("must be between 0 and 86400 seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gigwatch", description="Protects freelancers from silent clients.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot: Slack and Discord when configured, else the console")
    run.set_defaults(func=_run)
    con = sub.add_parser("console", help="talk to the bot in this terminal (or pipe commands in, one a line)")
    con.add_argument(
        "--user", type=_user_name, help="who you are in the console workspace (default: $USER, or me)"
    )
    con.add_argument("--json", action="store_true", help="print the simulator's JSON Lines instead of text")
    con.add_argument(
        "--linger",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="after the input ends, keep running while something falls due within this many seconds",
    )
    con.set_defaults(func=_console)
    status = sub.add_parser("status", help="open gigs, pending steps, the outbox backlog and failures")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(func=_status)
    copy = sub.add_parser("backup", help="copy the SQLite database consistently, even while the bot runs")
    copy.add_argument("path", help="the file to write (it must not exist yet)")
    copy.set_defaults(func=_backup)
    sim = sub.add_parser("simulate", help="run a JSON Lines script on a virtual clock and print what is sent")
    sim.add_argument("script", nargs="?", help="the script file, or - for standard input")
    sim.add_argument("--example", metavar="NAME", help="run a script shipped with gigwatch (see examples/)")
    sim.add_argument("--json", action="store_true", help="print JSON Lines instead of a transcript")
    sim.set_defaults(func=_simulate)
    man = sub.add_parser(
        "manifest", help="print the Slack app manifest, or the Discord commands as registered"
    )
    man.add_argument("platform", choices=("slack", "discord"))
    man.add_argument(
        "--url",
        metavar="URL",
        help="Slack in HTTP mode: the public https address Slack sends its requests to",
    )
    man.set_defaults(func=_manifest)
    imp = sub.add_parser(
        "import", help="import one user's gigs from a CSV file (as /gig export csv writes it)"
    )
    imp.add_argument("file", help="the CSV file (columns: docs/export.md)")
    imp.add_argument(
        "--workspace", required=True, help="the user's workspace: slack:T123, discord:456, console"
    )
    imp.add_argument("--user", required=True, type=_user_name, help="the user's id in that workspace")
    imp.set_defaults(func=_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
