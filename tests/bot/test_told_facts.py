"""What the bot already told the user or the client stays true when the user's settings change: a
deadline given to the client in a deadline notice, and the delivery date the Act counts from (audit 2,
findings 3 and 4)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import simulate_records


def cmd(at: str, text: str, user: str = "tom") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "text": text}


def settings(at: str, user: str = "tom", **values: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": user, "settings": values}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def sent(records: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [r for r in records if r["kind"] == "reminder" and r["step"] == step]


SILENT_SINCE_22_DEC = [
    cmd("2026-12-21T10:00:00", '/gig add "Site" client:Beta platform:crowdworks stage:funded'),
    cmd("2026-12-22T10:00:00", "/gig sent 1"),
]


@pytest.mark.parametrize(
    "change",
    [{"tz": "Europe/London", "holidays": "GB"}, {"days": "mon-thu"}, {"holidays": "none", "hours": "10-18"}],
    ids=["gb-holidays", "working-days", "hours"],
)
async def test_a_deadline_told_to_the_client_holds_when_the_calendar_changes(change: dict[str, str]) -> None:
    """The deadline notice of 30 Dec names Tue 5 Jan 10:00 JST; after the change the early-termination
    request still falls due then (reaching the user in their next active hours), not days later."""
    records = await simulate_records(
        [
            *SILENT_SINCE_22_DEC,
            {**settings("2026-12-30T10:00:00", **change)},
            end("2027-01-25T00:00:00"),
        ]
    )
    (notice,) = sent(records, "deadline_notice")
    assert notice["at"] == "2026-12-30T10:00:00+09:00"
    assert "Tue 5 Jan 2027 10:00" in notice["text"]
    (request,) = sent(records, "termination_request")
    # 5 Jan 10:00 JST is 01:00 in London: the London user hears of it at the start of their hours.
    assert request["at"] in {"2027-01-05T10:00:00+09:00", "2027-01-05T18:00:00+09:00"}


async def test_a_snooze_after_the_deadline_notice_moves_the_request_the_user_chose_to_wait() -> None:
    """Snoozing is the user's own choice to give the client longer (spec section 3): the request moves."""
    records = await simulate_records(
        [
            *SILENT_SINCE_22_DEC,
            cmd("2027-01-04T10:00:00", "/gig snooze 1 3d"),
            end("2027-01-25T00:00:00"),
        ]
    )
    (request,) = sent(records, "termination_request")
    assert request["at"] == "2027-01-07T10:00:00+09:00"


async def test_a_new_silence_forgets_the_deadline_told_in_the_last_one() -> None:
    records = await simulate_records(
        [
            *SILENT_SINCE_22_DEC,
            cmd("2027-01-04T10:00:00", "/gig heard 1"),
            cmd("2027-01-06T10:00:00", "/gig sent 1"),
            end("2027-02-10T00:00:00"),
        ]
    )
    notices = sent(records, "deadline_notice")
    # Mon 11 Jan is Coming of Age Day.
    assert [n["at"] for n in notices] == ["2026-12-30T10:00:00+09:00", "2027-01-15T10:00:00+09:00"]
    (request,) = sent(records, "termination_request")
    assert "Wed 20 Jan 2027 10:00" in notices[1]["text"]
    assert request["at"] == "2027-01-20T10:00:00+09:00"


async def test_the_delivery_day_and_the_legal_day_stay_when_the_zone_changes() -> None:
    """Delivered on Tue 1 Dec 00:31 in Tokyo (Mon 30 Nov in Los Angeles): after moving to Los Angeles,
    the delivery is still Tue 1 Dec and the legal last payment day still Fri 29 Jan, in `show`, in
    `/gig money` and in the drafts to the client."""
    records = await simulate_records(
        [
            settings("2026-12-01T00:30:00", user="ryo", hours="00-24"),
            cmd("2026-12-01T00:31:00", '/gig add "Doc" client:Kappa platform:direct stage:delivered', "ryo"),
            settings("2026-12-02T10:00:00", user="ryo", tz="America/Los_Angeles"),
            cmd("2026-12-02T10:01:00", "/gig show 1", "ryo"),
            cmd("2026-12-02T10:02:00", "/gig money", "ryo"),
            end("2027-02-05T00:00:00"),
        ]
    )
    asked = {"2026-12-02T10:01:00+09:00", "2026-12-02T10:02:00+09:00"}
    show, money = (r["text"] for r in records if r["at"] in asked)
    # Now outside Japan with the fee's currency never stated, the client may be abroad: the Act's day is
    # named as the Act's, if it binds the client (tests/bot/service/test_direct_abroad.py).
    assert (
        "Delivered: Tue 1 Dec | the Freelance Act's last payment day, if it binds the client: Fri 29 Jan 2027"
        in show
    )
    assert "the Freelance Act's last payment day, if it binds the client: Fri 29 Jan 2027" in money
    (nudge,) = sent(records, "acceptance_nudge")
    assert 'I delivered "Doc" on Tue 1 Dec' in nudge["text"]
    for step in ("payment_due_soon", "payment_deadline"):
        (reminder,) = sent(records, step)
        assert "Fri 29 Jan 2027" in reminder["text"]
        assert "Thu 28 Jan" not in reminder["text"]
