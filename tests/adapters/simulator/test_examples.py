"""The example scripts in examples/ run through the real CLI (`gigwatch simulate FILE --json`, a
subprocess): the seeds' stories get the right steps at the right minutes, in the user's language."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.i18n import catalog as i18n
from tests.bot.harness import JAPANESE, jst, nyc

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


NAMES = (
    "ghosted_after_contract.jsonl",
    "delivered_not_accepted.jsonl",
    "negotiation_silence.jsonl",
    "japanese_conversation.jsonl",
    "money_and_records.jsonl",
)


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict[str, Any]]]:
    """`python -m adapters.cli simulate examples/NAME --json`, exactly as a user runs it; the
    scripts run side by side, each its own process with its own temporary database."""
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "simulate", str(EXAMPLES / name), "--json"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in NAMES
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        records = [json.loads(line) for line in stdout.splitlines()]
        instants = [datetime.fromisoformat(r["at"]) for r in records]
        assert instants == sorted(instants), "messages are printed in the order sent"
        out[name] = records
    return out


def shape(records: list[dict[str, Any]]) -> list[tuple[str, str, str | None, str | None]]:
    return [(r["at"], r["kind"], r["gig"], r["step"]) for r in records]


def test_ghosted_after_contract(runs: dict[str, list[dict[str, Any]]]) -> None:
    """The client goes silent after the contract and never funds the escrow: the whole contract ladder,
    a warning when the worker starts anyway, and the platform's automatic end."""
    records = runs["ghosted_after_contract.jsonl"]
    assert shape(records) == [
        ("2026-11-20T18:00:00+09:00", "reply", "1", None),
        ("2026-11-20T18:00:00+09:00", "reply", "1", None),
        ("2026-11-24T18:00:00+09:00", "reminder", "1", "nudge"),
        ("2026-11-24T18:30:00+09:00", "reply", "1", None),
        ("2026-11-26T18:00:00+09:00", "reminder", "1", "platform_nudge"),
        ("2026-11-27T10:00:00+09:00", "reply", "1", None),
        ("2026-11-28T11:00:00+09:00", "reply", "1", None),
        ("2026-11-28T11:00:00+09:00", "warning", "1", "unfunded_work"),
        ("2026-12-01T18:00:00+09:00", "reminder", "1", "deadline_notice"),
        ("2026-12-01T19:00:00+09:00", "reply", "1", None),
        ("2026-12-04T18:00:00+09:00", "reminder", "1", "termination_request"),
        ("2026-12-11T18:00:00+09:00", "reminder", "1", "termination_followup"),
        ("2026-12-11T19:00:00+09:00", "reply", "1", None),
    ]
    assert {r["to"] for r in records} == {"alice"}
    assert not any(JAPANESE.search(r["text"]) for r in records)
    deadline = next(r for r in records if r["step"] == "deadline_notice")
    # The reply deadline named in the draft is the termination request's due time.
    assert i18n.when("en", jst(2026, 12, 4, 18), "Asia/Tokyo") in deadline["text"]
    assert i18n.t("en", "draft.label") in deadline["text"]
    assert records[7]["text"] == i18n.t("en", "warning.unfunded_work.text", gig=1, platform="CrowdWorks")


def test_delivered_not_accepted_in_japanese(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Delivered, never accepted: nudge, support, a refused termination after delivery, and the Freelance
    Act's payment track (the last payment day is Mon 1 Feb 2027, the 60th day from 4 Dec), in Japanese."""
    records = runs["delivered_not_accepted.jsonl"]
    assert shape(records) == [
        ("2026-11-30T10:00:00+09:00", "reply", None, None),
        ("2026-11-30T10:05:00+09:00", "reply", "1", None),
        ("2026-11-30T10:05:00+09:00", "reply", "1", None),
        ("2026-12-04T19:00:00+09:00", "reply", "1", None),
        ("2026-12-04T19:00:00+09:00", "reply", "1", None),
        ("2026-12-09T19:00:00+09:00", "reminder", "1", "acceptance_nudge"),
        ("2026-12-10T09:30:00+09:00", "reply", "1", None),
        ("2026-12-11T19:00:00+09:00", "reminder", "1", "support_inquiry"),
        ("2026-12-12T22:00:00+09:00", "warning", "1", "termination_after_delivery"),
        ("2026-12-14T10:00:00+09:00", "reply", "1", None),
        ("2027-01-27T09:00:00+09:00", "reminder", "1", "payment_due_soon"),
        ("2027-02-02T19:00:00+09:00", "reminder", "1", "payment_deadline"),
        ("2027-02-03T10:00:00+09:00", "reply", "1", None),
        ("2027-02-03T10:00:00+09:00", "reply", "1", None),
    ]
    assert all(JAPANESE.search(r["text"]) for r in records)
    assert records[8]["text"] == i18n.t(
        "ja", "warning.termination_after_delivery.text", gig=1, support="クラウドワークスの事務局"
    )
    assert "株式会社サンプル" in records[5]["text"]
    assert "バナー制作" in records[11]["text"]
    assert "2027年2月1日（月）" in records[11]["text"]
    assert "出金申請" in records[13]["text"]  # accepted: the escrow is in the platform balance, not the bank


def test_negotiation_silence_in_new_york(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Two applications left hanging (New York time, US holidays): a week of silence suggests
    withdrawing; a reply and a new message restart the week; funding the contract stops the ladder."""
    records = runs["negotiation_silence.jsonl"]
    reminders = [(r["at"], r["gig"], r["step"]) for r in records if r["kind"] == "reminder"]
    assert reminders == [
        ("2026-12-02T10:00:00-05:00", "1", "withdraw_suggestion"),
        ("2026-12-08T11:00:00-05:00", "2", "withdraw_suggestion"),
    ]
    assert [r["kind"] for r in records].count("reply") == 10
    assert {r["kind"] for r in records} == {"reply", "reminder"}
    # Gig 2 was added on Thanksgiving evening: its first week would have ended after hours.
    added = next(r for r in records if r["at"] == "2026-11-26T21:00:00-05:00")
    assert i18n.when("en", nyc(2026, 12, 4, 9), "America/New_York") in added["text"]


CODE = re.compile(r"`[^`]*`")
# ASCII punctuation in Japanese prose: a comma, or a colon that is not inside a time of day (9:00).
ASCII_PROSE = re.compile(r",|(?<!\d):|:(?!\d)")


def test_a_conversation_in_japanese_words(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Aiko writes as she speaks: settings, stages, platforms, dates, durations, steps and report
    reasons in Japanese. Every reply answers in Japanese prose, a day/month date is refused with an
    example, and after forget-me the next reply is still in Japanese."""
    records = runs["japanese_conversation.jsonl"]
    assert [r["kind"] for r in records] == [
        "reply",  # settings
        "reply",  # /gig alone: the overview
        "reply",
        "reply",  # add #1, with its escrow tip
        "reply",  # add #2, delivered: taken as funded (it says so) ...
        "reply",
        "reply",  # ... and the Freelance Act's last payment day
        "error",  # since:20/11
        "reminder",
        "reply",  # done
        "reply",  # snooze
        "reply",  # report
        "reply",  # heard
        "reply",
        "reply",  # moved to funded, with its tip
        "reply",  # settings
        "reply",  # help snooze
        "reply",  # forgotten
        "reply",  # list, after forget-me
    ]
    assert all(JAPANESE.search(r["text"]) for r in records)
    replies = [r for r in records if r["kind"] in ("reply", "error")]
    for r in replies:
        assert not ASCII_PROSE.search(CODE.sub("", r["text"])), r["text"]
    assert len(records[1]["text"]) <= 800
    assert "稼働日 月〜金" in records[0]["text"]
    assert "プラットフォーム クラウドワークス" in records[0]["text"]
    assert "11月20日なら 11/20" in records[7]["text"]
    assert "催促メッセージは2営業日後" in records[15]["text"]
    assert records[-2]["text"] == i18n.t("ja", "reply.forgotten")
    assert records[-1]["text"] == i18n.t("ja", "reply.list_empty")


def test_money_and_records_in_japanese(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Aiko records the written terms of a direct gig (and is given a request for what is missing), is
    paid in part, and two months later lists what is owed, vets the client and builds the evidence
    pack: all in Japanese prose, clients with 様, yen as 円 and the Upwork gig in ドル."""
    records = runs["money_and_records.jsonl"]
    replies = [r for r in records if r["kind"] == "reply"]
    assert all(JAPANESE.search(r["text"]) for r in records)
    terms = replies[3]["text"]
    assert terms.startswith(i18n.t("ja", "terms.saved", gig=1))
    assert "・報酬額：80,000円" in terms
    draft = terms.split(i18n.t("ja", "draft.label"), 1)[1].strip()
    assert draft.startswith("山田商事様\n")
    assert "・お支払い期日" in draft
    owed = next(r["text"] for r in replies if r["text"].startswith(i18n.t("ja", "money.header", count=2)))
    assert "山田商事様" in owed
    assert "Globex様" in owed
    assert "50,000円" in owed  # 80,000円 less the 30,000円 paid
    assert "1,200ドル" in owed
    # Upwork released the funded milestone by itself 14 days after the delivery: named, not totalled
    assert i18n.t("ja", "money.total", total="50,000円") in owed
    assert i18n.t("ja", "money.settled", count=1) in owed
    vet = next(
        r["text"] for r in replies if i18n.t("ja", "history.gigs", count=1, open=1, numbers="#1") in r["text"]
    )
    # Paid in part three days after delivery: an answer from the client, so no acceptance nudge was due.
    assert i18n.t("ja", "history.silent", count=0) in vet
    assert i18n.t("ja", "reply.paid_ends_silence") in [r["text"] for r in replies]
    markdown, page = (r["text"] for r in replies[-2:])
    assert markdown.startswith("# 証拠資料：#1「LP制作」（山田商事様）")
    for name in ("parties", "terms", "amounts", "dates", "events", "work", "contacts"):
        assert f"## {i18n.t('ja', f'section.{name}')}" in markdown
    assert "- 入金：" not in markdown
    assert "入金：30,000円" in markdown
    assert "フリーランス・トラブル110番" in markdown
    assert page.startswith("<!doctype html>")
    for r in replies[:-1]:  # the printable page is HTML, not prose
        prose = re.sub(r"\d,\d{3}", "", CODE.sub("", r["text"]))
        assert not ASCII_PROSE.search(prose), r["text"]
