"""Platform words and facts, second round of leftovers: each story's reply used to name a step in another
platform's words, miss what the user typed or the client claimed, or leave out a warning the same money
gets elsewhere. Each is played through the simulator in both languages."""

from __future__ import annotations

import pytest

from bot.i18n import catalog as i18n
from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


async def _replies(code: str, platform: str, lines: list[dict[str, object]]) -> list[str]:
    records = await simulate_records(
        [setting("u", at(12, 1, 9), lang=code, platform=platform), *lines, end(at(12, 1, 11))]
    )
    return [r["text"] for r in to(records, "u") if r["kind"] in ("reply", "warning", "error")]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    "command", ["/gig help", "/gig help delivered", "/gig help accepted", "/gig help all"]
)
async def test_lancers_help_speaks_of_the_completion_report_and_the_payment_confirmation(
    code: str, command: str
) -> None:
    """Lancers has no acceptance (検収): after the completion report the client confirms the payment, as every
    other Lancers text says. `/gig help` still spoke of 検収 and acceptance reminders."""
    [reply] = (await _replies(code, "lancers", [say("u", command, at(12, 1, 9, 1))]))[1:]
    for word in {"en": ("acceptance", "accepted the work", "once accepted"), "ja": ("検収",)}[code]:
        assert word not in reply, reply
    if command != "/gig help accepted":
        assert {"en": "completion report", "ja": "完了報告"}[code] in reply, reply
    if command != "/gig help delivered":
        assert {"en": "confirm", "ja": "支払い確定"}[code] in reply, reply


@pytest.mark.parametrize("code", LANGS)
async def test_crowdworks_help_still_speaks_of_acceptance(code: str) -> None:
    """The other side: CrowdWorks' own word is 検収."""
    [reply] = (await _replies(code, "crowdworks", [say("u", "/gig help", at(12, 1, 9, 1))]))[1:]
    assert {"en": "acceptance", "ja": "検収"}[code] in reply, reply


APPROVAL_STEP = {
    "ja": ["承認のお願い", "承認依頼"],
    "en": ['"approval nudge"', '"asking for acceptance"'],
}
AUTO_APPROVAL = {"ja": ["自動承認", "自動承認の確認"], "en": ['"auto acceptance"', '"automatic acceptance"']}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("which", [0, 1])
async def test_coconala_steps_are_taken_under_the_common_word_for_approval(code: str, which: int) -> None:
    """A Coconala seller who writes 承認 (approval) for the buyer's 承諾 names the same step: 「承認のお願い」
    and 「自動承認」 were refused as no step at all, while 「承諾のお願い」 and 「自動承諾」 were taken."""
    replies = await _replies(
        code,
        "coconala",
        [
            say("u", '/gig add "LP" client:ACME stage:funded amount:30000', at(12, 1, 9, 1)),
            say("u", "/gig add LP2 client:ACME stage:funded amount:30000", at(12, 1, 9, 2)),
            say("u", "/gig delivered 2", at(12, 1, 9, 3)),
            say("u", f"/gig done 1 {APPROVAL_STEP[code][which]}", at(12, 1, 9, 4)),
            say("u", f"/gig done 2 {AUTO_APPROVAL[code][which]}", at(12, 1, 9, 5)),
        ],
    )
    not_a_step = {"en": "is not a valid ladder step", "ja": "対応ステップとして正しくありません"}[code]
    assert not any(not_a_step in r for r in replies), replies
    # the undelivered order: the step is understood, and named in Coconala's word
    assert any({"en": "asking for approval", "ja": "承諾のお願い"}[code] in r for r in replies), replies
    # the delivered one: recorded
    done = i18n.t(code, "reply.done", gig=2, step_name=i18n.t(code, "stepname.auto_approval_notice"))
    assert done in replies, replies


CLAIMS = {
    "ja": [
        ("お支払いを確定しました。今後はLINEで連絡ください。", "lancers", "支払い確定済み"),
        ("支払い手続きを完了しました。今後はLINEで連絡ください。", "crowdworks", "支払い済み"),
        ("検収完了しました。今後はLINEで連絡ください。", "crowdworks", "検収"),
        # unseen phrasings of the same claims
        ("先ほど支払いの確定が完了しました。以降はLINEでやり取りしましょう。", "lancers", "支払い確定済み"),
        ("マイルストーンを承認しました。これからはLINEで連絡ください。", "upwork", "承認済み"),
        (
            "納品を承諾しました。引き続きよろしくお願いします。",
            "coconala",
            "承諾済み",
        ),  # the talk stays on Coconala after the approval
        ("お支払いの手続きが完了いたしました。今後はLINEで連絡ください。", "crowdworks", "支払い済み"),
    ],
    "en": [
        ("I accepted the work, let's continue on WhatsApp.", "crowdworks", "the work is accepted"),
        ("I've approved the milestone. Let's talk on WhatsApp.", "upwork", "the work is approved"),
        ("Payment has been released, add me on WhatsApp.", "upwork", "the payment is released"),
        # unseen phrasings
        ("We have approved your submission, let's continue on WhatsApp.", "upwork", "the work is approved"),
        ("I just released the payment. Add me on WhatsApp.", "crowdworks", "the payment is released"),
        ("The funds were released today, message me on WhatsApp.", "crowdworks", "the payment is released"),
        ("I confirmed the payment, let's talk on WhatsApp.", "lancers", "the payment is confirmed"),
    ],
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("which", range(7))
async def test_a_claim_of_acceptance_or_release_is_read_as_one(code: str, which: int) -> None:
    """A client who says the work is accepted, approved or paid out claims the escrow was there: the move to
    LINE after it is no before-escrow sign, and the reply echoes the claim in the platform's words, to be
    seen on the platform. Only 検収 was known; 「お支払いを確定しました」, "I accepted the work" and the like
    were read as plain requests to leave the platform before any escrow."""
    message, platform, said = CLAIMS[code][which]
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", f"/gig check 「{message}」", at(12, 1, 9, 1)),
            end(at(12, 1, 9, 2)),
        ]
    )
    [reply] = [r for r in to(records, "u") if "flags" in r]
    assert "offplatform_contact" not in reply["flags"], reply
    assert said in reply["text"], reply["text"]


NOT_CLAIMS = {
    "ja": [
        "お支払いを確定したら、LINEで連絡ください。",
        "お支払いは完了しましたか？LINEで連絡ください。",
        "検収の前にLINEで連絡ください。",
    ],
    "en": [
        "Once I've approved the milestone we can talk on WhatsApp.",
        "I haven't approved the milestone yet, add me on WhatsApp.",
        "The payment will be released after you add me on WhatsApp.",
    ],
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("which", range(3))
async def test_a_condition_or_a_question_is_no_claim(code: str, which: int) -> None:
    """The other side: acceptance or release as a condition, a question or a denial claims nothing."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="crowdworks"),
            say("u", f"/gig check 「{NOT_CLAIMS[code][which]}」", at(12, 1, 9, 1)),
            end(at(12, 1, 9, 2)),
        ]
    )
    [reply] = [r for r in to(records, "u") if "flags" in r]
    assert "offplatform_contact" in reply["flags"], reply


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("key", ["snooze_tomorrow", "snooze_three_days", "snooze_next_week"])
def test_snooze_buttons_say_they_snooze(code: str, key: str) -> None:
    """A reminder's preset buttons read "Tomorrow morning", "In 3 days", "Next week": nothing said that
    pressing one snoozes the reminder (it could read as "remind me then" or "the client replies then").
    Each now names the snooze, within Slack's (75) and Discord's (80) button limits."""
    label = i18n.t(code, f"action.{key}")
    assert {"en": "snooze", "ja": "延期"}[code] in label.lower(), label
    assert len(label) <= 30, label  # concise: a row of six buttons


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("delivered", [True, False])
async def test_a_payment_on_an_ended_unpurchased_order_is_said_to_be_outside(
    code: str, delivered: bool
) -> None:
    """A Coconala order never purchased, called off (with or without the work handed over), then a payment
    recorded: the same money recorded before the end was said to come outside Coconala, with none of its
    protection; after the end the reply only counted it. It now says the same."""
    lines = [say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1))]
    if delivered:
        lines.append(say("u", "/gig delivered 1", at(12, 1, 9, 2)))
    lines += [
        say("u", "/gig terminate 1 confirm", at(12, 1, 9, 3)),
        say("u", "/gig paid 1 amount:10000", at(12, 1, 9, 4)),
    ]
    records = await simulate_records(
        [setting("u", at(12, 1, 9), lang=code, platform="coconala"), *lines, end(at(12, 1, 9, 5))]
    )
    paid = "\n".join(r["text"] for r in to(records, "u") if r["at"] == at(12, 1, 9, 4))
    outside = {
        "en": "Coconala's rules forbid payment outside the platform",
        "ja": "ココナラを通さない支払いは規約で禁止されており",
    }[code]
    assert outside in paid, paid
    assert {"en": "contract", "ja": "契約"}[code] not in paid, (
        paid
    )  # Coconala has no contract before the purchase


@pytest.mark.parametrize("code", LANGS)
async def test_a_payment_on_an_ended_crowdworks_contract_is_not_said_to_be_outside(code: str) -> None:
    """The other side: an ended CrowdWorks contract's late payment is no payment outside a purchase."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="crowdworks"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig terminate 1 confirm", at(12, 1, 9, 3)),
            say("u", "/gig paid 1 amount:10000", at(12, 1, 9, 4)),
            end(at(12, 1, 9, 5)),
        ]
    )
    paid = "\n".join(r["text"] for r in to(records, "u") if r["at"] == at(12, 1, 9, 4))
    assert paid
    assert {"en": "outside", "ja": "外で"}[code] not in paid, paid


@pytest.mark.parametrize("code", LANGS)
def test_every_name_a_platform_gives_a_step_is_taken_as_that_step(code: str) -> None:
    """The bot names a step in the platform's words (Upwork's 「承認のお願い」, Lancers' "asking to confirm
    the payment", Coconala's "cancelling the order"), but only the step's plain label and its aliases were
    taken back: `/gig done 1 承認のお願い` on the Upwork reminder that said it was no step at all."""
    from bot.commands.vocab import Vocab, codes, lookup

    steps = codes(Vocab.STEP)
    named = {
        k: t
        for k, t in i18n.catalog(code).items()
        if k.startswith("label.") and k.split(".")[1] in steps and k.count(".") >= 2
    }
    assert named
    for k, text in named.items():
        assert lookup(Vocab.STEP, text) == k.split(".")[1], (k, text)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("purchased", [True, False])
async def test_a_payment_after_a_coconala_deal_ended_names_no_contract(code: str, purchased: bool) -> None:
    """A Coconala deal has no contract before the purchase: the replies to a payment after it ended said
    "whose contract ended" (「契約が終了した」), and the refusal of a `paid` without an amount "the contract
    ended before delivery". They now speak of the deal or the cancelled order."""
    stage = "funded" if purchased else "contracted"
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", f'/gig add "LP" client:ACME stage:{stage} amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig terminate 1 confirm", at(12, 1, 9, 2)),
            say("u", "/gig paid 1", at(12, 1, 9, 3)),
            say("u", "/gig paid 1 amount:5000", at(12, 1, 9, 4)),
            end(at(12, 1, 9, 5)),
        ]
    )
    texts = [r["text"] for r in to(records, "u") if r["at"] in (at(12, 1, 9, 3), at(12, 1, 9, 4))]
    assert len(texts) >= 2, texts
    for text in texts:
        assert {"en": "contract", "ja": "契約"}[code] not in text, text


@pytest.mark.parametrize("code", LANGS)
async def test_a_coconala_buyer_taking_work_never_purchased_is_no_acceptance(code: str) -> None:
    """Work handed over on a Coconala order never purchased, then `accepted`: the stage read "accepted,
    payment still owed" (「検収完了・支払い待ち」) and the tip 「検収が完了しました」, words Coconala never
    uses, with nothing said of the purchase the money needs. Both now say the work was confirmed but not
    purchased, and the tip asks for the purchase."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform="coconala"),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig accepted 1", at(12, 1, 9, 3)),
            end(at(12, 1, 9, 4)),
        ]
    )
    said = "\n".join(r["text"] for r in to(records, "u") if r["at"] == at(12, 1, 9, 3))
    for word in {"en": ("accepted", "acceptance"), "ja": ("検収",)}[code]:
        assert word not in said, said
    assert {"en": "not purchased yet", "ja": "購入待ち"}[code] in said, said
    assert {"en": "ask for a purchase", "ja": "購入をお願い"}[code] in said, said


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["lancers", "upwork"])
async def test_unfunded_work_taken_on_lancers_or_upwork_is_not_called_acceptance(
    code: str, platform: str
) -> None:
    """`accepted` on work handed over before any escrow: the stage read 「検収完了・支払い待ち」 and the tip
    「検収が完了しました」, though Lancers has no acceptance (the client confirms the payment) and Upwork's
    client approves; neither can pay out what was never funded. Both now say so in the platform's words
    and ask for the funding."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", '/gig add "LP" client:ACME stage:contracted amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1 confirm", at(12, 1, 9, 2)),
            say("u", "/gig accepted 1", at(12, 1, 9, 3)),
            end(at(12, 1, 9, 4)),
        ]
    )
    said = "\n".join(r["text"] for r in to(records, "u") if r["at"] == at(12, 1, 9, 3))
    for word in {"en": ("accepted", "Accepted", "acceptance"), "ja": ("検収",)}[code]:
        assert word not in said, said
    fund = {
        ("lancers", "en"): "fund the escrow",
        ("lancers", "ja"): "仮払いをお願い",
        ("upwork", "en"): "fund the milestone",
        ("upwork", "ja"): "マイルストーンへの入金をお願い",
    }[platform, code]
    assert fund in said, said
    if platform == "upwork":
        assert {"en": "approved", "ja": "承認"}[code] in said, said


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["lancers", "upwork"])
async def test_the_rating_refusal_names_the_platforms_own_end(code: str, platform: str) -> None:
    """`/gig rating` on a gig not yet ended said ratings come "after acceptance or a termination"
    (「検収完了後か途中終了後」) on Lancers (the payment confirmation) and Upwork (the approval) too."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", '/gig add "LP" client:ACME stage:funded amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig rating 1", at(12, 1, 9, 3)),
            end(at(12, 1, 9, 4)),
        ]
    )
    [error] = [r["text"] for r in to(records, "u", "error")]
    assert {"en": "acceptance", "ja": "検収"}[code] not in error, error
    own = {
        ("lancers", "en"): "payment is confirmed",
        ("lancers", "ja"): "支払い確定",
        ("upwork", "en"): "approv",
        ("upwork", "ja"): "承認",
    }[platform, code]
    assert own in error, error


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork", "direct"])
async def test_help_examples_and_words_fit_the_platform(code: str, platform: str) -> None:
    """`/gig help done` showed `platform_nudge filed on the contract page` (「連絡催促申請
    契約ページから申請」) where the platform has no contact-prompt request; on Coconala `help terminate`
    and `help withdraw` spoke of a contract; for a direct client `help accepted` spoke of escrow and
    crowdsourcing, and `help rating` of an inquiry to support."""
    replies = (
        await _replies(
            code,
            platform,
            [
                say("u", "/gig help done", at(12, 1, 9, 1)),
                say("u", "/gig help terminate", at(12, 1, 9, 2)),
                say("u", "/gig help withdraw", at(12, 1, 9, 3)),
                say("u", "/gig help accepted", at(12, 1, 9, 4)),
                say("u", "/gig help rating", at(12, 1, 9, 5)),
            ],
        )
    )[1:]
    done, terminate, withdraw, accepted, rating = replies
    assert "platform_nudge" not in done, done
    assert "連絡催促" not in done, done
    if platform == "coconala":
        for text in (terminate, withdraw):
            assert {"en": "contract", "ja": "契約"}[code] not in text, text
    if platform == "direct":
        assert {"en": "escrow", "ja": "仮払い"}[code] not in accepted, accepted
        assert {"en": "support", "ja": "事務局"}[code] not in rating, rating


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_the_support_a_warning_sends_you_to_can_be_recorded(code: str, platform: str) -> None:
    """Terminating delivered work is stopped with "contact support instead"; `/gig done 1 support_inquiry`
    then answered that the step is not part of the Coconala (Upwork) ladder, and named it
    「事務局への問い合わせ」, CrowdWorks' word. It is now recorded, under the platform's own name for its
    support."""
    records = await simulate_records(
        [
            setting("u", at(12, 1, 9), lang=code, platform=platform),
            say("u", '/gig add "LP" client:ACME stage:funded amount:20000', at(12, 1, 9, 1)),
            say("u", "/gig delivered 1", at(12, 1, 9, 2)),
            say("u", "/gig terminate 1", at(12, 1, 9, 3)),
            say("u", "/gig done 1 support_inquiry", at(12, 1, 9, 4)),
            end(at(12, 1, 9, 5)),
        ]
    )
    warned = "\n".join(r["text"] for r in to(records, "u") if r["at"] == at(12, 1, 9, 3))
    assert {"en": "support", "ja": "問い合わせ"}[code] in warned.lower(), warned
    [done] = [r for r in to(records, "u") if r["at"] == at(12, 1, 9, 4)]
    assert done["kind"] == "reply", done
    own = {
        ("coconala", "ja"): "運営への問い合わせ",
        ("coconala", "en"): "Coconala's support",
        ("upwork", "ja"): "Upworkのサポートへの問い合わせ",
        ("upwork", "en"): "Upwork Support",
    }[platform, code]
    assert own in done["text"], done["text"]


@pytest.mark.parametrize("code", LANGS)
async def test_coconala_help_registers_an_order_before_its_purchase(code: str) -> None:
    """Coconala's overview added its example order as already purchased (`stage:purchased`, in English
    only) and then told to run `/gig funded 1` once the buyer purchases: its first example must register an
    order still waiting for the purchase, as the Japanese did, so that the next line fits."""
    [help_text] = (await _replies(code, "coconala", [say("u", "/gig help", at(12, 1, 9, 1))]))[1:]
    [example] = [line.split("`")[1] for line in help_text.splitlines() if line.startswith("`/gig add")]
    replies = await _replies(
        code,
        "coconala",
        [say("u", example, at(12, 1, 9, 2)), say("u", "/gig list", at(12, 1, 9, 3))],
    )
    assert {"en": "not purchased yet", "ja": "購入前"}[code] in replies[-1], replies
