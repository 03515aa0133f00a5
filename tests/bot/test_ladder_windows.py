"""A platform feature's window, as the ladder meets it: CrowdWorks' contact-prompt request can be filed
only until a week after delivery (spec section 2), and its review takes up to two business days, which
no later step may cut short. Each case runs the simulator on a virtual clock."""

from __future__ import annotations

from typing import Any

from tests.conftest import simulate_records


def cmd(at: str, text: str, user: str = "ned") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "text": text}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def sent(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


DELIVERED_2_NOV = [
    cmd("2026-11-02T10:00:00", '/gig add "Banner" client:Eta platform:crowdworks stage:funded'),
    cmd("2026-11-02T10:01:00", "/gig delivered 1"),
]


async def test_the_acceptance_nudge_offers_the_contact_prompt_request_while_it_can_be_filed() -> None:
    records = await simulate_records([*DELIVERED_2_NOV, end("2026-11-07T00:00:00")])
    (nudge,) = sent(records, "acceptance_nudge")
    assert nudge["at"] == "2026-11-06T10:01:00+09:00"
    assert "you can still file CrowdWorks' contact-prompt request until Mon 9 Nov" in nudge["text"]


async def test_a_nudge_after_the_contact_prompt_window_points_to_support() -> None:
    """Heard, then silent again two weeks later: the week after delivery (Mon 9 Nov) is long gone when the
    nudge comes on Thu 26 Nov."""
    records = await simulate_records(
        [
            *DELIVERED_2_NOV,
            cmd("2026-11-05T10:00:00", "/gig heard 1 will review next week"),
            cmd("2026-11-20T10:00:00", "/gig sent 1 asked again"),
            end("2026-11-27T00:00:00"),
        ]
    )
    (nudge,) = sent(records, "acceptance_nudge")
    assert nudge["at"] == "2026-11-26T10:00:00+09:00"
    assert "can still file" not in nudge["text"]
    assert "could be filed only until Mon 9 Nov (a week after delivery)" in nudge["text"]
    assert "contact CrowdWorks support instead" in nudge["text"]


async def test_a_weekend_worker_is_offered_the_request_before_its_week_ends_in_japanese() -> None:
    """Working days Saturday and Sunday: three business days after Sat 21 Nov are Sun 29 Nov, the day
    after the contact-prompt request's last day. The nudge used to come then, saying it was too late; it
    now comes on the worker's last working day before that week ends (Sun 22 Nov), while it is open."""
    records = await simulate_records(
        [
            {"at": "2026-11-20T10:00:00+09:00", "user": "pia", "settings": {"days": "sat,sun", "lang": "ja"}},
            cmd("2026-11-21T11:00:00", '/gig add "Deck" client:Zeta platform:crowdworks stage:funded', "pia"),
            cmd("2026-11-21T11:05:00", "/gig delivered 1", "pia"),
            end("2026-11-30T00:00:00"),
        ]
    )
    (nudge,) = sent(records, "acceptance_nudge")
    assert nudge["at"] == "2026-11-22T11:05:00+09:00"
    assert "納品から1週間後の11月28日（土）までならクラウドワークスの連絡催促申請を出せます" in nudge["text"]
    assert "はすでに過ぎている" not in nudge["text"]


async def test_a_nudge_after_the_window_points_to_support_in_japanese() -> None:
    """Heard, then silent again two weeks later (Japanese): the week after delivery (Mon 9 Nov) is over
    when the nudge comes on Thu 26 Nov."""
    records = await simulate_records(
        [
            {"at": "2026-11-02T09:00:00+09:00", "user": "ned", "settings": {"lang": "ja"}},
            *DELIVERED_2_NOV,
            cmd("2026-11-05T10:00:00", "/gig heard 1 来週確認するとのこと"),
            cmd("2026-11-20T10:00:00", "/gig sent 1 再度確認をお願いした"),
            end("2026-11-27T00:00:00"),
        ]
    )
    (nudge,) = sent(records, "acceptance_nudge")
    assert nudge["at"] == "2026-11-26T10:00:00+09:00"
    assert "までならクラウドワークスの連絡催促申請を出せます" not in nudge["text"]
    assert "連絡催促申請を出せる期間（納品から1週間後の11月9日（月）まで）はすでに過ぎている" in nudge["text"]
    assert "クラウドワークスの事務局に問い合わせましょう" in nudge["text"]


# --- CrowdWorks after a redo: delivered, back to funded, then `/gig sent` -------------------------------


def redo(delivered: str, funded: str) -> list[dict[str, Any]]:
    return [
        cmd("2026-11-02T10:00:00", '/gig add "Banner" client:Beta platform:crowdworks stage:funded'),
        cmd(f"{delivered}T10:00:00", "/gig delivered 1"),
        cmd(f"{funded}T10:00:00", "/gig move 1 funded"),
        cmd(f"{funded}T10:01:00", "/gig sent 1 asked what to change"),
    ]


async def test_a_redo_within_the_week_gives_the_contact_prompt_review_its_two_business_days() -> None:
    """Delivered Wed 4 Nov, a redo asked for on Thu 5 Nov: the request (Tue 10 Nov) is still within the
    week after delivery; its review may take until Thu 12 Nov, and support comes two business days later."""
    records = await simulate_records([*redo("2026-11-04", "2026-11-05"), end("2026-11-30T00:00:00")])
    ladder = [
        (r["at"], r["step"]) for r in records if r["kind"] == "reminder" and r["step"] != "payment_due_soon"
    ]
    assert ladder == [
        ("2026-11-06T10:01:00+09:00", "nudge"),
        ("2026-11-10T10:01:00+09:00", "platform_nudge"),
        ("2026-11-16T10:01:00+09:00", "support_inquiry"),
    ]
    (prompt,) = sent(records, "platform_nudge")
    assert "two business days" in prompt["text"]


async def test_a_redo_after_the_week_goes_from_the_nudge_to_support() -> None:
    """Delivered Wed 4 Nov, back to funded on Fri 20 Nov: the contact-prompt request could be filed only
    until Wed 11 Nov, so it is never suggested, and support follows the nudge a week into the silence."""
    records = await simulate_records([*redo("2026-11-04", "2026-11-20"), end("2026-12-10T00:00:00")])
    ladder = [(r["at"], r["step"]) for r in records if r["kind"] == "reminder"]
    assert ladder[-2:] == [
        ("2026-11-24T10:01:00+09:00", "nudge"),
        ("2026-11-27T10:01:00+09:00", "support_inquiry"),
    ]
    assert sent(records, "platform_nudge") == []
    assert not any("contact-prompt" in r["text"] for r in records if r["at"] >= "2026-11-20")


async def test_a_snooze_past_upworks_release_leaves_the_release_notice_on_time_and_drops_the_nudge() -> None:
    """Upwork releases a funded milestone 14 days after submission whatever the user snoozes: the notice
    keeps that day, is not worded as if the bot had been away, and a nudge snoozed past it is moot."""
    records = await simulate_records(
        [
            cmd("2026-11-20T10:00:00", '/gig add "Job" client:Eta platform:upwork stage:delivered'),
            cmd("2026-11-20T10:01:00", "/gig snooze 1 2w"),
            end("2026-12-10T00:00:00"),
        ]
    )
    (snoozed,) = [r for r in records if r["at"] == "2026-11-20T10:01:00+09:00"]
    assert "Next: auto-release notice on Fri 4 Dec 2026 10:00." in snoozed["text"]
    assert [(r["at"], r["step"]) for r in records if r["kind"] == "reminder"] == [
        ("2026-12-04T10:00:00+09:00", "auto_release_notice")
    ]
    (notice,) = sent(records, "auto_release_notice")
    assert "did not reach you" not in notice["text"]
