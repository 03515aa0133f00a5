"""The evidence pack: one document about a gig for platform support or a consultation desk.

It is built once as sections of plain lines, then written as Markdown and as a printable HTML page
in which every text is escaped (titles, names and notes are what people typed)."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.compose import act_voice, held_rest_key, money, stage_label, step_label
from bot.domain.stages import Stage
from bot.domain.tracks import profile
from bot.i18n import catalog as i18n
from bot.ports import EventRecord, GigRecord, StepRecord, UserRecord, fee_at_release, logged_hours
from bot.service.milestones import milestones
from bot.service.terms import term_lines
from bot.service.views import event_text

# Every section, in the order the document shows them (catalog: section.<name>).
SECTIONS = ("parties", "terms", "amounts", "dates", "events", "upcoming", "work", "contacts")


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pack:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    lang: str

    def markdown(self) -> str:
        out = [f"# {self.title}", "", self.subtitle]
        for s in self.sections:
            out += ["", f"## {s.heading}", "", *(f"- {line}" for line in s.lines)]
        return "\n".join(out) + "\n"

    def html(self) -> str:
        e = html.escape
        out = [
            "<!doctype html>",
            f'<html lang="{e(self.lang)}">',
            '<head><meta charset="utf-8">',
            f"<title>{e(self.title)}</title>",
            "<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}"
            "h2{border-bottom:1px solid #999;break-after:avoid}li{break-inside:avoid}"
            "@media print{body{margin:0}}</style>",
            "</head><body>",
            f"<h1>{e(self.title)}</h1>",
            f"<p>{e(self.subtitle)}</p>",
        ]
        for s in self.sections:
            out.append(f'<section id="{e(s.name)}"><h2>{e(s.heading)}</h2><ul>')
            out += [f"<li>{e(line)}</li>" for line in s.lines]
            out.append("</ul></section>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"


def build(
    user: UserRecord,
    gig: GigRecord,
    events: Sequence[EventRecord],
    pending: Sequence[StepRecord],
    now: datetime,
) -> Pack:
    """The pack in the user's language; every line plain text (no marks of what people typed). Beside
    what happened, the reminders still to come: a reader sees what the worker will do next and when."""
    lang, tz = user.language, user.tz

    def t(key: str, **params: object) -> str:
        return i18n.plain(i18n.t(lang, key, **params))

    prof = profile(gig.platform)
    marks = milestones(gig, events)

    def day(at: datetime | date | None, mark: str = "") -> str:
        if at is None:
            return t("pack.none")
        when = i18n.date(lang, at.astimezone(ZoneInfo(tz)).date() if isinstance(at, datetime) else at)
        # a moment never recorded, only known to be by then (a gig added as delivered): said so
        return t("pack.date.by", when=when) if mark in marks.bounds else when

    def amount(value: float | None) -> str:
        return i18n.plain(money(lang, gig, value)) if value is not None else t("pack.none")

    payday = gig.act_payment_day(tz)
    # the day recorded at the delivery, which `show` names and the legal day counts from, wherever the
    # user is now (delivered in Tokyo on the 4th and read after a move to Los Angeles: still the 4th)
    delivered = gig.delivery_day(tz) if marks.delivered is not None else None
    body: dict[str, list[str]] = {
        "parties": [
            t("pack.worker", name=user.name or t("pack.none")),
            _worded(lang, gig, "pack.client", client=gig.client),
            _worded(lang, gig, "pack.platform", platform=t(f"platform.{gig.platform}")),
            t("pack.stage", stage=stage_label(lang, gig)),
        ],
        "terms": [i18n.plain(line) for line in term_lines(lang, gig, "terms.row")],
        "amounts": [
            *_fee_lines(lang, gig, events, amount),
            *_settled_lines(lang, gig, events, amount),
        ],
        "dates": [
            *([t("pack.date.contract", when=day(marks.contract, "contract"))] if prof.contract else []),
            *_funded_line(lang, gig, day(marks.funded, "funded")),
            # in the platform's word (Upwork: submitted); hours the platform bills are not delivered
            (
                t("pack.date.finished", when=day(delivered, "delivered"))
                if gig.billed_by_platform
                else _worded(lang, gig, "pack.date.delivered", when=day(delivered, "delivered"))
            ),
            *(
                []  # an hourly contract the platform bills has nothing to accept, unless one was recorded
                if gig.billed_by_platform and marks.accepted is None
                else [_worded(lang, gig, "pack.date.accepted", when=day(marks.accepted, "accepted"))]
            ),
            t("pack.date.paid", when=day(marks.paid)),
            *(
                []  # the platform settles when the buyer pays (Coconala: at purchase), not the Act's 60 days
                if (prof.settles_payment or gig.billed_by_platform) and payday is None
                else [
                    # a client who may be abroad: the Act's day binds only a client the Act reaches
                    i18n.plain(
                        i18n.worded(
                            lang,
                            "pack",
                            "payday",
                            act_voice(gig, tz),
                            "pack.date.payday",
                            when=i18n.date(lang, payday) if payday else t("pack.none"),
                        )
                        or ""
                    )
                ]
            ),
        ],
        "events": [f"{i18n.when(lang, e.at, tz)}  {i18n.plain(event_text(lang, e, gig, tz))}" for e in events]
        or [t("pack.none")],
        "upcoming": [
            f"{i18n.when(lang, s.due_at, tz)}  {step_label(lang, s.step, gig, tz)}"
            for s in sorted(pending, key=lambda s: (s.due, s.order))
        ]
        or [t("reply.no_next_step")],
        "work": _work(lang, tz, gig, events),
        "contacts": [
            t(
                f"contact.{code}",
                support=i18n.first(lang, (f"support.{gig.platform}", "support.generic")) or "",
            )
            for code in prof.contacts
        ]
        + ([t("pack.client_abroad")] if gig.abroad(tz) else []),
    }
    sections = tuple(Section(name, t(f"section.{name}"), tuple(body[name])) for name in SECTIONS)
    return Pack(
        title=t("pack.title", gig=gig.number, title=gig.title, client=gig.client),
        subtitle=t("pack.subtitle", when=i18n.when(lang, now, tz)),
        sections=sections,
        lang=lang,
    )


def _work(lang: str, tz: str, gig: GigRecord, events: Sequence[EventRecord]) -> list[str]:
    """Hours logged and the scope changes the client asked for, each with its date."""
    hours = [e for e in events if e.kind == "log"]
    changes = [e for e in events if e.kind == "change"]
    total = logged_hours(hours)
    lines = [i18n.plain(i18n.t(lang, "pack.hours", hours=f"{total:g}", count=len(hours)))]
    lines += [f"{i18n.when(lang, e.at, tz)}  {i18n.plain(event_text(lang, e, gig, tz))}" for e in hours]
    lines.append(_worded(lang, gig, "pack.changes", count=len(changes)))
    lines += [f"{i18n.when(lang, e.at, tz)}  {i18n.plain(event_text(lang, e, gig, tz))}" for e in changes]
    return lines


def _fee_lines(
    lang: str, gig: GigRecord, events: Sequence[EventRecord], amount: Callable[[float | None], str]
) -> list[str]:
    """The fee and the rate; an hourly contract has no fee: its rate, and the hours logged at it."""
    if not gig.hourly:
        return [
            i18n.plain(i18n.t(lang, "pack.fee", amount=amount(gig.amount))),
            i18n.plain(i18n.t(lang, "pack.rate", amount=amount(gig.rate))),
        ]
    hours = logged_hours(events)
    logged = (
        i18n.t(
            lang,
            "pack.logged",
            hours=f"{hours:g}",
            rate=amount(gig.rate),
            worth=amount(hours * gig.rate if gig.rate is not None else None),
        )
        if hours
        else i18n.t(lang, "pack.logged_none")
    )
    return [i18n.plain(i18n.t(lang, "pack.rate", amount=amount(gig.rate))), i18n.plain(logged)]


def _settled_lines(
    lang: str, gig: GigRecord, events: Sequence[EventRecord], amount: Callable[[float | None], str]
) -> list[str]:
    """What was paid and what is owed; a gig closed at acceptance (spec section 1: the funded escrow went
    to the worker's platform balance) says so, and claims nothing from a client who owes nothing; nor
    does a funded escrow still held by the platform, which the client has paid already, one the client
    asked back with no outcome recorded (in question), or one that went back to the client when the
    contract ended. A contract ended before delivery owes the work done, not the fee."""
    if gig.stage is Stage.ACCEPTED and gig.closed:
        platform = i18n.t(lang, f"platform.{gig.platform}")
        released = fee_at_release(gig, events)
        if gig.paid_amount and (rest := gig.released_rest) is not None:
            # part of the fee came in before the acceptance: the acceptance released the rest, as `show`
            # says (naming the whole fee as released too would count the part twice)
            released_rest = _worded(lang, gig, "pack.released", amount=amount(rest), platform=platform)
            return [_paid_line(lang, gig, amount(gig.paid_amount)), released_rest]
        lines = [_worded(lang, gig, "pack.released", amount=amount(released), platform=platform)]
        if released != gig.amount and gig.owed:  # a fee raised after the release: the rest is not paid
            lines.append(i18n.plain(i18n.t(lang, "pack.owed", amount=amount(gig.owed))))
        return lines
    if gig.escrow_refunded:  # the contract ended: what the escrow still held went back to the client
        platform = i18n.t(lang, f"platform.{gig.platform}")
        refunded = _worded(lang, gig, "pack.refunded", amount=amount(gig.refunded), platform=platform)
        return [_paid_line(lang, gig, amount(gig.received)), refunded]
    if gig.refund_unsettled:  # the client asked for the escrow back, and no outcome is recorded
        platform = i18n.t(lang, f"platform.{gig.platform}")
        asked = _worded(
            lang, gig, "pack.asked_back", amount=amount(gig.owed), platform=platform, client=gig.client
        )
        return [_paid_line(lang, gig, amount(gig.received)), asked]
    if gig.escrow_holds:  # paid into escrow by the client, not released yet
        platform = i18n.t(lang, f"platform.{gig.platform}")
        # Before the delivery, a part payment means milestones: the next may not be funded (`held_rest_key`).
        key = held_rest_key(lang, "pack.held", gig)
        held = i18n.plain(i18n.t(lang, key, amount=amount(gig.owed), platform=platform))
        return [_paid_line(lang, gig, amount(gig.received)), held]
    if gig.ended_early:  # the work done before the end is owed, not the whole fee
        owed = gig.owed
        if owed is None:
            line = i18n.t(lang, "pack.owed_to_agree")
        else:
            hours, rate = f"{gig.logged_hours or 0:g}", amount(gig.rate)
            line = i18n.t(lang, "pack.owed_work_done", amount=amount(owed), hours=hours, rate=rate)
        return [_paid_line(lang, gig, amount(gig.received)), i18n.plain(line)]
    return [
        _paid_line(lang, gig, amount(gig.received)),
        i18n.plain(i18n.t(lang, "pack.owed", amount=amount(gig.owed))),
    ]


def _paid_line(lang: str, gig: GigRecord, received: str) -> str:
    """What came in: a gig paid in full without a recorded fee says so rather than "paid so far: 0"."""
    if gig.stage is Stage.PAID and gig.amount is None and not gig.paid_amount:
        return i18n.plain(i18n.t(lang, "pack.paid_in_full"))
    return i18n.plain(i18n.t(lang, "pack.paid", amount=received))


def _funded_line(lang: str, gig: GigRecord, when: str) -> list[str]:
    """The escrow's date where there is one (spec section 2: never escrow for a direct client), named as
    the platform names it: Coconala's buyer purchases. An hourly contract funds nothing: its hours are
    billed (profiles.toml `hourly`), so its work under way has no escrow date."""
    if not profile(gig.platform).escrow or gig.hourly:
        return []
    return [_worded(lang, gig, "pack.date.funded", when=when)]


def _worded(lang: str, gig: GigRecord, key: str, **params: object) -> str:
    """A line of the pack in the platform's own words where it has them (`pack.coconala.accepted`:
    Coconala's buyer approves, not accepts), else the generic one (`pack.date.accepted`)."""
    return i18n.plain(i18n.worded(lang, "pack", key.rsplit(".", 1)[1], gig.platform, key, **params) or "")
