"""Direct work with a client abroad (spec section 2, domain: a client abroad may not be bound by the Act):
a freelancer in New York, or a fee in dollars, made every payment text state Japan's Freelance Act flatly,
count its 60th day as the day the client had to pay, and send the user to 内容証明郵便, the Fair Trade
Commission and Japan's free consultation desk. Through the simulator, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.service.stories import LANGS, end, setting, to
from tests.bot.service.stories import at as stories_at
from tests.bot.service.stories import say as stories_say
from tests.conftest import simulate_records

NY = "-05:00"


def at(month: int, day: int, hour: int = 10, year: int = 2026, zone: str = NY) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:00:00{zone}"


def say(text: str, when: str) -> dict[str, Any]:
    return {"at": when, "user": "kim", "text": text}


async def _records(
    lang: str, *, tz: str = "America/New_York", currency: str = "USD", extra: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    settings: dict[str, str] = {"tz": tz, **({"lang": lang} if lang == "ja" else {})}
    add = f'/gig add "Site" client:Acme platform:direct stage:contracted amount:2000 currency:{currency}'
    events: list[dict[str, Any]] = [{"at": at(11, 1, 9), "user": "kim", "settings": settings}]
    events += [say(add, at(11, 20)), say("/gig delivered 1", at(11, 21))]
    events += [say(text, at(11, 22, 10 + i)) for i, text in enumerate(extra)]
    events.append({"at": at(3, 30, year=2027), "end": True})
    return await simulate_records(events)


DRAFT = ("Draft to send:", "そのまま使える文面：")


def _reminder(records: list[dict[str, Any]], step: str) -> dict[str, str]:
    """The reminder's text for the user, and the draft the client reads."""
    [found] = [r for r in records if r["kind"] == "reminder" and r["step"] == step]
    text, draft = found["text"], ""
    for marker in DRAFT:
        if marker in text:
            text, draft = text.split(marker, 1)
    return {"text": text, "draft": draft}


HEDGE = {"en": "If Japan's Freelance Act applies", "ja": "フリーランス新法が適用される場合"}
ABROAD = {
    "en": "a client abroad may not be bound",
    "ja": "海外のクライアントにはこの法律が適用されないことがあ",
}
ACT = {"en": "Freelance Act", "ja": "フリーランス新法"}
JAPAN_ONLY = ("内容証明", "Fair Trade", "公正取引委員会", "110", "SME Agency", "中小企業庁")
FLAT = {  # the Act stated as binding whoever the client is employing staff
    "en": ("Under Japan's Freelance Act", "Japan's Freelance Act asks for payment"),
    "ja": ("フリーランス新法では、", "フリーランス新法により"),
}


async def test_a_new_york_freelancer_gets_the_act_only_as_japanese_law_in_every_payment_reminder() -> None:
    for lang in ("en", "ja"):
        records = await _records(lang)
        for step in ("acceptance_nudge", "payment_due_soon", "payment_deadline"):
            text = _reminder(records, step)["text"]
            assert HEDGE[lang] in text, (lang, step, text)
            assert ABROAD[lang] in text, (lang, step, text)
        for step in ("acceptance_nudge", "payment_due_soon", "payment_deadline", "payment_followup"):
            reminder = _reminder(records, step)
            for flat in FLAT[lang]:
                assert flat not in reminder["text"], (lang, step, reminder["text"])
            # what the client reads never invokes a law that may not bind them
            assert ACT[lang] not in reminder["draft"], (lang, step, reminder["draft"])
        # the tips at add and at delivery say the same
        tips = "\n".join(
            r["text"] for r in records if r["kind"] == "reply" and r["at"] in (at(11, 20), at(11, 21))
        )
        assert HEDGE[lang] in tips, (lang, tips)
        for flat in ("フリーランス新法では", "Under Japan's Freelance Act", "a business client must"):
            assert flat not in tips, (lang, tips)


async def test_the_demand_to_a_client_abroad_drops_japan_only_remedies_and_keeps_what_holds_anywhere() -> (
    None
):
    anywhere = {
        "en": ("invoice", "payment terms you agreed", "/gig timeline 1"),
        "ja": ("請求書", "取り決めた支払条件", "/gig timeline 1"),
    }
    for lang in ("en", "ja"):
        records = await _records(lang)
        for step in ("payment_followup", "payment_demand"):
            reminder = _reminder(records, step)
            for word in JAPAN_ONLY:
                assert word not in reminder["text"], (lang, step, word)
            for word in anywhere[lang]:
                assert word in reminder["text"], (lang, step, word)
            # the draft names no "due by" day the Act alone sets (the 60th day, 19 Jan), nor mediation
            for word in ("19 Jan", "1月19日", "あっせん", "mediation", "専門の窓口"):
                assert word not in reminder["draft"], (lang, step, word)


async def test_a_fee_in_dollars_marks_the_client_abroad_even_for_a_user_in_tokyo() -> None:
    for lang in ("en", "ja"):
        records = await _records(lang, tz="Asia/Tokyo", extra=())
        text = _reminder(records, "payment_deadline")["text"]
        assert HEDGE[lang] in text, (lang, text)
        assert ABROAD[lang] in text, (lang, text)
        assert "110" not in text, (lang, text)


async def test_a_date_agreed_with_a_client_abroad_is_named_as_binding() -> None:
    agreed = {"en": "as we agreed", "ja": "お取り決めのとおり"}
    for lang in ("en", "ja"):
        records = await _records(lang, extra=("/gig terms 1 pay_by:2027-01-08",))
        reminder = _reminder(records, "payment_due_soon")
        assert agreed[lang] in reminder["draft"], (lang, reminder["draft"])
        assert ACT[lang] not in reminder["draft"], (lang, reminder["draft"])
        assert "Under Japan's Freelance Act" not in reminder["text"], (lang, reminder["text"])


async def test_a_part_payment_from_a_client_abroad_is_asked_for_without_the_act() -> None:
    for lang in ("en", "ja"):
        records = await _records(lang, extra=("/gig paid 1 amount:500",))
        for step in ("payment_due_soon", "payment_deadline", "payment_followup", "payment_demand"):
            reminder = _reminder(records, step)
            assert "1,500" in reminder["text"], (lang, step)
            assert ACT[lang] not in reminder["draft"], (lang, step, reminder["draft"])
            for flat in FLAT[lang]:
                assert flat not in reminder["text"], (lang, step, reminder["text"])
            for word in JAPAN_ONLY:
                assert word not in reminder["text"], (lang, step, word)


async def test_a_freelancer_in_japan_paid_in_yen_still_gets_the_act_and_its_remedies() -> None:
    """The hedge is for a client abroad only: direct work in Japan keeps the Act's day and its desk."""
    records = await _records("en", tz="Asia/Tokyo", currency="JPY")
    deadline = _reminder(records, "payment_deadline")["text"]
    assert "Under Japan's Freelance Act" in deadline, deadline
    assert "110" in deadline, deadline
    demand = _reminder(records, "payment_demand")["text"]
    assert "内容証明郵便" in demand, demand
    assert "Fair Trade" in demand, demand


@pytest.mark.parametrize("code", LANGS)
async def test_list_money_show_plan_and_pack_of_a_direct_gig_abroad_hedge_the_acts_day(code: str) -> None:
    """`show`, `list`, `money`, the weekly plan and the evidence pack called the Act's 60th day of a New
    York freelancer's dollar gig flatly the "legal last payment day", as they no longer do for Upwork."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct", tz="America/New_York", holidays="US", weekly="on"),
            stories_say(
                "u", '/gig add "Site" client:Initech stage:funded amount:900 currency:USD', stories_at(12, 1)
            ),
            stories_say("u", "/gig delivered 1", stories_at(12, 2)),
            stories_say("u", "/gig show 1", stories_at(12, 2, 11)),
            stories_say("u", "/gig list", stories_at(12, 2, 12)),
            stories_say("u", "/gig money", stories_at(12, 2, 13)),
            stories_say("u", "/gig timeline 1 pack", stories_at(12, 2, 14)),
            end(stories_at(12, 8, 12)),
        ]
    )
    replies = [r["text"] for r in to(records, "u", "reply")]
    pack = next(text for text in replies if text.startswith("# "))
    texts = [*replies[-4:-1], pack, to(records, "u", "plan")[-1]["text"]]
    flat = {"en": "legal last payment day", "ja": "法律上の支払期日"}[code]
    hedge = {"en": "if it binds the client", "ja": "クライアントに適用される場合"}[code]
    for text in texts:
        assert flat not in text, text
        assert hedge in text, text
    note = {"en": "The client is likely abroad", "ja": "クライアントは海外の方とみられ"}[code]
    assert note in pack, pack


@pytest.mark.parametrize("code", LANGS)
async def test_a_direct_gig_in_japan_keeps_the_legal_last_payment_day(code: str) -> None:
    """The hedge follows the client's place: a yen gig of a freelancer in Japan still names the Act's day."""
    records = await simulate_records(
        [
            setting("u", lang=code, platform="direct"),
            stories_say("u", '/gig add "Site" client:Initech stage:funded amount:90000', stories_at(12, 1)),
            stories_say("u", "/gig delivered 1", stories_at(12, 2)),
            stories_say("u", "/gig money", stories_at(12, 2, 13)),
            end(stories_at(12, 2, 14)),
        ]
    )
    money = to(records, "u", "reply")[-1]["text"]
    flat = {"en": "legal last payment day", "ja": "法律上の支払期日"}[code]
    assert flat in money, money


async def test_the_invoice_for_paused_work_and_the_ended_contract_drop_japans_desk_abroad() -> None:
    """A New York freelancer's silent dollar client: pausing the work pointed to the Act's duties and
    フリーランス・トラブル110番, and ending the contract after delivery stated the Act's day flatly."""
    for lang in ("en", "ja"):
        settings: dict[str, str] = {"tz": "America/New_York", **({"lang": lang} if lang == "ja" else {})}
        events: list[dict[str, Any]] = [
            {"at": at(11, 1, 9), "user": "kim", "settings": settings},
            say(
                '/gig add "Site" client:Acme platform:direct stage:contracted amount:2000 currency:USD',
                at(11, 20),
            ),
            say("/gig log 1 3", at(11, 20, 11)),
            say(
                '/gig add "Logo" client:Beta platform:direct stage:delivered amount:500 currency:USD',
                at(11, 20, 12),
            ),
            say("/gig terminate 2 confirm", at(11, 23, 12)),
            say("/gig done 1 termination_request", at(12, 30)),
            say("/gig terminate 1 confirm", at(12, 30, 11)),
            {"at": at(12, 31), "end": True},
        ]
        records = await simulate_records(events)
        paused = _reminder(records, "termination_request")
        ended = [
            r["text"] for r in records if r["kind"] == "reply" and r["at"] in (at(11, 23, 12), at(12, 30, 11))
        ]
        for text in [paused["text"], *ended]:
            assert "110" not in text, (lang, text)
            for flat in FLAT[lang]:
                assert flat not in text, (lang, text)
        assert ACT[lang] not in paused["draft"], (lang, paused["draft"])
        assert any(HEDGE[lang] in text for text in ended), (lang, ended)


async def test_the_written_terms_of_a_direct_gig_abroad_say_the_act_may_not_bind() -> None:
    note = {"en": "The client is likely abroad", "ja": "海外"}
    for lang in ("en", "ja"):
        settings: dict[str, str] = {"tz": "America/New_York", **({"lang": lang} if lang == "ja" else {})}
        records = await simulate_records(
            [
                {"at": at(11, 1, 9), "user": "kim", "settings": settings},
                say('/gig add "Site" client:Acme platform:direct stage:contracted amount:2000', at(11, 20)),
                say("/gig terms 1", at(11, 20, 11)),
                {"at": at(11, 20, 12), "end": True},
            ]
        )
        [terms] = [r["text"] for r in records if r["kind"] == "reply" and r["at"] == at(11, 20, 11)]
        assert note[lang] in terms, (lang, terms)


async def test_a_fee_recorded_in_yen_keeps_the_act_for_a_freelancer_abroad() -> None:
    """A freelancer in New York who records a fee in yen works for a client in Japan: the Act's day and
    Japan's desk stay; only a fee never given a currency is taken as a client who may be abroad."""
    for lang in ("en", "ja"):
        records = await _records(lang, currency="JPY")
        deadline = _reminder(records, "payment_deadline")["text"]
        assert HEDGE[lang] not in deadline, (lang, deadline)
        assert "110" in deadline, (lang, deadline)


async def test_hours_logged_before_terms_with_a_client_abroad_ask_for_written_terms_without_the_act() -> None:
    """Logging hours on a negotiating dollar gig warned that "under Japan's Freelance Act a business client
    must state" the terms, to a freelancer in New York whose client the Act may not bind."""
    for lang in ("en", "ja"):
        settings: dict[str, str] = {"tz": "America/New_York", **({"lang": lang} if lang == "ja" else {})}
        records = await simulate_records(
            [
                {"at": at(11, 1, 9), "user": "kim", "settings": settings},
                say('/gig add "Site" client:Acme platform:direct stage:negotiating currency:USD', at(11, 20)),
                say("/gig log 1 2", at(11, 20, 11)),
                {"at": at(11, 20, 12), "end": True},
            ]
        )
        warned = " ".join(r["text"] for r in records if r["at"] == at(11, 20, 11))
        assert {"en": "these written terms are what you can rely on", "ja": "頼りになるのはこの取り決め"}[
            lang
        ] in warned
        for flat in (*FLAT[lang], "a business client must state", "明示が義務づけられて"):
            assert flat not in warned, (lang, warned)


async def test_saving_the_payment_terms_of_a_direct_gig_abroad_names_the_acts_day_as_the_acts() -> None:
    """`/gig terms pay_by:` answered "The legal last payment day is ..." to a freelancer in New York."""
    hedge = {"en": "if it binds the client", "ja": "クライアントに適用される場合"}
    flat = {"en": "The legal last payment day", "ja": "法律上の支払期日"}
    for lang in ("en", "ja"):
        records = await _records(lang, extra=("/gig terms 1 pay_by:2027-01-08", "/gig terms 1 pay_by:none"))
        for hour in (10, 11):
            [saved] = [r["text"] for r in records if r["kind"] == "reply" and r["at"] == at(11, 22, hour)]
            assert hedge[lang] in saved, (lang, saved)
            assert flat[lang] not in saved, (lang, saved)
