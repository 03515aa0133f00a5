"""Work handed over on a marketplace before its escrow was funded, then paid in part (outside the
escrow): the platform cannot release money never deposited, so every later reminder asks the client to
fund the escrow (Upwork: the milestone) for the rest before anything more is handed over, never to "check
the payment on" the platform or simply to pay the rest."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import simulate_records


def line(at: str, **rest: Any) -> dict[str, Any]:
    return {"at": f"{at}+09:00", **rest}


def script(lang: str, platform: str) -> list[dict[str, Any]]:
    return [
        line("2026-12-01T09:00", user="u1", settings={"lang": lang, "platform": platform}),
        line("2026-12-01T09:01", user="u1", text='/gig add "Video" client:Bob amount:400 stage:contracted'),
        line("2026-12-03T09:00", user="u1", text="/gig delivered 1"),
        line("2026-12-04T09:00", user="u1", text="/gig paid 1 amount:100"),
        line("2027-02-20T09:00", end=True),
    ]


# What the reminders after the part payment must say (the escrow to fund for the rest), and must not.
CASES = {
    ("en", "upwork"): (["fund the milestone", "$300"], ["Check the payment on", "Could you please pay it"]),
    ("ja", "upwork"): (["マイルストーン", "300"], ["入金の状況を確認", "お支払いのお手続き"]),
    ("en", "crowdworks"): (["fund the escrow", "300"], ["Check the payment on", "Could you please pay it"]),
    ("ja", "crowdworks"): (["仮払い", "300"], ["入金の状況を確認", "お支払いのお手続き"]),
}


@pytest.mark.parametrize(("lang", "platform"), list(CASES), ids=["-".join(c) for c in CASES])
async def test_reminders_after_a_part_payment_ask_to_fund_the_rest(lang: str, platform: str) -> None:
    records = await simulate_records(script(lang, platform))
    later = [r for r in records if r["kind"] == "reminder" and r["at"] > "2026-12-05"]
    assert {r["step"] for r in later} >= {"payment_due_soon", "payment_deadline"}
    must, never = CASES[(lang, platform)]
    for reminder in later:
        for words in must:
            assert words in reminder["text"], (reminder["step"], reminder["text"])
        for words in never:
            assert words not in reminder["text"], (reminder["step"], reminder["text"])
