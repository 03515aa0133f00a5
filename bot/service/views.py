"""Shared renderings of gigs, steps and events, used by several commands."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.vocab import Vocab, label
from bot.compose import (
    advise,
    amount_text,
    handover,
    held_rest_key,
    money,
    platform_name,
    platform_pay_by,
    stage_label,
    step_label,
    step_label_as,
    work_done_text,
)
from bot.domain.stages import Stage
from bot.domain.tracks import profile
from bot.i18n import catalog as i18n
from bot.ports import EventKind, EventRecord, GigRecord, UserRecord
from bot.schedule import last_billing, settled_by_platform


def next_step(user: UserRecord, gig: GigRecord, upcoming: tuple[datetime, str] | None) -> str:
    """ "nudge on Tue 24 Nov 09:00", or that nothing is scheduled (`upcoming`: bot.schedule.earliest)."""
    lang = user.language
    if upcoming is None:
        return i18n.t(lang, "reply.no_next_step")
    at, step = upcoming
    when = i18n.when(lang, at, user.tz)
    return i18n.t(lang, "reply.next_step", step=step_label(lang, step, gig, user.tz), when=when)


def silence_days(user: UserRecord, gig: GigRecord, now: datetime) -> int | None:
    """Whole days of the client's silence in the user's zone; None when not waiting."""
    return user.calendar.days_between(gig.waiting_since, now) if gig.waiting_since else None


def facts_lines(
    user: UserRecord,
    gig: GigRecord,
    *,
    hints: bool = True,
    now: datetime | None = None,
    bounds: frozenset[str] = frozenset(),
) -> list[str]:
    """The facts advice depends on, for `show`: fee and payments, escrow, delivery, payment terms.
    Without `hints` (an exported file), a missing fact is named without the command that records it.
    With `now`, a legal last payment day already behind while money is owed is said to have passed.
    `bounds` (Milestones.bounds) names the moments known only as "on or before" their date: an escrow
    taken as funded when the gig was added past it is not dated as if it had been recorded."""
    lang, tz = user.language, user.tz
    # Dates in the year of `now` are written short; without `now` (an exported file, read later) in full.
    today = None if now is None else now.astimezone(ZoneInfo(tz)).date()

    def dated(mark: str, day: str) -> str:
        return i18n.t(lang, "pack.date.by", when=day) if mark in bounds else day

    lines = []
    if gig.amount is not None or gig.rate is not None or gig.url:
        lines.append(
            i18n.t(
                lang,
                "reply.show_terms",
                amount=money(lang, gig, gig.amount) if gig.amount is not None else "-",
                rate=money(lang, gig, gig.rate) if gig.rate is not None else "-",
                url=gig.url or "-",
            )
        )
    if gig.hourly and gig.logged_hours is not None:  # what the hours are worth: an hourly contract's fee
        if gig.logged_hours and gig.rate is not None and gig.worth is not None:
            hours, rate, worth = (
                f"{gig.logged_hours:g}",
                money(lang, gig, gig.rate),
                money(lang, gig, gig.worth),
            )
            lines.append(i18n.t(lang, "fact.hours", hours=hours, rate=rate, worth=worth))
        else:
            lines.append(i18n.t(lang, "fact.no_hours_hint" if hints else "fact.no_hours", gig=gig.number))
    if profile(gig.platform).escrow:  # named as the platform names the payment (a purchase on Coconala)
        # A finished hourly contract bills no new week: its billing line says what is left to come, if any
        # (the hours read; nothing once they are paid for, or none were logged).
        billed = gig.hourly and (gig.owed == 0 or gig.hours_unlogged)
        facts = gig.situation().facts(covered=billed)
        if gig.funded_at is not None:
            funded = advise(
                lang,
                "fact",
                facts,
                "funded",
                when=dated("funded", i18n.day(lang, gig.funded_at, tz, now=now)),
            )
        else:
            funded = advise(lang, "fact", facts, "unfunded")
        assert funded is not None
        lines.append(funded)
    # Coconala's buyer pays at purchase: no payment date to record, no Act's 60 days to count
    settled = profile(gig.platform).settles_payment or gig.billed_by_platform
    # The platform's own clock settled it (Upwork released the milestone): as `/gig money` says, no client
    # owes it, so no Act's day is counted and no payment date asked for.
    matters = _payment_date_matters(gig) and (now is None or settled_by_platform(user, gig, now) is None)
    if (delivered := gig.delivery_day(tz)) is not None:
        # Paid in full, or released to the platform balance: no payment is to come by the Act's day.
        payday = gig.act_payment_day(tz) if matters else None
        late = now is not None and not gig.closed and gig.payment_overdue(tz, now)
        lines.append(
            advise(
                lang,
                "fact",
                gig.situation_in(tz).facts(),  # the Act's day only if it binds the client
                "delivered_late" if late else "delivered",
                when=dated("delivered", i18n.short_date(lang, delivered, today=today)),
                payday=i18n.date(lang, payday),
            )
            or ""
            if payday
            else i18n.t(
                lang,
                # hours billed; a platform's own word for the handing over (Upwork: submitted)
                "fact.finished_on"
                if gig.billed_by_platform
                else i18n.own_key(lang, "fact.delivered_on", gig.platform),
                when=dated("delivered", i18n.short_date(lang, delivered, today=today)),
            )
        )
    if gig.pay_by is None and settled:
        billing = last_billing(user, gig, now)  # a finished hourly contract: the day of its last hours
        if billing is not None and not (gig.owing and gig.owed):
            billing = replace(billing, late=False)  # paid: the day stands, nothing is late
        lines.append(i18n.t(lang, "fact.pay_by_platform", when=platform_pay_by(lang, gig, billing)))
    elif gig.pay_by is None:
        # A payment date matters only while a payment may still come under it: not once the escrow went
        # back to the client or was released to the worker, nor on a contract that ended owing nothing,
        # nor for the work done before an early end, which has no legal day to count from. Such a gig
        # is not asked for a date it can no longer use.
        if matters:
            unset = "fact.pay_by_unset" if hints else "fact.pay_by_unknown"
            lines.append(i18n.t(lang, unset, gig=gig.number))
    elif gig.pay_by.date is None:
        # the day handed over (an hourly contract's: the day its work was finished)
        lines.append(i18n.t(lang, "fact.pay_by_none", **handover(lang, gig.platform, gig.hourly)))
    else:
        lines.append(i18n.t(lang, "fact.pay_by", when=i18n.date(lang, gig.pay_by.date)))
    if gig.paid_amount and gig.escrow_refunded:
        # The rest of the escrow went back to the client: nothing is owed, and the line says why.
        paid, refunded = money(lang, gig, gig.received), gig.refunded
        if refunded is None:
            lines.append(i18n.t(lang, "fact.paid_refunded_rest", paid=paid))
        else:
            lines.append(i18n.t(lang, "fact.paid_refunded", paid=paid, refunded=money(lang, gig, refunded)))
    elif gig.paid_amount and gig.ended_early and not gig.billed_by_platform:
        # Ended before delivery: owed is the work done, not the fee, or it is still to agree.
        paid = money(lang, gig, gig.received)
        if gig.owed is None:
            lines.append(i18n.t(lang, "fact.paid_agree", paid=paid))
        else:
            rest, work = money(lang, gig, gig.owed), work_done_text(lang, gig)
            lines.append(i18n.t(lang, "fact.paid_done", paid=paid, owed=rest, work=work))
    elif gig.paid_amount and (released := gig.released_rest) is not None:
        # The acceptance released the rest of the escrow to the platform balance: nothing is owed.
        key = i18n.own_key(lang, "fact.paid_released", gig.platform)
        platform = platform_name(lang, gig.platform)
        lines.append(
            i18n.t(
                lang,
                key,
                paid=money(lang, gig, gig.paid_amount),
                released=money(lang, gig, released),
                platform=platform,
            )
        )
    elif gig.paid_amount and gig.escrow_holds and (held := gig.owed):
        # The rest is in the funded escrow: the client paid it in, the platform holds it until it is
        # released (as the evidence pack says), so it is named as held, not as the client's debt.
        # Before the delivery, a part payment means milestones: the next may not be funded (`held_rest_key`).
        key = held_rest_key(lang, "fact.paid_held", gig)
        platform = platform_name(lang, gig.platform)
        paid, rest = money(lang, gig, gig.received), money(lang, gig, held)
        lines.append(i18n.t(lang, key, paid=paid, held=rest, platform=platform))
    elif gig.paid_amount:
        # What came in: the whole fee once it is paid in full, not only the parts recorded before.
        owed = None if gig.refund_unsettled else gig.owed  # in question: the next line says why
        lines.append(
            i18n.t(
                lang,
                "fact.paid",
                paid=money(lang, gig, gig.received),
                owed=money(lang, gig, owed) if owed is not None else "-",
            )
        )
    if gig.refund_unsettled:  # the escrow may have gone back: say so rather than count the fee as owed
        # Before a delivery nothing can be accepted, approved or released: the request ended the contract,
        # or the work goes on to a delivery. Each platform names its own request (Coconala: a cancellation).
        name = "refund_unsettled" if gig.delivered_at is not None else "refund_unsettled_undelivered"
        key = i18n.own_key(lang, f"fact.{name}", gig.platform)
        lines.append(i18n.t(lang, key, client=gig.client, gig=gig.number))
    return lines


def _payment_date_matters(gig: GigRecord) -> bool:
    """Whether `show` asks for the agreed payment date: while the contract is open (the Act counts from
    it once the work is delivered), and after an end only for delivered work still owed (its legal day
    counts from that date). A withdrawn offer, an escrow released or refunded, a gig paid, and work ended
    before its delivery (no legal day to count) have no use for it."""
    if not gig.closed:
        return True
    return gig.stage is Stage.TERMINATED and gig.delivered_at is not None and bool(gig.owed)


# Event data whose values are codes with a name in the catalogs: data key -> catalog table.
_NAMED_VALUES = {"request": "request", "reason": "reason"}
# ... and lists of such codes, named one by one.
_NAMED_LISTS = {"items": "term"}
_STAGES = ("stage", "from", "to")
# The data keys whose values are worded before they are shown (besides an event's step).
# Events a `since:` can date before the moment they were recorded.
_DATED = frozenset({EventKind.CREATED, EventKind.STAGE})
_WORDED = frozenset({*_NAMED_VALUES, *_NAMED_LISTS, "amount", "fields", *_STAGES})


@cache
def event_form(lang: str, kind: str, platform: str = "") -> tuple[str, tuple[str, ...]]:
    """The text of an event kind and its placeholders, in the platform's own words where it has them
    (Coconala's buyer replied), looked up once for a timeline of thousands (a text without placeholders
    already filled)."""
    text = i18n.template(lang, i18n.own_key(lang, f"event.{kind}", platform))
    names = tuple(i18n.placeholders(text))
    return (text, names) if names else (i18n.fill(text, {}), names)


def event_text(lang: str, event: EventRecord, gig: GigRecord, tz: str, *, stored_times: bool = False) -> str:
    """One timeline line in words; unknown data keys are ignored, missing ones read empty. Stages and
    steps are named as the gig's situation calls them for its owner in the zone `tz` (no "escrow" for a
    direct client, the Act's day only if it binds a client abroad), and the other side as its platform
    does; a deadline as people write a time in `tz` (as stored, an ISO instant with its offset, with
    `stored_times`: the timeline export's)."""
    data = event.data
    # Re-entering a waiting stage (delivered again after a revision) is no change of stage.
    again = (
        event.kind == EventKind.STAGE and data.get("from") is not None and data.get("from") == data.get("to")
    )
    text, names = event_form(lang, "stage_again" if again else event.kind, gig.platform)
    if event.step or not _WORDED.isdisjoint(data):
        data = _worded(lang, event, gig, tz, stored_times=stored_times)
    if isinstance(data.get("hours"), float):  # 2 hours, not 2.0
        data = {**data, "hours": f"{data['hours']:g}"}
    if names:
        text = i18n.fill(text, {k: data.get(k, "") for k in names})
    dated = _dated(lang, event, tz)
    if dated is not None:
        text = i18n.t(lang, f"event.{event.kind}_as_of", text=text, since=dated)
    note = data.get("note")
    return f"{text} — {i18n.literal(note)}" if note else text


def _dated(lang: str, event: EventRecord, tz: str) -> str | None:
    """The day a gig was added at, or moved to, its stage by a backdated `since:` (funded or delivered
    weeks before the command said so), when it is not the day the event was recorded: the evidence must
    keep when it happened, not only when it was typed. None otherwise."""
    since = event.data.get("since")
    if event.kind not in _DATED or not isinstance(since, str):
        return None
    zone = ZoneInfo(tz)
    day = datetime.fromisoformat(since).astimezone(zone).date()
    return None if day == event.at.astimezone(zone).date() else i18n.date(lang, day)


def _worded(lang: str, event: EventRecord, gig: GigRecord, tz: str, *, stored_times: bool) -> dict[str, Any]:
    """The event's data with its codes named in `lang`."""
    data: dict[str, Any] = dict(event.data)
    if not stored_times and isinstance(deadline := data.get("deadline"), str):
        with suppress(ValueError):  # a client request's deadline to answer
            data["deadline"] = i18n.when(lang, datetime.fromisoformat(deadline), tz)
    if event.step:
        # Named as it was when said (a wording recorded with it), else as the gig's situation names it now.
        wording = data.get("label")
        data["step"] = (
            step_label_as(lang, event.step, wording)
            if isinstance(wording, str)
            else step_label(lang, event.step, gig, tz)
        )
        if "joined" in data:  # steps of other tracks said in the same message (bot.schedule: _join)
            joined = [step_label(lang, s, gig, tz) for s in str(data["joined"]).split(",")]
            data["step"] = i18n.t(lang, "sep.list").join((data["step"], *joined))
    for key, table in _NAMED_VALUES.items():
        if key in data:
            data[key] = i18n.t(lang, f"{table}.{data[key]}")
    for key, table in _NAMED_LISTS.items():
        if isinstance(data.get(key), list):
            names = (i18n.t(lang, f"{table}.{code}") for code in data[key])
            data[key] = i18n.t(lang, "report.list_sep").join(names)
    if isinstance(data.get("amount"), int | float):
        data["amount"] = money(lang, gig, data["amount"])  # a payment, in the gig's currency
    if "fields" in data:  # what an edit changed: argument names, with the values before and after
        fields = str(data["fields"]).split(", ")
        before, after = data.get("before"), data.get("after")
        # the currency of the amounts on each side (recorded since edits could change it)
        recorded = data.get("currency")
        spent: dict[str, str] = recorded if isinstance(recorded, dict) else {}
        if isinstance(before, dict) and isinstance(after, dict):
            data["fields"] = i18n.t(lang, "event.edited_sep").join(
                i18n.t(
                    lang,
                    "event.edited_field",
                    field=i18n.t(lang, f"argname.{f}"),
                    before=_edited_value(lang, gig, f, before.get(f), spent.get("before")),
                    after=_edited_value(lang, gig, f, after.get(f), spent.get("after")),
                )
                for f in fields
            )
        else:  # recorded before edits kept their values
            data["fields"] = i18n.t(lang, "sep.list").join(i18n.t(lang, f"argname.{f}") for f in fields)
    for key in _STAGES:
        if key in data:
            data[key] = stage_label(lang, gig, data[key])
    return data


def _edited_value(
    lang: str, gig: GigRecord | None, field: str, value: Any, currency: str | None = None
) -> str:
    """A value an edit replaced or set, as `show` words it: a platform by name, an amount as money in
    the currency it had on that side of the edit (`currency`, else the gig's), a currency by name (the
    platform's when none was given), a draft language by name, what was typed in quotes."""
    if field == "currency" and (value or currency):
        return i18n.t(lang, f"currency.{value or currency}")
    if value is None or value == "":
        return i18n.t(lang, "event.edited_none")
    if field == "platform":
        return platform_name(lang, str(value))
    if field in ("amount", "rate") and isinstance(value, int | float):
        if currency:
            return amount_text(lang, currency, value)
        if gig is not None:
            return money(lang, gig, value)
    if field == "lang":
        return label(Vocab.LANG, str(value), lang)
    return i18n.t(lang, "event.edited_text", value=i18n.literal(str(value)))
