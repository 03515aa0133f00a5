"""A catch-up says the client's silence once (spec section 3: one message, what to do now). Its intro
once opened "ACME has been silent since Tue 20 Oct: 31 days..." and the step's own body then opened with
"Still no reply since Tue 20 Oct", on every platform: the freelancer read the same sentence twice. The
intro now says only why the reminders in between never came and how long that was; the body says the
silence, once. In English and Japanese, on each platform, after an old `since:` and after downtime."""

from __future__ import annotations

import pytest

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import jst, ok, reminders
from tests.conftest import actor

ALICE = actor("alice")
SINCE = jst(2026, 10, 20, 10)
# The words of a silence sentence, in either language.
SILENCE = {"en": ("no reply", "silent since", "not replied since"), "ja": ("返信がありません", "返信がなく")}


def said(code: str, text: str) -> int:
    return sum(text.count(words) for words in SILENCE[code])


@pytest.mark.parametrize("code", ["en", "ja"])
@pytest.mark.parametrize(
    ("platform", "stage", "step"),
    [
        ("crowdworks", "contracted", "deadline_notice"),
        ("lancers", "contracted", "deadline_notice"),
        ("upwork", "contracted", "deadline_notice"),
        ("direct", "contracted", "deadline_notice"),
        ("lancers", "delivered", "platform_nudge"),
    ],
)
async def test_a_catch_up_from_an_old_since_says_the_silence_once(
    code: str, platform: str, stage: str, step: str, service: Service, store: SqlStore
) -> None:
    await ok(service, ALICE, f"/gig settings lang:{code}")
    add = f'/gig add "LP" client:ACME platform:{platform} stage:{stage} since:2026-10-20T10:00'
    await ok(service, ALICE, add)
    [sent] = await reminders(store)
    assert sent.step == step
    text = sent.message.body
    assert said(code, text) == 1, text
    intro = text.splitlines()[0]
    assert i18n.day(code, SINCE, "Asia/Tokyo", now=sent.created_at) not in intro
    # the count of the silence is still there, in the intro
    assert ("31 days" if code == "en" else "31日間") in intro
    assert ("22 of them business days" if code == "en" else "営業日22日") in intro


@pytest.mark.parametrize("code", ["en", "ja"])
@pytest.mark.parametrize("platform", ["crowdworks", "coconala", "upwork", "direct"])
async def test_a_catch_up_after_downtime_says_the_silence_once(
    code: str, platform: str, service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, f"/gig settings lang:{code}")
    await ok(service, ALICE, f'/gig add "LP" client:ACME platform:{platform} stage:funded')
    await ok(service, ALICE, "/gig sent 1 asked about the colours")
    clock.set(jst(2026, 12, 10, 10))  # three weeks without a tick
    assert await engine.tick() == 1
    [sent] = await reminders(store)
    assert said(code, sent.message.body) == 1, sent.message.body


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_caught_up_lancers_request_claims_no_messages_the_user_was_never_reminded_to_send(
    code: str, service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Lancers' contact-prompt request came as a catch-up (the nudge was skipped) with a draft for Lancers
    saying "I have sent several messages without an answer" (何度かメッセージをお送りしましたが): the user
    had sent one, and would have put an untrue claim on record with the platform."""
    await ok(service, ALICE, f"/gig settings lang:{code}")
    await ok(service, ALICE, '/gig add "LP" client:ACME platform:lancers stage:funded')
    await ok(service, ALICE, "/gig sent 1 asked about the colours")
    clock.set(jst(2026, 12, 10, 10))
    assert await engine.tick() == 1
    [sent] = await reminders(store)
    assert sent.step == "platform_nudge"
    draft = sent.message.draft or ""
    assert ("several" if code == "en" else "何度か") not in draft, draft
    assert ("since Fri 20 Nov" if code == "en" else "11月20日（金）から") in draft, draft
