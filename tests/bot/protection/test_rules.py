"""The pure rules behind the protection commands: text folding, client keys, the digest's and the own
deadline's times, vetting bands, and the settlement proposal."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.protection.clients import client_key, client_label
from bot.protection.digest import channel_address, next_run
from bot.protection.redflags import check, load_rules
from bot.protection.settle import propose
from bot.protection.text import fold
from bot.protection.vetting import vet, weights

TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("ＬＩＮＥ　ＩＤ", "line id"),
        ("L I N E で", "lineで"),
        ("s.k.y.p.e", "skype"),
        ("ﾗｲﾝで連絡", "らいんで連絡"),
        ("ラ イ ン", "らいん"),
        ("ら・い・ん", "らいん"),
        ("テ\u200bレ\u200dグ\ufeffラム", "てれぐらむ"),
        ("ｶﾞｲﾄﾞ", "がいど"),
        ("Online\r\nLINE", "online\nline"),
    ],
)
def test_folding_undoes_width_kana_and_spacing_tricks(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_quotes_are_the_senders_own_words() -> None:
    [finding] = check("連絡は Ｌ　Ｉ　Ｎ　Ｅ　で お願いします")
    assert finding.code == "offplatform_contact"
    assert finding.quotes == ("Ｌ Ｉ Ｎ Ｅ で お願いします",)  # as written, blanks made one space
    huge = "x" * 5000 + " add me on Telegram " + "y" * 5000
    [finding] = check(huge)
    assert finding.quotes == ("add me on Telegram",)


def test_a_rule_with_an_unknown_term_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown term"):
        load_rules({"terms": {}, "offplatform_contact": {"en": [{"all": ["{nowhere}"]}]}})


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (("ACME Inc.", "ａｃｍｅ", "A C M E", "acme,ltd."), True),
        (("株式会社エーシーエム", "(株)えーしーえむ", "ｴｰｼｰｴﾑ"), True),
        (
            ("https://crowdworks.jp/public/employers/12345?ref=top", "crowdworks.jp/public/employers/12345"),
            True,
        ),
        (("https://www.lancers.jp/client/acme_jp", "LANCERS.JP/client/acme_jp"), True),
        (("https://www.upwork.com/freelancers/~01abc", "upwork.com/freelancers/~01ABC"), True),
        (("ACME", "ACNE"), False),
        (("crowdworks.jp/public/employers/1", "crowdworks.jp/public/employers/12"), False),
    ],
)
def test_client_keys_fold_spellings_of_one_client(names: tuple[str, ...], same: bool) -> None:
    keys = {client_key(n) for n in names}
    assert (len(keys) == 1) is same
    assert all(keys)


def test_client_labels_cannot_ping_anyone() -> None:
    label = client_label("<!channel> @everyone <@U123> <@&42> ＠here")
    assert not set("<>@") & set(label)
    assert label == "!channel everyone U123 &42 here"
    assert client_key("@@@ <> !!!") == ""
    assert len(client_label("A" * 500)) == 100


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("#freelance", "channel:#freelance"),
        ("<#C0123ABC|freelance>", "channel:C0123ABC"),
        ("<#9876543210>", "channel:9876543210"),
        ("#雑談", "channel:#雑談"),
        ("<!channel>", None),
        ("two words", None),
        ("@everyone", None),
        ("#" + "x" * 81, None),
    ],
)
def test_channel_addresses(text: str, address: str | None) -> None:
    assert channel_address(text) == address


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        (jst(2026, 11, 20, 18), "Asia/Tokyo", jst(2026, 11, 23, 9)),  # Friday: next Monday, holiday or not
        (jst(2026, 11, 23, 8, 59), "Asia/Tokyo", jst(2026, 11, 23, 9)),
        (jst(2026, 11, 23, 9), "Asia/Tokyo", jst(2026, 11, 30, 9)),
        (jst(2026, 11, 20, 18), "Europe/Berlin", datetime(2026, 11, 23, 9, tzinfo=BERLIN)),
        # Berlin leaves summer time on Sun 25 Oct 2026: still 09:00 on the wall clock.
        (
            datetime(2026, 10, 24, 12, tzinfo=BERLIN),
            "Europe/Berlin",
            datetime(2026, 10, 26, 9, tzinfo=BERLIN),
        ),
    ],
)
def test_digest_runs_on_monday_at_nine_local(now: datetime, tz: str, expected: datetime) -> None:
    at = next_run(now, tz)
    assert at == expected
    assert at.astimezone(ZoneInfo(tz)).hour == 9


def test_vetting_bands_and_verdicts() -> None:
    best = vet({"verified": 1, "projects": 40, "rating": 4.9, "auto_ratings": 0, "reply_hours": 2}, {})
    assert (best.score, best.verdict, best.missing) == (100, "good", ())
    worst = vet(
        {"verified": 0, "projects": 0, "rating": 2.0, "auto_ratings": 9, "reply_hours": 200}, {"scam": 3}
    )
    assert (worst.score, worst.verdict) == (0, "risky")
    assert [(s.name, s.level) for s in worst.signals] == [
        ("verified", "poor"),
        ("projects", "poor"),
        ("rating", "poor"),
        ("auto_ratings", "poor"),
        ("reply_hours", "poor"),
    ]
    assert worst.reported == (("scam", 3, -30),)
    middle = vet({"projects": 5, "rating": 4.2}, {})
    assert (middle.score, middle.verdict) == (55, "mixed")
    assert middle.missing == ("verified", "auto_ratings", "reply_hours")
    assert vet({}, {}).verdict == "unknown"
    reported = vet({}, {"ghosted": 2})
    assert (reported.score, reported.verdict) == (35, "risky")


def test_vetting_ranges() -> None:
    rating, projects = weights().signal("rating"), weights().signal("projects")
    assert [rating.valid(v) for v in (0, 4.55, 5, 5.1, -0.1)] == [True, True, True, False, False]
    assert [projects.valid(v) for v in (0, 3, 2.5, -1)] == [True, True, False, False]


def test_settlement_proposal() -> None:
    p = propose(10, 3000, 50000)
    assert (p.value, p.fee, p.capped, p.share) == (30000, 30000, False, 0.6)
    capped = propose(30, 3000, 50000)
    assert (capped.value, capped.fee, capped.capped, capped.share) == (90000, 50000, True, 1.0)
    assert propose(10, None, 50000).fee is None
    assert propose(0, 3000, 50000).fee is None
    assert propose(2.5, 40, None).fee == 100


def test_matches_of_one_phrase_are_one_quote_of_whole_words() -> None:
    """Two terms of one rule ("教材", "購入して") whose word ends overlap were quoted as two fragments
    cut mid-word (「教材を購入していただ」「購入していただく必要があ」); the reply shows the phrase once,
    as the sender wrote it, and a repeat inside a longer quote is not shown again."""
    [course] = [f for f in check("教材を購入していただく必要があります。") if f.code == "info_product"]
    assert course.quotes == ("教材を購入していただく必要があります",)
    fee = "手数料を避けるため直接取引で銀行振込します。"
    [pay] = [f for f in check(fee) if f.code == "offplatform_payment"]
    assert pay.quotes == ("直接取引で銀行振込します",)
