"""The Freelance Act's payment track through the simulator (spec section 2): it is never dropped, it
speaks of the payment date rather than the client's silence, it states whom the Act binds, and no
text treats a payment date already behind as still ahead. Each story is one the bot used to get wrong."""

from __future__ import annotations

from typing import Any

from tests.conftest import simulate_records


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def ja(user: str) -> dict[str, Any]:
    return {"at": at(11, 1, 9), "user": user, "settings": {"lang": "ja"}}


def reminders(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


def replies(records: list[dict[str, Any]], when: str) -> str:
    return "\n".join(r["text"] for r in records if r["kind"] == "reply" and r["at"] == when)


async def test_a_payment_date_before_the_delivery_is_late_at_delivery() -> None:
    """pay_by earlier than the delivery used to drop the whole payment track: nothing was ever sent."""
    records = await simulate_records(
        [
            say("eli", '/gig add "Copy" client:Nu platform:direct stage:contracted', at(11, 20)),
            say("eli", "/gig terms 1 pay_by:2026-11-01", at(11, 20, 10, 1)),
            say("eli", "/gig delivered 1", at(11, 26, 15)),
            end(at(3, 1, 0, year=2027)),
        ]
    )
    assert "Sun 1 Nov 2026 has already passed" in replies(records, at(11, 20, 10, 1))
    assert "already past when you delivered" in replies(records, at(11, 26, 15))
    # The payment is late from the moment of delivery: the reminder comes at once, once.
    [deadline] = reminders(records, "payment_deadline")
    assert deadline["at"] == at(11, 26, 15)
    assert "was Sun 1 Nov 2026" in deadline["text"]
    # The acceptance nudge that follows does not speak of that day as still ahead.
    [nudge] = reminders(records, "acceptance_nudge")
    assert "the payment is late" in nudge["text"]
    assert "let me know the payment date" not in nudge["text"]


async def test_with_funded_escrow_a_date_past_at_delivery_is_raised_after_the_acceptance_week() -> None:
    """Acceptance pays: "contact support" at the moment of delivery would come before the client could
    even look at the work."""
    records = await simulate_records(
        [
            say("eli", '/gig add "Copy" client:Nu platform:crowdworks stage:funded', at(11, 20)),
            say("eli", "/gig terms 1 pay_by:2026-11-01", at(11, 20, 10, 1)),
            say("eli", "/gig delivered 1", at(11, 26, 15)),
            end(at(12, 20)),
        ]
    )
    [deadline] = reminders(records, "payment_deadline")
    assert deadline["at"] == at(12, 3, 15)
    assert "already past when you delivered" in deadline["text"]


async def test_a_payment_date_already_past_when_recorded_is_said_and_reminded_in_japanese() -> None:
    records = await simulate_records(
        [
            ja("rin"),
            say("rin", "/gig add 「翻訳」 client:高橋 platform:direct stage:delivered", at(11, 20)),
            say("rin", "/gig terms 1 pay_by:2026-11-10", at(11, 24)),
            end(at(11, 25)),
        ]
    )
    assert "2026年11月10日（火）はすでに過ぎているため、支払いはすでに遅れています。" in replies(
        records, at(11, 24)
    )
    [deadline] = reminders(records, "payment_deadline")
    assert deadline["at"] == at(11, 24)


async def test_a_late_payment_reminder_speaks_of_the_payment_date_not_of_silence() -> None:
    """A pay_by already past came as "20 days without a reply ... 0 of them business days", a minute
    after a payment the bot itself had called an answer from the client."""
    for lang, silence, date_passed in (
        ("en", ("without a reply", "silent", "business days", "bot was away"), "Tue 10 Nov 2026, had"),
        ("ja", ("返信がありません", "営業日", "ボットの停止中"), "支払期日（2026年11月10日（火））は"),
    ):
        records = await simulate_records(
            [
                *([ja("amy")] if lang == "ja" else []),
                say("amy", '/gig add "X" client:Q platform:crowdworks stage:funded', at(11, 21, 15)),
                say("amy", "/gig delivered 1 since:2026-11-01", at(11, 21, 15, 2)),
                say("amy", "/gig paid 1 amount:5000", at(11, 21, 15, 4)),
                say("amy", "/gig terms 1 pay_by:2026-11-10", at(11, 21, 15, 5)),
                end(at(11, 22, 0)),
            ]
        )
        [deadline] = reminders(records, "payment_deadline")
        assert date_passed in deadline["text"], lang
        for word in silence:
            assert word not in deadline["text"], (lang, word)


async def test_the_payment_reminders_state_whom_the_act_binds() -> None:
    """ "If the client is a business, the Act requires payment within 60 days" is too broad: a sole
    proprietor without staff is not bound, and a client abroad may not be."""
    for lang, act, scope, abroad in (
        ("en", "within 60 days", "two or more officers", "abroad"),
        ("ja", "60日以内", "役員が2人以上", "海外"),
    ):
        records = await simulate_records(
            [
                *([ja("carol")] if lang == "ja" else []),
                say("carol", '/gig add "API" client:Globex platform:upwork stage:contracted', at(11, 20)),
                say("carol", "/gig delivered 1", at(11, 21)),
                say("carol", "/gig log 1 2", at(11, 21, 11)),
                say("carol", '/gig add "LP" client:Acme platform:crowdworks stage:contracted', at(11, 22)),
                say("carol", "/gig delivered 2", at(11, 24)),
                say("carol", '/gig add "Logo" client:Nu platform:direct stage:delivered', at(11, 25)),
                end(at(1, 30, year=2027)),
            ]
        )
        stating = [r["text"] for r in records if act in r["text"]]
        assert len(stating) >= 3, lang  # the warning and both acceptance nudges
        for text in stating:
            assert scope in text, (lang, text)
            assert abroad in text, (lang, text)
        staff = [r["text"] for r in records if "employs staff" in r["text"] or "従業員を雇う" in r["text"]]
        assert staff, lang
        for text in staff:
            assert scope in text, (lang, text)


async def test_the_art5_prohibitions_are_said_only_of_engagements_of_a_month_or_more() -> None:
    for lang, prohibited, month in (
        ("en", ("cut the fee", "cut the agreed fee", "refuse the work"), "one month or more"),
        ("ja", ("報酬を減ら", "受け取りを拒"), "1か月以上"),
    ):
        records = await simulate_records(
            [
                *([ja("mia")] if lang == "ja" else []),
                say(
                    "mia", '/gig add "Logo" client:Nu platform:direct stage:delivered pay_by:none', at(11, 20)
                ),
                say("mia", '/gig add "Site" client:Om platform:direct stage:funded', at(11, 20)),
                say("mia", "/gig sent 2", at(11, 20, 10, 1)),
                end(at(12, 20)),
            ]
        )
        stating = [r for r in records if any(p in r["text"] for p in prohibited)]
        assert {r["step"] for r in stating} == {"payment_deadline", "termination_request"}, lang
        for r in stating:
            assert month in r["text"], (lang, r["step"])


async def test_after_the_legal_day_the_acceptance_nudge_asks_for_the_payment() -> None:
    """pay_by:none: the legal day is the delivery day, so the acceptance nudge comes after the reminder
    that it has passed, and used to ask politely when the client planned to pay."""
    records = await simulate_records(
        [
            ja("rin"),
            say("rin", "/gig add 「翻訳」 client:高橋 platform:direct stage:contracted", at(11, 20, 10, 1)),
            say("rin", "/gig terms 1 pay_by:none", at(11, 20, 10, 2)),
            say("rin", "/gig delivered 1", at(11, 27, 16)),
            end(at(12, 20)),
        ]
    )
    [deadline] = reminders(records, "payment_deadline")
    [nudge] = reminders(records, "acceptance_nudge")
    assert deadline["at"] < nudge["at"]
    assert "支払期日は2026年11月27日（金）でしたが" in nudge["text"]
    assert "支払期日は2026年11月27日（金）です" not in nudge["text"]
    assert "お支払い予定日" not in nudge["text"]
    # No date was agreed: the draft gives the Act as the basis of the day, never "the payment date agreed".
    deemed = "フリーランス新法でお支払い期日とみなされる納品日（2026年11月27日（金））を過ぎておりますが"
    assert deemed in nudge["text"]
    assert "お支払い期日の2026年11月27日" not in nudge["text"]


async def test_only_crowdworks_acceptance_names_its_withdrawal_rule() -> None:
    for lang, foreign, careful in (
        ("en", ("CrowdWorks", "180"), "reported to forfeit"),
        ("ja", ("クラウドワークス", "180"), "とされています"),
    ):
        records = await simulate_records(
            [
                *([ja("ken")] if lang == "ja" else []),
                say("ken", '/gig add "C" client:K platform:upwork stage:delivered', at(11, 21)),
                say("ken", "/gig accepted 1", at(11, 21, 10, 1)),
                say("ken", '/gig add "L" client:K platform:lancers stage:delivered', at(11, 21, 10, 2)),
                say("ken", "/gig accepted 2", at(11, 21, 10, 3)),
                say("ken", '/gig add "W" client:K platform:crowdworks stage:delivered', at(11, 21, 10, 4)),
                say("ken", "/gig accepted 3", at(11, 21, 10, 5)),
                end(at(11, 22)),
            ]
        )
        for when in (at(11, 21, 10, 1), at(11, 21, 10, 3)):
            text = replies(records, when)
            assert text, lang
            assert not any(word in text for word in foreign), (lang, text)
        crowdworks = replies(records, at(11, 21, 10, 5))
        assert "180" in crowdworks, lang
        assert careful in crowdworks, lang


async def test_coconala_accepted_but_unpaid_asks_for_the_payment() -> None:
    """The buyer accepted: what is owed is the payment, not "review and complete the order"."""
    for lang, wrong, right in (
        ("en", ("complete the order", "review it"), "payment"),
        ("ja", ("お取引の完了", "ご確認のうえ"), "お支払い"),
    ):
        records = await simulate_records(
            [
                *([ja("p2")] if lang == "ja" else []),
                say("p2", '/gig add "D" client:K platform:coconala stage:delivered funded:no', at(11, 21)),
                say("p2", "/gig accepted 1", at(11, 21, 10, 1)),
                end(at(2, 1, year=2027)),
            ]
        )
        texts = [r["text"] for r in records if r["step"] in ("payment_due_soon", "payment_deadline")]
        assert len(texts) == 2, lang
        for text in texts:
            draft = text.split("\n\n", 2)[-1]
            assert right in draft, (lang, draft)
            assert not any(word in draft for word in wrong), (lang, draft)


def draft_of(text: str) -> str:
    """The draft to the client: everything after the "Draft to send" heading."""
    return text.split("\n\n", 2)[-1]


async def test_after_a_part_payment_the_reminders_name_it_and_ask_only_for_the_balance() -> None:
    """`/gig paid 1 amount:40000` on a 100,000 yen gig: the reminders used to say that no payment was
    recorded, and their drafts asked the client for the whole fee again."""
    records = await simulate_records(
        [
            ja("mei"),
            say(
                "mei",
                "/gig add 「記事執筆」 client:田中 platform:direct stage:delivered amount:100000",
                at(11, 20),
            ),
            say(
                "bob",
                '/gig add "Logo" client:Sato platform:lancers stage:contracted amount:30000',
                at(11, 20),
            ),
            say("mei", "/gig paid 1 amount:40000", at(11, 25)),
            say("bob", "/gig delivered 1", at(11, 25)),
            say("bob", "/gig accepted 1", at(12, 10)),
            say("bob", "/gig paid 1 amount:10000", at(12, 10, 10, 1)),
            end(at(2, 1, year=2027)),
        ]
    )
    mei = [r for r in records if r["to"] == "mei" and r["step"] in ("payment_due_soon", "payment_deadline")]
    assert [r["step"] for r in mei] == ["payment_due_soon", "payment_deadline"]
    for r in mei:
        assert "報酬100,000円のうち40,000円は入金済みで、残り60,000円が未払いです" in r["text"]
        assert "入金の記録がありません" not in r["text"]
        assert "残額60,000円のお支払い" in draft_of(r["text"])
    bob = [r for r in records if r["to"] == "bob" and r["step"] in ("payment_due_soon", "payment_deadline")]
    assert [r["step"] for r in bob] == ["payment_due_soon", "payment_deadline"]
    for r in bob:
        assert "¥10,000 of the ¥30,000 fee has been received, and ¥20,000 is still to be paid" in r["text"]
        assert "no payment is recorded" not in r["text"]
        draft = draft_of(r["text"])
        assert "the remaining ¥20,000" in draft
        assert "fund the agreed amount" not in draft


async def test_a_part_payment_without_a_recorded_fee_invents_no_balance() -> None:
    records = await simulate_records(
        [
            say("eli", '/gig add "Copy" client:Nu platform:direct stage:delivered', at(11, 20)),
            say("eli", "/gig paid 1 amount:40000", at(11, 25)),
            end(at(2, 1, year=2027)),
        ]
    )
    texts = [r["text"] for r in records if r["step"] in ("payment_due_soon", "payment_deadline")]
    assert len(texts) == 2
    for text in texts:
        assert "¥40,000 has been received (no contract amount is recorded" in text
        assert "remaining" not in text
        assert "the rest of the fee" in draft_of(text)
        assert "not recorded" not in text.split(". ")[0]


async def test_acceptance_after_a_part_payment_on_funded_escrow_says_what_to_check() -> None:
    """The gig closes when the escrow is released; the part recorded before is not passed over in silence."""
    records = await simulate_records(
        [
            ja("ken"),
            say(
                "ken",
                "/gig add 「バナー」 client:佐藤 platform:lancers stage:funded amount:30000",
                at(11, 20),
            ),
            say("ken", "/gig delivered 1", at(11, 27, 15)),
            say("ken", "/gig paid 1 amount:10000", at(12, 15, 11)),
            say("ken", "/gig accepted 1", at(12, 16, 11)),
            end(at(12, 17)),
        ]
    )
    text = replies(records, at(12, 16, 11))
    # the acceptance released the rest of the escrow: it is named as released, not as still unpaid
    assert "報酬30,000円のうち10,000円は先に入金済みで、残りの20,000円が今回支払われた分です" in text
    assert "未払いはありません" in text
    assert "差額" in text


async def test_a_part_payment_after_the_legal_day_says_the_rest_is_late() -> None:
    """Past the legal day no payment reminder is left to come, so the reply to a part payment says the
    rest is late; on the legal day itself, or with a funded escrow that pays the rest, it does not."""
    records = await simulate_records(
        [
            ja("ken"),
            say("ann", '/gig add "Logo" client:Vega platform:lancers stage:funded amount:50000', at(11, 2)),
            say("ann", "/gig delivered 1", at(11, 3)),
            say("ken", "/gig add Guide client:Hokuto platform:direct stage:funded amount:120000", at(11, 20)),
            say("ken", "/gig delivered 1", at(11, 27, 15)),
            say("ken", "/gig terms 1 pay_by:2026-12-25", at(12, 1)),
            say("ken", "/gig paid 1 amount:20000", at(12, 25)),
            say("ken", "/gig paid 1 amount:30000", at(12, 28)),
            say("ann", "/gig paid 1 amount:10000", at(1, 20, year=2027)),
            end(at(1, 25, year=2027)),
        ]
    )
    late = "残りの報酬は、支払期日の2026年12月25日（金）を過ぎています。"
    assert late not in replies(records, at(12, 25))
    assert late in replies(records, at(12, 28))
    escrowed = replies(records, at(1, 20, year=2027))
    assert "Recorded a payment on #1" in escrowed
    assert "The rest was due by" not in escrowed  # the funded escrow pays the rest at acceptance


def _redo(user: str, platform: str, *, accept: bool) -> list[dict[str, Any]]:
    """Delivered Wed 4 Nov, sent back for a revision the next day, delivered again Tue 10 Nov."""
    lines = [
        say(user, f'/gig add "LP" client:ACME platform:{platform} stage:funded amount:50000', at(11, 2)),
        say(user, "/gig delivered 1", at(11, 4)),
        say(user, "/gig move 1 funded", at(11, 5)),
        say(user, "/gig delivered 1", at(11, 10)),
    ]
    return lines + ([say(user, "/gig accepted 1", at(11, 11))] if accept else [])


async def test_after_a_redo_the_payment_drafts_name_the_latest_delivery() -> None:
    """After a redo the payment reminders' drafts still said the work was delivered on the first
    delivery's date, as if the revision had never been sent. They name the latest delivery now, and,
    since the Act's count still runs from the first delivery (spec section 1), say that the day they
    name is counted from the first one: on a funded marketplace gig awaiting acceptance and on a direct
    client's gig accepted but unpaid, in Japanese and English."""
    lines: list[dict[str, Any]] = [ja("jp"), ja("jp_direct")]
    lines += _redo("jp", "crowdworks", accept=False) + _redo("en", "crowdworks", accept=False)
    lines += _redo("jp_direct", "direct", accept=True) + _redo("en_direct", "direct", accept=True)
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end(at(1, 20, year=2027))])
    latest = {
        "en": "on Tue 10 Nov (a revision of the first delivery on Wed 4 Nov)",
        "ja": "11月4日（水）の初回納品後、修正のうえ11月10日（火）に",
    }
    next_year = {
        "en": "on Tue 10 Nov 2026 (a revision of the first delivery on Wed 4 Nov 2026)",
        "ja": "2026年11月4日（水）の初回納品後、修正のうえ2026年11月10日（火）に",
    }
    counted = {"en": "counting the first delivery day", "ja": "初回の納品日を1日目として"}
    steps = {
        "jp": ("payment_due_soon", "payment_deadline"),
        "jp_direct": ("payment_deadline", "payment_followup", "payment_demand"),
    }
    for user, names in steps.items():
        for lang, to in (("ja", user), ("en", user.replace("jp", "en"))):
            for step in names:
                [sent] = [r for r in reminders(records, step) if r["to"] == to]
                draft = draft_of(sent["text"])
                named = next_year if sent["at"].startswith("2027") else latest  # read in 2027: with the year
                assert named[lang] in draft, (to, step, draft)
                assert counted[lang] in sent["text"], (to, step, sent["text"])


async def test_after_a_redo_the_refusal_of_an_early_termination_names_the_latest_delivery() -> None:
    """A client who asks to end the contract after the revision was delivered is told, in the draft
    that declines it, the date of that latest delivery, not only of the first."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("jp", "en"):
        lines += [
            *_redo(user, "crowdworks", accept=False),
            say(user, "/gig incoming 1 termination", at(11, 12)),
        ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end(at(11, 20))])
    latest = {
        "en": "delivered on Tue 10 Nov (a revision of the first delivery on Wed 4 Nov)",
        "jp": "11月4日（水）の初回納品後、修正のうえ11月10日（火）に納品しております",
    }
    for to, said in latest.items():
        [sent] = [r for r in reminders(records, "respond_deadline") if r["to"] == to]
        assert said in draft_of(sent["text"]), sent["text"]
    recorded = replies(records, at(11, 12))
    assert "after you delivered on Tue 10 Nov (a revision of the first delivery on Wed 4 Nov)" in recorded
    assert "修正のうえ11月10日（火）に納品したあとで" in recorded
