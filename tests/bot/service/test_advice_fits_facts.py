"""Texts that must fit facts a stage does not show, through the simulator: whom the Freelance Act binds
when a gig is accepted but unpaid, which platform has an early-termination request, where a Coconala
seller writes to the buyer, Upwork's automatic release after a change request, and a snooze that moves
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import simulate_records

T0 = "2026-11-02T10:00:00+09:00"  # Monday; Tue 3 Nov is a holiday in Japan


def at(minute: int, day: int = 2, hour: int = 10) -> str:
    return f"2026-11-{day:02d}T{hour:02d}:{minute:02d}:00+09:00"


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def ja(user: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": {"lang": "ja"}}


def in_both_languages(
    english: str, japanese: str, lines: Callable[[str], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The same lines for a user who reads English and for one who reads Japanese."""
    return [*lines(english), ja(japanese), *lines(japanese)]


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def run(script: list[dict[str, Any]], until: str) -> Any:
    """The users' lines interleaved in time order (each user's own order kept), then the end."""
    return simulate_records([*sorted(script, key=lambda line: line["at"]), end(until)])


def sent(records: list[dict[str, Any]], user: str, **match: Any) -> list[str]:
    return [r["text"] for r in records if r["to"] == user and all(r.get(k) == v for k, v in match.items())]


def replies_at(records: list[dict[str, Any]], user: str, when: str) -> str:
    return "\n".join(r["text"] for r in records if r["to"] == user and r["at"] == when)


async def test_accepted_but_unpaid_says_whom_the_act_binds() -> None:
    """Spec section 2: the payment texts say when the Act binds the client; a client abroad (Upwork) or a
    private buyer (Coconala) may not be bound, so the `accepted` reply never states the day as binding."""
    script = in_both_languages(
        "ann",
        "aki",
        lambda user: [
            say(user, '/gig add "Logo" client:Acme platform:upwork stage:delivered funded:no amount:300'),
            say(user, "/gig accepted 1", at(1)),
            say(user, '/gig add "Copy" client:Beta platform:coconala stage:delivered funded:no', at(2)),
            say(user, "/gig accepted 2", at(3)),
            say(user, '/gig add "Site" client:Gamma platform:direct stage:delivered amount:900', at(4)),
            say(user, "/gig paid 3 amount:300", at(5)),
            say(user, "/gig accepted 3", at(6)),
        ],
    )
    records = await run(script, at(7))
    for minute in (1, 3, 6):
        en_text, ja_text = replies_at(records, "ann", at(minute)), replies_at(records, "aki", at(minute))
        assert "employs staff" in en_text, en_text
        assert "abroad may not be bound" in en_text, en_text
        assert "従業員を雇う" in ja_text, ja_text
        assert "海外のクライアント" in ja_text, ja_text


async def test_accepted_after_the_legal_payment_day_says_it_has_passed() -> None:
    """advice.md: a payment date already behind is never spoken of as ahead. With no payment date agreed
    the delivery day is the payment day: by acceptance four days later it has passed, no reminder left."""
    script = in_both_languages(
        "bea",
        "ben",
        lambda user: [
            say(user, '/gig add "Site" client:Gamma platform:direct stage:funded amount:900'),
            say(user, "/gig terms 1 pay_by:none", at(1)),
            say(user, "/gig delivered 1", at(2)),
            say(user, "/gig accepted 1", at(0, day=6)),
        ],
    )
    records = await run(script, at(1, day=6))
    en_text, ja_text = replies_at(records, "bea", at(0, day=6)), replies_at(records, "ben", at(0, day=6))
    assert "has passed" in en_text, en_text
    assert "is Mon 2 Nov" not in en_text, en_text
    assert "過ぎて" in ja_text, ja_text
    assert "2026年11月2日（月）です" not in ja_text, ja_text


async def test_accepted_escrow_names_the_platform_in_good_english() -> None:
    records = await simulate_records(
        [
            say("gus", '/gig add "Site" client:Gamma platform:lancers stage:delivered'),
            say("gus", "/gig accepted 1", at(1)),
            end(at(2)),
        ]
    )
    text = replies_at(records, "gus", at(1))
    assert "Lancers's" not in text, text
    assert "Lancers" in text, text


async def test_redelivery_reply_reads_as_natural_japanese() -> None:
    records = await simulate_records(
        [
            ja("hal"),
            say("hal", "/gig add 「LP」 client:山田 platform:crowdworks stage:delivered"),
            say("hal", "/gig funded 1", at(1)),
            say("hal", "/gig delivered 1", at(2)),
            end(at(3)),
        ]
    )
    text = replies_at(records, "hal", at(2))
    assert "読み方" not in text, text
    assert "最初の納品日" in text, text


async def test_only_crowdworks_has_an_early_termination_request() -> None:
    """advice.md: only CrowdWorks has an early-termination request (契約途中終了リクエスト); on Lancers and
    Upwork an unfunded contract past its deadline is simply ended."""
    script = in_both_languages(
        "cal",
        "chi",
        lambda user: [
            say(user, '/gig add "A" client:Acme platform:lancers stage:contracted'),
            say(user, '/gig add "B" client:Beta platform:upwork stage:contracted'),
            say(user, '/gig add "C" client:Gamma platform:crowdworks stage:contracted'),
        ],
    )
    records = await run(script, "2026-11-20T00:00:00+09:00")
    for user, marker in (("cal", "early-termination"), ("chi", "途中終了")):
        lancers, upwork, crowdworks = sent(records, user, kind="reminder", step="termination_request")
        assert marker not in lancers, lancers
        assert marker not in upwork, upwork
        assert marker in crowdworks, crowdworks


async def test_coconala_nudge_after_the_purchase_points_to_the_talk_room() -> None:
    """After the purchase a Coconala seller and buyer write in the order's talk room (advice.md, Coconala)."""
    script = in_both_languages(
        "dan",
        "dai",
        lambda user: [
            say(user, '/gig add "Copy" client:Beta platform:coconala stage:funded'),
            say(user, "/gig sent 1 asked about the tone", at(1)),
        ],
    )
    records = await run(script, at(0, day=6))
    [en_nudge] = sent(records, "dan", kind="reminder", step="nudge")
    [ja_nudge] = sent(records, "dai", kind="reminder", step="nudge")
    assert "talk room" in en_nudge, en_nudge
    assert "messages on Coconala" not in en_nudge, en_nudge
    assert "トークルーム" in ja_nudge, ja_nudge
    assert "ココナラのメッセージ" not in ja_nudge, ja_nudge


async def test_snooze_that_moves_nothing_does_not_say_snoozed() -> None:
    """behaviour.md: snooze never brings a reminder earlier; when the next one already comes later, nothing
    is pushed back, so the reply must not claim it was, and the timeline records no snooze."""
    script = in_both_languages(
        "eve",
        "emi",
        lambda user: [
            say(user, '/gig add "LP" client:Acme stage:contracted'),
            # The nudge came on Wed 4 Nov; the contact-prompt request is due Fri 6 Nov (Tue 3 is a holiday).
            say(user, "/gig snooze 1 tomorrow", at(0, day=4, hour=11)),
            say(user, "/gig timeline 1", at(1, day=4, hour=11)),
        ],
    )
    records = await run(script, at(2, day=4, hour=11))
    en_reply = replies_at(records, "eve", at(0, day=4, hour=11))
    ja_reply = replies_at(records, "emi", at(0, day=4, hour=11))
    assert not en_reply.startswith("Snoozed"), en_reply
    assert "Fri 6 Nov 2026 10:00" in en_reply, en_reply
    assert "延期しました" not in ja_reply, ja_reply
    assert "2026年11月6日（金）10:00" in ja_reply, ja_reply
    assert "Snoozed" not in replies_at(records, "eve", at(1, day=4, hour=11))


async def test_upwork_change_request_stops_the_automatic_release_notice() -> None:
    """Upwork releases a submitted milestone only if the client neither approves it nor asks for changes
    (advice.md, Upwork): after a change request nothing is released until the work is submitted again, and
    the notice then counts from that submission and names its date."""
    script = in_both_languages(
        "fay",
        "fuu",
        lambda user: [
            say(user, '/gig add "Logo" client:Acme platform:upwork stage:funded amount:500'),
            say(user, "/gig delivered 1", "2026-11-06T15:00:00+09:00"),
            say(user, "/gig change 1 a new colour scheme", "2026-11-12T15:00:00+09:00"),
            say(user, "/gig heard 1 asked for changes", "2026-11-12T15:01:00+09:00"),
            say(user, "/gig sent 1 asked which colours", "2026-11-13T10:00:00+09:00"),
        ],
    )
    records = await run(script, "2026-12-10T00:00:00+09:00")
    assert sent(records, "fay", kind="reminder", step="auto_release_notice") == []
    assert sent(records, "fuu", kind="reminder", step="auto_release_notice") == []
    changed = replies_at(records, "fay", "2026-11-12T15:00:00+09:00")
    assert "/gig delivered 1" in changed, changed
    assert "/gig delivered 1" in replies_at(records, "fuu", "2026-11-12T15:00:00+09:00")

    script = in_both_languages(
        "fay",
        "fuu",
        lambda user: [
            say(user, '/gig add "Logo" client:Acme platform:upwork stage:funded amount:500'),
            say(user, "/gig delivered 1", "2026-11-06T15:00:00+09:00"),
            say(user, "/gig change 1 a new colour scheme", "2026-11-12T15:00:00+09:00"),
            say(user, "/gig delivered 1", "2026-11-16T15:00:00+09:00"),
        ],
    )
    records = await run(script, "2026-12-10T00:00:00+09:00")
    [en_notice] = [r for r in records if r["to"] == "fay" and r.get("step") == "auto_release_notice"]
    [ja_notice] = sent(records, "fuu", kind="reminder", step="auto_release_notice")
    assert en_notice["at"] == "2026-11-30T15:00:00+09:00"
    assert "Mon 16 Nov" in en_notice["text"], en_notice["text"]
    assert "11月16日（月）" in ja_notice, ja_notice


async def test_a_capped_payment_date_is_not_presented_to_the_client_as_agreed() -> None:
    """Spec section 2: an agreed date later than the Act allows is read as day 60, and only for a client
    the Act binds. The client agreed 31 March; the drafts must give the Act as the basis of 4 January,
    not remind the client of a due date they never agreed."""
    script = in_both_languages(
        "ida",
        "iku",
        lambda user: [
            say(user, '/gig add "Translation" client:Yamada platform:direct stage:funded amount:80000'),
            say(user, "/gig terms 1 pay_by:2027-03-31", at(1)),
            say(user, "/gig delivered 1", "2026-11-06T15:00:00+09:00"),
        ],
    )
    records = await run(script, "2027-01-10T00:00:00+09:00")
    for step in ("payment_due_soon", "payment_deadline"):
        [en] = sent(records, "ida", kind="reminder", step=step)
        [ja_text] = sent(records, "iku", kind="reminder", step=step)
        assert "Freelance Act asks for payment within 60 days of delivery" in en, en
        assert "the payment is due by" not in en, en
        assert "the payment due by" not in en, en
        assert "納品から60日以内のお支払いが定められており" in ja_text, ja_text
        assert "お支払い期日が" not in ja_text, ja_text
        assert "が期日のお支払い" not in ja_text, ja_text


async def test_lancers_follow_up_records_a_plan_confirmed_as_paid_as_accepted() -> None:
    """Lancers confirms a plan with a completion report as paid once the client's seven days lapse: the
    escrow is released, which is acceptance (spec section 1), not a delivery still waiting for it."""
    script = in_both_languages(
        "jay",
        "jun",
        lambda user: [
            say(user, '/gig add "Banner" client:Acme platform:lancers stage:funded'),
            say(user, "/gig sent 1 asked about the copy", at(1)),
        ],
    )
    records = await run(script, "2026-11-30T00:00:00+09:00")
    for user in ("jay", "jun"):
        [followup] = sent(records, user, kind="reminder", step="platform_followup")
        assert "/gig accepted 1" in followup, followup
        assert "/gig delivered 1" not in followup, followup


async def test_a_payment_reminder_is_not_sent_twice_when_the_payment_day_stays() -> None:
    """Spec section 3: nothing is delivered twice. Moving the delivery date (a redo the worker caused) or
    recording the payment date again re-plans the payment track only when the legal last day moves."""
    records = await run(
        [
            say("kim", '/gig add "Site" client:Beta platform:direct stage:funded amount:50000'),
            say("kim", "/gig terms 1 pay_by:2026-11-30", at(1)),
            say("kim", "/gig delivered 1", at(0, day=10)),
            # payment_due_soon comes on Wed 25 Nov 09:00, three business days before Mon 30 Nov
            say("kim", "/gig delivered 1 since:2026-11-20", at(0, day=25)),
            say("kim", "/gig terms 1 pay_by:2026-11-30", at(1, day=25)),
        ],
        "2026-12-05T00:00:00+09:00",
    )
    assert len(sent(records, "kim", kind="reminder", step="payment_due_soon")) == 1
    assert len(sent(records, "kim", kind="reminder", step="payment_deadline")) == 1


async def test_escrow_funded_after_the_handover_is_no_revision() -> None:
    """Work handed over before the escrow, then funded (`/gig funded`, as the warning asks): the reply must
    not say the user is back at work on a revision, but that the work is to be delivered on the platform."""
    script = in_both_languages(
        "lee",
        "len",
        lambda user: [
            say(user, '/gig add "Banner" client:Beta platform:lancers stage:contracted'),
            say(user, "/gig delivered 1", at(1)),
            say(user, "/gig funded 1", at(2)),
            say(user, '/gig add "Copy" client:Gamma platform:coconala stage:contracted', at(3)),
            say(user, "/gig delivered 2", at(4)),
            say(user, "/gig funded 2", at(5)),
        ],
    )
    records = await run(script, at(6))
    for minute in (2, 5):
        en = replies_at(records, "lee", at(minute))
        ja_text = replies_at(records, "len", at(minute))
        assert "revision" not in en, en
        assert "/gig delivered" in en, en
        assert "修正" not in ja_text, ja_text
        assert "/gig delivered" in ja_text, ja_text


async def test_a_coconala_order_the_buyer_approved_is_named_as_coconala_names_it() -> None:
    """Coconala has no acceptance step: the buyer approves (承諾) the formal delivery, so the stage is not
    called 検収完了 there, while a CrowdWorks gig keeps it."""
    script = in_both_languages(
        "cam",
        "chika",
        lambda user: [
            say(user, '/gig add "Logo" client:Sato platform:coconala stage:funded'),
            say(user, "/gig delivered 1", at(1)),
            say(user, "/gig accepted 1", at(2)),
            say(user, '/gig add "Copy" client:Abe platform:crowdworks stage:funded', at(3)),
            say(user, "/gig delivered 2", at(4)),
            say(user, "/gig accepted 2", at(5)),
        ],
    )
    records = await run(script, at(6))
    assert "approved by the buyer" in replies_at(records, "cam", at(2))
    assert "承諾済み" in replies_at(records, "chika", at(2))
    assert "検収完了" not in replies_at(records, "chika", at(2))
    assert "検収完了" in replies_at(records, "chika", at(5))


async def test_a_direct_acceptance_nudge_reminds_of_an_agreed_payment_date_instead_of_asking_for_it() -> None:
    """With a payment date on record, the draft to a direct client names it as agreed; asking the client
    for a payment date they already agreed reads as if the user had forgotten it."""
    script = in_both_languages(
        "dee",
        "dai",
        lambda user: [
            say(user, '/gig add "Brochure" client:Mori platform:direct stage:delivered amount:120000'),
            say(user, "/gig terms 1 pay_by:2026-11-30", at(1)),
        ],
    )
    records = await run(script, "2026-11-10T00:00:00+09:00")
    [english] = sent(records, "dee", kind="reminder", step="acceptance_nudge")
    [japanese] = sent(records, "dai", kind="reminder", step="acceptance_nudge")
    assert "for payment by Mon 30 Nov 2026, as we agreed" in english
    assert "let me know the payment date" not in english
    assert "お約束のとおり" in japanese
    assert "お支払い予定日もあわせて" not in japanese
