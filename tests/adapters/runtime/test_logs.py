"""Logs are one line a record, carry the `extra` fields, and never show a token or password, wherever
it hides: the message, its arguments, an extra field, an exception."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import aiohttp
import pytest
from aiohttp import web

from adapters.runtime.logs import configure_logging
from adapters.settings import Settings
from bot.feed import FEED_PATH, new_token

BOT_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
APP_TOKEN = "xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef"
SIGNING = "8f14e45fceea167a5a36dedd4bea2543"
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
PASSWORD = "s3cr3t-pa55"
STRAY = "xoxp-9999999999-8888888888-unconfiguredusertoken"  # not configured, but shaped like a token


@pytest.fixture
def root_logger() -> Iterator[None]:
    """configure_logging replaces the root handlers; put pytest's back afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def settings(monkeypatch: pytest.MonkeyPatch, log_format: str) -> Settings:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING)
    monkeypatch.setenv("DISCORD_TOKEN", DISCORD)
    monkeypatch.setenv("GIGWATCH_DATABASE_URL", f"postgresql+asyncpg://bot:{PASSWORD}@db.internal/gigwatch")
    monkeypatch.setenv("GIGWATCH_LOG_FORMAT", log_format)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def leak_everything(log: logging.Logger) -> None:
    log.info("connecting with %s and %s", BOT_TOKEN, APP_TOKEN, extra={"token": DISCORD, "n": 3})
    log.warning(
        "signing secret %s\nsecond line", SIGNING, extra={"headers": {"Authorization": f"Bearer {STRAY}"}}
    )
    try:
        raise RuntimeError(f"login failed for {DISCORD} at postgresql://bot:{PASSWORD}@db")
    except RuntimeError:
        log.exception("adapter failed", extra={"adapter": "discord"})


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_secret_reaches_the_log(
    monkeypatch: pytest.MonkeyPatch, root_logger: None, log_format: str
) -> None:
    out = io.StringIO()
    configure_logging(settings(monkeypatch, log_format), stream=out)
    leak_everything(logging.getLogger("gigwatch.test"))

    text = out.getvalue()
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING, DISCORD, PASSWORD, STRAY):
        assert secret not in text
    lines = text.splitlines()
    assert len(lines) == 3  # one line a record, tracebacks included
    assert text.count("[redacted]") >= 7


def test_json_lines_carry_the_extra_fields(monkeypatch: pytest.MonkeyPatch, root_logger: None) -> None:
    out = io.StringIO()
    configure_logging(settings(monkeypatch, "json"), stream=out)
    leak_everything(logging.getLogger("gigwatch.test"))

    first, second, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["level"], first["logger"], first["n"], first["token"]) == (
        "INFO",
        "gigwatch.test",
        3,
        "[redacted]",
    )
    assert first["message"] == "connecting with [redacted] and [redacted]"
    assert second["headers"] == {"Authorization": "Bearer [redacted]"}
    assert second["message"] == "signing secret [redacted]\nsecond line"
    assert third["adapter"] == "discord"
    assert "RuntimeError: login failed for [redacted]" in third["exc_info"]
    assert "time" in first


def test_text_lines_show_the_extra_fields(monkeypatch: pytest.MonkeyPatch, root_logger: None) -> None:
    out = io.StringIO()
    configure_logging(settings(monkeypatch, "text"), stream=out)
    logging.getLogger("gigwatch.test").info("wake", extra={"queued": 2, "next": None})
    (line,) = out.getvalue().splitlines()
    assert line.endswith("INFO gigwatch.test: wake queued=2 next=None")


def test_the_start_up_description_names_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    described = json.dumps(settings(monkeypatch, "json").describe())
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING, DISCORD, PASSWORD):
        assert secret not in described


async def test_a_feed_token_is_masked_even_in_an_access_log(
    monkeypatch: pytest.MonkeyPatch, root_logger: None
) -> None:
    """The runtime's server writes no access log at all (the live feed test reads every log line); if
    one were turned on, aiohttp's own access logger would still not show a feed's token."""
    out = io.StringIO()
    configure_logging(settings(monkeypatch, "json"), stream=out)
    logging.getLogger("aiohttp.access").setLevel(logging.INFO)
    token = new_token()

    async def unknown(_: web.Request) -> web.Response:
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get(FEED_PATH + "{name}", unknown)
    runner = web.AppRunner(app, access_log=logging.getLogger("aiohttp.access"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}{FEED_PATH}{token}.ics"),
        ):
            pass
    finally:
        await runner.cleanup()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "aiohttp.access"]
    assert access, "the access line was written"
    assert f"{FEED_PATH}[redacted].ics" in access[0]["message"]
    assert token not in out.getvalue()
