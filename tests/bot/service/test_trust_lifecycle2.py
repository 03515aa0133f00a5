"""Whole lifecycles on Coconala and Upwork read as a freelancer reads them, audit of 2026-12-01: each
sentence must hold for the platform and the stage the gig is at. Each test is a story played through the
simulator in both languages."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, end, say, setting, to
from tests.conftest import simulate_records


def draft_of(text: str) -> str:
    """The draft to the client: everything after the "Draft to send" heading."""
    return text.split("\n\n", 2)[-1]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_settle_after_a_change_request_promises_no_automatic_payment(code: str, platform: str) -> None:
    """Funded, delivered, then the client sent the work back for changes (`/gig change`): the reply to
    the change said nothing is approved (Coconala) or released (Upwork) until the revised work is
    delivered again, and `show` planned no approval or release. `/gig settle 1` then said Coconala
    approves it automatically about 72 hours later, or that Upwork releases the milestone if the client
    neither approves nor asks for changes within 14 days, though they just did. It now says the revision
    comes first, and the automatic approval or release counts from the new delivery."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 7, 10)),
        say("u", '/gig change 1 "other colours"', at(12, 9, 10)),
        say("u", "/gig settle 1", at(12, 9, 10, 5)),
        say("u", "/gig delivered 1", at(12, 11, 10)),
        say("u", "/gig settle 1", at(12, 11, 10, 5)),
    ]
    settings = setting("u", lang=code, platform=platform)
    out = to(await simulate_records([settings, *lines, end(at(12, 11, 11))]), "u")
    sent_back = "\n".join(r["text"] for r in out if r["at"] == at(12, 9, 10, 5))
    again = "\n".join(r["text"] for r in out if r["at"] == at(12, 11, 10, 5))
    automatic = {
        ("coconala", "en"): "approves it automatically about 72 hours later",
        ("coconala", "ja"): "約72時間後にココナラが自動で承諾します",
        ("upwork", "en"): "neither approve it nor ask for changes within 14 days",
        ("upwork", "ja"): "提出から14日以内に承認も修正依頼もなければ",
    }[platform, code]
    revise = {
        ("coconala", "en"): "deliver the revised work formally again",
        ("coconala", "ja"): "修正した成果物をもう一度「正式な納品」で届け",
        ("upwork", "en"): "submit the revised work",
        ("upwork", "ja"): "修正した作業を提出し直",
    }[platform, code]
    assert automatic not in sent_back, sent_back
    assert revise in sent_back, sent_back
    assert {"en": "nothing to lower", "ja": "金額を下げる必要はありません"}[code] in sent_back, sent_back
    assert automatic in again, again  # delivered again: the platform's clock runs once more


@pytest.mark.parametrize("code", LANGS)
async def test_upworks_refund_request_and_release_are_not_called_a_provisional_payment(code: str) -> None:
    """Upwork, a funded milestone submitted, then the client's refund request: in Japanese the request
    was named 「仮払い金の返金リクエスト」 (in `/gig settle`, the reminder before its deadline and the help of
    `/gig incoming`), and `/gig paid 1` said the fee comes 「仮払い金から」 when the client 検収. 仮払い
    and 検収 are CrowdWorks' and Lancers' words: Upwork's client funds a milestone and approves the work.
    The English said "accepts"; Upwork's client approves, or Upwork releases the milestone after 14
    days."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:funded', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 7, 10)),
        say("u", "/gig incoming 1 refund", at(12, 8, 10)),
        say("u", "/gig settle 1", at(12, 8, 10, 5)),
        say("u", "/gig show 1", at(12, 8, 10, 6)),
        say("u", "/gig money", at(12, 8, 10, 7)),
        say("u", "/gig help incoming", at(12, 8, 10, 8)),
        say("u", "/gig add LP2 client:Acme amount:500 stage:funded", at(12, 9, 10)),
        say("u", "/gig delivered 2", at(12, 9, 10, 1)),
        say("u", "/gig paid 2", at(12, 10, 10)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 15, 12))]), "u")
    texts = [r["text"] for r in out if r["at"] >= at(12, 8, 10)]
    said = "\n".join(texts)
    assert any(r["step"] == "respond_deadline" for r in out), out
    named = {"en": "refund request", "ja": "マイルストーンに入金した資金の返金リクエスト"}[code]
    assert named in said, said
    paid = "\n".join(r["text"] for r in out if r["at"] == at(12, 10, 10))
    assert {"en": "approves", "ja": "承認"}[code] in paid, paid
    if code == "ja":
        assert "仮払い" not in said, said
        assert "検収" not in said, said
    else:
        assert "accepts the work" not in paid, paid


@pytest.mark.parametrize("code", LANGS)
async def test_coconala_work_handed_over_before_the_purchase_asks_for_the_purchase_on_the_payment_day(
    code: str,
) -> None:
    """Coconala, work handed over before the buyer purchased: the warning and the acceptance nudge said
    Coconala cannot pay for an order never purchased, so ask for the purchase and deliver it formally in
    that order. Then the payment reminders around the Act's 60th day said to check the order on Coconala,
    contact Coconala's support if it is stuck, and drafted "could you review it and complete the order?":
    there is no order to complete and nothing for support to release. They now ask for the purchase."""
    lines = [
        say("u", '/gig add "Flyer" client:Suzuki amount:8000 stage:contracted', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 3, 10)),
    ]
    settings = setting("u", lang=code, platform="coconala")
    out = to(await simulate_records([settings, *lines, end(at(2, 5, year=2027))]), "u")
    steps = {r["step"]: r["text"] for r in out if r["step"] in ("payment_due_soon", "payment_deadline")}
    assert set(steps) == {"payment_due_soon", "payment_deadline"}, steps
    complete = {"en": "complete the order", "ja": "お取引の完了"}[code]
    purchase = {"en": "purchase", "ja": "ご購入"}[code]
    support = {"en": "support", "ja": "運営"}[code]
    for text in steps.values():
        assert complete not in text, text
        assert purchase in draft_of(text), text
        assert support not in text, text
        assert {"en": "private", "ja": "個人"}[code] in text, text  # the Act may not bind the buyer


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["coconala", "upwork"])
async def test_help_speaks_of_the_users_own_platform(code: str, platform: str) -> None:
    """A user whose platform is Coconala or Upwork asked `/gig help`: it said `/gig funded 1` means "the
    client funded the escrow" (クライアントが仮払いしました) and `/gig delivered 1` starts the acceptance
    (検収) reminders. A Coconala buyer purchases the order and approves the formal delivery (or Coconala
    does after 72 hours); an Upwork client funds a milestone and approves the submitted work (or Upwork
    releases it after 14 days). The overview, `help all` and `help funded` now say so, and the commands
    it shows work as written."""
    lines = [
        say("u", "/gig help", at(12, 1, 10)),
        say("u", "/gig help all", at(12, 1, 10, 1)),
        say("u", "/gig help funded", at(12, 1, 10, 2)),
        say("u", "/gig help accepted", at(12, 1, 10, 3)),
    ]
    settings = setting("u", lang=code, platform=platform)
    out = to(await simulate_records([settings, *lines, end(at(12, 1, 11))]), "u")
    texts = {r["at"]: r["text"] for r in out if r["at"] >= at(12, 1, 10)}
    assert len(texts) == 4, texts
    said = "\n".join(texts.values())
    own = {
        ("coconala", "en"): "purchased",
        ("coconala", "ja"): "購入",
        ("upwork", "en"): "funded the milestone",
        ("upwork", "ja"): "マイルストーンに入金",
    }[platform, code]
    approve = {"en": "approve", "ja": "承"}[code]
    for when in (at(12, 1, 10), at(12, 1, 10, 2)):
        assert own in texts[when], texts[when]
    assert approve in texts[at(12, 1, 10, 3)], texts[at(12, 1, 10, 3)]
    for wrong in {"en": ("funded the escrow", "acceptance reminders"), "ja": ("仮払い", "検収")}[code]:
        assert wrong not in said, said
    # the example of the overview registers a gig as it is written
    example = next(line for line in texts[at(12, 1, 10)].splitlines() if line.startswith("`/gig add"))
    command = example.split("`")[1]
    added = to(await simulate_records([settings, say("u", command, at(12, 1, 10)), end(at(12, 1, 11))]), "u")
    assert [r["kind"] for r in added if r["gig"] == "1"][:1] == ["reply"], added


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_milestone_submitted_before_its_funding_is_said_to_be_submitted(code: str) -> None:
    """Upwork, fixed price, the work submitted before the milestone was funded: the stage read
    "submitted" and the warning "you submitted #1 before the milestone was funded", but the reply before
    them said "Delivered on Tue 1 Dec" (12月1日（火）に納品しました), the word of the other marketplaces.
    Upwork's freelancer submits the work, as the funded milestone's reply already said."""
    lines = [
        say("u", '/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1, 10)),
        say("u", "/gig delivered 1", at(12, 2, 10)),
        say("u", '/gig add "FAQ" client:Acme amount:500 stage:contracted', at(12, 2, 11)),
        say("u", "/gig delivered 2 since:2026-10-01", at(12, 2, 11, 1)),
    ]
    settings = setting("u", lang=code, platform="upwork")
    out = to(await simulate_records([settings, *lines, end(at(12, 2, 12))]), "u")
    for when in (at(12, 2, 10), at(12, 2, 11, 1)):
        said = "\n".join(r["text"] for r in out if r["at"] == when and r["kind"] == "reply")
        assert {"en": "Submitted on", "ja": "に提出しました"}[code] in said, said
        assert {"en": "Delivered on", "ja": "に納品しました"}[code] not in said, said
