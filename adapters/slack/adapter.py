"""The Slack adapter: Socket Mode or HTTP mode for what users do, and the dispatcher's outlet for DMs.

Socket Mode (SLACK_APP_TOKEN) needs no public URL. HTTP mode (SLACK_SIGNING_SECRET) adds
POST /slack/events to the runtime's web app, where bolt verifies each request's signature and age.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.base import Core
from adapters.settings import Settings
from adapters.slack.app import EVENTS_PATH, SlackApp
from adapters.slack.render import fallback, message_blocks
from bot.delivery import Delivery, DeliveryError, PermanentError, RateLimited, TransientError

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
DM_CLOSED = frozenset({"cannot_dm_bot", "channel_not_found", "not_in_channel", "is_archived"})
USER_GONE = frozenset({"user_not_found", "account_inactive", "user_disabled"})
SLACK_TROUBLE = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})
DEFAULT_RETRY_AFTER = 30.0


def web_client(token: SecretStr, api_url: str | None, **options: Any) -> AsyncWebClient:
    """A Web API client; GIGWATCH_SLACK_API_URL points it at a proxy or a fake."""
    base = (api_url or DEFAULT_API_URL).rstrip("/") + "/"
    return AsyncWebClient(token=token.get_secret_value(), base_url=base, **options)


def build_app(core: Core, settings: Settings) -> SlackApp:
    """The bolt app wired to `core`, nothing started: HTTP mode serves `app.handle`, tests too."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    return SlackApp(core, web_client(settings.slack_bot_token, settings.slack_api_url), secret)


def classify(exc: SlackApiError) -> DeliveryError:
    """A Web API failure as the dispatcher's vocabulary: wait, retry, or give up (and tell the user)."""
    response = exc.response
    status = int(getattr(response, "status_code", None) or getattr(response, "status", 0) or 0)
    data = getattr(response, "data", None)
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    if status == 429 or code == "ratelimited":
        headers = getattr(response, "headers", None) or {}
        try:
            retry_after = float(headers.get("Retry-After", DEFAULT_RETRY_AFTER))
        except (TypeError, ValueError):
            retry_after = DEFAULT_RETRY_AFTER
        return RateLimited(retry_after)  # chat.postMessage is limited per channel: pace this DM only
    if code in DM_CLOSED:
        return PermanentError("dm_closed", code)
    if code in USER_GONE:
        return PermanentError("user_gone", code)
    if status >= 500 or code in SLACK_TROUBLE:
        return TransientError(code or f"http {status}")
    return PermanentError("rejected", code or f"http {status}")


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
        # No retry handlers: the dispatcher owns retries, with backoff, Retry-After and a lease.
        self.outlet = web_client(
            settings.slack_bot_token, settings.slack_api_url, retry_handlers=[], timeout=15
        )
        self.app: SlackApp | None = None
        self._socket: AsyncSocketModeHandler | None = None

    async def start(self, core: Core) -> None:
        if self.mode == "http" and core.web is None:
            raise RuntimeError(
                "Slack HTTP mode needs the runtime's web app (Core.web) to serve "
                f"{EVENTS_PATH}; set GIGWATCH_HTTP_PORT or use Socket Mode (SLACK_APP_TOKEN)"
            )
        app = build_app(core, self.settings)
        try:
            auth = await app.client.auth_test()
        except SlackApiError as exc:
            raise RuntimeError(f"Slack refused SLACK_BOT_TOKEN: {exc.response.get('error')}") from exc
        self.app = app
        if self.mode == "socket":
            assert self.settings.slack_app_token is not None
            self._socket = AsyncSocketModeHandler(app.bolt, self.settings.slack_app_token.get_secret_value())
            await self._socket.connect_async()  # type: ignore[no-untyped-call]  # bolt leaves it unannotated
        else:
            assert core.web is not None
            core.web.router.add_post(EVENTS_PATH, app.handle)
        log.info(
            "slack adapter started",
            extra={"mode": self.mode, "team": auth.get("team_id"), "bot_user": auth.get("user_id")},
        )

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        if self.app is not None:
            await self.app.close()

    async def send(self, delivery: Delivery) -> str | None:
        """A DM to the user (channel = their user id), buttons acting for them only; returns the ts."""
        message = delivery.message
        try:
            response = await self.outlet.chat_postMessage(
                channel=delivery.address,
                text=fallback(message),
                blocks=message_blocks(message, owner=delivery.address),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            raise classify(exc) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        return str(response["ts"])
