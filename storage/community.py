"""Repository methods of protection and community: reports, digests and the
workspace-wide reads the digest needs. A mixin of SqlTransaction, on its connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, distinct, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import epoch, utc_from_epoch
from bot.ports import ClientReports, DigestRecord, EventKind, EventRecord, OutboxStatus, ReportRecord
from storage.rows import EVENT_COLUMNS, event_records
from storage.schema import digests, events, gigs, outbox, reports, users


def _summary(by_client: bool) -> Select[Any]:
    """Each reported client's reasons, how many members gave each, and how many members reported the
    client at all (`min_members` at least), in a workspace or of one client: built once, since `/gig add`
    asks for its client's every time."""
    scope = [reports.c.workspace == bindparam("workspace")]
    if by_client:
        scope.append(reports.c.client_key == bindparam("client_key"))
    members = (
        select(reports.c.client_key, func.count(distinct(reports.c.user_id)).label("members"))
        .where(*scope)
        .group_by(reports.c.client_key)
        .having(func.count(distinct(reports.c.user_id)) >= bindparam("min_members"))
        .subquery()
    )
    return (
        select(
            reports.c.client_key,
            reports.c.reason,
            func.count(distinct(reports.c.user_id)).label("n"),
            func.min(reports.c.id).label("first"),
            members.c.members,
        )
        .join(members, members.c.client_key == reports.c.client_key)
        .where(*scope)
        .group_by(reports.c.client_key, reports.c.reason, members.c.members)
    )


_SUMMARIES = {by_client: _summary(by_client) for by_client in (False, True)}


def _report(r: RowMapping) -> ReportRecord:
    return ReportRecord(
        id=r["id"],
        workspace=r["workspace"],
        user_id=r["user_id"],
        client_key=r["client_key"],
        client_label=r["client_label"],
        reason=r["reason"],
        created_at=utc_from_epoch(r["created_at"]),
        gig_id=r["gig_id"],
    )


def _digest(r: RowMapping) -> DigestRecord:
    return DigestRecord(
        r["id"], r["workspace"], r["channel"], r["tz"], r["lang"], utc_from_epoch(r["next_at"]), r["user_id"]
    )


class CommunityQueries:
    """Needs `conn` and `locking` (PostgreSQL row locks), as SqlTransaction sets them."""

    conn: AsyncConnection
    locking: bool

    def _insert(self, table: Any) -> Any:
        """INSERT with the dialect's ON CONFLICT clauses: a duplicate is a no-op, not a failed transaction."""
        return (postgresql if self.conn.dialect.name == "postgresql" else sqlite).insert(table)

    # reports ---------------------------------------------------------------
    async def add_report(self, report: ReportRecord) -> int | None:
        """The new report's id, or None when the member already reported this client for this reason."""
        q = (
            self._insert(reports)
            .values(
                workspace=report.workspace,
                user_id=report.user_id,
                client_key=report.client_key,
                client_label=report.client_label,
                reason=report.reason,
                gig_id=report.gig_id,
                created_at=epoch(report.created_at),
            )
            .on_conflict_do_nothing(index_elements=["user_id", "client_key", "reason"])
            .returning(reports.c.id)
        )
        value = (await self.conn.execute(q)).scalar_one_or_none()
        return None if value is None else int(value)

    async def reports_since(self, user_id: int, since: datetime) -> int:
        q = select(func.count()).where(reports.c.user_id == user_id, reports.c.created_at >= epoch(since))
        return int((await self.conn.execute(q)).scalar_one())

    async def client_reports(self, workspace: str, client_key: str) -> ClientReports | None:
        found = await self._summaries(workspace, client_key=client_key)
        return found[0] if found else None

    async def reported_clients(self, workspace: str, min_members: int) -> list[ClientReports]:
        """Clients reported by at least `min_members` distinct members, most reported first."""
        found = await self._summaries(workspace, min_members=min_members)
        return sorted(found, key=lambda c: (-c.members, c.label))

    async def _summaries(
        self, workspace: str, *, client_key: str | None = None, min_members: int = 1
    ) -> list[ClientReports]:
        params: dict[str, Any] = {"workspace": workspace, "min_members": min_members}
        if client_key is not None:
            params["client_key"] = client_key
        q = _SUMMARIES[client_key is not None]
        rows = (await self.conn.execute(q, params)).mappings().all()
        if not rows:
            return []
        firsts = {r["first"] for r in rows}
        labels: dict[str, tuple[int, str]] = {}
        for r in (await self.conn.execute(select(reports).where(reports.c.id.in_(firsts)))).mappings():
            # The label of the client's earliest report is the one everybody reads.
            if r["client_key"] not in labels or r["id"] < labels[r["client_key"]][0]:
                labels[r["client_key"]] = (r["id"], r["client_label"])
        grouped: dict[str, dict[str, int]] = {}
        counts: dict[str, int] = {}
        for r in rows:
            grouped.setdefault(r["client_key"], {})[r["reason"]] = int(r["n"])
            counts[r["client_key"]] = int(r["members"])
        return [ClientReports(key, labels[key][1], counts[key], reasons) for key, reasons in grouped.items()]

    async def reports(self, workspace: str, client_key: str | None, limit: int) -> list[ReportRecord]:
        q = select(reports).where(reports.c.workspace == workspace).order_by(reports.c.id.desc()).limit(limit)
        if client_key is not None:
            q = q.where(reports.c.client_key == client_key)
        return [_report(r) for r in (await self.conn.execute(q)).mappings()]

    async def delete_report(self, workspace: str, report_id: int) -> bool:
        result = await self.conn.execute(
            delete(reports).where(reports.c.id == report_id, reports.c.workspace == workspace)
        )
        return bool(result.rowcount)

    # digests ---------------------------------------------------------------
    async def digest(self, workspace: str, channel: str) -> DigestRecord | None:
        q = select(digests).where(digests.c.workspace == workspace, digests.c.channel == channel)
        row = (await self.conn.execute(q)).mappings().first()
        return _digest(row) if row is not None else None

    async def channel_reached(self, workspace: str, channel: str) -> bool:
        """The latest post to the channel was delivered or is still on its way (not refused)."""
        q = (
            select(outbox.c.status)
            .where(outbox.c.workspace == workspace, outbox.c.address == channel)
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        status = (await self.conn.execute(q)).scalar()
        return status is not None and status != OutboxStatus.FAILED.value

    async def save_digest(self, digest: DigestRecord) -> DigestRecord:
        """Create or replace the digest of a channel; the channel's row keeps its id."""
        values = {
            "tz": digest.tz,
            "lang": digest.lang,
            "next_at": epoch(digest.next_at),
            "user_id": digest.user_id,
        }
        q = (
            self._insert(digests)
            .values(workspace=digest.workspace, channel=digest.channel, **values)
            .on_conflict_do_update(index_elements=["workspace", "channel"], set_=values)
            .returning(digests.c.id)
        )
        digest.id = int((await self.conn.execute(q)).scalar_one())
        return digest

    async def delete_digest(self, workspace: str, channel: str) -> bool:
        result = await self.conn.execute(
            delete(digests).where(digests.c.workspace == workspace, digests.c.channel == channel)
        )
        return bool(result.rowcount)

    async def claim_due_digests(self, now: datetime, limit: int) -> list[DigestRecord]:
        """Digests due by `now`; on PostgreSQL locked with SKIP LOCKED so no two instances post one twice."""
        q = select(digests).where(digests.c.next_at <= epoch(now)).order_by(digests.c.next_at).limit(limit)
        if self.locking:
            q = q.with_for_update(skip_locked=True)
        return [_digest(r) for r in (await self.conn.execute(q)).mappings()]

    async def advance_digest(self, digest_id: int, next_at: datetime) -> None:
        await self.conn.execute(
            update(digests).where(digests.c.id == digest_id).values(next_at=epoch(next_at))
        )

    # workspace-wide reads, for the digest ----------------------------------
    async def workspace_activity(self, workspace: str) -> tuple[int, int]:
        """(members with an open gig, open gigs) in the workspace."""
        q = (
            select(func.count(distinct(gigs.c.user_id)), func.count(gigs.c.id))
            .join(users, users.c.id == gigs.c.user_id)
            .where(users.c.workspace == workspace, gigs.c.closed_at.is_(None))
        )
        members, open_gigs = (await self.conn.execute(q)).one()
        return int(members), int(open_gigs)

    async def workspace_events(
        self,
        workspace: str,
        kinds: Sequence[EventKind],
        *,
        end: datetime,
        start: datetime | None = None,
        gig_ids: Sequence[int] | None = None,
    ) -> list[EventRecord]:
        """Events of some kinds in [start, end) across the workspace (or only of `gig_ids`), oldest first."""
        q = (
            select(*EVENT_COLUMNS)
            .join(users, users.c.id == events.c.user_id)
            .where(users.c.workspace == workspace, events.c.kind.in_(list(kinds)), events.c.at < epoch(end))
            .order_by(events.c.at, events.c.id)
        )
        if start is not None:
            q = q.where(events.c.at >= epoch(start))
        if gig_ids is not None:
            q = q.where(events.c.gig_id.in_(list(gig_ids)))
        return event_records(await self.conn.execute(q))
