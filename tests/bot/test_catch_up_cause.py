"""A catch-up says why the reminders in between never came (spec section 3: it tells the truth): the
bot was away, or the user's own command dated the silence before them. Each cause alone, in English and
Japanese; the text once named both as possible, leaving the user to guess."""

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
AWAY = {"en": "The bot was not running", "ja": "ボットが停止していた"}
COMMAND = {"en": "already past when you entered it", "ja": "入力した時点で"}


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_catch_up_after_downtime_says_the_bot_was_away(
    code: str, service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, f"/gig settings lang:{code}")
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    clock.set(jst(2026, 12, 3, 10))  # two weeks without a tick
    assert await engine.tick() == 1
    [sent] = await reminders(store)
    assert AWAY[code] in sent.message.body
    assert COMMAND[code] not in sent.message.body
    assert "過去の日付で登録" not in sent.message.body
    assert "added with an earlier start" not in sent.message.body


@pytest.mark.parametrize("code", ["en", "ja"])
async def test_a_catch_up_from_an_old_since_says_it_was_past_when_entered(
    code: str, service: Service, store: SqlStore
) -> None:
    await ok(service, ALICE, f"/gig settings lang:{code}")
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted since:2026-11-02T18:00')
    [sent] = await reminders(store)
    assert COMMAND[code] in sent.message.body
    assert AWAY[code] not in sent.message.body
    assert "the bot was away" not in sent.message.body


def test_every_cause_has_its_words_in_both_languages() -> None:
    from bot.ports import CatchUp

    for code in ("en", "ja"):
        for cause in CatchUp:
            assert f"catchup.intro_{cause.value}" in i18n.catalog(code), cause
