"""Turns domain events into localised Messages: reminders with drafts and buttons, replies, errors.

Every text that advises is chosen by the gig's situation through bot/domain/advice.toml (`advise`),
never by branches here: this module only fills placeholders and lays out parts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.clock import utc_from_epoch
from bot.commands.explain import localise
from bot.domain.advice import advice
from bot.domain.calendar import Preset, bank_closed
from bot.domain.facts import PAYMENT_DAYS, SituationKey, situation_of
from bot.domain.stages import Stage
from bot.domain.tracks import LADDER, PAYMENT, profile, track_name, untold_key, window_closes
from bot.i18n import catalog as i18n
from bot.messages import Action, Kind, Message
from bot.outlets import channel_label, failure_reason_key
from bot.ports import CatchUp, GigRecord, GigState, OutboxRecord, UserRecord
from bot.schedule import platform_settles

if TYPE_CHECKING:
    from bot.schedule import Billing


def platform_name(lang: str, platform: str) -> str:
    return i18n.t(lang, f"platform.{platform}")


# The placeholders that name the handing over of the work and the client's acceptance of it (`handover.*`
# in the catalogs), so that one text serves every platform: the noun, the past participle, that participle
# opening a sentence, the gerund; the acceptance as a noun, as a sentence saying it is done, and as the
# opening of a sentence that goes on to what is still missing.
HANDOVER_WORDS = {
    "handover": "noun",
    "handed_over": "verb",
    "Handed_over": "Verb",
    "handing_over": "gerund",
    "acceptance": "acceptance",
    "Accepted": "Accepted",
    "Accepted_but": "Accepted_but",
}


@lru_cache(maxsize=64)
def _handover(lang: str, platform: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, i18n.worded(lang, "handover", part, platform) or "") for name, part in HANDOVER_WORDS.items()
    )


def handover(lang: str, platform: str, hourly: bool = False) -> dict[str, str]:
    """The words for the handing over of the work and its acceptance, in the platform's own where it has
    them (Upwork's freelancer submits the work, 提出, and its client approves it, 承認; elsewhere it is
    delivered, 納品, and accepted, 検収): for any text that names them. An hourly contract hands nothing
    over: its work is finished (`handover.hourly`), and that day is the one the Freelance Act counts from."""
    return dict(_handover(lang, "hourly" if hourly else platform))


def stage_label(lang: str, gig: GigRecord, stage: str | None = None) -> str:
    """The stage in words that fit the situation: "escrow not funded" means nothing to a direct client."""
    return _stage_label(lang, stage or gig.stage.value, gig.situation_key())


@lru_cache(maxsize=4096)
def _stage_label(lang: str, stage: str, situation: SituationKey) -> str:
    """Worded once for each situation: `list` names the stage of every gig on its page."""
    slot = f"label.{stage}"
    if slot in advice().slots:
        text = advise(lang, slot, situation_of(situation).facts(), "text")
        if text is not None:
            return text
    return i18n.t(lang, f"stage.{stage}")


def step_label(lang: str, step: str, gig: GigState, tz: str) -> str:
    """A step's name as the gig's situation calls it for its owner in the zone `tz`, wherever it is
    shown: a direct client has no early-termination request to file, so the step is named for what the
    user does; a client who may be abroad has the Act's day named only as binding a client the Act
    reaches, as the reminders say (a `label.STEP` slot in advice.toml, like the stage labels)."""
    return _step_label(lang, step, gig.situation_key_in(tz))


def step_label_as(lang: str, step: str, wording: str) -> str:
    """A step's name in the wording recorded with it (`step_wording`)."""
    keys = (f"label.{step}.{wording}.text", f"label.{step}.text") if wording else (f"label.{step}.text",)
    return i18n.first(lang, keys) or i18n.t(lang, f"stepname.{step}")


@lru_cache(maxsize=4096)
def _step_label(lang: str, step: str, situation: SituationKey) -> str:
    """Worded once for each situation: `list`, the weekly plan and the calendar name many steps."""
    slot = f"label.{step}"
    if slot in advice().slots:
        text = advise(lang, slot, situation_of(situation).facts(), "text")
        if text is not None:
            return text
    return i18n.t(lang, f"stepname.{step}")


def money(lang: str, gig: GigRecord, value: float) -> str:
    """An amount in the gig's currency, as a person of that language writes it (80,000円, $1,200)."""
    return amount_text(lang, gig.fee_currency, value)


def deal_error(gig: GigRecord, key: str) -> str:
    """An error about the contract, in words the gig's platform has: where no contract precedes the
    purchase (Coconala, profile `contract = false`, as the evidence pack dates it) the
    `error.purchase.*` variant speaks of the purchase and the buyer."""
    return (
        key if profile(gig.platform).contract else ".".join(("error", "purchase", key.removeprefix("error.")))
    )


def held_escrow(lang: str, gig: GigRecord, owed: str) -> str:
    """What is owed for delivered work, saying what releases it where a funded escrow holds it
    (`GigRecord.escrow_holds`): the client paid it in, so it waits for their acceptance (Lancers: their
    confirmation; Upwork: their approval), not for a payment; else `owed` as it is."""
    if not gig.escrow_holds:
        return owed
    key = i18n.own_key(lang, "money.held_escrow", gig.platform)
    return i18n.t(lang, key, owed=owed, platform=platform_name(lang, gig.platform))


def held_rest_key(lang: str, key: str, gig: GigRecord) -> str:
    """The key naming the rest of a fee a funded escrow holds after a part payment (`key`, in the platform's
    own words): once the work is delivered the funded escrow holds it; before, `key_undelivered`, since a
    part paid before the delivery means a contract funded milestone by milestone, whose next milestone may
    not be funded yet. One choice for the reply to the payment and `show`, so they never disagree."""
    name = key if gig.delivered_at is not None else f"{key}_undelivered"
    return i18n.own_key(lang, name, gig.platform)


def act_voice(gig: GigRecord, tz: str) -> str:
    """Whose words name the Freelance Act's last payment day (`i18n.own_key`): `abroad` for a client who may
    be beyond the Act (GigRecord.abroad: Upwork, or direct work with the user outside Japan or a fee in
    another currency), whose texts say the day binds only a client the Act reaches; else the platform."""
    return "abroad" if gig.abroad(tz) else gig.platform


def platform_pay_by(lang: str, gig: GigRecord, billing: Billing | None = None) -> str:
    """When the gig's platform has the client pay (Coconala: at purchase; Upwork's hourly contracts: every
    week, for the hours logged), for texts that would
    otherwise name the Freelance Act's last payment day (`GigRecord.act_payment_day` is None). Once
    funded (purchased), the client has paid: the platform holds the fee until the approval, which releases
    it to the seller's balance (`escrow_released`), unless the order was cancelled (`escrow_refunded`),
    which refunded the buyer. A finished hourly contract
    (`billing`, from `last_billing`) has no more weeks to come: the day its last hours are paid, or that
    they are late."""
    if gig.billed_by_platform and billing is not None:
        key = "pay_by_hourly_late" if billing.late else "pay_by_hourly_last"
        return i18n.t(lang, f"terms.{gig.platform}.{key}", day=i18n.date(lang, billing.day))
    if gig.billed_by_platform:  # an hourly contract: the platform bills the hours every period
        return i18n.t(lang, f"terms.{gig.platform}.pay_by_hourly")
    if gig.escrow_refunded:
        return i18n.t(lang, f"terms.{gig.platform}.cancelled")
    if gig.escrow_released:  # approved: the fee left the platform's hold for the seller's balance
        return i18n.t(lang, f"terms.{gig.platform}.pay_by_released")
    return i18n.t(lang, f"terms.{gig.platform}.{'pay_by_held' if gig.situation().funded else 'pay_by'}")


def owed_text(lang: str, gig: GigRecord, unknown: str) -> str:
    """What the client still owes, for `money`, `list` and the plan: the balance of the fee or of the
    hours logged, else that an hourly contract has no hours logged yet, else its rate (hours not read;
    it has no fee to record, so no "add the amount" applies), else `unknown`."""
    if gig.owed is not None:
        return money(lang, gig, gig.owed)
    if gig.hours_unlogged:
        return i18n.t(lang, "money.no_hours", gig=gig.number, rate=money(lang, gig, gig.rate or 0))
    if gig.hourly and gig.rate is not None:
        return i18n.t(lang, "money.hourly", rate=money(lang, gig, gig.rate))
    return unknown


def work_done_text(lang: str, gig: GigRecord) -> str:
    """What the work done before an early end is worth and why (GigRecord.work_done): its hours at the
    rate, or the fee where that is less."""
    hours, rate = f"{gig.logged_hours or 0:g}", money(lang, gig, gig.rate or 0)
    done = gig.work_done or 0.0
    capped = gig.rate is not None and done < (gig.logged_hours or 0) * gig.rate
    key = "money.work_done_capped" if capped else "money.work_done"
    return i18n.t(lang, key, hours=hours, rate=rate, done=money(lang, gig, done))


class OwedKind(StrEnum):
    """What a delivered gig's money not yet received is, as a heading over its row names it."""

    OWED = "owed"  # not paid yet by the client
    SETTLED = "settled"  # the platform's own clock settled it: its balance, to record with `/gig accepted`
    HELD = "held"  # a purchase the platform holds until the approval (plan.owed_row_platform's `held`)
    # a purchase sent back for a redo: held, but no approval is awaited until the next formal delivery
    REDO = "redo"
    REFUND = "refund"  # the client asked the escrow back, no outcome recorded: in question
    MIXED = "mixed"  # rows of different kinds: a heading true of all


# A kind that, among rows of other kinds, is headed as the broader kind it falls under.
WITHIN = {OwedKind.SETTLED: OwedKind.OWED}


def owed_kind(gig: GigRecord, tz: str, settled: bool = False) -> OwedKind:
    """The kind of a delivered gig's money not yet received. Once the platform's own clock settled it
    (`settled`), the client owes nothing: the platform released it to the worker's balance."""
    if gig.refund_unsettled:
        return OwedKind.REFUND
    if settled:
        return OwedKind.SETTLED
    if gig.act_payment_day(tz) is not None or (gig.ended_early and not gig.billed_by_platform):
        return OwedKind.OWED  # ended early: the work done, unpaid
    key = advice().choose("plan.owed_row_platform", gig.situation_in(tz).facts()).key
    return OwedKind(key) if key else OwedKind.OWED


def owed_heading(
    lang: str,
    headings: Mapping[OwedKind, str],
    kinds: set[OwedKind],
    asked: Collection[str] = (),
    settled: Collection[str] = (),
    **params: Any,
) -> str:
    """The heading over rows of money not yet received, true of every row below it: the catalog key in
    `headings` of the rows' kind when they all share one, else of MIXED. Beside other rows, a settled
    one reads as owed (`WITHIN`: the platform owes the balance it released). Rows in question name what
    the client asked (`asked`: the platforms of those rows, `in_question_key`); settled rows name the
    other party as their platform does (`settled`: the platforms of those rows, `shared_key`)."""
    if len(kinds) > 1:
        kinds = {WITHIN.get(kind, kind) for kind in kinds}
    kind = next(iter(kinds)) if len(kinds) == 1 else OwedKind.MIXED
    key = (
        in_question_key(lang, headings[kind], asked)
        if kind is OwedKind.REFUND
        else shared_key(lang, headings[kind], settled)
        if kind is OwedKind.SETTLED
        else headings[kind]
    )
    return i18n.t(lang, key, **params)


def in_question_key(lang: str, key: str, platforms: Collection[str]) -> str:
    """The words for money in question, naming what its client asked (GigRecord.refund_unsettled) as the
    platform names it: a refund on Upwork, an early termination on CrowdWorks (no refund is asked for, yet
    ending the contract returns the escrow), a cancellation on Coconala. Rows from several platforms
    share words true of them all (`<key>_mixed`: the payment may go back to the client)."""
    found = set(platforms)
    return i18n.own_key(lang, key, found.pop()) if len(found) == 1 else f"{key}_mixed"


def shared_key(lang: str, key: str, platforms: Collection[str]) -> str:
    """`key` in the words of the platform every row it speaks of is on (`i18n.own_key`: Coconala's other
    party is the buyer), else the generic words."""
    found = set(platforms)
    return i18n.own_key(lang, key, found.pop()) if len(found) == 1 else key


def amount_text(lang: str, currency: str, value: float) -> str:
    """An amount in `currency` without a gig (a total across gigs)."""
    amount = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return i18n.t(lang, f"money.{currency}", amount=amount)


def advise(lang: str, slot: str, facts: Mapping[str, str], part: str, **params: Any) -> str | None:
    """One part of the wording of `slot` that fits these facts (None if that wording has no such part)."""
    variant = advice().choose(slot, facts)
    return i18n.first(lang, variant.keys(part), **params)


def advise_over(
    lang: str, slot: str, facts: Mapping[str, str], part: str, base: str, **params: Any
) -> str | None:
    """`part` of the wording that fits these facts in place of its `base` part, only where the wording has
    it at least as specifically as `base`: a platform's own draft is never replaced by a generic one."""
    variant, lang = advice().choose(slot, facts), lang if lang in i18n.LANGS else "en"
    for own, other in zip(variant.keys(part), variant.keys(base), strict=True):
        if i18n.has(lang, own):
            return i18n.t(lang, own, **params)
        if i18n.has(lang, other):
            return None
    return None


# The placeholders that name an amount still to come (`gig_params`): `to_fund`, what a draft asks the
# client to fund or purchase for; `fee_owed`, what the delivered work is still owed. Each catalog's
# `NAME.agreed` words the whole fee; after a part payment each is the balance (`part_balance`).
OWED_AMOUNTS = ("to_fund", "fee_owed")


def gig_params(user: UserRecord, gig: GigRecord, now: datetime, lang: str | None = None) -> dict[str, Any]:
    """Placeholders every gig text may use, in `lang` (the user's unless a draft to the client needs
    the gig's)."""
    lang, tz = lang or user.language, user.tz
    since = gig.waiting_since or gig.stage_since
    delivered = gig.delivery_day(tz)
    today = now.astimezone(ZoneInfo(tz)).date()  # the day the text is read: dates of other years say so
    params: dict[str, Any] = {
        "gig": gig.number,
        "title": gig.title,
        "client": gig.client,
        "platform": platform_name(lang, gig.platform),
        "support": i18n.first(lang, (f"support.{gig.platform}", "support.generic")) or "",
        "since": i18n.day(lang, since, tz, now=now),
        "days": user.calendar.days_between(since, now),
        "stage": stage_label(lang, gig),
        "delivered": i18n.short_date(lang, delivered, today=today) if delivered else "",
        # when the escrow was funded (Coconala: the purchase, from which its talk room counts)
        "funded_on": i18n.day(lang, gig.funded_at, tz, now=now) if gig.funded_at else "",
        # The latest submission, which acceptance is about; the first delivery is what the law counts from.
        "submitted": i18n.day(lang, gig.redelivered_at, tz, now=now)
        if delivered and gig.redelivered_at is not None
        else i18n.day(lang, gig.stage_since, tz, now=now)
        if delivered and gig.stage is Stage.DELIVERED and gig.stage_since != gig.delivered_at
        else i18n.short_date(lang, delivered, today=today)
        if delivered
        else "",
    }
    # Delivered again after a redo, on another day: a draft names the latest delivery, and says that the
    # Act's count runs from the first (spec section 1: `delivered_at` stays the first delivery).
    latest = gig.redelivered_at
    again = "again" if latest and latest.astimezone(ZoneInfo(tz)).date() != delivered else "once"
    words = handover(lang, gig.platform, gig.hourly)  # the platform's word for it: Upwork's work is submitted
    params.update(words)
    params["delivery"] = i18n.t(
        lang, f"delivery.{again}", latest=params["submitted"], first=params["delivered"], **words
    )
    params["of_delivery"] = i18n.t(lang, f"of_delivery.{again}", **words)
    params["delivery_day"] = i18n.t(lang, f"delivery_day.{again}", **words)
    if delivered:
        # "reported on X, and nothing since then": only a silence that began with that report. One that
        # began with the user's later message (the client replied, `/gig heard`, then `/gig sent`) is
        # named from that message: by its time when it came the same day, which "since then" or the day
        # alone would hide, saying that the client has not written since the report.
        kind = _since_report(gig, tz, since)
        params["since_report"] = i18n.t(
            lang, f"since_report.{kind}", since=params["since"], time=i18n.clock(lang, since, tz)
        )
    if gig.paid_amount:
        # A part payment (the `paid = "part"` fact): what came in and, with a known fee, what is still
        # owed. Without a fee no balance can be named, so none is made up.
        # An hourly contract's balance is of the hours logged at its rate.
        # After an early end, the balance is of the work done (the hours at the rate), or still to agree.
        paid, owed, worth = money(lang, gig, gig.paid_amount), gig.owed, gig.worth
        kind = "some" if owed is None else "hours" if gig.amount is None else "part"
        if gig.ended_early:
            kind, worth = ("agree" if owed is None else "hours"), gig.work_done
        if (released := gig.released_rest) is not None:
            # the acceptance released the rest of the escrow: that rest is what came now, nothing is owed
            kind, owed = "released", released
        fee, rest = ("", "") if owed is None else (money(lang, gig, worth or 0), money(lang, gig, owed))
        hours = f"{gig.logged_hours or 0:g}"
        params["paid_so_far"] = paid
        params["received"] = i18n.t(lang, f"part_paid.{kind}", paid=paid, fee=fee, owed=rest, hours=hours)
        params["balance"] = i18n.t(lang, f"part_balance.{kind}", owed=rest)
    # Amounts a text names as still to come, the whole fee until a part payment and only the rest after
    # it: what a draft asks the client to fund or purchase for (an escrow never funded), and what is owed.
    # With nothing paid yet, a catalog's `NAME.known` names the whole fee with its figure where it is on
    # record, so that a payment demand says what sum it demands.
    whole = gig.owed if not gig.paid_amount and not gig.ended_early else None
    for name in OWED_AMOUNTS:
        if gig.paid_amount:
            params[name] = params["balance"]
        elif whole and i18n.has(lang, f"{name}.known"):
            params[name] = i18n.t(lang, f"{name}.known", owed=money(lang, gig, whole))
        else:
            params[name] = i18n.t(lang, f"{name}.agreed")
    payday, escrow = gig.last_payment_day(tz), profile(gig.platform).escrow
    if payday is not None and delivered is not None:
        params["payday"] = i18n.date(lang, payday)
        basis = _basis(gig, payday, delivered)
        # After a redo, a day the Act counts from the delivery says it is the first delivery's.
        redo = ("_again",) if again == "again" else ()
        # A platform that names the handing over its own way (Upwork: the work is submitted for approval)
        # counts from that day in its words; an hourly contract's work is finished, not submitted, so its
        # day is the day the work was finished (`basis.hourly`, `handover.hourly`).
        own = (".hourly",) if gig.hourly else (f".{gig.platform}",)
        keys = tuple(f"{r}{p}" for r in (*redo, "") for p in (*own, ""))
        params["basis"] = i18n.first(
            lang, tuple(f"basis{k}.{basis}" for k in keys), days=PAYMENT_DAYS, **words
        )
        if bank_closed(payday) and basis != "early" and not escrow and not gig.abroad(tz):
            # A direct client in Japan pays by bank transfer (on a marketplace the platform pays out): the
            # Act's guidelines let a payment day on which banks are closed move to the next banking day
            # only as agreed in writing beforehand, by two days at most. A day already past at the delivery
            # is late whatever the move.
            params["basis"] = i18n.t(lang, "basis.bank_closed", basis=params["basis"])
        # The day in a draft to the client: an agreed date as it is; a day the Act sets (no date recorded,
        # an agreed date past its limit, or none agreed) with the Act as its basis, so that a client
        # holding a later date, or none, does not read it as a date they agreed to.
        params["due"] = i18n.first(
            lang,
            tuple(f"due{k}.{basis}" for k in keys),
            payday=params["payday"],
            days=PAYMENT_DAYS,
            **words,
        )
        # The day a draft to a marketplace client asks for: an agreed date as agreed, any other only as a
        # request. The client may be a private individual or abroad, whom the Act does not bind, so such a
        # draft never gives it as the basis.
        params["ask_by"] = i18n.t(lang, f"ask_by.{basis}", payday=params["payday"])
    return params


def _since_report(gig: GigRecord, tz: str, since: datetime) -> str:
    """Whether the client's silence (from `since`) began with the latest handing over (`same`), or with the
    user's later message, the same day (`same_day`) or another (`later`): the client replied, then the
    user wrote again, so what the user sends now follows up on that message."""
    report, zone = _reported_at(gig), ZoneInfo(tz)
    if report is None:  # a delivery known by its day alone: the silence that began that day is its own
        delivered = gig.delivery_day(tz)
        return "same" if since.astimezone(zone).date() == delivered else "later"
    if since <= report:
        return "same"
    return "same_day" if since.astimezone(zone).date() == report.astimezone(zone).date() else "later"


def _reported_at(gig: GigRecord) -> datetime | None:
    """The latest handing over that acceptance is about, as `{submitted}` names it: the redelivery after a
    redo, the latest submission of a delivered gig, else the delivery (None: known by its day alone)."""
    if gig.redelivered_at is not None:
        return gig.redelivered_at
    if gig.stage is Stage.DELIVERED and gig.stage_since != gig.delivered_at:
        return gig.stage_since
    return gig.delivered_at


def _basis(gig: GigRecord, payday: date, delivered: date) -> str:
    """Why the legal last payment day is what it is (spec section 2). An agreed date before the delivery
    stays the day the client had to pay by: the payment was late from the moment of delivery."""
    if gig.pay_by is None:
        return "limit"
    if gig.pay_by.date is None:
        return "none"
    if gig.pay_by.date != payday:
        return "capped"
    return "early" if payday < delivered else "agreed"


# Every button a ladder reminder can carry, in display order; other tracks cannot be snoozed, and a
# client's reply does not change what the law or a platform's clock says.
REMINDER_BUTTONS = ("heard", "done", "snooze_tomorrow", "snooze_three_days", "snooze_next_week", "open")
OTHER_BUTTONS = ("done", "open")
# The user's own follow-up of a fixed date (a firmer payment request): snoozed like the ladder, but a reply
# from the client does not end it (only the payment does).
FOLLOW_UP_BUTTONS = ("done", "snooze_tomorrow", "snooze_three_days", "snooze_next_week", "open")


# A catch-up's first line, by why the steps before it were missed (without a cause: older notes).
_CATCHUP_INTRO = {
    None: "catchup.intro",
    CatchUp.COMMAND: "catchup.intro_command",
    CatchUp.AWAY: "catchup.intro_away",
}


def _noticed(gig: GigRecord, track: str, step: str) -> bool:
    """Whether a ladder step may say that the deadline the user gave has passed: not once the user snoozed
    the ladder while the deadline its notice named was still ahead (the notice may never have been sent).
    A step with that claim always comes after its notice (`requires`), caught up or not."""
    return track != LADDER or not gig.progress.get(untold_key(LADDER, step))


def _window_closed(user: UserRecord, gig: GigRecord, track: str, step: str, now: datetime) -> bool:
    """Whether the platform feature a missed step advised can no longer be used (CrowdWorks' contact-prompt
    request a week after delivery): a catch-up then says nothing of it, and the step it leads to takes the
    route still open."""
    tracks = profile(gig.platform).tracks_for(gig.situation())
    definition = next((t for t in tracks if track_name(t.anchor) == track), None)
    if definition is None:
        return False
    closes = window_closes(definition, step, gig.track_state(user.calendar), user.calendar)
    return closes is not None and closes <= now


def _buttons(gig: GigRecord, track: str, step: str) -> tuple[str, ...]:
    """A reminder's buttons: the ladder's, a follow-up's, or those of a fixed date."""
    if track == LADDER:
        return REMINDER_BUTTONS
    tracks = profile(gig.platform).tracks_for(gig.situation())
    definition = next((t for t in tracks if track_name(t.anchor) == track), None)
    return FOLLOW_UP_BUTTONS if definition is not None and definition.follow_up(step) else OTHER_BUTTONS


def reminder(
    user: UserRecord,
    gig: GigRecord,
    step: str,
    now: datetime,
    *,
    track: str = LADDER,
    deadline: datetime | None = None,
    skipped: tuple[str, ...] = (),
    joined: tuple[str, ...] = (),
    lang: str | None = None,
    cause: CatchUp | None = None,
) -> Message:
    """A reminder: what happened, what to do now, a ready draft, and buttons.

    A catch-up (earlier steps were missed) says so once: how long the silence has lasted, why the steps
    were missed (`cause`), what else to do now for the missed steps that still help, then the step
    itself. A step of another track due at the same moment (`joined`: bot.schedule's `_carry`) adds its
    line after the body. `lang` (the user's, by default) is the one fixed when the step was delivered."""
    lang = lang or user.language
    request = track.removeprefix("request:") if track.startswith("request:") else ""
    # `now` is the moment the step came due (the outbox row's creation), so whether the deadline it names
    # had passed, and whether the legal last payment day is behind, is fixed then, however late the text
    # is rendered.
    passed = deadline is not None and deadline <= now
    overdue = gig.payment_overdue(user.tz, now)
    noticed = _noticed(gig, track, step)
    # The platform's own clock from the latest submission (Upwork releases a funded milestone 14 days on)
    # was still running when the step came due: the client may yet act, so support is not the route yet.
    settles = platform_settles(user, gig)
    facts = gig.situation_in(user.tz).facts(
        catchup=bool(skipped),
        noticed=noticed,
        request=request,
        overdue=overdue,
        deadline_passed=passed,
        deposit=gig.deposit_only,
        unsettled=gig.refund_unsettled,
        release_ahead=settles is not None and settles > now,
    )
    params = _reminder_params(user, gig, now, lang, deadline, request, settles)
    if "payday" in params:
        # The Act's last payment day as a reminder names it (`act_day`): ahead, or passed, as it was when
        # the step came due. A message carrying a payment step's line (`joined`) leaves the day to that
        # line, which names it, so that the message says it once.
        params["act_day"] = "" if joined else advise(lang, "act_day", facts, "text", **params) or ""
    # The user reads the reminder in their language; the client reads the draft in the gig's.
    draft_lang = gig.draft_language(lang)
    # The client may be in another zone: a time the draft gives them names the zone (the user knows theirs).
    draft_params = _reminder_params(user, gig, now, draft_lang, deadline, request, settles, client=True)

    def part(name: str) -> str | None:
        # A deadline never given (see _noticed): a wording that would say it passed has an `_untold` part.
        untold = None if noticed else advise(lang, f"step.{step}", facts, f"{name}_untold", **params)
        return untold or advise(lang, f"step.{step}", facts, name, **params)

    # stripped: a body that ends with a sentence left to a carried line (`act_day`) would end in a space
    title, body = part("title"), (part("body") or "").rstrip()
    if skipped and track == PAYMENT:
        # The law's date, not the client's silence: a payment step comes late only because the legal
        # day was already behind when it was recorded (or the bot was away), and says just that.
        body = f"{i18n.t(lang, 'catchup.payment', **params)}\n{body}"
    elif skipped:
        also = [
            text
            for s in skipped
            if f"also.{s}" in advice().slots
            and not _window_closed(user, gig, track, s, now)
            and (text := advise(lang, f"also.{s}", facts, "text", **params))
        ]
        since = gig.waiting_since or gig.stage_since  # what {since} and {days} count from
        bdays = user.calendar.business_days_between(since, now)
        intro = i18n.t(lang, _CATCHUP_INTRO[cause], bdays=bdays, **params)
        todo = [i18n.t(lang, "catchup.also", text=t) for t in also]
        title = i18n.t(lang, "catchup.title", step_name=step_label(lang, step, gig, user.tz), **params)
        body = "\n".join([intro, *todo, body]) if todo else f"{intro}\n{body}"
    body = "\n".join([body, *(advise(lang, f"also.{s}", facts, "text", **params) or "" for s in joined)])
    # A caught-up step's draft may not say what only the missed steps would have had the user do (messages
    # sent after the reminders that never came): a wording that would has a `draft_catchup` of its own.
    draft_parts = ("draft_catchup", "draft") if skipped and track == LADDER else ("draft",)
    if not noticed:
        draft_parts = ("draft_untold", *draft_parts)
    # A wording's own draft is never replaced by the slot's generic catch-up or untold one (`advise_over`):
    # a Lancers request after the delivery keeps its words about the completion report.
    slot = f"step.{step}"
    draft = next(
        (
            d
            for p in draft_parts[:-1]
            if (d := advise_over(draft_lang, slot, facts, p, "draft", **draft_params))
        ),
        None,
    ) or advise(draft_lang, slot, facts, "draft", **draft_params)
    # The client replied since the handover and the user wrote again, so the silence began with that
    # message: a step's draft that has a follow-up wording of its own (`draft_followup`) refers to it
    # rather than asking as if for the first time.
    silent = gig.waiting_since
    later = (
        silent is not None and gig.delivered_at is not None and _since_report(gig, user.tz, silent) != "same"
    )
    if later and not skipped and track == LADDER:
        draft = advise_over(draft_lang, slot, facts, "draft_followup", "draft", **draft_params) or draft
    return Message(
        kind=Kind.REMINDER,
        lang=lang,
        title=title,
        body=body,
        draft=draft,
        draft_lang=draft_lang,
        gig=gig.number,
        step=step,
        actions=reminder_actions(lang, gig.number, step, _buttons(gig, track, step)),
    )


def _reminder_params(
    user: UserRecord,
    gig: GigRecord,
    now: datetime,
    lang: str,
    deadline: datetime | None,
    request: str,
    settles: datetime | None,
    *,
    client: bool = False,
) -> dict[str, Any]:
    params = gig_params(user, gig, now, lang)
    stated = i18n.zoned if client else i18n.when
    params["deadline"] = stated(lang, deadline, user.tz) if deadline else ""
    params["deadline_day"] = i18n.day(lang, deadline, user.tz, now=now) if deadline else ""
    params["request"] = i18n.t(lang, f"request.{request}") if request else ""
    # the day the platform's own clock settles the gig (Upwork's automatic release of the milestone)
    params["release_day"] = i18n.date(lang, user.calendar.local(settles).date()) if settles else ""
    return params


def outbox_message(row: OutboxRecord) -> Message:
    """What an outbox row says: its rendered message, or its reminder rendered now, from the note fixed
    when the step was delivered (`created_at` is that moment) and the gig as it is now."""
    if isinstance(row.message, Message):
        return row.message
    gig, user, note = row.message.gig, row.message.user, row.message.note
    with i18n.marking():
        return reminder(
            user,
            gig,
            note.step,
            row.created_at,
            track=note.track,
            deadline=None if note.deadline is None else utc_from_epoch(note.deadline),
            skipped=note.skipped,
            joined=note.joined,
            lang=note.lang,
            cause=note.cause,
        )


@lru_cache(maxsize=8192)
def reminder_actions(
    lang: str, number: int, step: str, buttons: tuple[str, ...] = REMINDER_BUTTONS
) -> tuple[Action, ...]:
    """A reminder's buttons; cached, since a tick composes thousands and they repeat per gig and step."""
    commands = {
        "heard": f"heard {number}",
        "done": f"done {number} {step}",
        **{f"snooze_{p}": f"snooze {number} {p}" for p in Preset},
        "open": f"show {number}",
    }
    return tuple(Action(key, i18n.t(lang, f"action.{key}"), commands[key]) for key in buttons)


def say(
    lang: str,
    kind: Kind,
    key: str,
    /,
    *,
    gig: int | None = None,
    step: str | None = None,
    draft: str | None = None,
    **params: Any,
) -> Message:
    body = i18n.t(lang, key, gig=gig, **params)
    return Message(kind=kind, lang=lang, body=body, gig=gig, step=step, draft=draft)


def channel_failed(lang: str, address: str, code: str | None) -> Message:
    """Why a post in a channel (the digest, or its first notice) did not arrive, for the admin who
    asked for it."""
    return say(
        lang,
        Kind.WARNING,
        "reply.channel_failed",
        channel=channel_label(address),
        reason=i18n.t(lang, failure_reason_key(code)),
    )


def error(lang: str, key: str, params: dict[str, Any]) -> Message:
    """A refused command, with a hint on how to write it where the error names one.

    A refusal keyed `warning.CODE` (terminate after delivery) is a warning about the gig, `step` = CODE:
    like any refusal it changes and stores nothing until the user repeats the command as told; its words
    come with it (`text`), chosen by the gig's situation."""
    params = localise(lang, params)
    if key.startswith("warning."):
        code = key.removeprefix("warning.")
        return Message(
            kind=Kind.WARNING, lang=lang, body=str(params["text"]), gig=params.get("gig"), step=code
        )
    body = i18n.t(lang, key, **{k: params.get(k, "") for k in i18n.placeholders(i18n.catalog(lang)[key])})
    return Message(kind=Kind.ERROR, lang=lang, body=body)
