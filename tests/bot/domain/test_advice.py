"""Advice that is safe in every situation: two nets over every situation, every profile's tracks and every
advising text, and the rules that keep a ladder's steps from contradicting each other.

The first net reads the data: in each situation, the wording each slot would use must carry no advice tag
that the situation forbids (advice.toml's [[forbid]]). The second net reads what is actually said: every
text rendered for a situation, in both languages, must not contain the key words of a forbidden advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import compose
from bot.domain.advice import advice
from bot.domain.calendar import WorkCalendar
from bot.domain.facts import Situation
from bot.domain.stages import Stage
from bot.domain.tracks import Anchor, PlannedStep, TrackDef, TrackState, plan, profile, profiles, track_name
from bot.i18n.catalog import LANGS, catalog, fill
from bot.ports import GigRecord, UserRecord
from tests.bot.situations import TABLE_END, TABLE_START, generated, gig_in, planned, situation_id, situations

SINCE = datetime.fromisoformat("2026-11-20T18:00:00+09:00")
NOW = SINCE + timedelta(days=12)
ALL = list(situations())


def requests_in(situation: Situation) -> list[str]:
    """The client requests that can arise in a situation (`/gig incoming` refuses the others)."""
    if not situation.stage.contract or situation.stage.final:
        return []
    facts = situation.facts()
    return [name for name, r in profile(situation.platform).requests.items() if r.when.holds(facts)]


def _asked_back(situation: Situation) -> bool:
    """Whether the client may have asked a funded escrow back in the situation (a request with `refunds`
    that can arise in it), leaving its outcome unrecorded (`unsettled`)."""
    requests = profile(situation.platform).requests
    return situation.funded and any(requests[name].refunds for name in requests_in(situation))


def said(situation: Situation) -> Iterator[tuple[str, dict[str, str]]]:
    """Every slot that can be said in a situation, with the facts its wording is chosen by."""
    steps = planned(situation)
    # the platform's own clock from the latest submission (Upwork's release) may still run when a step comes
    clocked = any(track == track_name(Anchor.STAGE) for _, track in steps)
    for step, track in steps:
        request = track.removeprefix("request:") if track.startswith("request:") else ""
        for catchup in (False, True):
            for overdue in (False, True):  # sent before or after the legal last payment day
                for passed in (False, True):  # the deadline the step names had passed when it came due
                    # what was paid came before the delivery (a deposit) or after it
                    deposits = (False, True) if situation.paid == "part" and situation.delivered else (False,)
                    for deposit in deposits:
                        # the client's request for the escrow back has a recorded outcome or not
                        for unsettled in (False, True) if _asked_back(situation) else (False,):
                            for ahead in (False, True) if clocked else (False,):
                                facts = situation.facts(
                                    catchup=catchup,
                                    request=request,
                                    overdue=overdue,
                                    deadline_passed=passed,
                                    deposit=deposit,
                                    unsettled=unsettled,
                                    release_ahead=ahead,
                                )
                                yield f"step.{step}", facts
        if f"also.{step}" in advice().slots:
            yield f"also.{step}", situation.facts(catchup=True)
    for request in requests_in(situation):
        yield "received", situation.facts(request=request)
        # a settlement asked for while the request waits for an answer names it and its deadline
        yield "settle.pending", situation.facts(request=request)
    for slot in advice().slots:
        if slot.startswith("tip."):
            # A reply may add that the legal last payment day is behind, or that its move funded the escrow.
            for overdue in (False, True):
                for funded_now in (False, True) if situation.funded else (False,):
                    yield slot, situation.facts(overdue=overdue, funded_now=funded_now)
        elif slot == "settle.situation":
            # A settlement adds whether the hours logged are worth the whole fee, or already paid for.
            for extra in ({}, {"full_fee": True}, {"covered": True}):
                yield slot, situation.facts(**extra)
        elif slot == "check.gig":
            # A check adds whether the message it reads asks to move the talk to another tool.
            for moves in (False, True):
                yield slot, situation.facts(moves=moves)
        elif not slot.startswith(("step.", "also.", "received", "settle.pending")):
            yield slot, situation.facts()


def rendering_params(user: UserRecord, gig: GigRecord) -> dict[str, Any]:
    """Every placeholder a text may use, filled for this gig."""
    return compose.gig_params(user, gig, NOW) | {
        "deadline": "D",
        "deadline_day": "D",
        "request": "R",
        "remind": "R",
        "received": "R",
        "bdays": 1,
        "hours": 1,
        "rate": "R",
        "worth": "W",
        "fee": "F",
        "rest": "R",
        "text": "T",
        "step_name": "S",
        "payday": "P",
        "release_day": "R",
        "ref": "R",
        "amount": "A",
        "day": "D",
        "owed": "O",
        "basis": "B",
        "act_day": "A",  # the `act_day` slot, rendered and checked on its own
        "when": "W",
        "members": 2,
        "reasons": "R",
        "n": 1,
        "sign": "S",
    }


TEXT_PARTS = ("title", "body", "draft", "draft_catchup", "text")


def rendered(
    lang: str, slot: str, facts: dict[str, str], params: dict[str, Any], parts: tuple[str, ...] = TEXT_PARTS
) -> list[str]:
    """The parts of the wording a slot uses in this situation, as the user reads them."""
    variant = advice().choose(slot, facts)
    return [
        fill(catalog(lang)[key], params)  # as the bot fills it (counting forms: `{n:|day|days}`)
        for part in parts
        if (key := next((k for k in variant.keys(part) if k in catalog(lang)), None))
    ]


def test_the_situations_cover_every_platform_stage_and_fact() -> None:
    assert {s.platform for s in ALL} == set(profiles())
    assert {s.stage for s in ALL} == set(Stage)
    assert {(s.funded, s.delivered) for s in ALL if s.escrow} == {
        (False, False),
        (False, True),
        (True, False),
        (True, True),
    }
    assert not any(s.funded for s in ALL if not s.escrow)  # direct has no funded column


@pytest.mark.parametrize("situation", ALL, ids=situation_id)
def test_no_wording_gives_advice_its_situation_forbids(situation: Situation) -> None:
    problems = []
    for slot, facts in said(situation):
        variant = advice().choose(slot, facts)
        forbidden = advice().forbidden(facts)
        for tag in sorted(variant.tags & forbidden.keys()):
            problems.append(f"{slot}.{variant.key or '(generic)'} says {tag}: {forbidden[tag]}")
    assert problems == []


@pytest.mark.parametrize("situation", ALL, ids=situation_id)
def test_no_rendered_text_uses_the_words_of_forbidden_advice(situation: Situation) -> None:
    """The second net: what a user would read in this situation, in each language."""
    gig = gig_in(situation, SINCE)
    problems = []
    for lang in LANGS:
        params = rendering_params(UserRecord(1, "test", "u1", lang=lang), gig)
        for slot, facts in said(situation):
            variant = advice().choose(slot, facts)
            for tag in advice().forbidden(facts):
                parts = advice().keyword_parts.get(tag, TEXT_PARTS)
                text = "\n".join(rendered(lang, slot, facts, params, parts))
                for word in advice().keywords.get(tag, {}).get(lang, ()):
                    found = word.lower() in text.lower() if lang == "en" else word in text
                    if found:
                        problems.append(f"{lang} {slot}.{variant.key or '(generic)'}: {word!r} ({tag})")
    assert problems == []


@pytest.mark.parametrize("situation", ALL, ids=situation_id)
def test_no_wording_borrows_the_claim_that_the_act_binds(situation: Situation) -> None:
    """A wording rewords only what differs and takes its other parts from the slot's generic wording. Where
    the Act may not bind the client, a wording that does not claim it binds must not take a part of a
    generic wording that does: a body that says "if the buyer employs staff" under the generic title
    "payment due by ..." still tells the user the day is due. The claim has no key words, so only this
    net sees it."""
    problems = set()
    for slot, facts in said(situation):
        variant = advice().choose(slot, facts)
        generic = advice().slots[slot][-1]
        if "law_binds" not in advice().forbidden(facts) or "law_binds" not in generic.tags - variant.tags:
            continue
        for lang in LANGS:
            for part in TEXT_PARTS:
                own, *borrowed = variant.keys(part)
                if own not in catalog(lang) and any(key in catalog(lang) for key in borrowed):
                    problems.add(f"{lang} {slot}.{variant.key}.{part}")
    assert sorted(problems) == []


# Coconala's buyer pays when purchasing: no text for a Coconala gig speaks of funding an escrow or a contract.
NOT_COCONALA_WORDS = {"en": ("escrow", "contract"), "ja": ("仮払い", "契約", "エスクロー")}


@pytest.mark.parametrize("situation", [s for s in ALL if s.platform == "coconala"], ids=situation_id)
def test_coconala_texts_speak_of_the_purchase(situation: Situation) -> None:
    gig = gig_in(situation, SINCE)
    problems = []
    for lang in LANGS:
        params = rendering_params(UserRecord(1, "test", "u1", lang=lang), gig)
        for slot, facts in said(situation):
            for text in rendered(lang, slot, facts, params, (*TEXT_PARTS, "funded", "unfunded")):
                problems += [f"{lang} {slot}: {w!r}" for w in NOT_COCONALA_WORDS[lang] if w in text.lower()]
    assert sorted(set(problems)) == []


@pytest.mark.parametrize("situation", [s for s in ALL if s.platform == "upwork"], ids=situation_id)
def test_upwork_texts_in_japanese_speak_of_funding_the_milestone(situation: Situation) -> None:
    """An Upwork client funds a milestone (マイルストーンへのご入金); 仮払い is CrowdWorks' and Lancers'
    word, which an Upwork client would not recognise."""
    gig = gig_in(situation, SINCE)
    params = rendering_params(UserRecord(1, "test", "u1", lang="ja"), gig)
    problems = [
        f"{slot}.{advice().choose(slot, facts).key or '(generic)'}"
        for slot, facts in said(situation)
        for text in rendered("ja", slot, facts, params, (*TEXT_PARTS, "funded", "unfunded"))
        if "仮払い" in text
    ]
    assert sorted(set(problems)) == []


def test_every_forbidden_tag_has_key_words_in_both_languages() -> None:
    for f in advice().forbids:
        for tag in f.tags:
            if tag == "law_binds":
                continue  # a claim, not a phrase: held by the first net alone
            words = advice().keywords.get(tag, {})
            assert set(words) == set(LANGS), f"{tag} needs key words in {LANGS}"


# --- steps that never contradict each other ---------------------------------------------------------------

CALENDAR = WorkCalendar()
# Start times across a year, on workdays, weekends, holidays, nights and the days before long breaks.
STARTS = [
    datetime.fromisoformat(t)
    for t in (
        "2026-11-20T18:00:00+09:00",
        "2026-11-21T10:00:00+09:00",
        "2026-12-25T23:30:00+09:00",
        "2026-12-28T09:00:00+09:00",
        "2027-01-01T12:00:00+09:00",
        "2027-04-28T17:01:00+09:00",
        "2027-05-01T08:00:00+09:00",
        "2027-07-16T19:59:00+09:00",
        "2027-09-17T14:10:00+09:00",
    )
]


@pytest.mark.parametrize("situation", ALL, ids=situation_id)
def test_a_step_never_promises_a_window_the_next_step_cuts_short(situation: Situation) -> None:
    prof = profile(situation.platform)
    tracks = prof.tracks_for(situation)
    for start in STARTS:
        gig = gig_in(situation, start)
        if gig.closed:
            return
        steps = plan(gig.track_state(CALENDAR), prof, CALENDAR)
        for track in tracks:
            codes = [s.code for s in track.steps]
            names = {s.track for s in steps if s.track.split(":")[0] == _track_key(track.anchor)}
            for name in sorted(names):
                mine = sorted((s for s in steps if s.track == name), key=lambda s: s.order)
                _check_track(track, codes, mine, situation, start)


def _check_track(
    track: TrackDef, codes: list[str], mine: list[PlannedStep], situation: Situation, start: datetime
) -> None:
    by_step = {s.step: s for s in mine}
    for sdef in track.steps:
        s = by_step.get(sdef.code)
        if s is None:
            continue
        if sdef.requires is not None:
            assert codes.index(sdef.requires) < codes.index(sdef.code)
        if sdef.names is not None and sdef.names.base in by_step and not sdef.names.amount:
            named = by_step[sdef.names.base]
            # The named step is the very next one and falls due exactly when the text says.
            assert codes.index(named.step) == codes.index(sdef.code) + 1, sdef
            assert named.nominal == s.deadline, (start, sdef.code)
            local = CALENDAR.local(named.nominal)
            assert local.minute in (0, 30), f"{sdef.code} names {local}"
            assert local.second == 0
            assert CALENDAR.in_active_hours(named.nominal), f"{sdef.code} names {local}"
        if sdef.window is not None:
            # The platform then gives the client `window` days: no step of the worker's falls inside.
            end = s.nominal + timedelta(days=sdef.window)
            assert all(o.nominal >= end for o in mine if o.order > s.order), (start, sdef.code)
            if s.deadline is not None:
                assert s.deadline >= end - timedelta(minutes=1)
    dues = [s.nominal for s in mine]
    assert dues == sorted(dues), f"{situation_id(situation)} from {start}: steps out of order"


def _track_key(anchor: Anchor) -> str:
    return {
        Anchor.WAITING: "ladder",
        Anchor.DELIVERED: "payment",
        Anchor.FUNDED: "funded",
        Anchor.STAGE: "stage",
    }.get(anchor, "request")


@pytest.mark.parametrize("situation", ALL, ids=situation_id)
def test_what_a_deadline_notice_threatens_is_what_the_next_step_advises(situation: Situation) -> None:
    """A notice that tells the client the contract will end must be followed by a step that ends it; a
    notice that announces a submission, by the submission (Upwork never threatens an ending it advises
    against)."""
    prof = profile(situation.platform)
    for track in prof.tracks_for(situation):
        for sdef in track.steps:
            if sdef.names is None or sdef.names.base is None or track.step(sdef.names.base) is None:
                continue
            facts = situation.facts()
            notice = advice().choose(f"step.{sdef.code}", facts).tags
            following = advice().choose(f"step.{sdef.names.base}", facts).tags
            if "threatens_end" in notice:
                assert following & {"terminate", "cancel"}, (sdef.code, sdef.names.base)
            if "announces_submission" in notice:
                assert "submit_work" in following
            assert not ({"terminate", "cancel"} & following and "announces_submission" in notice)


def test_each_situation_runs_at_most_one_track_per_anchor() -> None:
    for situation in ALL:
        anchors = [t.anchor for t in profile(situation.platform).tracks_for(situation)]
        assert len(anchors) == len(set(anchors))


def test_the_payment_track_counts_the_act_right() -> None:
    """Spec section 2: received 1 April, last day 30 May; payment_due_soon at the start of active hours on
    the third business day before it; payment_deadline the day after, at the delivery's time of day."""
    delivered = datetime.fromisoformat("2027-04-01T15:20:00+09:00")
    situation = Situation("direct", Stage.DELIVERED, escrow=False, funded=False, delivered=True)
    state = TrackState(situation, waiting_since=delivered, stage_since=delivered, delivered_at=delivered)
    gig = gig_in(situation, delivered)
    state = gig.track_state(CALENDAR)
    steps = {s.step: s for s in plan(state, profile("direct"), CALENDAR) if s.track == "payment"}
    assert CALENDAR.local(steps["payment_deadline"].nominal).isoformat() == "2027-05-31T15:20:00+09:00"
    # 30 May 2027 is a Sunday: three business days before it are Wed 26, Thu 27, Fri 28; Wed 26 it is.
    assert CALENDAR.local(steps["payment_due_soon"].nominal).isoformat() == "2027-05-26T09:00:00+09:00"
    assert CALENDAR.local(steps["payment_due_soon"].deadline or delivered).date().isoformat() == "2027-05-30"


def test_docs_advice_table_is_current() -> None:
    """docs/advice.md holds the generated situation table: regenerate it with
    `python -m tests.bot.situations` when the data changes."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "advice.md").read_text("utf-8")
    start, end = doc.index(TABLE_START), doc.index(TABLE_END) + len(TABLE_END)
    assert doc[start:end] == generated()
