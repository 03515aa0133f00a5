"""`/gig done ID STEP` on a step of the running ladder: the step the user took (and any step before it
still to come) is never suggested again in that silence, and the other steps keep their dates
(spec section 3: nothing is delivered twice, no text asks for a step the user took; section 4: `done`
does not move the schedule). Each case runs the simulator on a virtual clock."""

from __future__ import annotations

from typing import Any

from tests.conftest import simulate_records


def cmd(at: str, text: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": "ivy", "text": text}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def ladder(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r["at"], r["step"]) for r in records if r["kind"] == "reminder"]


ADD = cmd("2026-11-20T10:00:00", '/gig add "Logo" client:Chi platform:crowdworks stage:funded')


async def test_a_deadline_notice_the_user_gave_is_not_asked_for_again() -> None:
    records = await simulate_records(
        [ADD, cmd("2026-11-20T10:01:00", "/gig done 1 deadline_notice"), end("2026-12-20T00:00:00")]
    )
    (done,) = [r for r in records if r["at"] == "2026-11-20T10:01:00+09:00"]
    assert "now waiting for their reply" in done["text"]
    assert "It will not be suggested again while this silence lasts" in done["text"]
    assert "Next: early-termination request on Fri 4 Dec 2026 10:30." in done["text"]
    # the nudge and the contact-prompt request would come after a deadline already given: not sent
    assert ladder(records) == [
        ("2026-12-04T10:30:00+09:00", "termination_request"),
        ("2026-12-11T10:30:00+09:00", "termination_followup"),
    ]
    assert not any("Now give the client an exact deadline" in r["text"] for r in records)


async def test_a_termination_request_the_user_filed_is_not_asked_for_again() -> None:
    records = await simulate_records(
        [
            ADD,
            cmd("2026-11-20T10:01:00", "/gig done 1 deadline_notice"),
            cmd("2026-11-25T10:00:00", "/gig done 1 termination_request"),
            end("2026-12-20T00:00:00"),
        ]
    )
    # CrowdWorks gives the client a week from the filing, so the follow-up counts from the day recorded
    assert ladder(records) == [("2026-12-02T10:00:00+09:00", "termination_followup")]
    (reply,) = [r for r in records if r["at"] == "2026-11-25T10:00:00+09:00"]
    assert "the other reminders keep their dates" not in reply["text"]
    assert "The termination follow-up is now counted from today" in reply["text"]
    assert "it comes on Wed 2 Dec 2026 10:00." in reply["text"]


async def test_a_termination_request_filed_late_moves_the_follow_up_to_a_week_after_the_filing() -> None:
    records = await simulate_records(
        [
            {"at": "2026-11-02T10:00:00+09:00", "user": "ivy", "settings": {"lang": "ja"}},
            cmd("2026-11-02T10:00:00", '/gig add "Logo" client:Chi platform:crowdworks stage:funded'),
            cmd("2026-11-02T10:01:00", "/gig sent 1"),
            cmd("2026-11-19T15:00:00", "/gig done 1 termination_request"),
            end("2026-12-10T00:00:00"),
        ]
    )
    steps = ladder(records)
    assert steps[-2][1] == "termination_request"
    assert steps[-2][0] < "2026-11-19"
    # the platform's week runs from the filing (19 Nov), not from when the request was suggested
    assert steps[-1] == ("2026-11-26T15:00:00+09:00", "termination_followup")
    (reply,) = [r for r in records if r["at"] == "2026-11-19T15:00:00+09:00"]
    assert "今日の対応から数え直して" in reply["text"]
    assert "11月26日" in reply["text"]
    (followup,) = [r for r in records if r.get("step") == "termination_followup"]
    assert "申請を記録した日" in followup["text"]  # not "a week since it was due": it is more


async def test_a_nudge_sent_early_leaves_the_other_steps_where_they_were() -> None:
    records = await simulate_records(
        [
            ADD,
            cmd("2026-11-20T10:01:00", "/gig sent 1 asked about the logo"),
            cmd("2026-11-20T15:00:00", "/gig done 1 nudge sent a reminder myself"),
            end("2026-11-27T00:00:00"),
        ]
    )
    (reply,) = [r for r in records if r["at"] == "2026-11-20T15:00:00+09:00"]
    assert (
        "You have been waiting for a reply since Fri 20 Nov 2026 10:01, so the reminders keep"
        in reply["text"]
    )
    assert "Next: platform contact request on Thu 26 Nov 2026 10:01." in reply["text"]
    assert ladder(records) == [("2026-11-26T10:01:00+09:00", "platform_nudge")]


async def test_done_after_the_reminder_changes_nothing_more() -> None:
    """The reminder's "I did this" button: the step was already sent, so the reply is as before."""
    records = await simulate_records(
        [
            ADD,
            cmd("2026-11-20T10:01:00", "/gig sent 1 asked about the logo"),
            cmd("2026-11-24T11:00:00", "/gig done 1 nudge"),
            end("2026-11-27T00:00:00"),
        ]
    )
    (reply,) = [r for r in records if r["at"] == "2026-11-24T11:00:00+09:00"]
    assert "not be suggested again" not in reply["text"]
    assert ladder(records) == [
        ("2026-11-24T10:01:00+09:00", "nudge"),
        ("2026-11-26T10:01:00+09:00", "platform_nudge"),
    ]


async def test_the_reply_in_japanese() -> None:
    records = await simulate_records(
        [
            {"at": "2026-11-20T09:00:00+09:00", "user": "ivy", "settings": {"lang": "ja"}},
            ADD,
            cmd("2026-11-20T10:01:00", "/gig sent 1"),
            cmd("2026-11-20T15:00:00", "/gig done 1 platform_nudge"),
            end("2026-11-21T00:00:00"),
        ]
    )
    (reply,) = [r for r in records if r["at"] == "2026-11-20T15:00:00+09:00"]
    assert "この返信待ちの間は、このステップとそれより前のステップを改めて案内しません。" in reply["text"]
