"""The community repository methods against a real database (SQLite, and PostgreSQL when configured):
reports, digests, the user's own deadline steps, workspace-wide reads, and forgetting a reporter."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.domain.stages import Stage
from bot.domain.tracks import PlannedStep
from bot.ports import DigestRecord, EventRecord, GigRecord, ReportRecord, UserRecord
from storage import SqlStore
from storage.schema import pending_steps, reports
from tests.conftest import START

H = timedelta(hours=1)


async def new_user(store: SqlStore, name: str, workspace: str = "slack:T1") -> UserRecord:
    async with store.transaction() as tx:
        return await tx.create_user(UserRecord(0, workspace, name, name), START)


async def new_gig(store: SqlStore, user: UserRecord, client: str = "ACME", **fields: object) -> GigRecord:
    values: dict[str, object] = {"stage": Stage.CONTRACTED, "waiting_since": START}
    values.update(fields)
    gig = GigRecord(
        id=0,
        user_id=user.id,
        number=0,
        title="LP",
        client=client,
        platform="crowdworks",
        created_at=START,
        stage_since=START,
        **values,  # type: ignore[arg-type]
    )
    async with store.transaction() as tx:
        return await tx.create_gig(gig)


def a_report(
    user: UserRecord, reason: str, key: str = "acme", label: str = "ACME", **fields: object
) -> ReportRecord:
    values: dict[str, object] = {"created_at": START}
    values.update(fields)
    return ReportRecord(0, user.workspace, user.id, key, label, reason, **values)  # type: ignore[arg-type]


async def test_one_report_per_member_client_and_reason(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    async with store.transaction() as tx:
        first = await tx.add_report(a_report(alice, "ghosted"))
        again = await tx.add_report(a_report(alice, "ghosted", label="acme inc"))
        other_reason = await tx.add_report(a_report(alice, "unpaid"))
        assert first is not None
        assert other_reason is not None
        assert again is None
    # the duplicate did not spoil the transaction: everything else committed
    async with store.transaction() as tx:
        assert await tx.reports_since(alice.id, START) == 2
        assert await tx.reports_since(alice.id, START + H) == 0


async def test_client_summaries_count_distinct_members(store: SqlStore) -> None:
    alice, bob, carol = [await new_user(store, n) for n in ("alice", "bob", "carol")]
    outsider = await new_user(store, "dave", workspace="discord:9")
    async with store.transaction() as tx:
        await tx.add_report(a_report(alice, "ghosted", label="ACME Inc."))
        await tx.add_report(a_report(alice, "unpaid", created_at=START + H))
        await tx.add_report(a_report(bob, "ghosted", label="ａｃｍｅ", created_at=START + 2 * H))
        await tx.add_report(a_report(carol, "scam", key="globex", label="Globex"))
        await tx.add_report(a_report(outsider, "scam", label="ACME"))
    async with store.transaction() as tx:
        acme = await tx.client_reports("slack:T1", "acme")
        assert acme is not None
        assert (acme.label, acme.members, dict(acme.reasons)) == ("ACME Inc.", 2, {"ghosted": 2, "unpaid": 1})
        globex = await tx.client_reports("slack:T1", "globex")
        assert globex is not None
        assert globex.members == 1
        assert await tx.client_reports("slack:T1", "initech") is None
        several = await tx.reported_clients("slack:T1", 2)
        assert [c.client_key for c in several] == ["acme"]
        assert [c.client_key for c in await tx.reported_clients("slack:T1", 1)] == ["acme", "globex"]
        elsewhere = await tx.client_reports("discord:9", "acme")
        assert elsewhere is not None
        assert (elsewhere.members, dict(elsewhere.reasons)) == (1, {"scam": 1})


async def test_admins_list_and_remove_reports_of_their_workspace_only(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    outsider = await new_user(store, "dave", workspace="discord:9")
    gig = await new_gig(store, alice)
    async with store.transaction() as tx:
        mine = await tx.add_report(a_report(alice, "ghosted", gig_id=gig.id))
        await tx.add_report(a_report(alice, "scam", key="globex", label="Globex"))
        theirs = await tx.add_report(a_report(outsider, "scam"))
    assert mine is not None
    assert theirs is not None
    async with store.transaction() as tx:
        listed = await tx.reports("slack:T1", None, 50)
        assert [(r.client_key, r.reason, r.gig_id) for r in listed] == [
            ("globex", "scam", None),
            ("acme", "ghosted", gig.id),
        ]
        assert [r.reason for r in await tx.reports("slack:T1", "acme", 50)] == ["ghosted"]
        assert len(await tx.reports("slack:T1", None, 1)) == 1
        assert await tx.delete_report("slack:T1", theirs) is False
        assert await tx.delete_report("slack:T1", mine) is True
        assert await tx.delete_report("slack:T1", mine) is False
    async with store.transaction() as tx:
        assert [r.reason for r in await tx.reports("slack:T1", None, 50)] == ["scam"]
        assert len(await tx.reports("discord:9", None, 50)) == 1


async def test_digests_save_claim_advance_and_wake_the_engine(store: SqlStore) -> None:
    alice = await new_user(store, "alice")
    gig = await new_gig(store, alice)
    async with store.transaction() as tx:
        await tx.replace_pending(gig, [PlannedStep("ladder", "nudge", 1, START + 10 * H, START + 10 * H)])
    assert await store.next_due() == START + 10 * H
    async with store.transaction() as tx:
        first = await tx.save_digest(DigestRecord(0, "slack:T1", "C1", "Asia/Tokyo", "en", START + 5 * H))
        again = await tx.save_digest(DigestRecord(0, "slack:T1", "C1", "Europe/Berlin", "ja", START + 3 * H))
        await tx.save_digest(DigestRecord(0, "slack:T2", "C1", "Asia/Tokyo", "en", START + 20 * H))
        assert first.id == again.id  # one digest per channel, replaced
    assert await store.next_due() == START + 3 * H  # the digest comes before the step
    async with store.transaction() as tx:
        assert await tx.claim_due_digests(START + 2 * H, 10) == []
        [due] = await tx.claim_due_digests(START + 3 * H, 10)
        assert (due.workspace, due.channel, due.tz, due.lang, due.next_at) == (
            "slack:T1",
            "C1",
            "Europe/Berlin",
            "ja",
            START + 3 * H,
        )
        await tx.advance_digest(due.id, START + 200 * H)
    assert await store.next_due() == START + 10 * H
    async with store.transaction() as tx:
        assert await tx.delete_digest("slack:T1", "C1") is True
        assert await tx.delete_digest("slack:T1", "C1") is False
        await tx.replace_pending(gig, [])
    assert await store.next_due() == START + 20 * H
    async with store.transaction() as tx:
        assert await tx.delete_digest("slack:T2", "C1") is True
    assert await store.next_due() is None


async def test_pending_steps_of_every_track_are_replaced_together(store: SqlStore) -> None:
    """A gig's pending steps all follow from its facts: a re-plan replaces every track's at once, and
    each step keeps its track and the deadline its text names."""
    alice = await new_user(store, "alice")
    gig = await new_gig(store, alice)
    own = PlannedStep(
        "request:termination", "respond_deadline", 1, START + 20 * H, START + 20 * H, START + 44 * H
    )
    async with store.transaction() as tx:
        await tx.replace_pending(gig, [PlannedStep("ladder", "nudge", 1, START + 5 * H, START + 5 * H), own])
        await tx.replace_pending(
            gig, [PlannedStep("ladder", "platform_nudge", 2, START + 9 * H, START + 9 * H), own]
        )
        ladder, kept = (await tx.pending([gig.id]))[gig.id]  # by track, then order
        assert (ladder.track, ladder.step, ladder.deadline_at) == ("ladder", "platform_nudge", None)
        assert (kept.track, kept.step, kept.deadline_at) == (
            "request:termination",
            "respond_deadline",
            START + 44 * H,
        )
        [claimed] = await tx.claim_due(START + 9 * H, 10)
        assert [s.step for s in claimed.steps] == ["platform_nudge", "respond_deadline"]


async def test_workspace_activity_and_events(store: SqlStore) -> None:
    alice, bob = await new_user(store, "alice"), await new_user(store, "bob")
    outsider = await new_user(store, "dave", workspace="discord:9")
    a1, a2 = await new_gig(store, alice), await new_gig(store, alice, "Globex")
    b1 = await new_gig(store, bob, closed_at=START)
    o1 = await new_gig(store, outsider)
    async with store.transaction() as tx:
        await tx.add_events(
            [
                EventRecord(a1.id, alice.id, START + H, "heard", None, {"silence_seconds": 3600}),
                EventRecord(a1.id, alice.id, START, "reminder", "nudge"),
                EventRecord(a2.id, alice.id, START + 3 * H, "heard"),
                EventRecord(b1.id, bob.id, START + 2 * H, "heard", None, {"silence_seconds": 7200}),
                EventRecord(o1.id, outsider.id, START + H, "heard", None, {"silence_seconds": 1}),
            ]
        )
    async with store.transaction() as tx:
        assert await tx.workspace_activity("slack:T1") == (1, 2)
        assert await tx.workspace_activity("discord:9") == (1, 1)
        assert await tx.workspace_activity("slack:none") == (0, 0)
        heard = await tx.workspace_events("slack:T1", ("heard",), start=START + H, end=START + 3 * H)
        assert [(e.gig_id, dict(e.data)) for e in heard] == [
            (a1.id, {"silence_seconds": 3600}),
            (b1.id, {"silence_seconds": 7200}),
        ]
        reminders = await tx.workspace_events(
            "slack:T1", ("reminder",), end=START + 3 * H, gig_ids=[a1.id, b1.id]
        )
        assert [(e.gig_id, e.step) for e in reminders] == [(a1.id, "nudge")]
        assert await tx.workspace_events("slack:T1", ("reminder",), end=START + 3 * H, gig_ids=[b1.id]) == []


async def test_forgetting_a_reporter_deletes_their_reports_only(store: SqlStore) -> None:
    alice, bob = await new_user(store, "alice"), await new_user(store, "bob")
    gig = await new_gig(store, alice)
    async with store.transaction() as tx:
        await tx.add_report(a_report(alice, "ghosted", gig_id=gig.id))
        await tx.add_report(a_report(bob, "ghosted"))
        await tx.replace_pending(
            gig, [PlannedStep("request:termination", "respond_deadline", 1, START, START, START + H)]
        )
        await tx.delete_user(alice.id)
    async with store.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).select_from(reports))).scalar_one() == 1
        left = (await conn.execute(select(reports.c.user_id))).scalar_one()
        assert left == bob.id
        assert (await conn.execute(select(func.count()).select_from(pending_steps))).scalar_one() == 0
    async with store.transaction() as tx:
        acme = await tx.client_reports("slack:T1", "acme")
        assert acme is not None
        assert acme.members == 1
