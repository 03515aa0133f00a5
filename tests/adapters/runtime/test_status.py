"""`gigwatch status` reads the database: open gigs, pending steps, the outbox backlog and failures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.messages import Kind, Message
from storage import open_store
from tests.adapters.runtime.process import Bot, environment, now, seed


async def seeded(tmp_path: Path) -> str:
    db = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    first = now() + timedelta(days=1)
    await seed(db, [first, first + timedelta(hours=1)])
    store = await open_store(db)
    try:
        async with store.transaction() as tx:
            user = await tx.user("console", "me")
            assert user is not None
            note = Message(Kind.REMINDER, "en", "x", gig=1, step="nudge")
            lost = await tx.enqueue(user, note, now())
            await tx.enqueue(user, note, now() + timedelta(hours=2))
        await store.claim_outbox(now(), 10, 60)
        await store.mark_failed(lost, "dm_closed", now())
    finally:
        await store.engine.dispose()
    return db


async def test_status_as_json(tmp_path: Path) -> None:
    db = await seeded(tmp_path)
    bot = Bot(["status", "--json"], environment(db), tmp_path)
    assert bot.finish() == 0
    (status,) = bot.records()
    assert status["database"].endswith("bot.db")
    assert (status["open_gigs"], status["pending_steps"]) == (2, 10)  # five contracted steps each
    assert status["next_due"] is not None
    assert (status["outbox_pending"], status["outbox_sending"]) == (1, 0)
    assert (status["failed"], status["failed_unseen"]) == (1, 1)


async def test_status_as_text_in_the_terminals_language(tmp_path: Path) -> None:
    db = await seeded(tmp_path)
    bot = Bot(["status"], environment(db, LANG="ja_JP.UTF-8"), tmp_path)
    assert bot.finish() == 0
    text = "\n".join(line for _, line in bot.out)
    assert "進行中の案件：2件" in text
    assert "予定中のリマインダー：10件" in text
    assert "配信に失敗したメッセージ：1件（うち本人に未通知：1件）" in text
