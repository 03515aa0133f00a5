"""A trust audit of whole gig lifecycles on CrowdWorks, Lancers and a direct client, read as a freelancer
reads them: every sentence true for the platform and the stage, and no later message contradicting an
earlier one. Each case runs the simulator on a virtual clock, in Japanese and in English."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import simulate_records

LANGS = pytest.mark.parametrize("lang", ["ja", "en"])


def cmd(at: str, text: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": "mio", "text": text}


def lang_line(at: str, lang: str, platform: str = "crowdworks") -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": "mio", "settings": {"lang": lang, "platform": platform}}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def at(records: list[dict[str, Any]], when: str) -> dict[str, Any]:
    (record,) = [r for r in records if r["at"] == f"{when}+09:00" and r["kind"] in {"reply", "error"}]
    return record


@LANGS
async def test_the_contact_prompt_request_a_crowdworks_acceptance_nudge_advises_can_be_recorded(
    lang: str,
) -> None:
    """After delivery the acceptance nudge says the contact-prompt request can still be filed until a
    week after delivery; recording that the user filed it was refused as "not a step of this stage"."""
    records = await simulate_records(
        [
            lang_line("2027-06-01T10:00:00", lang),
            cmd("2027-06-01T10:05:00", '/gig add "Banner" client:Yamada stage:funded amount:10000'),
            cmd("2027-06-02T10:05:00", "/gig delivered 1"),
            cmd("2027-06-07T11:00:00", "/gig done 1 platform_nudge"),
            end("2027-06-08T00:00:00"),
        ]
    )
    (nudge,) = [r for r in records if r.get("step") == "acceptance_nudge"]
    assert ("連絡催促申請を出せます" if lang == "ja" else "contact-prompt request") in nudge["text"]
    done = at(records, "2027-06-07T11:00:00")
    assert done["kind"] == "reply", done["text"]
    assert ("対応済みとして記録しました" if lang == "ja" else "as done") in done["text"]


@LANGS
@pytest.mark.parametrize("platform", ["crowdworks", "coconala"])
async def test_a_closed_gig_is_not_told_to_end_or_withdraw_what_already_ended(
    lang: str, platform: str
) -> None:
    """`/gig withdraw` on a contract that already ended (terminated, or accepted and paid out) answered
    "to end the contract, use /gig terminate", and `/gig terminate` on a withdrawn offer "to step back
    from the offer, use /gig withdraw": advice to do again what the gig's own record says is done."""
    records = await simulate_records(
        [
            lang_line("2027-06-01T10:00:00", lang, platform),
            cmd("2027-06-01T10:05:00", '/gig add "Banner" client:Yamada stage:funded amount:10000'),
            cmd("2027-06-01T10:06:00", "/gig terminate 1"),
            cmd("2027-06-01T10:07:00", "/gig withdraw 1"),
            cmd("2027-06-01T10:08:00", '/gig add "Logo" client:Sato'),
            cmd("2027-06-01T10:09:00", "/gig withdraw 2"),
            cmd("2027-06-01T10:10:00", "/gig terminate 2"),
            end("2027-06-02T00:00:00"),
        ]
    )
    withdraw, terminate = at(records, "2027-06-01T10:07:00"), at(records, "2027-06-01T10:10:00")
    assert withdraw["kind"] == terminate["kind"] == "error"
    assert "/gig terminate 1" not in withdraw["text"], withdraw["text"]
    assert "/gig withdraw 2" not in terminate["text"], terminate["text"]
    assert ("何も変更していません" if lang == "ja" else "Nothing was changed") in withdraw["text"]
    assert ("何も変更していません" if lang == "ja" else "Nothing was changed") in terminate["text"]


@LANGS
async def test_help_for_a_direct_client_speaks_of_no_escrow(lang: str) -> None:
    """A freelancer whose platform is `direct` (clients paid by bank transfer on an invoice) read in
    `/gig help` and `/gig help funded` that `funded` means "the client funded the escrow": there is no
    escrow with a direct client, and the stage it records reads "work in progress"."""
    records = await simulate_records(
        [
            lang_line("2027-06-01T10:00:00", lang, "direct"),
            cmd("2027-06-01T10:01:00", "/gig help"),
            cmd("2027-06-01T10:02:00", "/gig help funded"),
            cmd("2027-06-01T10:03:00", "/gig help all"),
            lang_line("2027-06-01T10:04:00", lang, "crowdworks"),
            cmd("2027-06-01T10:05:00", "/gig help funded"),
            end("2027-06-02T00:00:00"),
        ]
    )
    escrow = "クライアントが仮払いしました" if lang == "ja" else "funded the escrow"
    for when in ("2027-06-01T10:01:00", "2027-06-01T10:02:00", "2027-06-01T10:03:00"):
        text = at(records, when)["text"]
        assert escrow not in text, text
        assert ("作業中" if lang == "ja" else "work in progress") in text, text
    assert escrow in at(records, "2027-06-01T10:05:00")["text"]  # a marketplace keeps its words
