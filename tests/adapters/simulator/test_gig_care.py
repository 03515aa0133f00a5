"""Editing, guards, the gig's draft language and an unfair rating, end to end through the simulator:
a Japanese user's Upwork gig gets Japanese reminders around English drafts until she switches the gig
to Japanese, a slip on a closed gig is refused, a rating is answered with an English inquiry and the
timeline, and a deleted gig leaves nothing more to deliver."""

from __future__ import annotations

from typing import Any

from bot.i18n import catalog as i18n
from tests.bot.harness import JAPANESE
from tests.conftest import simulate_records

DRAFT = i18n.t("ja", "draft.label")
IN_ENGLISH = i18n.t("ja", "draft.label_in", lang="英語")  # a draft in another language says which


def say(at: str, text: str) -> dict[str, Any]:
    return {"at": f"2026-{at}:00+09:00", "user": "aiko", "text": text}


def parts(record: dict[str, Any]) -> tuple[str, str, str]:
    """A reminder as the simulator prints it: what Aiko reads, the draft's label, the draft."""
    label = IN_ENGLISH if IN_ENGLISH in record["text"] else DRAFT
    before, _, draft = record["text"].partition(label)
    assert draft
    return before, label, draft


async def test_an_upwork_gig_in_japanese_from_add_to_delete(database_url: str) -> None:
    records = await simulate_records(
        [
            {"at": "2026-11-20T18:00:00+09:00", "user": "aiko", "settings": {"lang": "ja"}},
            say("11-20T18:00", "/gig add LP client:ACME platform:upwork stage:契約済み"),
            say("11-20T18:00", "/gig add ロゴ client:山田商事 stage:契約済み"),
            say("11-25T10:00", "/gig edit 1 lang:日本語"),
            say("12-02T10:00", "/gig withdraw 1"),
            say("12-02T10:05", "/gig terminate 1"),
            say("12-02T10:10", "/gig move 1 契約済み"),
            say("12-02T10:15", "/gig rating 1"),
            say("12-02T10:20", "/gig delete 1 confirm"),
            say("12-02T10:25", "/gig delete 2 confirm"),
            {"at": "2026-12-31T12:00:00+09:00", "end": True},
        ],
        database_url,
    )
    assert {r["to"] for r in records} == {"aiko"}
    reminders = [r for r in records if r["kind"] == "reminder" and r["gig"] == "1"]
    assert [(r["at"][:16], r["step"]) for r in reminders] == [
        ("2026-11-24T18:00", "nudge"),
        ("2026-12-01T18:00", "deadline_notice"),
    ]
    (said, label, first), (said_then, label_then, second) = (parts(r) for r in reminders)
    assert JAPANESE.search(said)  # spoken to Aiko in Japanese ...
    assert JAPANESE.search(said_then)
    assert (label, label_then) == (IN_ENGLISH, DRAFT)
    assert first.strip().startswith("Hello ACME")
    assert not JAPANESE.search(first)  # ... around a draft to the client in English
    assert second.strip().startswith("ACME様")  # after `edit lang:日本語`, the draft is Japanese
    replies = {r["at"][:16]: r for r in records if r["kind"] in ("reply", "error")}
    assert replies["2026-12-02T10:00"]["kind"] == "error"
    assert "`/gig terminate 1`" in replies["2026-12-02T10:00"]["text"]
    assert "`confirm`" in replies["2026-12-02T10:10"]["text"]  # closed: reopening needs confirm
    assert replies["2026-12-02T10:10"]["kind"] == "error"
    rating = replies["2026-12-02T10:15"]["text"]
    assert "#1「LP」（ACME様）：不当な評価への対応" in rating
    assert "Upworkのサポート" in rating
    assert "## #1 LP（ACME様）の経緯" in rating  # the timeline, in the gig's language now Japanese
    assert "Upworkサポートご担当者様" in rating
    assert replies["2026-12-02T10:20"]["text"] == i18n.t("ja", "reply.deleted", number=1, title="LP")
    # gig 2 had its ladder still running (its termination request was due on 4 Dec): nothing came
    assert [r["step"] for r in records if r["gig"] == "2" and r["kind"] == "reminder"] == [
        "nudge",
        "platform_nudge",
        "deadline_notice",
    ]
    assert records[-1]["at"].startswith("2026-12-02T10:25")
    assert records[-1]["text"] == i18n.t("ja", "reply.deleted", number=2, title="ロゴ")
