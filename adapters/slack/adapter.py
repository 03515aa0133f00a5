"""The Slack adapter: Socket Mode or HTTP mode for what users do, and the dispatcher's outlet for DMs.

Socket Mode (SLACK_APP_TOKEN) needs no public URL. HTTP mode (SLACK_SIGNING_SECRET) serves
POST /slack/events on the runtime's web app, where bolt verifies each request's signature and age.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.base import Core, Misconfigured
from adapters.settings import Settings
from adapters.slack.app import EVENTS_PATH, SlackApp
from adapters.slack.files import upload
from adapters.slack.render import POSTED_TEXT, as_file, fallback, message_blocks, split_file
from bot.clock import Clock, SystemClock
from bot.outlets import (
    Delivery,
    DeliveryError,
    FailureCode,
    PermanentError,
    RateLimited,
    TransientError,
    channel_of,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_RETRY_AFTER = 30.0  # a 429 without a usable Retry-After
SEND_TIMEOUT = 15  # seconds; well inside the dispatcher's send timeout
# Reminders go to a user id, so a DM that cannot be found or joined is a DM the user closed.
DM_FAILURES: dict[str, FailureCode] = {
    **dict.fromkeys(
        ("cannot_dm_bot", "channel_not_found", "not_in_channel", "is_archived"), FailureCode.DM_CLOSED
    ),
    **dict.fromkeys(("user_not_found", "account_inactive", "user_disabled"), FailureCode.ACCOUNT_GONE),
    **dict.fromkeys(("missing_scope", "not_allowed_token_type", "restricted_action"), FailureCode.FORBIDDEN),
}
# A post in a channel (the digest): the bot was never invited, or cannot see a private channel (Slack
# says it was not found); or the channel was archived.
CHANNEL_FAILURES: dict[str, FailureCode] = {
    **DM_FAILURES,
    **dict.fromkeys(("not_in_channel", "channel_not_found"), FailureCode.NOT_MEMBER),
    "is_archived": FailureCode.CHANNEL_GONE,
}
SLACK_TROUBLE = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})


def web_client(token: SecretStr, api_url: str | None, **options: Any) -> AsyncWebClient:
    """A Web API client; GIGWATCH_SLACK_API_URL points it at a proxy or a fake."""
    base = (api_url or DEFAULT_API_URL).rstrip("/") + "/"
    return AsyncWebClient(token=token.get_secret_value(), base_url=base, **options)


def build_app(core: Core, settings: Settings) -> SlackApp:
    """The bolt app wired to `core`, nothing started or connected (HTTP mode serves `handle`)."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    return SlackApp(core, web_client(settings.slack_bot_token, settings.slack_api_url), secret)


def classify(exc: SlackApiError, now: datetime, *, channel: bool = False) -> DeliveryError:
    """A Web API failure in the dispatcher's terms: wait, retry, or give up and tell the user why
    (`channel`: the post was for a channel, not a user's DM)."""
    response = exc.response
    status = int(getattr(response, "status_code", None) or getattr(response, "status", 0) or 0)
    data = getattr(response, "data", None)
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    if status == 429 or code == "ratelimited":
        # chat.postMessage is limited per channel: unless Slack says it is global, pace this DM only.
        headers = getattr(response, "headers", None) or {}
        return RateLimited.from_response(headers, data, now=now, default=DEFAULT_RETRY_AFTER)
    failures = CHANNEL_FAILURES if channel else DM_FAILURES
    if code in failures:
        return PermanentError(failures[code], code)
    if status >= 500 or code in SLACK_TROUBLE:
        return TransientError(code or f"http {status}")
    return PermanentError(FailureCode.REJECTED, code or f"http {status}")


class SlackAdapter:
    """Started and stopped by the runtime; `send` is the dispatcher's outlet for `slack:` rows."""

    name = "slack"

    def __init__(self, settings: Settings) -> None:
        if settings.slack_bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        if settings.slack_app_token is None and settings.slack_signing_secret is None:
            raise ValueError("set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)")
        self.settings = settings
        self.mode = "socket" if settings.slack_app_token is not None else "http"
        # No retry handlers: the dispatcher owns retries (backoff with jitter, Retry-After, a lease),
        # and a retry inside the SDK would hold the row's lease while sleeping.
        self.outlet = web_client(
            settings.slack_bot_token, settings.slack_api_url, retry_handlers=[], timeout=SEND_TIMEOUT
        )
        self.app: SlackApp | None = None
        self.clock: Clock = SystemClock()
        self._socket: AsyncSocketModeHandler | None = None
        self._routed = False

    def add_routes(self, app: web.Application) -> None:
        """HTTP mode: POST /slack/events on the runtime's server (before it starts serving)."""
        if self.mode == "http" and not self._routed:
            app.router.add_post(EVENTS_PATH, self._handle)
            self._routed = True

    async def _handle(self, request: web.Request) -> web.Response:
        if self.app is None:  # the server is up, the adapter not yet: Slack retries events later
            return web.Response(status=503)
        return await self.app.handle(request)

    async def start(self, core: Core) -> None:
        if core.web is not None:
            self.add_routes(core.web)
        if self.mode == "http" and not self._routed:
            raise RuntimeError(
                f"Slack HTTP mode needs the runtime's web app (Core.web) to serve {EVENTS_PATH}; "
                "run it under `gigwatch run`, or use Socket Mode (set SLACK_APP_TOKEN)"
            )
        app = build_app(core, self.settings)
        try:
            auth = await app.client.auth_test()
        except SlackApiError as exc:
            raise Misconfigured(f"Slack refused SLACK_BOT_TOKEN: {exc.response.get('error')}") from exc
        self.clock = core.clock
        self.app = app
        if self.mode == "socket":
            assert self.settings.slack_app_token is not None
            self._socket = AsyncSocketModeHandler(app.bolt, self.settings.slack_app_token.get_secret_value())
            await self._socket.connect_async()  # type: ignore[no-untyped-call]  # unannotated in bolt
        log.info(
            "slack adapter started",
            extra={"mode": self.mode, "team": auth.get("team_id"), "bot_user": auth.get("user_id")},
        )

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]  # unannotated in bolt
            self._socket = None
        if self.app is not None:
            await self.app.close()

    async def send(self, delivery: Delivery) -> str | None:
        """A DM (channel = the user's id) whose buttons act for that user only, or a post in a channel
        (`channel:C123` or `channel:#name`: the digest); returns its ts (the note's, when an export
        under a note follows it as a file)."""
        channel = channel_of(delivery.address)
        target = delivery.address if channel is None else channel.removeprefix("#")
        owner = delivery.address if channel is None else None
        posted: str | None = None
        try:
            for message in split_file(delivery.message) or (delivery.message,):
                if as_file(message):  # a file, in the user's DM or the channel
                    shared = await upload(self.outlet, target, message)
                    posted = posted or shared
                    continue
                response = await self.outlet.chat_postMessage(
                    channel=target,
                    text=fallback(message),
                    blocks=message_blocks(message, owner=owner, budget=POSTED_TEXT),
                    unfurl_links=False,
                    unfurl_media=False,
                )
                posted = posted or str(response["ts"])
        except SlackApiError as exc:
            raise classify(exc, self.clock.now(), channel=channel is not None) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        return posted
