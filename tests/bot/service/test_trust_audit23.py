"""Trust audit, round 23: sentences that were wrong for the gig's actual situation (a settled Upwork
contract, a settled money view, a Lancers gig part paid before funding, a follow-up acceptance nudge, the
help of `delivered`). Each test is a story played through the simulator in both languages. Upwork's
submission in Japanese is swept with its other words in test_upwork_words_sweep."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, gig_check, replies_at, say, setting, to
from tests.conftest import simulate_records

MOVE_TO_EMAIL = {
    "en": "Thanks again for the work. Can we move to email? Please write to me at acme@example.com",
    "ja": "先日はありがとうございました。今後はメールでやり取りできますか？"
    " acme@example.com までご連絡ください。",
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [["/gig delivered 1", "/gig accepted 1"], ["/gig paid 1"]])
async def test_a_move_to_email_on_a_settled_upwork_contract_is_not_said_to_come_before_the_contract(
    code: str, moves: list[str]
) -> None:
    """On an Upwork contract settled (its funded milestone released at acceptance, or paid), a client's
    request to move to e-mail was named "Moving the conversation off the platform before the contract
    starts" and told to keep talking on Upwork "until the contract starts": the contract started and is
    over. Upwork's terms allow contact details once a contract has started; what the reply asks is to keep
    any new work, and its payment, on Upwork."""
    text = await gig_check(code, "upwork", moves, MOVE_TO_EMAIL[code])
    for wrong in {
        "en": ("before the contract starts", "until the contract starts"),
        "ja": ("契約開始前", "契約が始まるまで"),
    }[code]:
        assert wrong not in text, text
    assert {"en": "once a contract has started", "ja": "契約が始まった後"}[code] in text, text
    assert {"en": "new work", "ja": "新しい仕事"}[code] in text, text


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "amount", "until"), [("coconala", "30000", at(12, 8)), ("upwork", "500", at(12, 18))]
)
async def test_money_with_only_a_settled_gig_claims_no_total_owed_of_zero(
    code: str, platform: str, amount: str, until: str
) -> None:
    """`/gig money` when the only gig listed was settled by the platform's own clock (Coconala's approval
    after 72 hours, Upwork's release after 14 days) ended on "Total owed: ¥0" ("$0"): no total was counted
    at all. The line now says that the client owes nothing, and why, once."""
    add = f'/gig add "LP" client:Kato platform:{platform} stage:funded amount:{amount}'
    lines = [say("u", add, at(12, 1)), say("u", "/gig delivered 1", at(12, 2)), say("u", "/gig money", until)]
    money = (await replies_at(code, lines, at(12, 18, 12), platform=platform))[until]
    zero = {"coconala": {"en": "¥0", "ja": "0円"}, "upwork": {"en": "$0", "ja": "0ドル"}}[platform][code]
    assert {"en": f": {zero}", "ja": f"：{zero}"}[code] not in money, money
    assert {"en": "Total owed", "ja": "未入金の合計"}[code] not in money, money
    owes = {"coconala": {"en": "a buyer", "ja": "購入者"}, "upwork": {"en": "a client", "ja": "クライアント"}}
    assert {
        "en": f"Nothing here is owed by {owes[platform][code]}",
        "ja": f"{owes[platform][code]}が支払うべき報酬はありません",
    }[code] in money, money
    assert money.count({"en": "check your balance there", "ja": "売上・残高を確認"}[code]) == 1, money


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "coconala", "upwork", "direct"])
async def test_a_refused_funding_time_is_named_in_words_true_on_every_platform(
    code: str, platform: str
) -> None:
    """A refused `/gig funded 1 since:...` named the option 「仮払いされた日時」 ("escrow funding time") on
    every platform, though 仮払い is the word of CrowdWorks and Lancers only: a Coconala buyer pays at the
    purchase, an Upwork client funds a milestone, and a direct client has no escrow at all. The error is
    written before the gig is read, so it names the option in words true on all of them: when the work
    could start."""
    lines = [
        say("u", f'/gig add "LP" client:Acme platform:{platform} stage:contracted', at(12, 1)),
        say("u", "/gig funded 1 since:yesterdayish", at(12, 1, 11)),
    ]
    out = await simulate_records([setting("u", lang=code, platform=platform), *lines, end(at(12, 1, 12))])
    [error] = [r["text"] for r in to(out, "u", "error")]
    assert {"en": "escrow", "ja": "仮払い"}[code] not in error, error
    assert {
        "en": "time the work could start (`since:`)",
        "ja": "作業を始められるようになった日時（`since:`）",
    }[code] in error, error


@pytest.mark.parametrize("code", LANGS)
async def test_a_lancers_gig_part_paid_before_funding_is_never_told_nothing_was_paid(code: str) -> None:
    """A Lancers gig whose escrow was never funded but with ¥10,000 of ¥50,000 recorded as paid: the
    deadline notice said "Nothing has been deposited, so nothing is lost by ending it", the ending step
    "the escrow was never funded. Nothing has been deposited, so there is nothing to settle and nothing to
    lose", and after a handover the acceptance nudge said everything depended on the client paying. The
    part payment is named, the rest is what the escrow waits for, and before an ending what the part paid
    for is agreed in writing."""
    lines = [
        say("u", '/gig add "LP" client:Acme platform:lancers amount:50000 stage:contracted', at(12, 1)),
        say("u", "/gig paid 1 amount:10000", at(12, 1, 11)),
        say("u", "/gig sent 1", at(12, 1, 12)),
        say("u", '/gig add "Logo" client:Beta platform:lancers amount:50000 stage:contracted', at(12, 1, 13)),
        say("u", "/gig paid 2 amount:10000", at(12, 1, 14)),
        say("u", "/gig delivered 2", at(12, 1, 15)),
    ]
    out = await simulate_records([setting("u", lang=code), *lines, end(at(12, 20, 12))])
    steps = {(r["gig"], r["step"]): r["text"] for r in to(out, "u", "reminder")}
    said = [
        steps[("1", "deadline_notice")],
        steps[("1", "termination_request")],
        steps[("2", "acceptance_nudge")],
    ]
    for text in said:
        for wrong in {
            "en": ("Nothing has been deposited", "nothing to settle", "everything now depends"),
            "ja": ("何も預けられていない", "精算するものも", "一度も仮払い", "報酬はクライアント次第"),
        }[code]:
            assert wrong not in text, text
        assert {"en": "¥10,000", "ja": "10,000円"}[code] in text, text
        assert {"en": "the remaining ¥40,000", "ja": "残額40,000円"}[code] in text, text
    for text in said[:2]:
        assert {"en": "what the ¥10,000 already received pays for", "ja": "受け取り済みの10,000円が何の分"}[
            code
        ] in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_an_acceptance_nudge_after_the_client_replied_follows_up_on_the_users_message(
    code: str,
) -> None:
    """A CrowdWorks delivery on Wed 2 Dec, the client's reply on the 3rd (`heard`), the user's message on
    Fri 4 Dec (`sent`) and silence since: the acceptance nudge's draft read as a first request ("I
    delivered "LP" on Wed 2 Dec. When you have a moment, could you review it"), though the user had asked
    already. It now follows up on that message, naming its day; a silence that began with the delivery
    keeps the first request, and a platform's own draft (Lancers' completion report) is not replaced."""
    follow_up = {
        "en": "following up on my message of Fri 4 Dec",
        "ja": "12月4日（金）にもご連絡いたしましたが",
    }[code]
    for platform, replied in (("crowdworks", True), ("crowdworks", False), ("lancers", True)):
        lines = [
            say("u", f'/gig add "LP" client:Acme platform:{platform} amount:50000 stage:funded', at(12, 1)),
            say("u", "/gig delivered 1", at(12, 2)),
        ]
        if replied:
            lines += [say("u", "/gig heard 1", at(12, 3)), say("u", "/gig sent 1", at(12, 4))]
        out = await simulate_records([setting("u", lang=code), *lines, end(at(12, 20, 12))])
        [nudge] = [r["text"] for r in to(out, "u", "reminder") if r["step"] == "acceptance_nudge"]
        draft = nudge.split({"en": "Draft to send:", "ja": "そのまま使える文面："}[code])[1]
        if platform == "lancers":
            assert {"en": "completion report", "ja": "完了報告"}[code] in draft, draft
        elif replied:
            assert follow_up in draft, draft
        else:
            assert follow_up not in draft, draft
            assert {"en": 'I delivered "LP" on Wed 2 Dec.', "ja": "12月2日（水）に「LP」の成果物を納品"}[
                code
            ] in draft, draft


# What the help of `/gig delivered` says on each platform, in both languages: the same thing.
DELIVERED_HELP = {
    "crowdworks": {
        "en": "You delivered: acceptance reminders start.",
        "ja": "納品しました。検収のリマインダーを始めます。",
    },
    "lancers": {
        "en": "You delivered: file the completion report (`完了報告`), which lets the client confirm the"
        " payment. Reminders to confirm it start.",
        "ja": "納品しました。完了報告を出しましょう。これでクライアントが支払いを確定できるようになります。"
        "支払い確定のリマインダーを始めます。",
    },
    "direct": {
        "en": "You delivered: reminders to confirm receipt and of the payment day start.",
        "ja": "納品しました。受け取り確認と支払期日のリマインダーを始めます。",
    },
}
DELIVERED_LINE = {
    "crowdworks": {
        "en": "you delivered: acceptance reminders start",
        "ja": "納品しました（検収のリマインダーを始めます）",
    },
    "lancers": {
        "en": "you delivered: file the completion report; reminders to confirm the payment start",
        "ja": "納品しました（完了報告を出しましょう。支払い確定のリマインダーを始めます）",
    },
    "direct": {
        "en": "you delivered: reminders to confirm receipt and of the payment day start",
        "ja": "納品しました（受け取り確認と支払期日のリマインダーを始めます）",
    },
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", sorted(DELIVERED_HELP))
async def test_the_help_of_delivered_says_the_same_in_both_languages(code: str, platform: str) -> None:
    """`/gig help delivered` said different things in the two languages: in English "You delivered: start
    the acceptance reminders" (an order to the user), in Japanese that the bot starts them; on Lancers the
    English asked to file the completion report and the Japanese only said what it allows (and its line in
    `/gig help` put the reminders after the report); on a direct gig the help of the command spoke of
    acceptance reminders, its line in `/gig help` of confirming receipt and the payment day. Each now says
    the same in both languages, the line in `/gig help` as the command's own help."""
    lines = [say("u", "/gig help delivered", at(12, 1)), say("u", "/gig help", at(12, 1, 10, 1))]
    texts = await replies_at(code, lines, at(12, 1, 12), platform=platform)
    assert DELIVERED_HELP[platform][code] in texts[at(12, 1)], texts[at(12, 1)]
    assert f"`/gig delivered 1` {DELIVERED_LINE[platform][code]}" in texts[at(12, 1, 10, 1)], texts
