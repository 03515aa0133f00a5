"""Gigs in and out as CSV: `/gig export csv` (every gig of the user with its facts) and the operator's
import of such a file (`gigwatch import`). The columns are documented in docs/export.md; an exported
file imports back to the same gigs and facts.

An import checks every row first and reports each bad one by its line number; only a file without
errors is written, all in one transaction, so nothing is ever half-imported."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.currency import currencies
from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.domain.terms import Terms
from bot.domain.tracks import PLATFORMS, profile
from bot.i18n.catalog import LANGS
from bot.inputs import clean
from bot.messages import Kind, Message
from bot.ports import EventKind, EventRecord, GigRecord, Store, UserRecord
from bot.schedule import reschedule
from bot.service.context import Ctx, handles

log = logging.getLogger(__name__)

COLUMNS = (
    "number",
    "title",
    "client",
    "platform",
    "stage",
    "currency",
    "lang",
    "amount",
    "rate",
    "paid",
    "url",
    "created_at",
    "stage_since",
    "waiting_since",
    "funded_at",
    "delivered_at",
    "closed_at",
    "pay_by",
    "work",
    "deliver_by",
    "inspect_by",
    "method",
    "place",
)
EXPORT_FILE = "gigs"  # gigwatch-gigs.csv
# Longest text per column, as the grammar allows when the user types them.
TEXT_MAX = {"title": 200, "client": 100, "url": 500, "work": 300, "method": 100, "place": 200}
_FORMULA = ("=", "+", "-", "@", "'")


def _cell(text: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: such text (and text that already
    starts with the quote) is written after a quote, which the import takes off again."""
    return "'" + text if text.startswith(_FORMULA) else text


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".")


def gigs_csv(user: UserRecord, gigs: list[GigRecord]) -> str:
    """Every gig with its facts, instants in the user's zone with their offset."""
    zone = ZoneInfo(user.tz)

    def at(t: datetime | None) -> str:
        return t.astimezone(zone).isoformat(timespec="seconds") if t else ""

    def day(d: date | None) -> str:
        return d.isoformat() if d else ""

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for g in gigs:
        t = g.terms
        writer.writerow(
            [
                g.number,
                _cell(g.title),
                _cell(g.client),
                g.platform,
                g.stage.value,
                g.fee_currency,
                g.lang or "",
                _number(g.amount),
                _number(g.rate),
                _number(g.received),  # the whole fee once paid in full, as the timeline says
                _cell(g.url or ""),
                at(g.created_at),
                at(g.stage_since),
                at(g.waiting_since),
                at(g.funded_at),
                at(g.delivered_at),
                at(g.closed_at),
                "" if g.pay_by is None else str(g.pay_by),
                _cell(t.work or ""),
                day(t.deliver_by),
                day(t.inspect_by),
                _cell(t.method or ""),
                _cell(t.place or ""),
            ]
        )
    return buf.getvalue()


@handles("export")
async def export(ctx: Ctx, a: Mapping[str, Any]) -> None:
    # an hourly gig paid in full received its logged hours at its rate: they are read to say so
    gigs = [await ctx.with_hours(g) for g in await ctx.tx.gigs(ctx.user.id, include_closed=True)]
    body = gigs_csv(ctx.user, gigs)
    extra = {"format": a["format"], "file": EXPORT_FILE}
    ctx.replies.append(Message(kind=Kind.REPLY, lang=ctx.lang, body=body, extra=extra))


class RowError(ValueError):
    """One bad cell of one row, in words for the operator."""


@dataclass(slots=True)
class ImportReport:
    """What an import did: the gigs it created, or every bad row (and then it created nothing)."""

    imported: int = 0
    already: int = 0  # rows that were the user's gigs already (a file imported twice), left alone
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, what is wrong)


def _text(row: Mapping[str, str], name: str, *, required: bool = False) -> str | None:
    raw = clean(row.get(name) or "").strip()
    text = raw[1:] if raw.startswith("'") else raw
    if not text:
        if required:
            raise RowError(f"{name} is empty")
        return None
    if len(text) > TEXT_MAX[name]:
        raise RowError(f"{name} is longer than {TEXT_MAX[name]} characters")
    return text


def _optional(row: Mapping[str, str], name: str, read: Callable[[str], Any]) -> Any:
    raw = (row.get(name) or "").strip()
    if not raw:
        return None
    try:
        return read(raw)
    except ValueError:
        raise RowError(f"{name} {raw[:40]!r} is not valid") from None


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("no offset")
    return value


def _amount(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1e12:
        raise ValueError("out of range")
    return value


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    def read(text: str) -> str:
        if text not in allowed:
            raise ValueError(text)
        return text

    return read


def _gig(row: Mapping[str, str], now: datetime) -> GigRecord:
    """One row as a gig, or RowError naming the first bad cell."""
    platform = _optional(row, "platform", _choice(PLATFORMS))
    stage = _optional(row, "stage", Stage)
    created = _optional(row, "created_at", _instant)
    since = _optional(row, "stage_since", _instant)
    for name, value in (
        ("platform", platform),
        ("stage", stage),
        ("created_at", created),
        ("stage_since", since),
    ):
        if value is None:
            raise RowError(f"{name} is empty")
    instants = {
        n: _optional(row, n, _instant) for n in ("waiting_since", "funded_at", "delivered_at", "closed_at")
    }
    if any(t > now for t in (created, since, *instants.values()) if t is not None):
        raise RowError("a time is in the future")
    if instants["funded_at"] is not None and not profile(platform).escrow:
        raise RowError(f"funded_at is set, but {platform} holds no escrow")
    return GigRecord(
        id=0,
        user_id=0,
        number=0,
        title=_text(row, "title", required=True) or "",
        client=_text(row, "client", required=True) or "",
        platform=platform,
        stage=stage,
        created_at=created,
        stage_since=since,
        amount=_optional(row, "amount", _amount),
        rate=_optional(row, "rate", _amount),
        url=_text(row, "url"),
        paid_amount=_optional(row, "paid", _amount) or 0.0,
        pay_by=_optional(row, "pay_by", PayBy.parse),
        currency=_optional(row, "currency", _choice(currencies())),
        lang=_optional(row, "lang", _choice(LANGS)),
        terms=Terms(
            work=_text(row, "work"),
            deliver_by=_optional(row, "deliver_by", date.fromisoformat),
            inspect_by=_optional(row, "inspect_by", date.fromisoformat),
            method=_text(row, "method"),
            place=_text(row, "place"),
        ),
        # The delivery day as the file writes it (its own offset): the day the Act counts from.
        delivered_on=None if (delivered := instants["delivered_at"]) is None else delivered.date(),
        **instants,
    )


def read_gigs(text: str, now: datetime) -> tuple[list[GigRecord], list[tuple[int, str]]]:
    """The gigs of a CSV file (for no user yet), and each bad row's line number with what is wrong."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    absent = [c for c in COLUMNS if c != "number" and c not in (reader.fieldnames or ())]
    if absent:
        return [], [(1, f"missing columns: {', '.join(absent)}")]
    gigs, errors = [], []
    for row in reader:
        try:
            gigs.append(_gig(row, now))
        except RowError as exc:
            errors.append((reader.line_num, str(exc)))
    return gigs, errors


async def import_gigs(
    store: Store, now: datetime, workspace: str, external_id: str, text: str
) -> ImportReport:
    """Import a CSV file for one user (created if new): all its gigs, or none if any row is bad."""
    gigs, errors = read_gigs(text, now)
    if errors:
        return ImportReport(errors=errors)
    async with store.transaction() as tx:
        user = await tx.user(workspace, external_id)
        if user is None:
            user = await tx.create_user(UserRecord(id=0, workspace=workspace, external_id=external_id), now)
        # A gig is the same when its title, client, platform and creation instant are: importing a file
        # twice, or one exported from this bot again, must not double the user's gigs and reminders.
        have = {_identity(g) for g in await tx.gigs(user.id, include_closed=True)}
        fresh = [g for g in gigs if _identity(g) not in have]
        for record in fresh:
            record.user_id = user.id
            gig = await tx.create_gig(record)
            await tx.add_event(EventRecord(gig.id, user.id, now, EventKind.IMPORTED))
            await reschedule(tx, user, gig, now)
    log.info(
        "gigs imported", extra={"workspace": workspace, "gigs": len(fresh), "already": len(gigs) - len(fresh)}
    )
    return ImportReport(imported=len(fresh), already=len(gigs) - len(fresh))


def _identity(gig: GigRecord) -> tuple[str, str, str, datetime]:
    return gig.title, gig.client, gig.platform, gig.created_at
