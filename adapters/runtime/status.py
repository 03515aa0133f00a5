"""`gigwatch status`: what the database says, whether or not a bot is running."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import catalog as i18n
from storage import open_store
from storage.database import safe_url
from storage.repository import StoreStatus


async def read_status(database_url: str) -> StoreStatus:
    store = await open_store(database_url)
    try:
        return await store.status()
    finally:
        await store.engine.dispose()


def as_json(status: StoreStatus, database_url: str) -> dict[str, Any]:
    def iso(t: datetime | None) -> str | None:
        return t.isoformat() if t is not None else None

    return {
        "database": safe_url(database_url),
        "open_gigs": status.open_gigs,
        "pending_steps": status.pending_steps,
        "next_due": iso(status.next_due),
        "outbox_pending": status.outbox_pending,
        "outbox_sending": status.outbox_sending,
        "next_outbox_due": iso(status.next_outbox_due),
        "failed": status.failed,
        "failed_unseen": status.failed_unseen,
    }


def as_text(status: StoreStatus, database_url: str, lang: str, tz: str) -> str:
    def when(t: datetime | None) -> str:
        return t.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds") if t else i18n.t(lang, "status.never")

    return "\n".join(
        (
            i18n.t(lang, "status.title", database=safe_url(database_url)),
            i18n.t(lang, "status.gigs", count=status.open_gigs),
            i18n.t(lang, "status.steps", count=status.pending_steps, next=when(status.next_due)),
            i18n.t(
                lang,
                "status.outbox",
                pending=status.outbox_pending,
                sending=status.outbox_sending,
                next=when(status.next_outbox_due),
            ),
            i18n.t(lang, "status.failures", failed=status.failed, unseen=status.failed_unseen),
        )
    )
