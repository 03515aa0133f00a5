"""A reminder's draft fits the advice it comes with (spec section 3: the texts tell the truth). The
Coconala step after the deadline advises delivering formally if the work can be delivered, and a
cancellation request only if it cannot: its draft once only announced a cancellation. Each case runs
the simulator on a virtual clock, in English and Japanese."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import simulate_records


def cmd(at: str, text: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "user": "kai", "text": text}


def settings(at: str, lang: str, platform: str) -> dict[str, Any]:
    values = {"lang": lang, "platform": platform, "tz": "Asia/Tokyo"}
    return {"at": f"{at}+09:00", "user": "kai", "settings": values}


def end(at: str) -> dict[str, Any]:
    return {"at": f"{at}+09:00", "end": True}


def step(records: list[dict[str, Any]], name: str) -> str:
    (record,) = [r for r in records if r["kind"] == "reminder" and r["step"] == name]
    return str(record["text"])


# What the draft says in each case: the formal delivery's message, and the cancellation's reason.
DELIVERY = {"en": "as the formal delivery", "ja": "正式な納品としてお送りいたします"}
CANCEL_IF_NOT = {
    "en": "(If you cannot deliver: the reason for the cancellation request)",
    "ja": "（納品できない場合：キャンセルリクエストの理由として）",
}
ONLY_CANCELS = {
    "en": "I will proceed with cancelling this order",
    "ja": "お取引のキャンセルを進めさせていただきます",
}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_the_coconala_cancellation_step_drafts_the_formal_delivery_it_advises(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-20T10:00:00", lang, "coconala"),
            cmd("2026-11-20T10:00:00", '/gig add "Logo" client:Chi platform:coconala stage:funded'),
            cmd("2026-11-20T10:01:00", "/gig sent 1"),
            end("2026-12-10T00:00:00"),
        ]
    )
    text = step(records, "cancellation_request")
    assert DELIVERY[lang] in text
    assert CANCEL_IF_NOT[lang] in text
    assert ONLY_CANCELS[lang] not in text
    # the delivery comes first in the draft, as in the advice
    assert text.index(DELIVERY[lang]) < text.index(CANCEL_IF_NOT[lang])


# The early-termination step says the deadline the user gave has passed only when the deadline notice
# came and the user did not snooze past the deadline it named (then the notice may never have gone out).
GAVE = {"en": "The deadline you gave Chi has passed", "ja": "Chi様に伝えた期限を過ぎても"}
GAVE_DRAFT = {"en": "by the date I mentioned", "ja": "先日お伝えした期日までに"}
SILENT = {
    "en": "Chi has still not replied since Mon 2 Nov.",
    "ja": "Chi様から11月2日（月）以降、返信がありません。",
}
SILENT_DRAFT = {
    "en": "As I have not received a reply since Mon 2 Nov,",
    "ja": "11月2日（月）以降ご返信をいただけていないため、",
}
CROWDWORKS = [
    cmd("2026-11-02T10:00:00", '/gig add "Logo" client:Chi platform:crowdworks stage:funded'),
    cmd("2026-11-02T10:01:00", "/gig sent 1"),
]


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_termination_request_after_a_snoozed_deadline_notice_claims_no_deadline(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-02T10:00:00", lang, "crowdworks"),
            *CROWDWORKS,
            # the deadline notice came on 11 Nov; the user snoozed it instead of sending it
            cmd("2026-11-11T11:00:00", "/gig snooze 1 7 days"),
            end("2026-12-10T00:00:00"),
        ]
    )
    text = step(records, "termination_request")
    assert GAVE[lang] not in text
    assert GAVE_DRAFT[lang] not in text
    assert SILENT[lang] in text
    assert SILENT_DRAFT[lang] in text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_termination_request_after_the_deadline_notice_still_names_the_deadline(lang: str) -> None:
    records = await simulate_records(
        [settings("2026-11-02T10:00:00", lang, "crowdworks"), *CROWDWORKS, end("2026-12-10T00:00:00")]
    )
    text = step(records, "termination_request")
    assert GAVE[lang] in text
    assert GAVE_DRAFT[lang] in text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_snooze_before_the_deadline_notice_keeps_the_deadline_it_then_gives(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-02T10:00:00", lang, "crowdworks"),
            *CROWDWORKS,
            cmd("2026-11-10T11:00:00", "/gig snooze 1 10 days"),  # before the notice: it comes later
            end("2026-12-20T00:00:00"),
        ]
    )
    assert GAVE[lang] in step(records, "termination_request")


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_new_silence_forgets_a_snoozed_notice(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-02T10:00:00", lang, "crowdworks"),
            *CROWDWORKS,
            cmd("2026-11-11T11:00:00", "/gig snooze 1 7 days"),
            cmd("2026-11-12T10:00:00", "/gig heard 1"),
            cmd("2026-11-13T10:00:00", "/gig sent 1"),
            end("2026-12-20T00:00:00"),
        ]
    )
    assert GAVE[lang] in step(records, "termination_request")


COCONALA_GAVE = {"en": "The deadline you gave Chi has passed", "ja": "Chi様に伝えた期限を過ぎても"}
COCONALA_SILENT = {
    "en": "As I have not received a reply since Fri 20 Nov, I am sending the work",
    "ja": "11月20日（金）以降ご返信をいただけていないため、「Logo」の成果物を正式な納品として",
}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_coconala_cancellation_step_after_a_snoozed_notice_claims_no_deadline(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-20T10:00:00", lang, "coconala"),
            cmd("2026-11-20T10:00:00", '/gig add "Logo" client:Chi platform:coconala stage:funded'),
            cmd("2026-11-20T10:01:00", "/gig sent 1"),
            cmd("2026-11-27T11:00:00", "/gig snooze 1 7 days"),  # the notice came that morning
            end("2026-12-20T00:00:00"),
        ]
    )
    text = step(records, "cancellation_request")
    assert COCONALA_GAVE[lang] not in text
    assert GAVE_DRAFT[lang] not in text
    assert COCONALA_SILENT[lang] in text
    assert CANCEL_IF_NOT[lang] in text


UPWORK_GAVE = {"en": "The deadline you gave Chi has passed", "ja": "Chi様に伝えた期限を過ぎても"}
UPWORK_SILENT = {
    "en": "Chi has still not replied since Fri 20 Nov.",
    "ja": "Chi様から11月20日（金）以降、返信がありません。",
}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_upwork_submit_step_after_a_snoozed_notice_claims_no_deadline(lang: str) -> None:
    """Upwork's last step before the funded milestone is submitted said "the deadline you gave has
    passed" after the user snoozed past the deadline its notice named, as the termination step once did."""
    records = await simulate_records(
        [
            settings("2026-11-20T10:00:00", lang, "upwork"),
            cmd("2026-11-20T10:00:00", '/gig add "Logo" client:Chi platform:upwork stage:funded amount:300'),
            cmd("2026-11-20T10:01:00", "/gig sent 1"),
            cmd("2026-12-01T11:00:00", "/gig snooze 1 7 days"),  # the notice came that morning
            end("2026-12-31T00:00:00"),
        ]
    )
    text = step(records, "submit_work")
    assert UPWORK_GAVE[lang] not in text
    assert UPWORK_SILENT[lang] in text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_upwork_submit_step_after_its_notice_names_the_deadline_given(lang: str) -> None:
    records = await simulate_records(
        [
            settings("2026-11-20T10:00:00", lang, "upwork"),
            cmd("2026-11-20T10:00:00", '/gig add "Logo" client:Chi platform:upwork stage:funded amount:300'),
            cmd("2026-11-20T10:01:00", "/gig sent 1"),
            end("2026-12-31T00:00:00"),
        ]
    )
    assert UPWORK_GAVE[lang] in step(records, "submit_work")
