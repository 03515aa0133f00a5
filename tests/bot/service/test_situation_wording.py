"""Texts that must fit the gig's facts, not only its stage, through the simulator: a direct gig whose
work has not started, the names of the steps to come, and Coconala's talk room after the delivery."""

from __future__ import annotations

from typing import Any

from bot.i18n import catalog as i18n
from tests.conftest import simulate_records

T0 = "2026-11-20T10:00:00+09:00"  # Friday; Mon 23 Nov is a holiday in Japan


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def settings(user: str, when: str = T0, **values: str) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": values}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def sent(records: list[dict[str, Any]], user: str, **match: Any) -> list[str]:
    return [r["text"] for r in records if r["to"] == user and all(r.get(k) == v for k, v in match.items())]


async def test_direct_gig_not_started_frees_the_time_instead_of_invoicing() -> None:
    """Terms agreed, work not started: nothing to pause and nothing to invoice. Once the work is under
    way, the same steps pause it and invoice what is done."""
    records = await simulate_records(
        [
            say("eli", '/gig add "Brochure" client:Omicron platform:direct stage:contracted'),
            settings("jun", lang="ja"),
            say("jun", "/gig add 「冊子」 client:山田 platform:direct stage:contracted"),
            say("kai", '/gig add "Site" client:Pi platform:direct stage:funded'),
            say("kai", "/gig sent 1 asked about the copy", "2026-11-20T10:01:00+09:00"),
            end("2026-12-31T00:00:00+09:00"),
        ]
    )
    for step in ("deadline_notice", "termination_request"):
        [en] = sent(records, "eli", kind="reminder", step=step)
        [ja] = sent(records, "jun", kind="reminder", step=step)
        [working] = sent(records, "kai", kind="reminder", step=step)
        assert "not going ahead" in en
        assert "invoice" not in en
        assert "pause" not in en
        assert "completed so far" not in en
        assert "見送り" in ja
        assert "請求" not in ja
        assert "停止" not in ja
        assert "invoice" in working


async def test_step_names_say_what_the_step_is_on_each_platform() -> None:
    """Only CrowdWorks has an early-termination request; a direct client's step is named for what the
    user does, in show, the add reply and the weekly plan."""
    records = await simulate_records(
        [
            settings("uli", "2026-11-20T09:00:00+09:00", lang="ja", weekly="on"),
            say("uli", "/gig add 「B」 client:乙 platform:direct stage:contracted"),
            say("uli", "/gig add 「C」 client:丙 platform:direct stage:funded"),
            say("uli", "/gig add 「D」 client:丁 platform:crowdworks stage:contracted"),
            say("uli", "/gig add 「E」 client:戊 platform:upwork stage:contracted"),
            say("vic", '/gig add "B" client:Nu platform:direct stage:contracted'),
            say("uli", "/gig sent 2", "2026-11-20T10:01:00+09:00"),
            say("uli", "/gig show 1", "2026-11-20T10:02:00+09:00"),
            say("uli", "/gig show 2", "2026-11-20T10:02:00+09:00"),
            say("uli", "/gig show 3", "2026-11-20T10:02:00+09:00"),
            say("uli", "/gig show 4", "2026-11-20T10:02:00+09:00"),
            say("vic", "/gig show 1", "2026-11-20T10:02:00+09:00"),
            end("2026-12-08T00:00:00+09:00"),
        ]
    )
    shows = sent(records, "uli", kind="reply", step=None)[-4:]
    unstarted, working, crowdworks, upwork = shows
    label = i18n.t("ja", "stepname.termination_request")
    assert label == "契約途中終了リクエスト"
    assert label not in unstarted
    assert "案件の見送り" in unstarted
    assert label not in working
    assert "作業の停止と請求" in working
    assert label in crowdworks
    assert label not in upwork
    assert "契約の終了" in upwork
    [en] = sent(records, "vic", kind="reply", step=None)[-1:]
    assert "early-termination request" not in en
    assert "calling off the job" in en
    plans = "\n".join(sent(records, "uli", kind="plan"))
    assert "#1 B（乙様）の案件の見送り" in plans
    assert "#2 C（丙様）の作業の停止と請求" in plans
    assert "#3 D（丁様）の契約途中終了リクエスト" in plans


async def test_coconala_talk_room_warning_never_asks_to_deliver_what_was_delivered() -> None:
    """After the formal delivery the order is approved within 72 hours: no warning to "finish and send
    the formal delivery". A revision after delivery is warned to deliver it again. The add reply names
    the step as the warning it is (the room closes ten days later)."""
    records = await simulate_records(
        [
            say(
                "nao",
                '/gig add "Portrait" client:Suzuki platform:coconala stage:funded',
                "2026-11-20T18:00:00+09:00",
            ),
            say(
                "ota",
                '/gig add "Icon" client:Sato platform:coconala stage:funded',
                "2026-11-20T18:00:00+09:00",
            ),
            say("nao", "/gig delivered 1", "2026-11-27T19:50:00+09:00"),
            say("ota", "/gig delivered 1", "2026-11-27T19:50:00+09:00"),
            say("ota", "/gig funded 1", "2026-11-28T10:00:00+09:00"),  # sent back for a revision
            end("2027-03-21T00:00:00+09:00"),
        ]
    )
    added = sent(records, "nao", kind="reply")[0]
    assert "Next: talk room closure warning on Wed 10 Mar 2027" in added
    assert not sent(records, "nao", kind="reminder", step="talkroom_closing")
    [redo] = sent(records, "ota", kind="reminder", step="talkroom_closing")
    assert "Sat 20 Mar 2027" in redo
    assert "again" in redo
    assert "Finish and send" not in redo


async def test_coconala_texts_speak_of_the_purchase_not_of_a_contract_or_escrow() -> None:
    """A Coconala buyer pays when purchasing: there is no contract before it and no escrow to fund, so
    labels, show, reminders, drafts, warnings, settle and check speak of the purchase, in both languages."""
    later = "2026-11-24T11:00:00+09:00"  # after the nudge and the acceptance nudge of yui's gigs
    check_ja = (
        "/gig check ココナラの件、LINEで連絡ください。無料でテストを。ココナラを通さず銀行振込にします。"
    )
    check_en = "/gig check Found you on Coconala. Add me on Telegram, and do a free sample first."
    records = await simulate_records(
        [
            settings("yui", lang="ja"),
            say(
                "yui",
                "/gig add 「似顔絵」 client:鈴木 platform:coconala stage:contracted amount:5000 rate:900",
            ),
            say("yui", "/gig add 「ロゴ」 client:高橋 platform:coconala stage:delivered funded:no"),
            say("yui", "/gig add 「名刺」 client:佐藤 platform:coconala stage:delivered"),
            say("yui", "/gig log 1 2", later),
            say("yui", "/gig settle 1", later),
            say("yui", "/gig terminate 2", later),
            say("yui", check_ja, later),
            say("yui", "/gig funded 1", later),
            say("yui", "/gig show 1", later),
            say(
                "amy",
                '/gig add "Portrait" client:Suzuki platform:coconala stage:contracted amount:5000',
                later,
            ),
            say("amy", '/gig add "Logo" client:Takahashi platform:coconala stage:delivered funded:no', later),
            say("amy", '/gig add "Card" client:Sato platform:coconala stage:delivered', later),
            say("amy", "/gig log 1 2", later),
            say("amy", "/gig settle 1 rate:900", later),
            say("amy", "/gig terminate 2", later),
            say("amy", check_en, later),
            say("amy", "/gig check Coconala buyer here: I like your portfolio.", later),
            say("amy", "/gig funded 1", later),
            say("amy", "/gig show 1", later),
            end("2026-11-30T00:00:00+09:00"),
        ]
    )
    ja, en = sent(records, "yui"), sent(records, "amy")
    said_ja, said_en = "\n".join(ja), "\n".join(en)
    for word in ("仮払い", "契約", "エスクロー"):
        assert word not in said_ja, [t for t in ja if word in t]
    prose = said_en.replace("/gig funded", "").replace("funded:no", "")  # the commands keep their names
    for word in ("escrow", "contract", "fund it", "funded"):
        assert word not in prose, [t for t in en if word in t]
    assert "「購入前」" in said_ja
    assert "「購入済み」" in said_ja
    assert "購入：11月24日（火）" in said_ja
    assert i18n.t("ja", "flag.work_before_escrow.coconala.name") in said_ja
    assert i18n.t("ja", "flag.offplatform_payment.name") in said_ja
    assert i18n.t("en", "flag.work_before_escrow.coconala.name") in said_en
    assert i18n.t("en", "flag.offplatform_contact.coconala.name") in said_en
    assert "(36% of the order's price)" in said_en
    assert "ご購入のお手続きが完了しましたら" in said_ja
    assert "Purchased: Nov 24" in said_en or "Purchased: Tue" in said_en, said_en
