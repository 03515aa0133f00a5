"""What `/gig check` replies, read against the user's actual situation: the platform the message came
from, the words quoted, and how the reply names where its advice applies."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import simulate_records

T0 = "2026-12-01T09:00:00+09:00"  # a Tuesday
END = "2026-12-01T09:05:00+09:00"


def settings(user: str, **values: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "settings": {"tz": "Asia/Tokyo", **values}}


def say(user: str, text: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "text": text}


async def replies(lines: list[dict[str, Any]]) -> dict[str, str]:
    """The last reply to each user."""
    records = await simulate_records([*lines, {"at": END, "end": True}])
    return {r["to"]: r["text"] for r in records if r["kind"] != "reminder"}


async def test_a_message_from_a_marketplace_without_a_profile_is_not_advised_for_the_default() -> None:
    """A CrowdWorks user pastes a message that says it comes from Fiverr: the advice names Fiverr, not
    CrowdWorks, and claims none of CrowdWorks' rules (outside tools after the escrow is funded)."""
    got = await replies(
        [
            settings("en", lang="en", platform="crowdworks"),
            say("en", "/gig check I found you on Fiverr. Let's continue on Telegram."),
            settings("ja", lang="ja", platform="crowdworks"),
            say("ja", "/gig check Fiverrであなたを見つけました。詳しくはLINEでお話ししましょう。"),
        ]
    )
    en, ja = got["en"], got["ja"]
    assert "CrowdWorks" not in en
    assert "クラウドワークス" not in ja
    assert "on Fiverr" in en
    assert "Fiverrのメッセージ" in ja
    # no other platform's rule is claimed for it
    assert "allowed only after" not in en
    assert "仮払いの後だけ" not in ja
    # and the reply says the advice is general
    assert "whose own rules I do not know" in en
    assert "Fiverrの規約" in ja


async def test_a_clean_message_from_a_marketplace_without_a_profile_names_it() -> None:
    """A clean message from Fiverr, pasted by a user who only deals directly, hears about Fiverr: not
    the direct client's advance, and not CrowdWorks' escrow."""
    got = await replies(
        [
            settings("en", lang="en", platform="direct"),
            say("en", "/gig check Hi, I saw your gig on Fiverr. Could you design a logo for my cafe?"),
            settings("ja", lang="ja", platform="direct"),
            say("ja", "/gig check Fiverrで拝見しました。カフェのロゴをお願いできますか。"),
        ]
    )
    en, ja = got["en"], got["ja"]
    assert "keep talking on Fiverr" in en
    assert "in advance" not in en
    assert "Fiverr上で続け" in ja
    assert "前払い" not in ja


async def test_a_quote_keeps_a_word_written_in_kanji_whole() -> None:
    """「初心者歓迎」 and 「完全初心者大歓迎」 are one word each: the quote is not cut to 「初心者」
    inside them, as an English quote is never cut inside a word either."""
    got = await replies(
        [
            settings("ja", lang="ja", platform="crowdworks"),
            say("ja", "/gig check 完全初心者大歓迎！1日5分の作業で日給1万円。"),
            settings("en", lang="en", platform="crowdworks"),
            say("en", "/gig check Total beginners welcome! 5 minutes a day, earn 10,000 yen a day."),
        ]
    )
    assert "「完全初心者大歓迎」" in got["ja"]
    assert "「初心者」" not in got["ja"]
    assert "“beginner”" not in got["en"]


async def test_a_guess_of_a_direct_client_is_said_as_a_direct_client() -> None:
    """A user whose default is a direct client and whose gigs span two marketplaces hears that the advice
    is for a direct client, in words that read as a sentence (not "for direct (no marketplace)"), and
    that a message that came through a platform is checked again with its name."""
    gigs = [
        '/gig add "LP" client:ACME platform:crowdworks stage:funded',
        '/gig add "Memo" client:Kay platform:lancers stage:contracted',
    ]
    got = await replies(
        [
            settings("en", lang="en", platform="direct"),
            *(say("en", g) for g in gigs),
            say("en", "/gig check Could you write three articles about Kyoto?"),
            settings("ja", lang="ja", platform="direct"),
            *(say("ja", g) for g in gigs),
            say("ja", "/gig check 京都の記事を3本お願いできますか。"),
        ]
    )
    en, ja = got["en"], got["ja"]
    assert "for direct (no marketplace)" not in en
    assert "this advice is for a direct client" in en
    assert "came through a platform" in en
    assert "既定の直接取引" not in ja
    assert "直接のお取引を前提に" in ja
    assert "サービスを通じて届いた" in ja


async def test_a_quote_keeps_the_number_a_counter_counts() -> None:
    """A quote that starts at a counter (点, 本, 名) holds the number before it: 「1点無料で…」, not
    「点無料で…」, which reads as a word cut in half; an English quote holds its numbers whole too."""
    got = await replies(
        [
            settings("ja", lang="ja", platform="coconala"),
            say("ja", "/gig check 見積もり前に、サンプルとしてロゴを1点無料で作っていただけますか？"),
            settings("en", lang="en", platform="coconala"),
            say("en", "/gig check Before the quote, could you make 1 logo for free as a sample?"),
        ]
    )
    assert re.search("「[^」]*1点無料で", got["ja"]), got["ja"]  # the number in the quote
    assert "「点" not in got["ja"]
    assert "“ logo" not in got["en"]
    assert "“logo for free" not in got["en"]


async def test_words_of_one_phrase_are_quoted_as_one() -> None:
    """Two matches that only a short word or a comma keep apart are one phrase of the sender's: quoted
    as one, not as fragments that say nothing alone (“complete”, 「お試しで」)."""
    got = await replies(
        [
            settings("en", lang="en", platform="crowdworks"),
            say("en", "/gig check Before we hire, please complete a free trial task: translate 2,000 words."),
            settings("ja", lang="ja", platform="crowdworks"),
            say("ja", "/gig check 契約前に、お試しで3本書いてください。"),
        ]
    )
    assert "“complete a free trial" in got["en"]
    assert "“complete”" not in got["en"]
    assert "「契約前に、お試しで" in got["ja"]
    assert "「お試しで」" not in got["ja"]


async def test_a_direct_client_job_told_later_does_not_call_a_chat_app_a_cover() -> None:
    """For a direct client a chat app is a normal channel (the reply's own point to keep in mind says
    so): the job told only later is a sign for what it holds back, not for the chat it is told in."""
    got = await replies(
        [
            settings("en", lang="en", platform="direct"),
            say("en", "/gig check I will explain the details of the job on WhatsApp."),
            settings("ja", lang="ja", platform="direct"),
            say("ja", "/gig check 仕事内容の詳細はLINEでお伝えします。"),
        ]
    )
    en, ja = got["en"], got["ja"]
    assert "a normal channel" in en  # the point to keep in mind
    assert "or a private chat is often a cover" not in en
    assert "normal with a direct client" in en
    assert "普通のこと" in ja
    assert "個別のやり取りまで伏せる" not in ja
    assert "チャットアプリを使うのは普通のことですが" in ja


async def test_a_quote_neither_starts_inside_a_compound_nor_ends_on_a_word_it_leaves_out() -> None:
    """「作業マニュアル」 is one word, and 「必要な」 leans on the 「ツール」 after it: the quote is neither
    「マニュアル…」 cut from its 作業 nor 「…と必要な」 cut before its noun; in English, whole words."""
    got = await replies(
        [
            settings("ja", lang="ja", platform="crowdworks"),
            say(
                "ja",
                "/gig check 作業を始める前に、専用の作業マニュアルと必要なツール一式を、"
                "当社指定の販売サイトからご自身でご購入いただく必要がございます。",
            ),
            settings("en", lang="en", platform="crowdworks"),
            say(
                "en",
                "/gig check Before you start, you must buy the work manual and the required tools "
                "from our designated shop yourself.",
            ),
        ]
    )
    assert "「作業マニュアル" in got["ja"]
    assert "必要な」" not in got["ja"]
    assert "「マニュアル" not in got["ja"]
    assert "“buy the work manual" in got["en"]


async def test_a_quote_holds_what_its_number_counts_and_not_a_particle_left_hanging() -> None:
    """「募集人数：300名」 and "Positions: 300 people" keep what the number counts; 「直接お振込みでの」
    leans on the 「お取引」 it leaves out, so the quote ends before its での."""
    got = await replies(
        [
            settings("ja", lang="ja", platform="crowdworks"),
            say("ja", "/gig check 募集人数：300名"),
            settings("ja2", lang="ja", platform="lancers"),
            say("ja2", "/gig check 手数料が高いので、直接お振込みでのお取引をご検討いただけますか？"),
            settings("en", lang="en", platform="crowdworks"),
            say("en", "/gig check Positions: 300 people"),
        ]
    )
    assert "「募集人数：300名」" in got["ja"]
    assert "「直接お振込み」" in got["ja2"]
    assert "での」" not in got["ja2"]
    assert "“Positions: 300 people”" in got["en"]


async def test_a_funded_claim_from_a_marketplace_without_a_profile_names_no_screen_it_may_lack() -> None:
    """Fiverr's work is paid for with the order: a message that says it is funded is checked on the
    platform without sending the reader to a contract screen it may not have."""
    got = await replies(
        [
            settings("en", lang="en", platform="crowdworks"),
            say("en", "/gig check Hi from Fiverr! I have funded the escrow, please start."),
            settings("ja", lang="ja", platform="crowdworks"),
            say("ja", "/gig check Fiverrで注文しました。仮払いが完了しましたので、作業を始めてください。"),
        ]
    )
    assert "in the contract," not in got["en"]
    assert "the contract or the order" in got["en"]
    assert "契約画面" not in got["ja"]
    assert "契約や注文の画面" in got["ja"]
