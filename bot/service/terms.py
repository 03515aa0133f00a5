"""`/gig terms`: the written terms the Freelance Act (Art. 3) asks a business client to state, what is
still missing, and a polite request to the client for the missing items."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.times import TimeValue
from bot.compose import act_voice, gig_params, handover, money, platform_name, platform_pay_by, stage_label
from bot.domain.facts import PayBy
from bot.domain.terms import TermItem
from bot.domain.tracks import PAYMENT, carry_progress, drop_track, profile
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.ports import EventKind, EventRecord, GigRecord
from bot.schedule import reschedule
from bot.service.context import Ctx, handles
from bot.service.gigs import assumed_funded, contract_kind, same_currency
from bot.service.views import next_step

TEXT_ITEMS = (TermItem.WORK, TermItem.METHOD, TermItem.PLACE)
DATE_ITEMS = (TermItem.DELIVER_BY, TermItem.INSPECT_BY)


def _day(ctx: Ctx, value: TimeValue) -> date:
    """A date as written (`12/31`, `来月末`...), as a calendar day in the user's zone. Written without
    its year, it is the nearest such date, as the payment date is: terms are recorded around the work,
    so `inspect_by:11/30` on 1 December is the day before, not a date a year ahead."""
    return value.nearest_day(ctx.user.tz, ctx.now)


def _recorded(gig: GigRecord, item: TermItem) -> float | PayBy | date | str | None:
    """One item as stored: the fee and the payment date are facts of the gig, the rest its terms."""
    if item is TermItem.FEE:  # an hourly contract's fee is its rate
        return gig.rate if gig.hourly else gig.amount
    if item is TermItem.PAY_BY:
        return gig.pay_by
    value: date | str | None = getattr(gig.terms, item.value)
    return value


def term_value(lang: str, gig: GigRecord, item: TermItem) -> str | None:
    """One item as recorded, in words (or as the platform settles it); None when it is not recorded."""
    value = _recorded(gig, item)
    if value is None and item is TermItem.PAY_BY and gig.billed_by_platform:
        return platform_pay_by(lang, gig)  # Upwork bills an hourly contract's hours every week
    if value is None:
        return i18n.t(lang, f"terms.{gig.platform}.{item}") if _by_platform(gig, item) else None
    if isinstance(value, int | float) and item is TermItem.FEE and gig.hourly:
        return i18n.t(lang, "money.hourly", rate=money(lang, gig, value))
    if isinstance(value, int | float):
        return money(lang, gig, value)
    if isinstance(value, PayBy):
        if value.date is None:  # the day the work is handed over, in the platform's word for it
            return i18n.t(lang, "terms.no_date", **handover(lang, gig.platform, gig.hourly))
        return i18n.date(lang, value.date)
    return i18n.date(lang, value) if isinstance(value, date) else i18n.literal(value)


def _by_platform(gig: GigRecord, item: TermItem) -> bool:
    """An item the platform settles for everyone (Coconala: the buyer pays it at purchase), or for this
    gig (the payment date of an hourly contract the platform bills every week)."""
    return item.value in profile(gig.platform).platform_terms or (
        item is TermItem.PAY_BY and gig.billed_by_platform
    )


def missing(gig: GigRecord) -> list[TermItem]:
    """The items not yet recorded, in the order the request lists them; the client is never asked for
    what the platform settles."""
    return [item for item in TermItem if _recorded(gig, item) is None and not _by_platform(gig, item)]


def term_name(lang: str, gig: GigRecord, item: TermItem) -> str:
    """An item in the platform's own words where it has them (`term.coconala.inspect_by`: Coconala's
    buyer approves, nobody inspects), else the generic name."""
    return i18n.worded(lang, "term", item, gig.platform) or str(item)


def term_lines(lang: str, gig: GigRecord, key: str = "terms.item") -> list[str]:
    """Every item, recorded or not, one line each (`key`: as a reply's bullet, or a document's row)."""
    return [
        i18n.t(
            lang,
            key,
            name=term_name(lang, gig, item),
            value=term_value(lang, gig, item) or i18n.t(lang, "terms.unrecorded"),
        )
        for item in TermItem
    ]


def request_draft(lang: str, gig: GigRecord, items: list[TermItem]) -> str:
    """A polite message asking the client to state the missing items in writing; on a marketplace it
    confirms the platform's flow after them (`flow`)."""
    asked = "\n".join(i18n.t(lang, "terms.ask_item", name=_asked_name(lang, gig, item)) for item in items)
    if confirmed := flow(lang, gig):
        asked = f"{asked}\n\n{confirmed}"
    return i18n.t(lang, "terms.ask", client=gig.client, title=gig.title, items=asked)


def _asked_name(lang: str, gig: GigRecord, item: TermItem) -> str:
    """An item as the request to the client names it, in the platform's words where it has its own."""
    return i18n.worded(lang, "termask", item, gig.platform) or str(item)


def flow(lang: str, gig: GigRecord) -> str | None:
    """What a marketplace client is asked to confirm instead of how they will pay (the fee goes through
    the platform, and asking invites paying outside it): the fee held by the platform before the work
    starts, then the delivery and the acceptance on the platform (`terms.<platform>.flow*`; a direct
    client has none). Once the work is handed over, the ladder asks for the acceptance, not the terms."""
    situation = gig.situation()
    if situation.delivered or gig.closed:
        return None
    kind = "flow_hourly" if gig.hourly else "flow" if situation.funded else "flow_unfunded"
    amount = None if gig.hourly or gig.amount is None else money(lang, gig, gig.amount)
    fee = i18n.t(lang, "terms.the_fee_amount", fee=amount) if amount else i18n.t(lang, "terms.the_fee")
    return i18n.first(lang, (f"terms.{gig.platform}.{kind}",), fee=fee)


def _apply(ctx: Ctx, gig: GigRecord, a: Mapping[str, Any]) -> list[TermItem]:
    """Write the given items onto the gig; returns which were given."""
    given = [item for item in TermItem if item.value in a]
    same_currency(a, gig.fee_currency, gig, option=False)
    if "fee" in a:
        fee = float(a["fee"])
        if fee <= 0:
            raise CommandError("error.bad_value", arg="fee", value=f"{fee:g}", hint="hint.amount")
        gig.amount = fee
    if "pay_by" in a:
        value: PayBy | TimeValue = a["pay_by"]
        before = gig.last_payment_day(ctx.user.tz)
        gig.pay_by = value if isinstance(value, PayBy) else PayBy(_day(ctx, value))
        if gig.last_payment_day(ctx.user.tz) != before:
            # The legal last day moved: its reminders are planned anew. The same day again (the date
            # re-entered, or another date capped to the same day 60) sends nothing twice.
            drop_track(gig.progress, PAYMENT)
    values: dict[str, Any] = {item.value: a[item.value].strip() for item in TEXT_ITEMS if item.value in a}
    values |= {item.value: _day(ctx, a[item.value]) for item in DATE_ITEMS if item.value in a}
    terms = gig.terms.updated(values)
    if terms.deliver_by and terms.inspect_by and terms.inspect_by < terms.deliver_by:
        raise CommandError(  # in the platform's words (Upwork: the approval of a submission)
            i18n.own_key(ctx.lang, "error.inspect_before_delivery", gig.platform),
            inspect=i18n.date(ctx.lang, terms.inspect_by),
            deliver=i18n.date(ctx.lang, terms.deliver_by),
        )
    gig.terms = terms
    return given


@handles("terms")
async def terms(ctx: Ctx, a: Mapping[str, Any]) -> None:
    gig = await ctx.gig(a["id"])
    lang = ctx.lang
    if gig.closed and any(item.value in a for item in TermItem):
        raise CommandError("error.closed", id=gig.number, stage=stage_label(lang, gig))
    if "pay_by" in a and profile(gig.platform).settles_payment and gig.situation().funded:
        # A purchased Coconala order was paid at the purchase: no date to agree, nothing can be late.
        raise CommandError("error.pay_by_settled", id=gig.number, platform=platform_name(lang, gig.platform))
    hourly, before = gig.hourly, profile(gig.platform).tracks_for(gig.situation())
    given = _apply(ctx, gig, a)
    # A fee on an hourly contract makes it fixed-price: another ladder, as `/gig edit ID amount:N` makes it.
    kind, assumed = contract_kind(gig, hourly)
    if kind:
        gig.progress = carry_progress(gig.progress, before, profile(gig.platform).tracks_for(gig.situation()))
    lines: list[str] = []
    kind_lines: list[str] = []
    if given:
        await ctx.tx.save_gig(gig)
        data: dict[str, Any] = {"items": [item.value for item in given]}
        if gig.pay_by is not None and TermItem.PAY_BY in given:
            data["pay_by"] = str(gig.pay_by)
        await ctx.tx.add_event(EventRecord(gig.id, ctx.user.id, ctx.now, EventKind.TERMS_SET, None, data))
        done = await reschedule(ctx.tx, ctx.user, gig, ctx.now)
        ctx.notices.extend(done.notes)
        if kind:  # said after what was saved
            kind_lines.append(
                i18n.t(lang, kind, gig=gig.number, next=next_step(ctx.user, gig, done.upcoming))
            )
        if assumed:
            kind_lines.append(assumed_funded(lang, gig))
    if TermItem.PAY_BY in given:
        params = gig_params(ctx.user, gig, ctx.now)
        voice = act_voice(gig, ctx.user.tz)  # a client who may be abroad: the Act's day only if it binds
        if "payday" in params:
            key = i18n.own_key(lang, "reply.terms_payday", voice)
            lines.append(i18n.t(lang, key, gig=gig.number, payday=params["payday"], basis=params["basis"]))
        else:
            key = i18n.own_key(lang, "reply.terms_saved", voice)
            lines.append(i18n.t(lang, key, gig=gig.number, **handover(lang, gig.platform, gig.hourly)))
        today = ctx.now.astimezone(ZoneInfo(ctx.user.tz)).date()
        if gig.pay_by is not None and gig.pay_by.date is not None and gig.pay_by.date < today:
            # An agreed date already behind us: late now, or late from the delivery (spec section 2).
            key = "reply.terms_past_delivered" if gig.delivered_at else "reply.terms_past"
            lines.append(i18n.t(lang, key, when=i18n.date(lang, gig.pay_by.date)))
    elif given:
        lines.append(i18n.t(lang, "terms.saved", gig=gig.number))
    lines += kind_lines
    lines.append(i18n.t(lang, "terms.header", gig=gig.number, title=gig.title, client=gig.client))
    lines += term_lines(lang, gig)
    absent = missing(gig)
    abroad = gig.abroad(ctx.user.tz)  # Upwork, or direct work with the user outside Japan or a fee not in yen
    draft = None
    if absent:
        names = i18n.t(lang, "report.list_sep").join(term_name(lang, gig, item) for item in absent)
        # A client the Act may not bind is not told it "must" state them: the abroad line says why not.
        key = "terms.missing_abroad" if abroad else i18n.own_key(lang, "terms.missing", gig.platform)
        lines.append(i18n.t(lang, key, names=names))
        draft = request_draft(gig.draft_language(lang), gig, absent)
    else:
        lines.append(i18n.t(lang, "terms.complete"))
    if abroad:
        lines.append(i18n.t(lang, "terms.abroad"))
    elif note := i18n.first(lang, (f"terms.{gig.platform}.note",)):  # Coconala: many private buyers
        lines.append(note)
    ctx.reply_with_draft(gig, lines, draft)
