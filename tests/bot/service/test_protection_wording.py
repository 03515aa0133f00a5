"""What the protection and community commands say, read as the user in each situation reads it:
each platform's own words (a Coconala buyer purchases and approves), numbers read as written, a
channel told once, no platform rule the project cannot source, and dates as each language writes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import catalog as i18n
from tests.conftest import simulate_records

T0 = "2026-11-30T10:00:00+09:00"  # a Monday
END = "2026-11-30T12:00:00+09:00"


def say(user: str, text: str, when: str = T0, **extra: Any) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text, **extra}


def ja(user: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "settings": {"lang": "ja"}}


def end(when: str = END) -> dict[str, Any]:
    return {"at": when, "end": True}


def replies_to(records: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and r["kind"] != "reminder"]


# --- Coconala's words ------------------------------------------------------------------------------


async def test_coconala_revision_request_speaks_of_the_buyer_and_a_new_formal_delivery() -> None:
    """Changes asked of delivered Coconala work come from the buyer (購入者), and the revision is
    delivered formally again, which restarts the 72 hours to automatic approval."""
    lines: list[dict[str, Any]] = []
    for user in ("en", "jp"):
        lines += [ja(user)] if user == "jp" else []
        lines += [
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded'),
            say(user, "/gig delivered 1"),
            say(user, '/gig change 1 "new colours"'),
        ]
    records = await simulate_records([*lines, end()])
    en, jp = replies_to(records, "en")[-1]["text"], replies_to(records, "jp")[-1]["text"]
    assert "クライアント" not in jp
    assert "購入者" in jp
    assert "「正式な納品」" in jp
    assert "client" not in en.lower().replace("{client}", "")
    assert "buyer" in en
    assert "正式な納品" in en


async def test_coconala_check_and_reported_client_warning_say_buyer() -> None:
    """A clean check and the warning about a reported client, on Coconala, name the buyer."""
    records = await simulate_records(
        [
            ja("jp"),
            say("jp", "/gig settings platform:coconala"),
            say("jp", "/gig check ロゴのデザインをお願いできますか？"),
            say("en", "/gig settings platform:coconala"),
            say("en", "/gig check Could you design a logo for my shop?"),
            end(),
        ]
    )
    jp, en = replies_to(records, "jp")[-1], replies_to(records, "en")[-1]
    assert jp["flags"] == en["flags"] == []
    assert "購入者が安全" in jp["text"]
    assert "クライアント" not in jp["text"]
    assert "the buyer is safe" in en["text"]
    warning = i18n.t("ja", "warning.client_reported.coconala.text", members=2, client="山田", reasons="詐欺")
    assert "クライアント" not in warning


async def test_coconala_first_message_advice_claims_no_unsourced_rule() -> None:
    """The 48-hour first-message rule with a one-star rating is not in Coconala's help pages, the
    domain notes or the seeds: the tips advise greeting the buyer at once without claiming it."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:contracted'),
            say(user, "/gig funded 1"),
        ]
    records = await simulate_records([*lines, end()])
    tips = [r["text"] for user in ("en", "jp") for r in replies_to(records, user) if r["gig"] == "1"]
    assert len(tips) >= 4
    for text in tips:
        assert "48" not in text
        assert "★1" not in text
        assert "one star" not in text
    assert any("トークルーム" in t and "最初のメッセージ" in t for t in tips)
    assert any("first message" in t and "talk room" in t for t in tips)


async def test_coconala_evidence_pack_dates_the_purchase_not_a_contract() -> None:
    """A Coconala pack has no contract line and no Freelance Act payment day (the buyer paid
    Coconala at purchase); the buyer approves the delivery rather than accepting it."""
    records = await simulate_records(
        [
            ja("jp"),
            say("jp", '/gig add "ロゴ" client:山田 platform:coconala stage:funded'),
            say("jp", "/gig delivered 1"),
            say("jp", "/gig timeline 1 pack"),
            say("en", '/gig add "Logo" client:Yamada platform:coconala stage:funded'),
            say("en", "/gig timeline 1 pack"),
            say("cw", '/gig add "Logo" client:Yamada platform:crowdworks stage:funded'),
            say("cw", "/gig timeline 1 pack"),
            end(),
        ]
    )
    jp = next(r["text"] for r in replies_to(records, "jp") if r["text"].startswith("# "))
    en = next(r["text"] for r in replies_to(records, "en") if r["text"].startswith("# "))
    cw = next(r["text"] for r in replies_to(records, "cw") if r["text"].startswith("# "))
    assert "契約：" not in jp
    assert "Contract:" not in en
    assert "- 購入：" in jp
    assert "- Purchased:" in en
    assert "- 承諾：" in jp
    assert "- Approved:" in en
    assert "- 購入者：山田様" in jp
    assert "- Buyer: Yamada" in en
    assert "法律上の支払期日" not in jp
    assert "Legal last payment day" not in en
    assert "- Contract:" in cw
    assert "- Accepted:" in cw
    assert "Legal last payment day" in cw


async def test_coconala_weekly_plan_money_and_list_name_no_freelance_act_payment_day() -> None:
    """The weekly plan, `/gig money` and `/gig list` of a delivered Coconala gig say the buyer paid
    Coconala at purchase, as `/gig show` and the pack do, instead of a Freelance Act payment day; a
    CrowdWorks gig beside it still gets its legal day."""
    # Saturday: the plan (Tuesday morning, after Monday's holiday) comes within Coconala's 72 hours, before
    # its automatic approval (after it, the plan names the approval: test_trust_audit11.py).
    saturday = "2026-11-21T13:00:00+09:00"
    lines: list[dict[str, Any]] = [ja("jp", saturday)]
    for user in ("en", "jp"):
        lines += [
            say(user, "/gig settings weekly:on", saturday),
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded amount:5000', saturday),
            say(user, "/gig delivered 1", saturday),
            say(user, '/gig add "LP" client:ACME platform:direct stage:contracted amount:9000', saturday),
            say(user, "/gig delivered 2", saturday),
            say(user, "/gig money", saturday),
            say(user, "/gig list", saturday),
        ]
    records = await simulate_records([*lines, end("2026-11-24T12:00:00+09:00")])
    for user, lang in (("en", "en"), ("jp", "ja")):
        said = [r for r in replies_to(records, user) if r["kind"] == "reply"]
        money, listed = said[-2]["text"], said[-1]["text"]
        plan = next(r["text"] for r in records if r["to"] == user and r["kind"] == "plan")
        coconala = i18n.t(lang, "terms.coconala.pay_by_held")
        legal = "legal last payment day" if lang == "en" else "法律上の支払期日"
        for text in (money, listed):
            logo, lp = (next(line for line in text.splitlines() if f"#{n}" in line) for n in (1, 2))
            assert coconala in logo, text
            assert legal not in logo, text
            assert legal in lp, text
        # the money row (the plan also lists the automatic approval check due that day)
        plan_logo = [line for line in plan.splitlines() if "#1" in line and ("5,000" in line)]
        assert plan_logo, plan
        for line in plan_logo:
            assert coconala in line, plan
            assert "Freelance Act" not in line, plan
            assert "フリーランス新法" not in line, plan
        assert any("#2" in line and ("19 Jan" in line or "1月19日" in line) for line in plan.splitlines()), (
            plan
        )


async def test_coconala_work_handed_over_before_the_purchase_keeps_the_act_payment_day_everywhere() -> None:
    """Delivered though never purchased, Coconala holds nothing: the warning and the payment reminders
    count the Freelance Act's day for a business buyer, and `/gig show`, the pack, `/gig money` and the
    weekly plan now name that same day instead of leaving it out."""
    friday = "2026-11-20T10:00:00+09:00"
    lines: list[dict[str, Any]] = [ja("jp", friday)]
    for user in ("en", "jp"):
        lines += [
            say(user, "/gig settings weekly:on", friday),
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:contracted amount:5000', friday),
            say(user, "/gig delivered 1", friday),
            say(user, "/gig show 1", friday),
            say(user, "/gig money", friday),
            say(user, "/gig timeline 1 pack", friday),
        ]
    records = await simulate_records([*lines, end("2026-11-24T12:00:00+09:00")])
    for user, lang in (("en", "en"), ("jp", "ja")):
        day = i18n.date(lang, date(2027, 1, 18))
        said = [r["text"] for r in replies_to(records, user) if r["kind"] == "reply"]
        warning = next(r["text"] for r in records if r["to"] == user and r["step"] == "unfunded_work")
        assert "60" in warning
        shown = next(t for t in said if t.startswith("#1 Logo\n"))
        money = next(t for t in said if t.startswith(i18n.t(lang, "money.header", count=1)))
        pack = next(t for t in said if t.startswith("# "))
        plan = next(r["text"] for r in records if r["to"] == user and r["kind"] == "plan")
        for text in (shown, money, pack):
            assert day in text, text
        [sent] = [datetime.fromisoformat(r["at"]) for r in records if r["to"] == user and r["kind"] == "plan"]
        payday = datetime(2027, 1, 18, tzinfo=ZoneInfo("Asia/Tokyo"))
        assert i18n.day(lang, payday, "Asia/Tokyo", now=sent) in plan, plan


async def test_coconala_terms_name_the_buyers_approval_not_an_inspection() -> None:
    """Coconala has no inspection step: the buyer approves (承諾), or Coconala does 72 hours after the
    formal delivery. `/gig terms` and the pack's terms say so, and neither the missing items nor the
    draft to the buyer ask for an inspection date; CrowdWorks still lists it."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded amount:5000'),
            say(user, "/gig terms 1"),
            say(user, "/gig timeline 1 pack"),
            say(user, '/gig add "LP" client:ACME platform:crowdworks stage:funded amount:5000'),
            say(user, "/gig terms 2"),
        ]
    records = await simulate_records([*lines, end()])
    for user, lang in (("en", "en"), ("jp", "ja")):
        said = [r for r in replies_to(records, user) if r["kind"] == "reply"]
        header = i18n.t(lang, "terms.header", gig=1, title="Logo", client="Yamada")
        terms = next(r for r in said if r["text"].startswith(header))
        pack = next(r["text"] for r in said if r["text"].startswith("# "))
        crowdworks = said[-1]["text"]
        inspection = i18n.t(lang, "term.inspect_by")
        for text in (terms["text"], pack):  # the reply carries the draft to the buyer
            assert inspection not in text
            assert "検収" not in text
            assert "inspect" not in text.lower()
        approval = i18n.t(lang, "term.coconala.inspect_by")
        assert (
            i18n.t(lang, "terms.item", name=approval, value=i18n.t(lang, "terms.coconala.inspect_by"))
            in terms["text"]
        )
        assert approval in pack
        assert inspection in crowdworks
    jp = next(r["text"] for r in replies_to(records, "jp") if "取引条件" in r["text"])
    assert "承諾" in jp


async def test_coconala_approval_and_own_history_speak_of_the_buyers_approval() -> None:
    """On Coconala the buyer approves (承諾): the reply to `/gig accepted` and the own history in
    `/gig vet` counted days "to acceptance" (納品から検収); they name the approval, while a CrowdWorks
    client's history still counts days to acceptance."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded'),
            say(user, "/gig delivered 1"),
            say(user, "/gig accepted 1"),
            say(user, "/gig vet Yamada"),
            say(user, '/gig add "LP" client:ACME platform:crowdworks stage:delivered'),
            say(user, "/gig vet ACME"),
        ]
    records = await simulate_records([*lines, end()])
    for user, lang in (("en", "en"), ("jp", "ja")):
        said = [r["text"] for r in replies_to(records, user) if r["gig"] == "1" or r["gig"] is None]
        approved = next(t for t in said if "120" in t)
        coconala_vet, crowdworks_vet = (t for t in said if i18n.t(lang, "history.silent", count=0)[:12] in t)
        for text in (approved, coconala_vet):
            assert "ccept" not in text, text
            assert "検収" not in text, text
        assert ("approval" if lang == "en" else "承諾") in coconala_vet
        assert i18n.t(lang, "history.accept_unknown") in crowdworks_vet
    assert next(t for t in (r["text"] for r in replies_to(records, "en")) if "120" in t).startswith(
        "Approved"
    )


async def test_coconala_refusals_before_the_purchase_speak_of_no_contract() -> None:
    """Coconala has no contract before the purchase (profile `contract = false`): refusing to
    terminate or withdraw, record a payment, a buyer's request or a settlement said "no contract yet"
    or "already has a contract" (契約). They speak of the purchase and the buyer; CrowdWorks keeps its
    contract."""
    lines: list[dict[str, Any]] = [ja("jp")]
    commands = (
        "/gig terminate 1",
        "/gig withdraw 2",
        "/gig paid 1",
        "/gig incoming 1 cancellation",
        "/gig settle 1",
    )
    for user, platform in (("en", "coconala"), ("jp", "coconala"), ("cw", "crowdworks")):
        lines += [
            say(user, f'/gig add "A" client:Yamada platform:{platform}'),
            say(user, f'/gig add "B" client:Yamada platform:{platform} stage:contracted'),
        ]
        lines += [
            say(user, c.replace("cancellation", "termination") if user == "cw" else c) for c in commands
        ]
    records = await simulate_records([*lines, end()])
    for user in ("en", "jp", "cw"):
        errors = [r["text"] for r in replies_to(records, user) if r["kind"] == "error"]
        assert len(errors) == len(commands), errors
        for text in errors:
            if user == "cw":
                assert "contract" in text, text
            else:
                assert "contract" not in text, text
                assert "契約" not in text, text
                assert "buyer" in text or "purchased" in text or "購入" in text, text
                assert "クライアント" not in text, text


async def test_direct_evidence_pack_names_no_platform() -> None:
    """A direct deal has no platform (spec section 2): its pack said "Platform: direct (no marketplace)"
    (プラットフォーム：直接取引); it says how the deal was made, as `/gig show` does, while a marketplace
    gig's pack still names its platform."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user, platform in (("en", "direct"), ("jp", "direct"), ("cw", "crowdworks")):
        lines += [
            say(user, f'/gig add "LP" client:ACME platform:{platform} stage:delivered'),
            say(user, "/gig timeline 1 pack"),
        ]
    records = await simulate_records([*lines, end()])
    en, jp, cw = (
        next(r["text"] for r in replies_to(records, user) if r["text"].startswith("# "))
        for user in ("en", "jp", "cw")
    )
    assert "Platform" not in en
    assert "platform" not in en.lower().replace("the platform's help centre", "")
    assert "プラットフォーム" not in jp
    assert "- Via: direct (no marketplace)" in en
    assert "- 取引の場：直接取引" in jp
    assert "- Platform: CrowdWorks" in cw


# --- numbers ----------------------------------------------------------------------------------------


async def test_a_decimal_comma_is_refused_not_read_as_a_bigger_number() -> None:
    """`rating:4,5` is not forty-five: a comma is read only between groups of three digits (`50,000`),
    anything else is refused with how to write it, in the user's language, and changes nothing."""
    records = await simulate_records(
        [
            ja("jp"),
            say("jp", "/gig vet 山田 rating:4,5"),
            say("en", "/gig vet Yamada rating:4,5"),
            say("en", "/gig vet Yamada projects:1,200 rating:4.5"),
            say("en", '/gig add "LP" client:ACME amount:5,0000'),
            say("en", '/gig add "LP" client:ACME amount:50,000'),
            say("en", "/gig log 1 2,5"),
            say("en", "/gig list"),
            end(),
        ]
    )
    jp = replies_to(records, "jp")[-1]
    assert jp["kind"] == "error"
    assert jp["text"].startswith("「4,5」は")
    assert "45" not in jp["text"]
    assert i18n.t("ja", "hint.decimal_comma") in jp["text"]
    rating, projects, bad_amount, added, log, listed = replies_to(records, "en")[:6]
    assert rating["kind"] == bad_amount["kind"] == log["kind"] == "error"
    assert '"4,5"' in rating["text"]
    assert i18n.t("en", "hint.decimal_comma") in rating["text"]
    assert '"5,0000"' in bad_amount["text"]
    assert '"2,5"' in log["text"]
    assert i18n.t("en", "hint.decimal_comma") in log["text"]
    assert "1200" in projects["text"]
    assert projects["kind"] == "reply"
    assert added["kind"] == "reply"
    assert "#1" in added["text"]
    assert "#2" not in listed["text"]  # the refused amount created nothing


# --- the community digest -----------------------------------------------------------------------------


async def test_digest_set_again_does_not_repeat_the_channel_notice() -> None:
    """An admin who runs the digest command again (or a second admin) is told it is already set; the
    channel reads its notice once, and again only when the time it names changes."""
    records = await simulate_records(
        [
            say("org", "/gig digest #freelance", "2026-11-20T10:00:00+09:00", admin=True),
            say("org", "/gig digest #freelance weekly", "2026-11-20T10:05:00+09:00", admin=True),
            say("org2", "/gig digest #freelance", "2026-11-20T10:06:00+09:00", admin=True),
            ja("org3", "2026-11-20T10:07:00+09:00"),
            say("org3", "/gig settings tz:Europe/Berlin", "2026-11-20T10:07:00+09:00"),
            say("org3", "/gig digest #freelance", "2026-11-20T10:08:00+09:00", admin=True),
            end("2026-11-20T12:00:00+09:00"),
        ]
    )
    notices = [r for r in records if r["to"] == "freelance"]
    assert len(notices) == 2
    assert "Asia/Tokyo" in notices[0]["text"]
    assert "Europe/Berlin" in notices[1]["text"]
    again = replies_to(records, "org")[-1]["text"]
    assert again.startswith("#freelance already gets the community digest")
    assert replies_to(records, "org2")[-1]["text"] == again


async def test_digest_set_again_in_another_language_says_the_digest_changes_language() -> None:
    """A second admin who writes Japanese ran the command for a channel whose digest an English-speaking
    admin had set: the reply said only that it was already set, and from then on the digest came in
    Japanese (and its failures went to the second admin). The reply says so."""
    records = await simulate_records(
        [
            say("org", "/gig digest #freelance", "2026-11-20T10:00:00+09:00", admin=True),
            ja("org2", "2026-11-20T10:05:00+09:00"),
            say("org2", "/gig digest #freelance", "2026-11-20T10:06:00+09:00", admin=True),
            end("2026-11-23T12:00:00+09:00"),
        ]
    )
    again = replies_to(records, "org2")[-1]
    assert again["text"] == i18n.t(
        "ja", "digest.unchanged_lang", channel="#freelance", tz="Asia/Tokyo", first="2026年11月23日（月）9:00"
    ), again["text"]
    digest = next(r for r in records if r["kind"] == "digest")
    assert digest["text"].startswith("コミュニティのダイジェスト"), digest["text"]


async def test_digest_of_a_quiet_workspace_reads_naturally() -> None:
    """No gigs yet: no "0 members track 0 open gigs"; a median of whole days has no ".0"; a reported
    client's member count is not a second bracket after the reasons'."""
    records = await simulate_records(
        [
            ja("org", "2026-11-20T10:00:00+09:00"),
            say("org", "/gig digest #jp", "2026-11-20T10:00:00+09:00", admin=True),
            say("org2", "/gig digest #en", "2026-11-20T10:00:00+09:00", admin=True),
            say("a", "/gig report ACME ghosted", "2026-11-20T10:01:00+09:00"),
            say("b", "/gig report ＡＣＭＥ unpaid", "2026-11-20T10:01:00+09:00"),
            end("2026-11-23T12:00:00+09:00"),
        ]
    )
    jp = next(r["text"] for r in records if r["kind"] == "digest" and r["to"] == "jp")
    en = next(r["text"] for r in records if r["kind"] == "digest" and r["to"] == "en")
    assert i18n.t("ja", "digest.members_none") in jp
    assert "0人" not in jp
    assert i18n.t("en", "digest.members_none") in en
    assert "0 members" not in en
    assert "- ACME様（2人が通報）：音信不通 1人、報酬未払い 1人" in jp
    assert "）（" not in jp
    assert "- ACME, reported by 2 members: ghosted (1), did not pay (1)" in en


async def test_digest_median_in_whole_days_has_no_decimal_zero() -> None:
    records = await simulate_records(
        [
            ja("org", "2026-11-20T10:00:00+09:00"),
            say("org", "/gig digest #jp", "2026-11-20T10:00:00+09:00", admin=True),
            say("a", '/gig add "LP" client:ACME stage:contracted', "2026-11-20T10:01:00+09:00"),
            # a second member's reply, also after six days, so that the replies are shown at all
            say("b", '/gig add "LP" client:Initech stage:contracted', "2026-11-20T10:02:00+09:00"),
            say("a", "/gig heard 1", "2026-11-26T10:01:00+09:00"),
            say("b", "/gig heard 1", "2026-11-26T10:02:00+09:00"),
            end("2026-11-30T12:00:00+09:00"),
        ]
    )
    digest = [r["text"] for r in records if r["kind"] == "digest"][-1]
    assert "（中央値）：6日。" in digest


def _week_of_replies(members: tuple[str, ...]) -> list[dict[str, Any]]:
    """A Japanese and an English digest over a week in which each of `members` heard from a client:
    the first after six days of silence, the next after four."""
    lines = [
        ja("org", "2026-11-20T10:00:00+09:00"),
        say("org", "/gig digest #jp", "2026-11-20T10:00:00+09:00", admin=True),
        say("org2", "/gig digest #en", "2026-11-20T10:00:00+09:00", admin=True),
    ]
    for n, (user, day) in enumerate(zip(members, (20, 22), strict=False)):
        lines += [
            say(user, '/gig add "LP" client:ACME stage:contracted', f"2026-11-{day}T10:0{n + 1}:00+09:00"),
            say(user, "/gig heard 1", f"2026-11-26T10:0{n + 1}:00+09:00"),
        ]
    return sorted(lines, key=lambda line: line["at"])


async def test_digest_shows_replies_only_once_they_came_from_two_members() -> None:
    """The digest promises no member is named, but one member's replies, counted and timed, told a small
    workspace how that member's clients behave: they are withheld, in one line that does not claim no
    client answered, until the week's replies come from `min_members` (2) members."""
    records = await simulate_records([*_week_of_replies(("a",)), end("2026-11-30T12:00:00+09:00")])
    for to, lang in (("jp", "ja"), ("en", "en")):
        digest = [r["text"] for r in records if r["kind"] == "digest" and r["to"] == to][-1]
        assert i18n.t(lang, "digest.replies_withheld", min=2) in digest.splitlines(), digest
        assert i18n.t(lang, "digest.no_replies") not in digest
        assert i18n.t(lang, "digest.replies", count=1) not in digest
        assert i18n.t(lang, "digest.median", duration=i18n.t(lang, "digest.days", n=6)) not in digest
    jp = [r["text"] for r in records if r["kind"] == "digest" and r["to"] == "jp"][-1]
    assert "2人に満たない" in jp
    assert "fewer than 2 members" in [r["text"] for r in records if r["to"] == "en"][-1]

    records = await simulate_records([*_week_of_replies(("a", "b")), end("2026-11-30T12:00:00+09:00")])
    for to, lang in (("jp", "ja"), ("en", "en")):
        digest = [r["text"] for r in records if r["kind"] == "digest" and r["to"] == to][-1]
        lines = digest.splitlines()
        assert i18n.t(lang, "digest.replies", count=2) in lines, digest
        for step in ("nudge", "platform_nudge"):
            shown = i18n.t(lang, "digest.replied_at", step=i18n.t(lang, f"stepname.{step}"), count=1)
            assert shown in lines, digest
        assert i18n.t(lang, "digest.median", duration=i18n.t(lang, "digest.days", n=5)) in lines, digest
        assert i18n.t(lang, "digest.replies_withheld", min=2) not in digest


async def test_digest_channel_written_with_a_space_says_channel_names_have_none() -> None:
    """`/gig digest #bad channel` read "channel" as the cadence and answered only that it is no valid
    cadence: the error now says a channel name has no spaces and how to write it, in both languages,
    still naming the cadences for a user who meant one; a quoted name with a space says the same.
    Nothing is set up."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, "/gig digest #bad channel", admin=True),
            say(user, "/gig digest #bad channel weekly", admin=True),
            say(user, '/gig digest "#bad channel"', admin=True),
        ]
    records = await simulate_records([*lines, end()])
    assert not [r for r in records if r["to"] == "bad-channel" or r["kind"] == "digest"]
    en = replies_to(records, "en")
    jp = [r for r in replies_to(records, "jp") if r["kind"] == "error"]
    assert len(en) == len(jp) == 3
    for r in en:
        assert r["kind"] == "error"
        assert "cannot contain spaces" in r["text"], r["text"]
        assert "`#bad-channel`" in r["text"], r["text"]
    for r in jp:
        assert "空白" in r["text"], r["text"]
        assert "`#bad-channel`" in r["text"], r["text"]
    for r in (en[0], en[1], jp[0], jp[1]):
        assert "weekly" in r["text"] or "毎週" in r["text"], r["text"]
    assert not en[0]["text"].startswith('"channel" is not a valid cadence')
    assert not jp[0]["text"].startswith("「channel」は頻度として")


# --- dates ------------------------------------------------------------------------------------------


async def test_japanese_dates_write_the_weekday_in_full_width_brackets() -> None:
    """Every Japanese date the bot writes (replies, reminders, the digest, the pack, settle) puts the
    weekday in full-width brackets and the hour without a leading zero: 11月23日（月）9:00."""
    records = await simulate_records(
        [
            ja("jp", "2026-11-20T10:00:00+09:00"),
            say("jp", "/gig settings weekly:on", "2026-11-20T10:00:00+09:00"),
            say("jp", "/gig digest #jp", "2026-11-20T10:00:00+09:00", admin=True),
            say("jp", '/gig add "LP" client:ACME stage:contracted', "2026-11-20T10:01:00+09:00"),
            say("jp", '/gig add "記事" client:佐藤 stage:delivered', "2026-11-20T10:02:00+09:00"),
            say("jp", "/gig incoming 1 termination", "2026-11-20T10:03:00+09:00"),
            say("jp", "/gig timeline 2 pack", "2026-11-20T10:04:00+09:00"),
            say("jp", "/gig show 1", "2026-11-20T10:05:00+09:00"),
            end("2026-11-30T12:00:00+09:00"),
        ]
    )
    texts = [r["text"] for r in records if r["to"] == "jp"]
    texts += [r["text"] for r in records if r["kind"] == "digest"]
    weekdays = "月火水木金土日"
    dated = [t for t in texts if any(f"日（{d}）" in t for d in weekdays)]
    assert len(dated) >= 6
    for text in texts:
        for d in weekdays:
            assert f"日({d})" not in text, text
            assert f"日（{d}） " not in text, text
        assert "）09:" not in text, text
    assert any("（月）9:00" in t for t in texts)


# --- incoming, settle -----------------------------------------------------------------------------------


async def test_incoming_on_a_closed_gig_says_it_is_closed_not_before_the_contract() -> None:
    """A request recorded on an accepted (closed) gig: the gig is closed, which is what the user can act
    on; it never had "no contract yet"."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "LP" client:ACME stage:funded'),
            say(user, "/gig accepted 1"),
            say(user, "/gig incoming 1 termination"),
        ]
    records = await simulate_records([*lines, end()])
    en = next(r for r in replies_to(records, "en") if r["kind"] == "error")
    jp = next(r for r in replies_to(records, "jp") if r["kind"] == "error")
    assert en["text"] == i18n.t("en", "error.closed", id=1, stage="accepted")
    assert jp["text"] == i18n.t("ja", "error.closed", id=1, stage="検収完了")
    assert "契約前" not in jp["text"]


# --- check ---------------------------------------------------------------------------------------------


async def test_check_of_a_text_without_words_is_refused_not_called_clean() -> None:
    """Emoji only, empty quotes, punctuation: there is nothing to read, so the reply does not say "no
    known warning signs found in this text"; it says what to paste, in the user's language."""
    texts = ("😀😀😀", '""', "「」", "!!! ???")
    lines: list[dict[str, Any]] = [ja("jp")]
    for text in texts:
        lines += [say("en", f"/gig check {text}"), say("jp", f"/gig check {text}")]
    records = await simulate_records([*lines, end()])
    en, jp = replies_to(records, "en"), replies_to(records, "jp")[1:]
    assert [r["text"] for r in en] == [i18n.t("en", "error.check_no_words")] * len(texts)
    assert [r["text"] for r in jp] == [i18n.t("ja", "error.check_no_words")] * len(texts)
    assert {r["kind"] for r in en + jp} == {"error"}


# --- report and vet of one client by several members -------------------------------------------------------


async def test_reports_of_one_client_written_with_an_honorific_or_abbreviated_form_count_together() -> None:
    """山田様, ㈱山田 and 株式会社山田 are one client: members' reports count together, the name is never
    shown as 山田様様, and （株） keeps the full-width brackets Japanese writes."""
    lines: list[dict[str, Any]] = [ja(u) for u in ("a", "b", "c", "d")]
    lines += [
        say("a", "/gig report 株式会社山田 ghosted"),
        say("b", "/gig report ㈱山田 未払い"),
        say("c", "/gig report 山田様 詐欺"),
        say("d", "/gig report 山田さん バックレ"),
        say("d", "/gig vet 山田"),
    ]
    records = await simulate_records([*lines, end()])
    saved = [replies_to(records, u)[1]["text"] for u in ("a", "b", "c", "d")]
    assert "様様" not in "".join(saved)
    assert "さん様" not in "".join(saved)
    assert saved[1].startswith("ご報告ありがとうございます。（株）山田様を")
    vet = replies_to(records, "d")[-1]["text"]
    community = i18n.t("ja", "vet.community", members=4, reasons="", points="").split("。")[0]
    assert community in vet
    assert "内訳は音信不通 2人、" in vet
    assert "）（" not in vet.split("\n")[1]


async def test_report_of_a_name_with_spaces_says_to_quote_it() -> None:
    """`/gig report ACME Inc. scam` read "ACME" as the client and refused "scam": the error says the
    name wanted quotes, with the name as the user wrote it, in their language; nothing is recorded."""
    records = await simulate_records(
        [
            ja("jp"),
            say("jp", "/gig report ＡＣＭＥ Inc. 詐欺"),
            say("en", "/gig report ACME Inc. scam"),
            say("en", "/gig report ACME scam extra"),
            say("en", "/gig reports", admin=True),
            end(),
        ]
    )
    jp = replies_to(records, "jp")[-1]
    en, junk, listing = replies_to(records, "en")
    assert jp["kind"] == "error"
    assert "`「ＡＣＭＥ Inc.」`" in jp["text"]
    assert jp["text"].startswith(
        "`report` の「詐欺」を解釈できませんでした。クライアント名に空白が含まれる場合は"
    )
    assert en["text"].startswith('I did not understand "scam" in `report`: write the client name in quotes')
    assert '`"ACME Inc."`' in en["text"]
    assert "quotes" not in junk["text"]  # "extra" is no reason: the name was not the problem
    assert listing["text"] == i18n.t("en", "report.none")


# --- malformed options ----------------------------------------------------------------------------------


async def test_a_very_long_word_where_a_time_zone_could_go_is_an_error_not_a_crash() -> None:
    """`/gig settings 000…` (a word too long for a file name) was tried as a time zone and crashed the
    command; it is refused like any other word, in the user's language, and nothing changes."""
    word = "0" * 300
    records = await simulate_records(
        [ja("jp"), say("jp", f"/gig settings {word}"), say("en", f"/gig settings {word}"), end()]
    )
    jp, en = replies_to(records, "jp")[-1], replies_to(records, "en")[-1]
    assert jp["kind"] == en["kind"] == "error"
    assert jp["text"].startswith(f"`settings` の「{word[:40]}」を解釈できませんでした。")
    assert en["text"].startswith(f'I did not understand "{word[:40]}" in `settings`.')


async def test_settle_refuses_a_zero_rate_and_writes_scope_changes_as_each_language_does() -> None:
    """`rate:0` used to give a settlement with no fee that still said "propose the fee"; a rate or amount
    of nothing is refused with the settle argument's own hint. The scope changes listed use a full-width
    colon in Japanese, and on Coconala the changes come from the buyer."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "LP" client:ACME stage:funded amount:50000'),
            say(user, "/gig log 1 3"),
            say(user, "/gig settle 1 rate:0"),
            say(user, "/gig settle 1 rate:-5"),
            say(user, "/gig settle 1 rate:3000 amount:0"),
            say(user, '/gig change 1 "new colours"'),
            say(user, "/gig settle 1 rate:3000"),
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded'),
            say(user, "/gig settle 2"),
        ]
    records = await simulate_records([*lines, end()])
    for user, lang in (("en", "en"), ("jp", "ja")):
        said = replies_to(records, user)
        zero, negative, amount = (r for r in said if r["kind"] == "error")
        assert i18n.t(lang, "hint.rate_positive") in zero["text"]
        assert i18n.t(lang, "hint.rate") in negative["text"]
        assert i18n.t(lang, "hint.amount_positive") in amount["text"]
        settled = [r["text"] for r in said if r["kind"] == "reply" and "new colours" in r["text"]]
        assert settled
        coconala = said[-1]["text"]
        assert i18n.t(lang, "settle.coconala.no_changes") in coconala
    jp_settled = next(
        r["text"] for r in replies_to(records, "jp") if "new colours" in r["text"] and "精算" in r["text"]
    )
    assert "（月）：new colours" in jp_settled
    assert "）: " not in jp_settled


async def test_bad_working_days_error_reads_as_english() -> None:
    """ "is not a valid working days" was no sentence: the argument is named as a set of days."""
    records = await simulate_records([say("en", "/gig settings days:funday"), end()])
    (error,) = replies_to(records, "en")
    assert error["text"].startswith('"funday" is not a valid set of working days (`days:`)')


# --- timeline exports -----------------------------------------------------------------------------------


async def test_coconala_show_and_timeline_state_the_payment_as_coconala_settles_it() -> None:
    """A Coconala buyer pays at purchase: `/gig show` and the timeline say so instead of "payment date
    not recorded, record it with /gig terms", and after delivery name no Freelance Act payment day.
    Logged hours read as written (2 hours, not 2.0)."""
    lines: list[dict[str, Any]] = [ja("jp")]
    for user in ("en", "jp"):
        lines += [
            say(user, '/gig add "Logo" client:Yamada platform:coconala stage:funded'),
            say(user, "/gig log 1 2"),
            say(user, "/gig timeline 1"),
            say(user, "/gig delivered 1"),
            say(user, "/gig show 1"),
        ]
    records = await simulate_records([*lines, end()])
    for user, lang in (("en", "en"), ("jp", "ja")):
        said = [r["text"] for r in replies_to(records, user)]
        timeline = next(t for t in said if t.startswith("## "))
        shown = said[-1]
        paid_at = i18n.t(lang, "fact.pay_by_platform", when=i18n.t(lang, "terms.coconala.pay_by_held"))
        assert paid_at in timeline
        assert paid_at in shown
        assert "/gig terms" not in timeline + shown
        assert i18n.t(lang, "fact.pay_by_unknown") not in timeline
        assert ("legal last payment day" if lang == "en" else "法律上の支払期日") not in shown
        assert "2.0" not in timeline
    jp_timeline = next(r["text"] for r in replies_to(records, "jp") if r["text"].startswith("## "))
    assert "2時間の作業を記録" in jp_timeline
