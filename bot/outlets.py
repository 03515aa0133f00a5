"""Outlets: how the core reaches a platform. An Outlet sends one Delivery (a rendered message to an
address) and says how it went; the addresses it reads, the routes replies take, and its failures.

An outlet returns the platform's message id, or raises one of the errors below; the dispatcher
decides what happens next (retry later, wait out a rate limit, or record a failure for good).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, Protocol

from bot.messages import Message

# An address naming a channel (`channel:C123`, `channel:#freelance`); any other address is a user, reached
# by a direct message. Every outlet reads addresses this way.
CHANNEL = "channel:"


def channel_of(address: str) -> str | None:
    """The channel an address names (an id, or `#name`), or None for a user's DM."""
    return address.removeprefix(CHANNEL) if address.startswith(CHANNEL) else None


def channel_label(address: str) -> str:
    """How texts name the channel: `#name`, or the mention `<#ID>` that Slack and Discord both render."""
    channel = channel_of(address) or address
    return channel if channel.startswith("#") else f"<#{channel}>"


class Route(StrEnum):
    """How a command's replies reached the user first (stored as the outbox row's `reply_to`): the
    dispatcher only takes a reply that this route failed to deliver, after a grace period."""

    INLINE = "inline"  # in the interaction itself (an ephemeral message, a slash command's response)
    CONSOLE = "console"  # printed by the console
    SIMULATOR = "sim"  # printed by the simulator


@dataclass(frozen=True, slots=True)
class Delivery:
    outbox_id: int
    workspace: str
    address: str  # a user id for DMs, or a channel (`channel:<id or #name>`)
    message: Message
    attempt: int
    reply_to: str | None = None


class FailureCode(StrEnum):
    """Why a message can never be delivered; the code is stored and picks the words the user reads."""

    DM_CLOSED = "dm_closed"  # the user does not accept direct messages from the bot
    ACCOUNT_GONE = "account_gone"  # the account was deleted or deactivated
    CHANNEL_GONE = "channel_gone"  # the channel was deleted or archived, or the bot was removed
    FORBIDDEN = "forbidden"  # the bot lacks a permission it needs to post there
    NOT_MEMBER = "not_member"  # the bot is not in the channel (never invited), or cannot see it
    REJECTED = "rejected"  # the platform refused the message itself (too long, malformed)
    GAVE_UP = "gave_up"  # temporary failures went on past the attempt limit


def failure_reason_key(code: str | None) -> str:
    """The catalog key that explains a stored failure code to the user."""
    known = code in {c.value for c in FailureCode}
    return f"delivery_reason.{code if known else 'other'}"


class DeliveryError(Exception):
    """Base of what an outlet may raise instead of returning a platform message id."""


class RateLimited(DeliveryError):
    """The platform said "not before `retry_after` seconds" (for this channel, or for everything)."""

    def __init__(self, retry_after: float, *, whole_outlet: bool = False) -> None:
        super().__init__(f"rate limited for {retry_after:.1f}s")
        self.retry_after = max(0.0, retry_after)
        self.whole_outlet = whole_outlet

    @classmethod
    def from_response(
        cls, headers: Mapping[str, str], body: object, *, now: datetime, default: float = 1.0
    ) -> RateLimited:
        """Read a 429 the way Slack and Discord send it.

        The wait comes from the `Retry-After` header (seconds or an HTTP date) or the body's
        `retry_after`, whichever is longer; `X-RateLimit-Global`, `X-RateLimit-Scope: global` or a
        body with `"global": true` means the whole outlet must wait, not just this channel.
        """
        lowered = {k.lower(): v for k, v in headers.items()}
        data = _json_object(body)
        waits = [w for w in (_retry_after_header(lowered.get("retry-after"), now), _number(data)) if w]
        is_global = (
            lowered.get("x-ratelimit-global", "").lower() == "true"
            or lowered.get("x-ratelimit-scope", "").lower() == "global"
            or data.get("global") is True
        )
        return cls(max(waits) if waits else default, whole_outlet=is_global)


class TransientError(DeliveryError):
    """Worth retrying later: a 5xx, a timeout, a dropped connection. `retry_after` is a floor, if given."""

    def __init__(self, detail: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class PermanentError(DeliveryError):
    """Retrying cannot help (DMs closed, account gone); `code`, a FailureCode, picks what the user reads."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class Outlet(Protocol):
    """One connected platform. `name` is the workspace prefix it owns (`slack`, `discord`, `console`)."""

    name: str

    async def send(self, delivery: Delivery) -> str | None:
        """Send; return the platform's message id (or None), or raise a DeliveryError."""
        ...


def _json_object(body: object) -> dict[str, Any]:
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body)
        except ValueError:
            return {}
    return dict(body) if isinstance(body, Mapping) else {}


def _number(data: Mapping[str, Any]) -> float | None:
    value = data.get("retry_after")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _retry_after_header(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return (parsedate_to_datetime(value) - now).total_seconds()
    except (TypeError, ValueError):
        return None
