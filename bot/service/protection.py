"""Protection commands: the red-flag check, client vetting, the client's requests, and settlement."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.vocab import Vocab, preferred
from bot.compose import advise, deal_error, gig_params, handover, money, platform_name, stage_label
from bot.domain.advice import advice
from bot.domain.facts import closes
from bot.domain.stages import Stage
from bot.domain.tracks import PLATFORMS, STANDS, profile
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.ports import EventKind, EventRecord, GigRecord, logged_hours
from bot.protection.clients import client_key, client_label, reasons_text
from bot.protection.mentions import named_marketplace
from bot.protection.redflags import Finding, check_funded, funding_claim, reply_plan
from bot.protection.settle import covered, propose
from bot.protection.vetting import vet, weights
from bot.schedule import planned_steps, reschedule, settled_by_platform
from bot.service.community import shown_reports
from bot.service.context import Ctx, handles
from bot.service.gigs import future_error, stop_waiting
from bot.service.history import own_history

log = logging.getLogger(__name__)

NO_CONTRACT = frozenset({Stage.NEGOTIATING, Stage.WITHDRAWN})
# The flag for moving the talk off the platform: cleared once the escrow is funded, where the rules allow it.
MOVE = "offplatform_contact"
# Work asked before its escrow: on a funded gig it stands only where the message puts that escrow off.
EARLY_WORK = "work_before_escrow"
# The check's wording for a marketplace that has no profile (profiles.toml `[elsewhere]`).
ELSEWHERE = "elsewhere"


@handles("check")
async def check_text(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Each flag with the sender's words, what it usually means and what to do on the message's
    platform (a direct client has no escrow, so the advice differs); a clean text is no promise of
    safety. Given the gig the message is about (`gig:`), its platform and facts decide: after funding,
    a move to another chat tool is no warning sign by itself, and the reply says what the gig's
    situation asks for."""
    if not any(c.isalnum() for c in a["text"]):  # emoji, symbols, empty quotes: nothing to read, not "clean"
        raise CommandError("error.check_no_words")
    lang = ctx.lang
    gig = await ctx.gig(a["gig"]) if "gig" in a else None
    if gig is not None:
        where, guessed, shown = gig.platform, False, None
    else:
        where, guessed, shown = await _check_platform(ctx, a["text"])
    # A marketplace without a profile (`shown`) is named as the message writes it, and advised in words that
    # hold on any marketplace (`check.elsewhere`, `flag.CODE.elsewhere.*`): never another platform's rules.
    platform = shown or i18n.t(lang, f"platform.{where}")
    # Where the platform is a guess among the user's own, the reply says which one the advice is for.
    assumed = [_variant(lang, "check", "assumed", where, platform=platform)] if guessed else []
    if shown:
        assumed = [i18n.t(lang, "check.elsewhere_note", platform=shown)]
    # A platform whose rules keep every message on it (Coconala's talk room) keeps the sign for moving
    # elsewhere after funding too, whether the gig records the funding or the message claims it.
    outside_contact = where == ELSEWHERE or profile(where).outside_contact
    # The gig's situation decides and is said in the reply: what the check took as known (funded,
    # delivered), and what it asks for; its funded escrow rules out the signs that hold only before.
    funded = False
    if gig is not None:
        facts = gig.situation()
        # Only an escrow that still holds the fee clears the signs that hold before funding: once the gig has
        # ended or is settled, any new work is a new deal whose escrow is not funded. An hourly contract has
        # no escrow to fund: a contract that has started and not ended is what those signs wait for.
        over = closes(facts.stage, escrow=facts.escrow, funded=facts.funded)
        started = facts.hourly and facts.stage.contract and not facts.stage.final
        funded = (facts.funded and not over) or started
    # Given the gig, its record decides, never the message's own word that the escrow is funded.
    findings, by_funding = check_funded(
        a["text"], funded=funded, outside_contact=outside_contact, claims=gig is None
    )
    # What the message itself says is done (funded, accepted, released), read once for every use below.
    claim = funding_claim(a["text"])
    if gig is not None:
        # The gig's line speaks of a move to another tool only when the message asks for one: cleared by the
        # funding, or a point to keep in mind with a direct client.
        moves = MOVE in by_funding or any(f.code == MOVE for f in findings)
        # A platform whose terms allow contact details once the contract starts (Upwork), funded or not:
        # a move to another tool on a contract under way is no sign by itself; the work still waits.
        if profile(where).contact_from_contract and facts.stage.contract and not over:
            findings = [f for f in findings if f.code != MOVE]
        params = gig_params(ctx.user, gig, ctx.now)
        # A request for work whose escrow the message puts off stands on a funded gig (round 25): the gig's
        # line then says the recorded escrow pays only the work it was funded for, not plainly "funded".
        put_off = funded and any(f.code == EARLY_WORK for f in findings)
        situation = facts.facts(moves=moves, put_off=put_off)
        assumed = [advise(lang, "check.gig", situation, "text", **params) or ""]
        # The platform's own clock has settled the gig (Coconala's approval 72 hours after the formal
        # delivery, Upwork's release after 14 days): the line says so and how to record it, as `list`
        # does, not what the order's talk room or the funded milestone still offers.
        if (settled := settled_by_platform(ctx.user, gig, ctx.now)) is not None:
            when = i18n.day(lang, settled, ctx.user.tz, now=ctx.now)
            said = i18n.t(lang, i18n.own_key(lang, "reply.settled", where), when=when, **params)
            assumed = [i18n.t(lang, "check.gig_settled", settled=said, **params)]
        # The message says the escrow is funded and the gig's record does not: the record decides the advice,
        # and the reply says so, with where to see the funding before any work ("I have funded it, start
        # now" is how free work is got), rather than "ask the client to fund it" alone. A claim that comes
        # after the work (accepted, released) has its own wording where the catalog has one
        # (`check.claim_unrecorded_<claim>`): an acceptance releases only an escrow that was funded, and
        # what is not done on its word is handing over more, not starting.
        if claim is not None and facts.escrow and not (funded or over or facts.hourly):
            said = _variant(lang, "claim", claim, where)
            own = i18n.worded(lang, "check", f"claim_unrecorded_{claim}", where, claim=said, **params)
            assumed.append(own or _variant(lang, "check", "claim_unrecorded", where, claim=said, **params))
        elif claim is not None and funded and facts.stage is Stage.DELIVERED and not facts.hourly:
            # Funded and awaiting acceptance, a message that says the work is accepted (or paid out) is the
            # moment a fake acceptance gets the files: where the catalog words that claim
            # (`check.claim_delivered_<claim>`), the reply asks to see it on the platform first, hand over
            # nothing more on its word, and record it once seen. A funding claim adds nothing here.
            said = _variant(lang, "claim", claim, where)
            own = i18n.worded(lang, "check", f"claim_delivered_{claim}", where, claim=said, **params)
            assumed += [own] if own else []
        if gig.waiting:
            # The client's message is a reply the reminders would go on to deny ("no reply since ..."):
            # the reply says how to record it.
            assumed.append(i18n.t(lang, "check.heard", **params))
    # Paid in already (the gig records it, or without a gig the message says so): a sign that still stands
    # asks for what the escrow does not pay for (new work, a free sample), worded so where the catalog has it.
    escrow = where == ELSEWHERE or profile(where).escrow
    claimed = gig is None and claim is not None
    paid_in = escrow and (funded or claimed)
    log.info("red-flag check", extra={"flags": [f.code for f in findings], "chars": len(a["text"])})
    if not findings:
        if gig is not None:
            # the gig's facts, not the message's claims, say what to do next
            body = "\n\n".join([_variant(lang, "check", "clean_gig", where), *assumed])
            ctx.replies.append(Message(kind=Kind.REPLY, lang=lang, body=body, flags=()))
            return
        # A message that says the escrow is funded is taken at its word by the check (the before-funding
        # signs are cleared), so the reply asks to see that on the platform before starting: a fake
        # "I have funded it" is how free work is got. A direct client has no escrow to claim. The claim
        # is echoed as the message makes it, in the platform's words (Coconala's purchase, Upwork's
        # milestone). A claim that comes after the work (accepted, paid out) has its own wording where the
        # catalog has one (`check.clean_<claim>`): what is not done on its word is handing over more, not
        # starting.
        if claim is not None and escrow:
            said = _variant(lang, "claim", claim, where)
            text = i18n.worded(
                lang, "check", f"clean_{claim}", where, platform=platform, claim=said
            ) or _variant(lang, "check", "clean_funded", where, platform=platform, claim=said)
        else:
            text = _variant(lang, "check", "clean", where, platform=platform)
        body = "\n\n".join([text, *assumed])
        ctx.replies.append(Message(kind=Kind.REPLY, lang=lang, body=body, flags=()))
        return
    sep = i18n.t(lang, "check.quote_sep")
    # Given the gig, a flag's own wording follows its stage where the data has one (`flag.CODE.gig`).
    known_gig = facts.facts() if gig is not None else None

    def told(f: Finding) -> Mapping[str, str] | None:
        """The gig's facts for one sign's wording, with whether it is work asked for free (`unpaid`)."""
        return None if known_gig is None else {**known_gig, "unpaid": "true" if f.unpaid else "false"}

    # A sign that settles the message (money or data asked of the reader) is said first, however many
    # follow, and beside it what to find out first is moot: the reply does not send the reader to look
    # into a scam (redflags.toml, [reply]).
    plan = reply_plan(where)
    moot = plan.moot([f.code for f in findings])
    settling = next((n for n, f in enumerate(findings, start=1) if f.code in plan.settles), 0)
    # A caution (a direct client's move to e-mail) is counted apart: the reply never calls a warning sign
    # what its own explanation says is none.
    cautions = sum(f.code in plan.cautions for f in findings)
    signs = len(findings) - cautions
    if not cautions:
        found = i18n.t(lang, "check.found", count=signs)
    elif signs:
        found = i18n.t(lang, "check.found_and_cautions", count=signs, cautions=cautions)
    else:
        found = i18n.t(lang, "check.cautions_only", cautions=cautions)
    if settling:
        sign = _flag(lang, findings[settling - 1].code, "name", where, paid_in, told(findings[settling - 1]))
        # what it is reason enough to refuse: on a gig under way or delivered, the request, not the work
        known = known_gig if known_gig is not None else {"platform": where}
        words = handover(lang, where)  # the work handed over in the platform's word (Upwork: submitted)
        found += "\n" + (advise(lang, "check.settled", known, "text", n=settling, sign=sign, **words) or "")
    parts = [found]
    first_moot = next((n for n, f in enumerate(findings, start=1) if f.code in moot), 0)
    for n, f in enumerate(findings, start=1):
        if f.code not in moot:
            advice = _flag(lang, f.code, "advice", where, paid_in, told(f), platform=platform)
        elif n == first_moot:
            advice = _variant(lang, "check", "moot", where, n=settling)
        else:  # said once: a second moot sign points to the first instead of repeating it
            advice = i18n.t(lang, "check.moot_again", n=first_moot)
        parts.append(
            i18n.t(
                lang,
                "check.item",
                n=n,
                name=_flag(lang, f.code, "name", where, paid_in, told(f)),
                quotes=sep.join(_quote(lang, q) for q in f.quotes),
                means=_flag(lang, f.code, "means", where, paid_in, told(f)),
                advice=advice,
            )
        )
    # Settled, the footer does not send the reader to vet the client either ("nothing to look into").
    parts += [*assumed, _variant(lang, "check", "footer_settled" if settling else "footer", where)]
    ctx.replies.append(
        Message(
            kind=Kind.WARNING if signs else Kind.REPLY,
            lang=lang,
            body="\n\n".join(parts),
            flags=tuple(f.code for f in findings),
        )
    )


async def _check_platform(ctx: Ctx, text: str) -> tuple[str, bool, str | None]:
    """The platform a checked message comes from, and whether that is a guess: the one the message
    names (ELSEWHERE for a marketplace without a profile), else the one all the user's open gigs run on
    (a user who only deals directly hears no escrow advice), or without open gigs all their past ones (a
    Lancers user whose gigs are closed is not sent to CrowdWorks, a default they never changed), else
    the user's setting, a guess when those gigs span several platforms; and the name of a marketplace
    without a profile, as the message names it."""
    named, shown = named_marketplace(text)
    if named or shown:
        return named or ELSEWHERE, False, shown
    gigs = await ctx.tx.gigs(ctx.user.id) or await ctx.tx.gigs(ctx.user.id, include_closed=True)
    platforms = {g.platform for g in gigs}
    if len(platforms) == 1:
        return platforms.pop(), False, None
    return ctx.user.platform, len(platforms) > 1, None


def _quote(lang: str, words: str) -> str:
    """The sender's words between the language's quotation marks; words that hold those marks
    themselves (「ＬＩＮＥ」でお願いします) take the nested ones, as Japanese writes a quote in a quote."""
    before, _, after = i18n.template(lang, "check.quote").partition("{text}")
    nested = any(mark and mark in words for mark in (before, after))
    return i18n.t(lang, "check.quote_nested" if nested else "check.quote", text=i18n.literal(words))


def _variant(lang: str, prefix: str, name: str, where: str, **params: Any) -> str:
    """The platform's own wording of a text where the catalog has one (`flag.x.direct.advice`): a direct
    client has no escrow or platform to name."""
    text = i18n.worded(lang, prefix, name, where, **params)
    assert text is not None, f"{prefix}.{name} is missing"
    return text


def _flag(
    lang: str,
    code: str,
    name: str,
    where: str,
    paid_in: bool,
    gig_facts: Mapping[str, str] | None = None,
    **params: Any,
) -> str:
    """A flag's text (`name`, `means`, `advice`) in the platform's words; for a recorded gig, the wording
    its situation calls for where advice.toml has one (`flag.CODE.gig`: a course pushed on a gig under
    contract is declined, not the gig); once the escrow is paid in, its `flag.CODE.funded` wording where
    the catalog has one: what stands after funding is work the escrow does not pay for, and "do not
    deliver before the escrow is funded" would not fit."""
    slot = f"flag.{code}.gig"
    if gig_facts is not None and slot in advice().slots:
        variant = advice().choose(slot, gig_facts)
        own = f"{slot}.{variant.key}.{name}"
        if variant.key and (text := i18n.first(lang, (own,), **params)) is not None:
            return text
    if paid_in and (text := i18n.worded(lang, f"flag.{code}.funded", name, where, **params)) is not None:
        return text
    return _variant(lang, f"flag.{code}", name, where, **params)


def _signal_value(name: str, raw: Any) -> float:
    """A vetting signal as a number (verified: yes is 1, no is 0); refused when out of its range."""
    value = 1.0 if raw == "yes" else 0.0 if raw == "no" else float(raw)
    if not weights().signal(name).valid(value):
        raise CommandError("error.bad_value", arg=name, value=f"{value:g}", hint=f"vethint.{name}")
    return value


@handles("vet")
async def vet_client(ctx: Ctx, a: Mapping[str, Any]) -> None:
    lang = ctx.lang
    key = client_key(a["client"])
    if not key:
        raise CommandError("error.bad_client")
    label = client_label(a["client"]) or key
    history = await own_history(ctx, key)
    # Escrow advice only where there is one: a client the user only ever dealt with directly hears
    # what to do without it, and has no marketplace profile to read; Coconala's side is the buyer.
    where = history.platform or ctx.user.platform
    # A signal the platform's client profiles do not show (Upwork has no automatic ratings; a direct client
    # has no marketplace profile at all) is not scored as if it were there: refused, naming every one given.
    if unshown := [n for n in profile(where).unshown_signals if n in a]:
        sep = i18n.t(lang, "report.list_sep")
        raise CommandError(
            i18n.own_key(lang, "error.vet_unshown", where),
            platform=i18n.t(lang, f"platform.{where}"),
            signal=sep.join(i18n.t(lang, i18n.own_key(lang, f"signalname.{n}", where)) for n in unshown),
            options=sep.join(f"`{n}:`" for n in unshown),
        )
    values = {s.name: _signal_value(s.name, a[s.name]) for s in weights().signals if s.name in a}
    reported = await shown_reports(ctx, key)
    result = vet(values, reported.reasons if reported else {})
    lines = [
        i18n.t(
            lang,
            "vet.header",
            client=label,
            score=result.score,
            verdict=i18n.t(lang, f"verdict.{result.verdict}"),
        )
    ]
    lines += [
        _variant(lang, f"signal.{s.name}", s.level, where, value=f"{s.value:g}", points=f"{s.points:+d}")
        for s in result.signals
    ]
    if reported:
        lines.append(
            _variant(
                lang,
                "vet",
                "community",
                where,
                members=reported.members,
                reasons=reasons_text(lang, reported.reasons),
                points=f"{sum(p for _, _, p in result.reported):+d}",
            )
        )
    else:
        lines.append(_variant(lang, "vet", "community_none", where, min=ctx.community.min_members))
    lines += history.lines
    # What the platform's client profiles do not show is not asked for (Upwork has no automatic ratings).
    if missing := [n for n in result.missing if n not in profile(where).unshown_signals]:
        names = i18n.t(lang, "report.list_sep").join(
            # a signal as the platform names it (Upwork verifies the client's payment method)
            i18n.t(lang, i18n.own_key(lang, f"signalname.{n}", where))
            for n in missing
        )
        # the example adds what is missing, not what was just typed (vet.examples, in its order)
        options = i18n.t(lang, "vet.examples").split()
        example = " ".join([o for o in options if o.split(":")[0] in missing][:3])
        lines.append(_variant(lang, "vet", "missing", where, names=names, client=label, example=example))
    lines.append(_variant(lang, "vet", "footer", where))
    ctx.reply("reply.raw", text="\n".join(lines))


@handles("incoming")
async def incoming(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """The client asked for something with a platform deadline: an open request of the gig, whose
    reminder is a track of its own (bot/domain/profiles.toml)."""
    gig = await ctx.gig(a["id"])
    lang, tz = ctx.lang, ctx.user.tz
    name = a["request"]
    # A platform may name the request its own way (a direct client has no escrow to ask back).
    request_name = i18n.t(lang, i18n.own_key(lang, f"request.{name}", gig.platform))
    prof = profile(gig.platform)
    request = prof.requests.get(name)
    if request is None and not prof.requests:  # a direct client: no platform, so no such request
        raise CommandError("error.incoming_none", id=gig.number, request=request_name)
    if request is None:
        own = tuple(prof.requests)  # what a client on the gig's platform can send instead
        raise CommandError(  # the platforms are codes: the error names them in the user's words
            "error.incoming_platform",
            request=request_name,
            platforms=tuple(p for p in PLATFORMS if name in profile(p).requests),
            id=gig.number,
            platform=gig.platform,
            hint=i18n.own_key(lang, "hint.incoming_requests", gig.platform),
            vocab="request",
            allowed=own,
        )
    if gig.closed:  # accepted, paid or ended: not "no contract yet"
        raise CommandError("error.closed", id=gig.number, stage=stage_label(lang, gig))
    if not gig.stage.contract:
        raise CommandError(
            deal_error(gig, "error.incoming_no_contract"), id=gig.number, stage=stage_label(lang, gig)
        )
    situation = gig.situation()
    if not request.fixed and gig.amount is not None and not gig.hourly:  # hours disputed on a fixed fee
        # What the client could send instead is suggested only where the bot would record it: a milestone
        # never funded has no escrow to ask back either, so the funding comes first.
        others = {r: d for r, d in prof.requests.items() if r != name and d.fixed}
        if any(d.when.holds(situation.facts(request=r)) for r, d in others.items()):
            key = "error.incoming_fixed"
        elif any(d.when.holds({**situation.facts(request=r), "funded": "true"}) for r, d in others.items()):
            key = "error.incoming_fixed_unfunded"
        else:
            key = "error.incoming_situation"
        raise CommandError(
            key, request=request_name, id=gig.number, platform=platform_name(lang, gig.platform)
        )
    facts = situation.facts(request=name)
    if not request.when.holds(facts):
        if gig.hourly:  # no escrow to fund or ask back: the hours billed are what a client disputes
            raise CommandError(
                "error.incoming_hourly",
                request=request_name,
                id=gig.number,
                platform=platform_name(lang, gig.platform),
            )
        if request.when.holds({**facts, "funded": "true"}):  # the payment is what is missing
            raise CommandError(  # named as the platform names it: "purchased" by the buyer on Coconala
                deal_error(gig, "error.incoming_unfunded"),
                request=request_name,
                id=gig.number,
                stage=stage_label(lang, gig, Stage.FUNDED.value),
            )
        raise CommandError("error.incoming_situation", request=request_name, id=gig.number)
    track = f"request:{name}"
    if a.get("answered"):
        # Nothing to answer: an answer on record would claim a request the timeline never shows.
        if name not in gig.requests:
            raise CommandError(
                "error.incoming_not_open",
                id=gig.number,
                request=request_name,
                word=preferred(Vocab.REQUEST, name, lang),
            )
        del gig.requests[name]
        gig.progress.pop(track, None)
        # Answered on delivered work, where the bot's advice is to decline (send it back) and a declined
        # request leaves the contract standing: the fee is owed again, not in question (STANDS). Agreeing
        # instead ends the contract, which `/gig terminate` records, as the reply says.
        stands = request.stands_on_delivery and gig.delivered_at is not None and gig.refund_unsettled
        if stands:
            gig.progress[STANDS] = len(gig.asked)
        await ctx.tx.save_gig(gig)
        await ctx.tx.add_event(
            EventRecord(gig.id, ctx.user.id, ctx.now, EventKind.ANSWERED, None, {"request": name})
        )
        ctx.notices.extend((await reschedule(ctx.tx, ctx.user, gig, ctx.now)).notes)
        if stands:
            key = i18n.own_key(lang, "incoming.answered_stands", gig.platform)
            ctx.reply(key, gig=gig.number, request=request_name)
        else:
            ctx.reply("incoming.answered", gig=gig.number, request=request_name)
        return
    received: datetime = a["since"].resolve(tz, ctx.now) if "since" in a else ctx.now
    if received > ctx.now:
        raise future_error(ctx, a.get("since"))
    deadline = request.deadline(received)
    if deadline <= ctx.now:
        # the platform applies a lapsed request (ends, refunds, cancels): nothing is left to answer
        raise CommandError(
            "error.incoming_expired",
            deadline=i18n.when(lang, deadline, tz),
            platform=platform_name(lang, gig.platform),
            id=gig.number,
        )
    gig.requests[name] = received
    gig.asked.append(name)  # the texts that follow must fit it, also once it is answered
    gig.progress.pop(track, None)  # a new request of the same kind: its reminder comes again
    # A request is the client's answer: the ladder of their silence stops (acceptance nudges, support
    # inquiries and Upwork's automatic release all assume a client who does nothing).
    stop_waiting(gig)
    await ctx.tx.save_gig(gig)
    await ctx.tx.add_event(
        EventRecord(
            gig.id,
            ctx.user.id,
            ctx.now,
            EventKind.INCOMING,
            None,
            {"request": name, "received": _local(received, tz), "deadline": _local(deadline, tz)},
        )
    )
    # The reply is written before the reminder a late `since:` may bring at once.
    planned = [s for s in planned_steps(ctx.user, gig, ctx.now, present=False) if s.track == track]
    params = gig_params(ctx.user, gig, ctx.now) | {
        "deadline": i18n.when(lang, deadline, tz),
        "remind": _remind_at(lang, planned[0].deliver, ctx.now, tz) if planned else "-",
        "request": request_name,
    }
    text = advise(lang, "received", facts, "text", **params)
    ctx.reply("reply.raw", text=text, gig=gig.number)
    ctx.notices.extend((await reschedule(ctx.tx, ctx.user, gig, ctx.now)).notes)


def _remind_at(lang: str, deliver: datetime, now: datetime, tz: str) -> str:
    """When the reminder before a request's deadline reaches the user: a request recorded late, or close
    to its deadline, has it due already, and it follows at once (never a time before the reply)."""
    if deliver <= now:
        return i18n.t(lang, "remind.now", when=i18n.when(lang, now, tz))
    return i18n.when(lang, deliver, tz)


def _local(instant: datetime, tz: str) -> str:
    """An instant as the timeline shows it: the user's wall clock, to the minute, with its offset."""
    return instant.astimezone(ZoneInfo(tz)).isoformat(timespec="minutes")


def _pending(ctx: Ctx, gig: GigRecord) -> list[str]:
    """The client's requests still waiting for an answer (`/gig incoming`), each with its platform
    deadline and what it means for the settlement: an early-termination request left unanswered ends the
    contract with the escrow going back, so the fee for the work done is agreed before it is accepted."""
    lang, tz = ctx.lang, ctx.user.tz
    lines = []
    for name, received in gig.requests.items():
        request = profile(gig.platform).requests.get(name)
        if request is None or (deadline := request.deadline(received)) <= ctx.now:
            continue  # lapsed: the platform has applied it, and `list` says so
        text = advise(
            lang,
            "settle.pending",
            gig.situation().facts(request=name),
            "text",
            client=gig.client,
            request=i18n.t(lang, i18n.own_key(lang, f"request.{name}", gig.platform)),
            received=i18n.day(lang, received, tz, now=ctx.now),
            deadline=i18n.when(lang, deadline, tz),
        )
        lines.append(text or "")
    return lines


@handles("settle")
async def settle(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Before ending early: a fair partial fee for the work done, the scope changes on record, and the
    draft to propose it. After delivery there is nothing to settle: the fee (or its balance) is owed. When
    what came in already pays for the work, nothing is asked for: no proposal and no draft."""
    gig = await ctx.gig(a["id"])
    lang, tz = ctx.lang, ctx.user.tz
    if gig.closed:
        raise CommandError("error.closed", id=gig.number, stage=stage_label(lang, gig))
    if gig.stage in NO_CONTRACT:
        raise CommandError(deal_error(gig, "error.settle_no_contract"), id=gig.number)
    for name in ("rate", "amount"):  # a fee of nothing is no basis for a proposal
        if name in a and a[name] <= 0:
            raise CommandError(
                "error.bad_value",
                arg=name,
                value=f"{a[name]:g}",
                hint=f"hint.{name}_positive",
                command="settle",
            )
    history = await ctx.tx.events(gig.id)
    hours = gig.logged_hours = logged_hours(history)
    changes = [e for e in history if e.kind is EventKind.CHANGE]
    # A request for the escrow back with no outcome recorded: no platform clock pays it meanwhile.
    facts = gig.situation().facts(unsettled=gig.refund_unsettled)
    params = gig_params(ctx.user, gig, ctx.now)
    # The hours logged and what they are worth at the gig's rate: an hourly contract's whole fee.
    rate = a.get("rate", gig.rate)
    params |= {"hours": f"{hours:g}", "rate": money(lang, gig, rate) if rate else "-"}
    params["worth"] = money(lang, gig, hours * rate) if rate else "-"
    lines = [i18n.t(lang, "settle.header", gig=gig.number, title=gig.title, client=gig.client)]
    lines += _pending(ctx, gig)
    variant = advice().choose("settle.situation", facts)
    draft = None
    if "partial_fee" in variant.tags:
        p = propose(hours, rate, a.get("amount", gig.amount))
        paid_for = covered(p.fee, gig.paid_amount)
        if p.capped:  # worth the whole fee: nothing lower to agree, the work done is delivered for it
            facts = gig.situation().facts(full_fee=True)
        elif paid_for:  # what came in pays for the work done: no balance, no request for nothing
            facts = gig.situation().facts(covered=True)
        if hours <= 0:
            lines.append(i18n.t(lang, "settle.no_hours", gig=gig.number))
        elif p.rate is None:
            lines.append(i18n.t(lang, "settle.no_rate", gig=gig.number, hours=f"{hours:g}"))
        if p.value is not None and p.rate is not None and p.fee is not None:
            lines.append(
                i18n.t(
                    lang,
                    "settle.value",
                    hours=f"{hours:g}",
                    rate=money(lang, gig, p.rate),
                    value=money(lang, gig, p.value),
                )
            )
            if not paid_for:  # otherwise there is nothing to propose or request
                if p.capped and p.amount is not None:
                    amount = money(lang, gig, p.amount)
                    lines.append(_variant(lang, "settle", "capped", gig.platform, amount=amount))
                fee = money(lang, gig, p.fee)
                if p.share is None:  # no contract amount to compare the fee with
                    lines.append(i18n.t(lang, "settle.proposal_no_amount", fee=fee))
                else:
                    share = f"{p.share:.0%}"  # of the amount agreed: Coconala's is the order's price
                    lines.append(_variant(lang, "settle", "proposal", gig.platform, fee=fee, share=share))
                to = gig.draft_language(lang)  # the client reads the draft in the gig's language
                draft = advise(
                    to,
                    "settle.situation",
                    facts,
                    "draft",
                    **gig_params(ctx.user, gig, ctx.now, to),
                    hours=f"{hours:g}",
                    fee=money(to, gig, p.fee),
                    # what is left to invoice once the payments already received are taken off
                    rest=money(to, gig, p.fee - gig.paid_amount),
                )
    elif gig.delivered_at is not None and covered(gig.worth, gig.paid_amount):
        facts = gig.situation().facts(covered=True)  # the hours logged are paid for: nothing to request
    if changes:
        lines.append(i18n.t(lang, "settle.changes", count=len(changes)))
        lines += [
            i18n.t(
                lang,
                "settle.change_row",
                date=i18n.day(lang, e.at, tz, now=ctx.now),
                description=e.data.get("description", ""),
            )
            for e in changes
        ]
    else:
        lines.append(_variant(lang, "settle", "no_changes", gig.platform))
    lines.append(advise(lang, "settle.situation", facts, "text", **params) or "")
    ctx.reply_with_draft(gig, lines, draft)
