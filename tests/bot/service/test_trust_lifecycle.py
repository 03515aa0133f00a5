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
