"""The payment reminder's draft for work handed over before the escrow was funded, when the terms set no
payment date (`pay_by:none`): it told the client 「お支払い期日が{payday}となっておりますが」 / 'the payment
is due by {payday}', a payment date nobody agreed. The day is the delivery day the Freelance Act deems the
payment date; but a marketplace client may be a private individual or abroad, whom the Act does not
bind, so the draft cites no law either: it asks for the funding as soon as possible (`ask_by.none`).

Rendered through `compose.reminder` rather than played: with no date agreed the Act's day is the delivery
day itself, so the reminder three business days before it is never planned (the wording is still
reachable by the advice data, and the nets in tests/bot/domain/test_advice.py render it)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot import compose
from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.i18n.catalog import LANGS
from bot.ports import GigRecord, UserRecord

DELIVERED = datetime.fromisoformat("2026-11-05T10:00:00+09:00")
NOW = datetime.fromisoformat("2026-11-06T10:00:00+09:00")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
def test_the_unfunded_draft_names_no_agreed_day_when_none_was_set(lang: str, platform: str) -> None:
    user = UserRecord(1, "test", "u1", lang=lang)
    gig = GigRecord(
        id=1,
        user_id=1,
        number=1,
        title="LP",
        client="ACME",
        platform=platform,
        stage=Stage.DELIVERED,
        created_at=DELIVERED,
        stage_since=DELIVERED,
        delivered_at=DELIVERED,
        delivered_on=date(2026, 11, 5),
        pay_by=PayBy(None),
        amount=50000.0,
    )
    message = compose.reminder(user, gig, "payment_due_soon", NOW, track="payment")
    draft = message.draft or ""
    untrue = {
        "en": "the payment is due by Thu 5 Nov 2026,",
        "ja": "お支払い期日が2026年11月5日（木）となって",
    }
    assert untrue[lang] not in draft, draft
    assert ("Freelance Act" if lang == "en" else "フリーランス新法") not in draft, draft
    asked = {"en": "as soon as possible", "ja": "できるだけ早く"}
    assert asked[lang] in draft, draft
