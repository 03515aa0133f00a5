"""The adapters' delivery side (hubot-style, small): an Outlet sends one message and says how it went."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.messages import Message


@dataclass(frozen=True, slots=True)
class Delivery:
    outbox_id: int
    workspace: str
    address: str  # a user id for DMs, or a channel id
    message: Message
    attempt: int
    reply_to: str | None = None


class DeliveryError(Exception):
    """Base of what an outlet may raise instead of returning a platform message id."""


class RateLimited(DeliveryError):
    """The platform said "not before `retry_after` seconds" (for this channel, or for everything)."""

    def __init__(self, retry_after: float, *, whole_outlet: bool = False) -> None:
        super().__init__(f"rate limited for {retry_after:.1f}s")
        self.retry_after = retry_after
        self.whole_outlet = whole_outlet


class TransientError(DeliveryError):
    """Worth retrying later: a 5xx, a timeout, a dropped connection."""


class PermanentError(DeliveryError):
    """Retrying cannot help: DMs closed, account gone. `code` picks the words the user reads."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class Outlet(Protocol):
    """One connected platform. `name` is the workspace prefix it owns (`slack`, `discord`, `console`)."""

    name: str

    async def send(self, delivery: Delivery) -> str | None:
        """Send; return the platform's message id (or None), or raise a DeliveryError."""
        ...
