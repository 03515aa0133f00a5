"""What the protection, community and help replies say, read against the facts of each situation: no
claim the bot cannot know, no advice for a platform the user does not use, errors that say how to write
it, and documents (the evidence pack) that state what the records hold."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.commands.grammar import GRAMMAR, ArgType, usage
from bot.commands.vocab import Vocab, codes, preferred
from bot.domain.tracks import profile
from bot.i18n import catalog as i18n
from tests.conftest import simulate_records

T0 = "2026-11-30T10:00:00+09:00"  # a Monday
END = "2026-11-30T12:00:00+09:00"
PLATFORMS = ("crowdworks", "lancers", "coconala", "upwork", "direct")


def say(user: str, text: str, when: str = T0, **extra: Any) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text, **extra}


def ja(user: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "settings": {"lang": "ja"}}


def end() -> dict[str, Any]:
    return {"at": END, "end": True}


def replies_to(records: list[dict[str, Any]], user: str) -> list[dict[str, Any]]:
    return [r for r in records if r["to"] == user and r["kind"] != "reminder"]


# --- /gig check ----------------------------------------------------------------------------------


async def test_personal_info_advice_claims_no_identity_check_the_bot_cannot_know() -> None:
    """Identity verification is optional on the Japanese marketplaces: the advice never tells the user
    that the platform has verified them, on any platform, in either language."""
    lines: list[dict[str, Any]] = []
    for platform in PLATFORMS:
        lines += [
            say(f"en-{platform}", f"/gig settings platform:{platform}"),
            say(f"en-{platform}", "/gig check To proceed, send me your full name and a photo of your ID."),
            ja(f"ja-{platform}"),
            say(f"ja-{platform}", f"/gig settings platform:{platform}"),
            say(f"ja-{platform}", "/gig check 採用にあたり、本名と身分証の画像を送ってください。"),
        ]
    records = await simulate_records([*lines, end()])
    for platform in PLATFORMS:
        en, jp = replies_to(records, f"en-{platform}")[-1], replies_to(records, f"ja-{platform}")[-1]
        assert en["flags"] == jp["flags"] == ["personal_info"]
        assert "verified your identity" not in en["text"]
        assert "本人確認は" not in jp["text"] or "済んでいます" not in jp["text"]
    crowdworks = replies_to(records, "en-crowdworks")[-1]["text"]
    assert i18n.t("en", "flag.personal_info.advice", platform="CrowdWorks") in crowdworks


async def test_direct_contact_flag_names_what_the_client_asked_for() -> None:
    """A direct client who asks for e-mail has not moved to a "private chat app": the heading and its
    meaning fit e-mail too, and do not make a normal channel sound like the scam itself."""
    records = await simulate_records(
        [
            say("dan", '/gig add "Site" client:Bob platform:direct'),
            say("dan", "/gig check Thanks. Please email me at bob@example.com with the invoice details."),
            ja("emi"),
            say("emi", '/gig add "サイト" client:田中 platform:direct'),
            say("emi", "/gig check ありがとうございます。今後はメールでご連絡ください。tanaka@example.com"),
            end(),
        ]
    )
    dan, emi = replies_to(records, "dan")[-1], replies_to(records, "emi")[-1]
    assert dan["flags"] == emi["flags"] == ["offplatform_contact"]
    assert i18n.t("en", "flag.offplatform_contact.direct.name") in dan["text"]
    heading = dan["text"].split("\n")[2]
    assert "chat app" not in heading
    assert "チャットアプリ" not in emi["text"].split("\n")[2]
    assert "not a warning sign by itself" in i18n.t("en", "flag.offplatform_contact.direct.means")


def test_easy_work_flag_is_named_for_either_of_its_signs() -> None:
    """The flag is raised by easy-work bait or by pay far above the going rate: its name claims neither
    alone, so a post that only says "anyone can do it" is not said to offer high pay."""
    en, jp = i18n.t("en", "flag.too_good_to_be_true.name"), i18n.t("ja", "flag.too_good_to_be_true.name")
    for word in ("easy", " or ", "pay"):
        assert word in en.lower()
    for word in ("簡単", "や", "高収入"):
        assert word in jp


async def test_check_quotes_keep_the_senders_brackets_whole() -> None:
    """A quote never starts or ends inside the sender's own brackets: 「ＬＩＮＥ」でお願いします is quoted
    with both brackets, nested as Japanese writes nested quotes, and （…） stays closed."""
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", "/gig check ご連絡は「ＬＩＮＥ」でお願いします！ＩＤ：ｓｃａｍ９９９"),
            say(
                "aiko",
                "/gig check お仕事を始める前に、専用マニュアル（教材費9,800円）のご購入が必要です。",
            ),
            end(),
        ]
    )
    contact, purchase = replies_to(records, "aiko")[1:]
    assert "offplatform_contact" in contact["flags"]
    assert "『「ＬＩＮＥ」でお願いします』" in contact["text"]
    assert "「ＬＩＮＥ」でお願いします」" not in contact["text"].replace("『「ＬＩＮＥ」でお願いします』", "")
    assert "info_product" in purchase["flags"]  # learning material paid for itself (docs/labelling.md)
    quoted = [line for line in purchase["text"].split("\n") if line.startswith("該当した表現")]
    assert quoted
    for line in quoted:
        assert line.count("（") == line.count("）"), line


async def test_check_without_open_gigs_advises_for_the_platform_the_user_worked_on() -> None:
    """A user whose only gig (closed now) was on Lancers is not told to report to CrowdWorks, the
    default they never changed."""
    records = await simulate_records(
        [
            say("ivo", '/gig add "Logo" client:Mori platform:lancers stage:funded'),
            say("ivo", "/gig accepted 1"),
            say("ivo", "/gig check Please send me your bank login so I can pay you"),
            end(),
        ]
    )
    reply = replies_to(records, "ivo")[-1]
    assert reply["flags"] == ["personal_info"]
    assert "CrowdWorks" not in reply["text"]
    assert i18n.t("en", "flag.personal_info.advice", platform="Lancers") in reply["text"]


# --- help and errors -----------------------------------------------------------------------------


async def test_help_accepted_does_not_say_the_fee_is_paid() -> None:
    """Acceptance closes a gig only on a marketplace with funded escrow; otherwise payment is still owed
    (spec section 1). Help and its examples say so in both languages."""
    records = await simulate_records(
        [say("al", "/gig help accepted"), ja("bo"), say("bo", "/gig help accepted"), end()]
    )
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    assert "funded escrow" in en
    assert "支払いが完了" not in jp
    assert "入金" not in jp
    assert "仮払い" in jp


def test_usage_lines_write_every_placeholder_in_capitals_or_the_users_words() -> None:
    """A positional placeholder is a metavariable (`REQUEST`, `申請`), never the argument's bare code."""
    for spec in GRAMMAR:
        for lang in ("en", "ja"):
            line = usage(spec, lang)
            for arg in spec.args:
                few_choices = bool(arg.choices) and len(arg.choices) <= 4  # written out: add|list
                if arg.keyword or arg.type in (ArgType.FLAG, ArgType.OFFSET) or few_choices:
                    continue
                assert f" {arg.name} " not in f"{line} ".replace("[", " ").replace("]", " "), (lang, line)


async def test_help_incoming_names_every_request_the_command_takes() -> None:
    """Lancers' contact-prompt request and Coconala's cancellation request are recorded with `incoming`
    too: help lists them, in both languages."""
    records = await simulate_records(
        [say("al", "/gig help incoming"), ja("bo"), say("bo", "/gig help incoming"), end()]
    )
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    for name in ("termination", "contact_prompt", "refund", "dispute", "cancellation"):
        assert i18n.t("en", f"request.{name}") in en, name
        assert i18n.t("ja", f"request.{name}") in jp, name
    assert "/gig incoming ID REQUEST" in en
    assert "/gig incoming ID 申請" in jp


async def test_unclosed_quote_error_says_how_to_write_it() -> None:
    """Spec section 4: the error says what was wrong and how to write it."""
    records = await simulate_records(
        [
            say("al", '/gig report "ACME Inc ghosted'),
            ja("bo"),
            say("bo", "/gig report 「山田商事 音信不通"),
            end(),
        ]
    )
    en, jp = replies_to(records, "al")[-1], replies_to(records, "bo")[-1]
    assert en["kind"] == jp["kind"] == "error"
    assert '"LP design"' in en["text"]
    assert "「LP制作」" in jp["text"]


async def test_vet_example_names_the_client_being_vetted() -> None:
    records = await simulate_records(
        [
            say("al", "/gig vet Blue Sky Ltd"),
            ja("bo"),
            say("bo", "/gig vet 山田商事"),
            end(),
        ]
    )
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    assert '`/gig vet "Blue Sky Ltd" projects:12' in en
    assert "`/gig vet 「山田商事」 projects:12" in jp
    assert "ACME" not in jp


# --- records the user may send on -----------------------------------------------------------------


async def test_evidence_pack_of_a_gig_paid_in_full_owes_nothing() -> None:
    """`/gig paid ID` records the fee as paid in full: the pack, a document for support or a
    consultation, says so instead of "paid so far ¥0, still owed ¥30,000"."""
    records = await simulate_records(
        [
            say("p", '/gig add "Logo" client:Kappa platform:direct stage:delivered amount:30000'),
            say("p", "/gig paid 1"),
            say("p", "/gig timeline 1 pack"),
            end(),
        ]
    )
    pack = replies_to(records, "p")[-2]["text"]
    assert i18n.t("en", "pack.paid", amount="¥30,000") in pack
    assert i18n.t("en", "pack.owed", amount="¥0") in pack


async def test_direct_records_speak_of_no_escrow() -> None:
    """Spec section 2: a direct client has no escrow; the pack leaves the line out, vetting such a
    client does not count days to fund an escrow, and a Coconala pack names the purchase."""
    records = await simulate_records(
        [
            say("p", '/gig add "Logo" client:Kappa platform:direct stage:delivered amount:30000'),
            say("p", "/gig timeline 1 pack"),
            say("p", "/gig vet Kappa"),
            say("q", '/gig add "Logo" client:Mika platform:coconala stage:funded'),
            say("q", "/gig timeline 1 pack"),
            ja("r"),
            say("r", '/gig add "ロゴ" client:三上 platform:direct stage:delivered'),
            say("r", "/gig timeline 1 pack"),
            say("r", "/gig vet 三上"),
            end(),
        ]
    )
    p = replies_to(records, "p")
    pack, vet = p[-3]["text"], p[-1]["text"]
    assert "escrow" not in pack.lower()
    assert i18n.t("en", "history.fund_unknown") not in vet  # the footer may say there is none
    coconala = replies_to(records, "q")[-2]["text"]
    assert "escrow" not in coconala.lower()
    assert i18n.t("en", "pack.coconala.funded", when="Mon 30 Nov 2026") in coconala
    r = replies_to(records, "r")
    assert "仮払い" not in r[-3]["text"]
    assert i18n.t("ja", "history.fund_unknown") not in r[-1]["text"]


async def test_payout_advice_writes_a_platform_name_ending_in_s_correctly() -> None:
    records = await simulate_records(
        [
            say("al", '/gig add "LP" client:Zeta platform:lancers stage:funded'),
            say("al", "/gig accepted 1"),
            end(),
        ]
    )
    text = "\n".join(r["text"] for r in replies_to(records, "al"))
    assert "Lancers's" not in text
    assert "payout rules of Lancers" in text


async def test_terms_reply_leads_into_its_draft_once() -> None:
    """The draft has its own label; the sentence before it does not announce it a second time (on Upwork
    the note about clients abroad stood between the two)."""
    records = await simulate_records(
        [
            say("al", '/gig add "LP" client:Zeta platform:upwork stage:funded'),
            say("al", "/gig terms 1"),
            ja("bo"),
            say("bo", '/gig add "LP" client:Zeta platform:crowdworks stage:funded'),
            say("bo", "/gig terms 1"),
            end(),
        ]
    )
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    assert "A request you can send:" not in en
    assert "次の文面でお願いできます。" not in jp
    for text in (en, jp):
        lines = text.split("\n")
        label = next(i for i, line in enumerate(lines) if line in ("Draft to send:", "そのまま使える文面："))
        assert not any(line.rstrip().endswith((":", "：")) for line in lines[1 : label - 1]), text


async def test_english_counts_one_in_the_singular() -> None:
    """ "I have worked 1 hours on it" went to clients in settlement drafts; vetting and the digest read
    "1 completed projects", "1 members track 1 open gigs"."""
    records = await simulate_records(
        [
            say("al", '/gig add "LP" client:Zeta platform:crowdworks stage:funded rate:2000'),
            say("al", "/gig log 1 1 wireframe"),
            say("al", "/gig settle 1"),
            say("al", "/gig vet Zeta projects:1 auto_ratings:1 reply_hours:1"),
            say("al", "/gig digest #freelance", admin=True),
            {"at": "2026-12-07T10:00:00+09:00", "end": True},
        ]
    )
    al = replies_to(records, "al")
    settle, vet = al[3]["text"], al[4]["text"]
    assert "I have worked 1 hour on it" in settle
    assert "1 completed project:" in vet
    assert "1 automatic rating:" in vet
    assert "Replies within 1 hour:" in vet
    [digest] = [r for r in records if r["kind"] == "digest"]
    assert "1 member tracks 1 open gig." in digest["text"]
    assert i18n.t("en", "digest.hours", n=2) == "2 hours"
    assert i18n.t("ja", "digest.hours", n=1) == "1時間"


async def test_reported_client_warning_fits_the_gig_it_is_added_as() -> None:
    """The community's warning on `/gig add` said "do not work before the escrow is funded" to a direct
    gig (no escrow, spec section 2), to a Coconala order (a purchase) and to work already funded or
    delivered."""
    records = await simulate_records(
        [
            say("a", "/gig report ACME ghosted"),
            say("b", "/gig report ACME unpaid"),
            say("c", '/gig add "Site" client:ACME platform:direct'),
            say("d", '/gig add "Logo" client:ACME platform:coconala'),
            say("f", '/gig add "Logo" client:ACME platform:crowdworks stage:funded'),
            say("g", '/gig add "Logo" client:ACME platform:crowdworks stage:delivered'),
            say("h", '/gig add "Logo" client:ACME platform:crowdworks'),
            end(),
        ]
    )
    warned = {r["to"]: r["text"] for r in records if r.get("step") == "client_reported"}
    assert set(warned) == {"c", "d", "f", "g", "h"}
    assert "escrow" not in warned["c"].lower()
    assert "escrow" not in warned["d"].lower()
    assert "purchased" in warned["d"]
    for user in ("f", "g"):
        assert "do not work before" not in warned[user]
        assert "before you start" not in warned[user]
    assert "do not work before the escrow is funded" in warned["h"]


async def test_a_command_typed_in_japanese_is_pointed_to_its_name() -> None:
    """`/gig 通報`, `/gig 精算`, `/gig チェック` were unknown commands with no hint; `/gig pack` too."""
    records = await simulate_records(
        [
            ja("aiko"),
            say("aiko", "/gig 通報 山田商事 仕様変更"),
            say("aiko", "/gig 精算 1"),
            say("aiko", "/gig チェック LINEで連絡ください"),
            say("ben", "/gig help pack"),
            end(),
        ]
    )
    aiko, ben = replies_to(records, "aiko")[1:], replies_to(records, "ben")
    assert [r["kind"] for r in aiko + ben] == ["error"] * 4
    for reply, name in zip(aiko, ("report", "settle", "check"), strict=True):
        assert f"`/gig {name}` のことですか？" in reply["text"]
    assert "`/gig timeline`" in ben[0]["text"]


async def test_help_report_names_the_reasons_it_takes() -> None:
    """The usage says REASON: help says which, as the user types them in each language."""
    records = await simulate_records(
        [say("al", "/gig help report"), ja("bo"), say("bo", "/gig help report"), end()]
    )
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    for code in codes(Vocab.REASON):
        assert preferred(Vocab.REASON, code, "en") in en
        assert preferred(Vocab.REASON, code, "ja") in jp


async def test_coconala_terms_do_not_ask_the_buyer_how_and_when_to_pay() -> None:
    """A Coconala buyer pays Coconala when purchasing: the request never asks for the payment date or
    method, the list says how Coconala settles them, and the reply says the Act may not bind the
    buyer; a CrowdWorks client is still asked for the payment date, but not how they will pay: the fee
    goes through the escrow on every marketplace (test_trust_terms_marketplace.py)."""
    records = await simulate_records(
        [
            say("al", '/gig add "Logo" client:Mika platform:coconala stage:funded'),
            say("al", "/gig terms 1"),
            say("al", '/gig add "LP" client:Zeta platform:crowdworks stage:funded'),
            say("al", "/gig terms 2"),
            ja("bo"),
            say("bo", '/gig add "ロゴ" client:三上 platform:coconala stage:funded'),
            say("bo", "/gig terms 1"),
            end(),
        ]
    )
    al = [r["text"] for r in replies_to(records, "al") if "Written terms" in r["text"]]
    coconala, crowdworks = al
    for text, asked in ((coconala, False), (crowdworks, True)):
        draft = text.split("Draft to send:")[1]
        assert (i18n.t("en", "termask.pay_by") in draft) is asked
        assert i18n.t("en", "termask.method") not in draft
    assert i18n.t("en", "terms.coconala.note") in coconala
    assert i18n.t("en", "terms.item", name=i18n.t("en", "term.method"), value="through Coconala") in coconala
    jp = replies_to(records, "bo")[-1]["text"]
    assert i18n.t("ja", "terms.coconala.note") in jp
    assert "お支払い方法" not in jp.split("そのまま使える文面：")[1]


def test_one_more_failed_delivery_is_counted_in_the_singular() -> None:
    """Four failed deliveries: three are told one by one, then "1 more message could not be delivered"."""
    assert i18n.t("en", "reply.delivery_failed_more", count=1).startswith("1 more message could")
    assert i18n.t("en", "reply.delivery_failed_more", count=4).startswith("4 more messages could")


async def test_rating_inquiry_is_headed_for_the_platforms_own_support() -> None:
    """事務局 is CrowdWorks' word: a Lancers inquiry goes to ランサーズのサポート, Coconala's to its 運営."""
    records = await simulate_records(
        [
            ja("bo"),
            say("bo", '/gig add "LP" client:Zeta platform:lancers stage:funded'),
            say("bo", "/gig accepted 1"),
            say("bo", "/gig rating 1"),
            say("al", '/gig add "LP" client:Zeta platform:coconala stage:funded'),
            say("al", "/gig delivered 1"),  # an approval needs the formal delivery first
            say("al", "/gig accepted 1"),
            say("al", "/gig rating 1"),
            end(),
        ]
    )
    lancers, coconala = replies_to(records, "bo")[-1]["text"], replies_to(records, "al")[-1]["text"]
    assert "（ランサーズのサポートへのお問い合わせ）" in lancers
    assert "事務局" not in lancers
    assert "(Inquiry to Coconala's support)" in coconala


async def test_timeline_json_of_a_gig_paid_in_full_agrees_with_itself() -> None:
    """amount 30000, paid 0, owed 0 was what the JSON timeline said of a gig paid in full."""
    records = await simulate_records(
        [
            say("p", '/gig add "Logo" client:Kappa platform:direct stage:delivered amount:30000'),
            say("p", "/gig paid 1"),
            say("p", "/gig timeline 1 json"),
            end(),
        ]
    )
    facts = json.loads(replies_to(records, "p")[-1]["text"])["facts"]
    assert (facts["amount"], facts["paid"], facts["owed"]) == (30000, 30000, 0)


async def test_coconala_records_call_the_other_side_the_buyer() -> None:
    """Coconala has buyers, not clients: `show`, `list`, the replies to `heard` and `sent`, and every
    form of the timeline use its word, as the rest of the bot does; a CrowdWorks gig keeps "client"."""
    commands = [
        "/gig heard 1",
        "/gig sent 1",
        "/gig list",
        "/gig show 1",
        "/gig timeline 1",
        "/gig timeline 1 csv",
        "/gig timeline 1 json",
    ]
    lines: list[dict[str, Any]] = []
    for user, lang_line, title in (("bea", None, '"Logo"'), ("bun", ja("bun"), "「ロゴ」")):
        if lang_line:
            lines.append(lang_line)
        lines.append(say(user, f"/gig add {title} client:Bob platform:coconala stage:contracted"))
        lines += [say(user, text, f"2026-11-30T11:{n:02d}:00+09:00") for n, text in enumerate(commands)]
    lines += [say("cat", '/gig add "Logo" client:Bob platform:crowdworks stage:contracted')]
    lines += [say("cat", text, f"2026-11-30T11:{n:02d}:00+09:00") for n, text in enumerate(commands)]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])

    def texts(user: str) -> list[str]:
        out = []
        for r in replies_to(records, user):
            if r["at"] == T0:  # the settings and the gig's creation
                continue
            if r["text"].startswith("{"):  # the JSON timeline: its keys are field names
                out += [e["text"] for e in json.loads(r["text"])["events"]]
            else:
                out.append(r["text"])
        return out

    english, japanese = texts("bea"), texts("bun")
    assert len(english) == len(japanese) >= len(commands)
    assert not [t for t in english if "client" in t.lower()], english
    assert not [t for t in japanese if "クライアント" in t], japanese
    assert any(t.startswith("#1 Logo\nBuyer: Bob") for t in english), english
    assert any(t.startswith("#1 ロゴ\n購入者：Bob様") for t in japanese), japanese
    assert any("Buyer replied" in t for t in english)
    assert any("購入者から返信あり" in t for t in japanese)
    assert any("Client: Bob" in t for t in texts("cat"))


async def test_direct_settings_speak_of_no_platform_defaults() -> None:
    """Direct work has no platform: a direct user's settings call the reminder timing the defaults,
    not a platform's; a marketplace user's still say whose defaults they are."""
    records = await simulate_records(
        [
            say("dan", "/gig settings platform:direct"),
            say("dan", "/gig settings"),
            ja("emi"),
            say("emi", "/gig settings platform:direct"),
            say("emi", "/gig settings"),
            say("cat", "/gig settings platform:lancers"),
            end(),
        ]
    )
    for user in ("dan", "emi"):
        for reply in replies_to(records, user)[-2:]:
            assert "platform defaults" not in reply["text"], reply["text"]
            assert "プラットフォームの既定値" not in reply["text"], reply["text"]
    assert replies_to(records, "dan")[-1]["text"].endswith("Offsets: the defaults.")
    assert replies_to(records, "emi")[-1]["text"].endswith("ステップの時期：既定のまま。")
    assert replies_to(records, "cat")[-1]["text"].endswith("Offsets: platform defaults.")


async def test_done_reply_reads_naturally_for_every_step_of_every_platform() -> None:
    """`/gig done` names the step as the gig's situation calls it, and step names are of every kind: a
    noun ("friendly nudge"), an order ("submit the work"), a state ("legal payment day passed"). The reply
    quotes the name as an item marked done, so every one of them reads as a sentence in both languages."""
    stages = ("contracted", "funded", "delivered")
    gigs = [(platform, stage) for platform in PLATFORMS for stage in stages]
    lines: list[dict[str, Any]] = []
    expected: dict[str, list[int]] = {}
    for user in ("dan", "emi"):
        if user == "emi":
            lines.append(ja(user))
        for n, (platform, stage) in enumerate(gigs, start=1):
            lines.append(say(user, f'/gig add "Job" client:Acme platform:{platform} stage:{stage}'))
            for step in sorted(profile(platform).step_codes()):
                lines.append(say(user, f"/gig done {n} {step}", "2026-11-30T11:00:00+09:00"))
                expected.setdefault(user, []).append(n)
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    shapes = {
        "dan": re.compile(r'Marked "([^"]+)" as done on #(\d+)\. It is in the timeline as evidence\.'),
        "emi": re.compile(r"#(\d+)の「([^「」]+)」を対応済みとして記録しました。証拠として経緯に残ります。"),
    }
    # A step of another stage's ladder is refused (it cannot have been taken now): that reply names it too.
    refused = {
        "dan": re.compile(r'Gig #(\d+) is [^:]+: "?([^"]+?)"? is not a step of where it stands now, .+'),
        "emi": re.compile(r"#(\d+)は現在「[^」]+」のため、「([^「」]+)」は今の段階の対応ステップでは.+"),
    }
    for user, shape in shapes.items():
        said = [r for r in records if r["to"] == user and r["kind"] in ("reply", "error")]
        firsts = [r["text"].split("\n")[0] for r in said if "2026-11-30T11" in r["at"]]
        assert len(firsts) == len(expected[user])
        done = 0
        for first, n in zip(firsts, expected[user], strict=True):
            found = shape.fullmatch(first) or refused[user].fullmatch(first)
            assert found, first
            assert str(n) in found.groups()
            done += shape.fullmatch(first) is not None
        assert done >= len(gigs), done  # each gig has steps that apply, and their replies read as above


async def test_vet_asks_only_for_what_was_not_given_and_counts_in_words() -> None:
    """The line on what was not checked gives an example of exactly those options (not the ones just
    typed), and the user's own history reads as a sentence: "1 gig (#1)", not "gigs #1 (1 in all)"."""
    given = "verified:yes rating:4.8 projects:12"
    lines = [
        say("al", '/gig add "LP" client:ACME stage:delivered since:20d'),
        say("al", "/gig accepted 1", "2026-11-30T10:01:00+09:00"),
        say("al", f"/gig vet ACME {given}", "2026-11-30T10:02:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "LP" client:ACME stage:delivered since:20d'),
        say("bo", "/gig accepted 1", "2026-11-30T10:01:00+09:00"),
        say("bo", f"/gig vet ACME {given}", "2026-11-30T10:02:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    for text, example in (
        (en, '`/gig vet "ACME" auto_ratings:0 reply_hours:6`'),
        (jp, "`/gig vet 「ACME」 auto_ratings:0 reply_hours:6`"),
    ):
        assert example in text, text
        assert "projects:12" not in text, text
    assert "Your own history with this client: 1 gig (#1), 0 still open." in en
    assert "From delivery to acceptance: 20 days on average, over 1 gig." in en
    assert "(gigs:" not in en
    assert "add them" not in en  # one missing item or several: no pronoun that counts them


async def test_vetting_a_direct_client_reads_no_marketplace_profile() -> None:
    """A direct client has no marketplace profile, ratings or automatic ratings to read: vetting one (a
    direct user, or a client met only directly) says what can be checked instead."""
    lines: list[dict[str, Any]] = [
        say("dan", "/gig settings platform:direct"),
        say("dan", "/gig vet ACME", "2026-11-30T10:01:00+09:00"),
        ja("emi"),
        say("emi", "/gig settings platform:direct"),
        say("emi", "/gig vet ACME", "2026-11-30T10:01:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    en, jp = replies_to(records, "dan")[-1]["text"], replies_to(records, "emi")[-1]["text"]
    assert "rating comments" not in en
    assert "client's profile" not in en
    assert '`/gig vet "ACME" reply_hours:6`' in en
    assert "評価コメント" not in jp
    assert "クライアントのプロフィールで確認" not in jp
    assert "`/gig vet 「ACME」 reply_hours:6`" in jp


async def test_money_owed_reads_as_english_sentences() -> None:
    """`/gig money` in English counted like a form ("(gigs: 1)", "days since delivery: 27"); it reads
    as a sentence, one gig in the singular, as the Japanese does."""
    records = await simulate_records(
        [
            say("al", '/gig add "LP" client:ACME platform:direct stage:delivered amount:50000 since:27d'),
            say("al", "/gig money", "2026-11-30T10:01:00+09:00"),
            end(),
        ]
    )
    text = replies_to(records, "al")[-1]["text"]
    assert text.startswith("Money owed to you (1 gig):"), text
    assert "#1 LP: ¥50,000, delivered 27 days ago;" in text, text
    assert "gigs:" not in text
    assert "days since delivery:" not in text


async def test_an_export_in_another_format_is_told_csv_is_the_only_one() -> None:
    """`/gig export` has one format: "one of csv" read oddly; the error says csv is the only one, and
    points to the timeline for a gig's history in other formats."""
    records = await simulate_records(
        [say("al", "/gig export json"), ja("bo"), say("bo", "/gig export json"), end()]
    )
    en, jp = replies_to(records, "al")[-1], replies_to(records, "bo")[-1]
    assert en["kind"] == jp["kind"] == "error"
    assert "one of csv" not in en["text"]
    assert "the only format is csv" in en["text"], en["text"]
    assert "`/gig timeline ID json`" in en["text"]
    assert "csvのいずれか" not in jp["text"]
    assert "形式は csv のみです" in jp["text"], jp["text"]
    assert "`/gig timeline ID json`" in jp["text"]


async def test_settle_without_scope_changes_says_how_to_log_the_next_one() -> None:
    """ "No scope change is on record. Log them with ..." had no plural for "them" to refer to."""
    lines = [
        say("al", '/gig add "LP" client:ACME stage:funded amount:50000'),
        say("al", "/gig log 1 5", "2026-11-30T10:01:00+09:00"),
        say("al", "/gig settle 1", "2026-11-30T10:02:00+09:00"),
        say("co", '/gig add "Logo" client:Mika platform:coconala stage:funded amount:50000'),
        say("co", "/gig log 1 5", "2026-11-30T10:01:00+09:00"),
        say("co", "/gig settle 1", "2026-11-30T10:02:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    for user, who in (("al", "client"), ("co", "buyer")):
        text = replies_to(records, user)[-1]["text"]
        assert "Log them" not in text, text
        assert f"When the {who} asks for one, log it with `/gig change`." in text, text


def test_snooze_buttons_promise_no_second_notice_of_the_reminder() -> None:
    """A reminder's snooze buttons push the gig's next reminders back (docs/behaviour.md: nothing is
    delivered twice, and a snooze never brings one earlier). "明日の朝に再通知" promised the reminder again
    tomorrow, which never comes; the labels say what the button does: postpone."""
    labels = [i18n.t("ja", f"action.snooze_{p}") for p in ("tomorrow", "three_days", "next_week")]
    assert all("再通知" not in label and "延期" in label for label in labels), labels


async def test_evidence_pack_after_a_release_at_acceptance_owes_nothing_from_the_client() -> None:
    """Spec section 1: acceptance on a marketplace with funded escrow closes the gig, the escrow going to
    the worker's platform balance. The pack said "paid so far ¥0, still owed ¥20,000", a claim against a
    client who owes nothing; it says the fee was released to the platform balance at acceptance."""
    lines = [
        say("al", '/gig add "Logo" client:Mika platform:coconala stage:delivered amount:20000'),
        say("al", "/gig accepted 1", "2026-11-30T10:01:00+09:00"),
        say("al", "/gig timeline 1 pack", "2026-11-30T10:02:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "LP" client:ACME platform:crowdworks stage:delivered amount:50000'),
        say("bo", "/gig accepted 1", "2026-11-30T10:01:00+09:00"),
        say("bo", "/gig timeline 1 pack", "2026-11-30T10:02:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    coconala = replies_to(records, "al")[-2]["text"]
    assert i18n.t("en", "pack.owed", amount="¥20,000") not in coconala, coconala
    assert "Released to your Coconala sales balance at the buyer's approval: ¥20,000" in coconala, coconala
    crowdworks = replies_to(records, "bo")[-2]["text"]
    assert i18n.t("ja", "pack.owed", amount="50,000円") not in crowdworks, crowdworks
    assert "検収時にクラウドワークスの残高へ支払われた額：50,000円" in crowdworks, crowdworks


async def test_a_request_recorded_on_a_direct_gig_is_told_direct_work_has_none() -> None:
    """`/gig incoming` on a direct gig said "gig #1 is on direct (no marketplace)" / "#1のプラットフォームは
    直接取引です": direct work has no platform. The error says the gig is with a direct client."""
    lines = [
        say("al", '/gig add "LP" client:ACME platform:direct stage:funded'),
        say("al", "/gig incoming 1 termination", "2026-11-30T10:01:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "LP" client:ACME platform:direct stage:funded'),
        say("bo", "/gig incoming 1 termination", "2026-11-30T10:01:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    en, jp = replies_to(records, "al")[-1], replies_to(records, "bo")[-1]
    assert en["kind"] == jp["kind"] == "error"
    assert "is on direct" not in en["text"], en["text"]
    assert "#1 is with a direct client" in en["text"], en["text"]
    assert "プラットフォームは直接取引" not in jp["text"], jp["text"]
    assert "#1は直接のお取引" in jp["text"], jp["text"]


async def test_coconala_done_and_edit_replies_call_the_other_side_the_buyer() -> None:
    """Like show and list, the replies to `done` (a message to the buyer also counts as writing to them)
    and to `edit` (the language of drafts) use Coconala's word for the other side."""
    lines: list[dict[str, Any]] = []
    for user in ("bea", "bun"):
        if user == "bun":
            lines.append(ja(user))
        lines += [
            say(user, '/gig add "Logo" client:Bob platform:coconala stage:contracted'),
            say(user, "/gig heard 1", "2026-11-30T10:01:00+09:00"),
            say(user, "/gig done 1 nudge", "2026-11-30T10:02:00+09:00"),
            say(user, "/gig done 1 nudge", "2026-11-30T10:03:00+09:00"),
            say(user, f"/gig edit 1 lang:{'ja' if user == 'bea' else 'en'}", "2026-11-30T10:04:00+09:00"),
        ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    for user, other, buyer in (("bea", "client", "buyer"), ("bun", "クライアント", "購入者")):
        said = [r["text"] for r in replies_to(records, user) if r["at"] >= "2026-11-30T10:02"]
        assert not [t for t in said if other in t], said
        # both done replies and the one on the drafts' language (the edit's own "Updated" line names no one)
        assert sum(buyer in t for t in said) == 3, said


async def test_a_payment_report_backed_by_a_gig_needs_a_delivered_gig() -> None:
    """A report "did not pay" backed by `gig:1` is shown to admins as backed by the reporter's timeline;
    on a gig not yet delivered no payment was due, so the report would be untrue: it is refused and
    says why, and nothing is recorded. On a gig delivered that minute with no payment date recorded, it
    is refused too, now for the Freelance Act's last payment day still ahead, which it names."""
    lines = [
        say("al", '/gig add "LP" client:Beta stage:funded'),
        say("al", "/gig report Beta unpaid gig:1", "2026-11-30T10:01:00+09:00"),
        say("al", "/gig report Beta late_payment gig:1", "2026-11-30T10:02:00+09:00"),
        say("al", "/gig timeline 1", "2026-11-30T10:03:00+09:00"),
        say("al", "/gig delivered 1", "2026-11-30T10:04:00+09:00"),
        say("al", "/gig report Beta unpaid gig:1", "2026-11-30T10:05:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "LP" client:ベータ stage:funded'),
        say("bo", "/gig report ベータ unpaid gig:1", "2026-11-30T10:01:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    al = {r["at"][11:16]: r for r in replies_to(records, "al")}
    for minute in ("10:01", "10:02"):
        assert al[minute]["kind"] == "error", al[minute]
        assert "#1 has not been delivered yet" in al[minute]["text"], al[minute]["text"]
    assert "Reported" not in al["10:03"]["text"]
    assert al["10:05"]["kind"] == "error", al["10:05"]
    assert "has not been delivered" not in al["10:05"]["text"], al["10:05"]["text"]
    assert "Freelance Act" in al["10:05"]["text"], al["10:05"]["text"]
    bo = replies_to(records, "bo")[-1]
    assert bo["kind"] == "error"
    assert "#1はまだ納品されていない" in bo["text"], bo["text"]


async def test_a_late_payment_report_backed_by_a_gig_paid_on_time_is_refused() -> None:
    """A report "paid late" backed by `gig:1` on a gig whose escrow was released at acceptance (or whose
    fee was recorded as paid) two days after the delivery was refused before the Freelance Act's day as
    "no payment is late before then, report it once that day has passed", and taken after that day: shown
    to admins as backed by a timeline that shows a payment in time. It is refused, naming when it was
    settled; a fee that came after the last payment day is still reported."""
    later = "2027-02-15T10:00:00+09:00"  # past the Act's day for a delivery on 30 Nov (28 Jan 2027)
    lines = [
        say("al", '/gig add "LP" client:Beta stage:funded'),
        say("al", "/gig delivered 1", "2026-11-30T10:01:00+09:00"),
        say("al", "/gig accepted 1", "2026-12-02T10:00:00+09:00"),
        say("al", "/gig report Beta late_payment gig:1", "2026-12-02T10:01:00+09:00"),
        say("al", "/gig report Beta late_payment gig:1", later),
        ja("bo"),
        say("bo", '/gig add "LP" client:ベータ platform:direct stage:contracted amount:10000'),
        say("bo", "/gig delivered 1", "2026-11-30T10:01:00+09:00"),
        say("bo", "/gig paid 1", "2026-12-02T10:00:00+09:00"),
        say("bo", "/gig report ベータ late_payment gig:1", later),
        say("cy", '/gig add "LP" client:Gamma platform:direct stage:contracted amount:10000'),
        say("cy", "/gig delivered 1", "2026-11-30T10:01:00+09:00"),
        say("cy", "/gig paid 1", "2027-02-10T10:00:00+09:00"),
        say("cy", "/gig report Gamma late_payment gig:1", later),
    ]
    records = await simulate_records(
        [*sorted(lines, key=lambda line: line["at"]), {"at": "2027-02-15T12:00:00+09:00", "end": True}]
    )
    reason = {code: i18n.t(code, "reason.late_payment") for code in ("en", "ja")}
    al = [r for r in replies_to(records, "al") if r["at"] >= "2026-12-02T10:01"]
    for reply in al:
        assert reply["kind"] == "error", reply
        assert reply["text"] == i18n.t(
            "en",
            "error.report_released_on_time",
            gig=1,
            client="Beta",
            platform="CrowdWorks",
            reason=reason["en"],
            paid="Wed 2 Dec 2026",
            date="Thu 28 Jan 2027",
        ), reply["text"]
    bo = replies_to(records, "bo")[-1]
    assert bo["kind"] == "error", bo
    assert bo["text"] == i18n.t(
        "ja",
        "error.report_paid_on_time",
        gig=1,
        client="ベータ",
        reason=reason["ja"],
        paid="2026年12月2日（水）",
        date="2027年1月28日（木）",
    ), bo["text"]
    cy = replies_to(records, "cy")[-1]
    assert cy["kind"] == "reply", cy


async def test_a_ghosted_report_backed_by_a_gig_needs_a_silence_on_its_timeline() -> None:
    """'/gig report ACME ghosted gig:1' a minute after the client's reply on record was taken and listed
    to admins as "backed by the reporter's gig timeline", a timeline that shows no silence at all. It is
    refused until the client's silence lasted long enough for a reminder; after one, it is taken."""
    lines = [
        say("al", '/gig add "LP" client:ACME stage:funded'),
        say("al", "/gig heard 1", "2026-11-30T10:01:00+09:00"),
        say("al", "/gig report ACME ghosted gig:1", "2026-11-30T10:02:00+09:00"),
        say("al", "/gig sent 1", "2026-11-30T10:03:00+09:00"),
        say("al", "/gig report ACME ghosted gig:1", "2026-12-02T10:04:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "LP" client:山田 stage:funded'),
        say("bo", "/gig report 山田 ghosted gig:1", "2026-11-30T10:02:00+09:00"),
    ]
    records = await simulate_records(
        [*sorted(lines, key=lambda line: line["at"]), {"at": "2026-12-02T12:00:00+09:00", "end": True}]
    )
    al = {r["at"][5:16]: r for r in replies_to(records, "al")}
    refused = al["11-30T10:02"]
    assert refused["kind"] == "error", refused
    assert refused["text"] == i18n.t(
        "en", "error.report_not_silent", gig=1, client="ACME", reason=i18n.t("en", "reason.ghosted")
    ), refused["text"]
    assert al["12-02T10:04"]["kind"] == "reply", al["12-02T10:04"]  # the nudge of 1 Dec came first
    bo = replies_to(records, "bo")[-1]
    assert bo["kind"] == "error", bo
    assert bo["text"] == i18n.t(
        "ja", "error.report_not_silent", gig=1, client="山田", reason=i18n.t("ja", "reason.ghosted")
    ), bo["text"]


async def test_terms_draft_does_not_thank_the_client_for_the_work() -> None:
    """The English request for written terms opened "Thank you for the work on ...", which reads as if
    the client had done the work; it opens with what the message is about, as the Japanese does."""
    records = await simulate_records(
        [
            say("al", '/gig add "App" client:Globex stage:contracted amount:50000'),
            say("al", "/gig terms 1 pay_by:2027-03-31", "2026-11-30T10:01:00+09:00"),
            end(),
        ]
    )
    text = replies_to(records, "al")[-1]["text"]
    assert "Thank you for the work on" not in text, text
    assert 'I am writing about "App".' in text, text


async def test_a_payment_on_coconala_is_an_answer_from_the_buyer() -> None:
    """The note that a payment ends the wait for a reply named the client on Coconala too."""
    lines = [
        say("al", '/gig add "Logo" client:Mika platform:coconala stage:delivered amount:20000'),
        say("al", "/gig paid 1 amount:5000", "2026-11-30T10:01:00+09:00"),
        ja("bo"),
        say("bo", '/gig add "ロゴ" client:三上 platform:coconala stage:delivered amount:20000'),
        say("bo", "/gig paid 1 amount:5000", "2026-11-30T10:01:00+09:00"),
    ]
    records = await simulate_records([*sorted(lines, key=lambda line: line["at"]), end()])
    en, jp = replies_to(records, "al")[-1]["text"], replies_to(records, "bo")[-1]["text"]
    assert (
        en
        == "A payment counts as an answer from the buyer, so the reminders about their silence have stopped."
    )
    assert jp == "入金は購入者からの応答にあたるため、返信待ちのリマインダーは止めました。"


async def test_vetting_a_coconala_buyer_speaks_of_the_buyer_throughout() -> None:
    """On Coconala the other side is the buyer: the community, history and not-checked lines of `/gig vet`
    say so in both languages, before and after a gig with them, while CrowdWorks keeps the client."""
    records = await simulate_records(
        [
            say("en", "/gig settings platform:coconala"),
            say("en", "/gig vet Mika rating:4.5"),
            say("en", '/gig add "Logo" client:Mika platform:coconala stage:funded'),
            say("en", "/gig vet Mika rating:4.5"),
            ja("jp"),
            say("jp", "/gig settings platform:coconala"),
            say("jp", "/gig vet 三上 rating:4.5"),
            say("jp", '/gig add "ロゴ" client:三上 platform:coconala stage:funded'),
            say("jp", "/gig vet 三上 rating:4.5"),
            say("cw", "/gig settings platform:crowdworks"),
            say("cw", "/gig vet Zeta rating:4.5"),
            end(),
        ]
    )
    vets = {
        user: [r["text"] for r in replies_to(records, user) if "/100" in r["text"]]
        for user in ("en", "jp", "cw")
    }
    assert len(vets["en"]) == len(vets["jp"]) == 2
    for text in vets["en"]:
        assert "client" not in text.replace("/gig vet", "")
        assert "this buyer" in text
    for text in vets["jp"]:
        assert "クライアント" not in text
        assert "この購入者" in text
    (crowdworks,) = vets["cw"]
    assert "this client" in crowdworks
