"""`/gig check gig:ID`: each flag's own advice read against the gig's stage. A flag's advice was written for
a message before any deal (an application, a contract still to be made); on a gig already under contract
it must not send the reader to skip applying, or wait for a contract that exists. Every flag is checked on
every platform and stage, in both languages, through the simulator."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.bot.service.stories import LANGS, end, setting
from tests.conftest import simulate_records

PLATFORMS = ("crowdworks", "lancers", "coconala", "upwork", "direct")
# One message a flag, that raises it (and only it) in each language.
FLAGS: dict[str, dict[str, str]] = {
    "offplatform_contact": {
        "en": "Let's move to Telegram for faster communication, my handle is @rob_k.",
        "ja": "今後の連絡はLINEでお願いできますか？IDはabc123です。",
    },
    "personal_info": {
        "en": "Before we continue, please send a photo of your ID card and your home address.",
        "ja": "お手続きのため、身分証の画像とご住所をお送りください。",
    },
    "purchase_request": {
        "en": "To start, you need to buy our 15,000 yen starter kit, which we'll refund later.",
        "ja": "作業を始める前に、専用ソフト（15,000円）をご購入ください。",
    },
    "work_before_escrow": {
        "en": "Write 2 sample articles for free; if they are good we hire you long term.",
        "ja": "無料トライアルで1本訳してください。",
    },
    "too_good_to_be_true": {
        "en": "Beginners welcome, $1,000 for each 300-word article.",
        "ja": "初心者歓迎！簡単作業で1記事5万円お支払いします。",
    },
    "info_product": {
        "en": "Please join our online school first; the course teaches you how we work.",
        "ja": "まずは弊社のオンラインスクールに入会して、講座を受けていただきます。",
    },
    "mass_recruiting": {
        "en": "Urgent: 60 data entry workers needed, apply today.",
        "ja": "募集人数：無制限",
    },
    "offplatform_payment": {
        "en": "Skip the fee, I will pay you directly by PayPal.",
        "ja": "手数料がもったいないので、次からは直接お振込みで取引しませんか。",
    },
    "vague_job": {
        "en": "What you'll be doing is confidential for now.",
        "ja": "お仕事の内容は契約後にお伝えします。",
    },
}
# The stages a gig is checked at: how it is added, and the moves after that.
STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "negotiating": ("negotiating", ()),
    "contracted": ("contracted", ()),
    "handed_over": ("contracted", ("delivered",)),  # delivered before any funding
    "funded": ("funded", ()),
    "delivered": ("funded", ("delivered",)),
    "ended": ("funded", ("terminate", "confirm")),
    "paid": ("funded", ("delivered", "paid")),
}
UNDER_CONTRACT = ("contracted", "handed_over", "funded", "delivered")

_cache: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = {}


def _at(n: int) -> str:
    return f"2026-12-01T{9 + n // 60:02d}:{n % 60:02d}:00+09:00"


async def checks(code: str, platform: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The reply to each flag's message checked against a gig at each stage: (flag, stage) -> record."""
    if (code, platform) in _cache:
        return _cache[code, platform]
    lines: list[dict[str, Any]] = [setting("u", _at(0), lang=code, platform=platform)]
    n = 1
    for number, (stage, moves) in enumerate(STAGES.values(), start=1):
        add = f'/gig add "LP" client:ACME platform:{platform} stage:{stage} amount:50000'
        lines.append({"at": _at(n), "user": "u", "text": add})
        n += 1
        for move in moves:
            if move == "confirm":
                continue
            extra = " confirm" if "confirm" in moves else ""
            lines.append({"at": _at(n), "user": "u", "text": f"/gig {move} {number}{extra}"})
            n += 1
    asked: dict[str, tuple[str, str]] = {}
    for number, stage in enumerate(STAGES, start=1):
        for flag, texts in FLAGS.items():
            asked[_at(n)] = (flag, stage)
            lines.append({"at": _at(n), "user": "u", "text": f"/gig check gig:{number} {texts[code]}"})
            n += 1
    records = await simulate_records([*lines, end(_at(n + 5))])
    got = {asked[r["at"]]: r for r in records if r["at"] in asked and r["kind"] in ("reply", "warning")}
    assert len(got) == len(asked)
    _cache[code, platform] = got
    return got


def advice_of(record: dict[str, Any], lang: str) -> list[str]:
    """What each flag in the reply says to do."""
    label = {"en": "What to do: ", "ja": "対処法："}[lang]
    return re.findall(rf"^{label}(.*)$", record["text"], re.M)


def names_of(record: dict[str, Any]) -> list[str]:
    return re.findall(r"^\d+\. (.*)$", record["text"], re.M)


# Advice that holds only before any deal: skip applying (or proposing), wait for a contract to be made.
BEFORE_A_DEAL = {
    "en": (
        "Decline and move on",
        "before you apply",
        "until the contract is made",
        "until the contract starts",
    ),
    "ja": (
        "応募は見送り",
        "提案は見送り",
        "このお話はお断り",
        "契約して仮払いが済むまで",
        "契約が始まるまで",
    ),
}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_no_flag_on_a_gig_under_contract_gives_advice_for_before_the_deal(
    code: str, platform: str
) -> None:
    """Every flag, on every stage of a gig under contract: 'Decline and move on' (「応募は見送りましょう」)
    for a course pushed on a funded gig, 'until the contract is made and the escrow funded' for free work
    or a move to LINE on a contracted one. The advice is for the gig as it stands."""
    got = await checks(code, platform)
    problems = []
    for (flag, stage), record in got.items():
        if stage not in UNDER_CONTRACT:
            continue
        for advice in advice_of(record, code):
            problems += [f"{flag} at {stage}: {w!r}" for w in BEFORE_A_DEAL[code] if w in advice]
    assert problems == []


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_course_pushed_on_a_gig_under_contract_is_declined_not_the_gig(
    code: str, platform: str
) -> None:
    """A course or school pushed on a gig under contract: decline the course, not the work agreed; before a
    deal, or once it is over, the job itself is still not worth applying for."""
    got = await checks(code, platform)
    course = {"en": "Decline the course", "ja": "講座やスクールへの参加はお断り"}[code]
    for stage in UNDER_CONTRACT:
        (advice,) = advice_of(got["info_product", stage], code)
        assert course in advice, (stage, advice)
    for stage in ("negotiating", "ended"):
        (advice,) = advice_of(got["info_product", stage], code)
        assert course not in advice, (stage, advice)


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers", "upwork"])
async def test_free_work_on_a_contracted_gig_waits_for_the_funding_not_the_contract(
    code: str, platform: str
) -> None:
    """Free work asked on a gig contracted but not funded said 'until the contract is made and the escrow
    funded' (Upwork: 'before the contract starts'): the contract exists; what is missing is the funding."""
    got = await checks(code, platform)
    funding = {
        ("en", "upwork"): "until the client funds its milestone",
        ("ja", "upwork"): "でマイルストーンに入金されるまで",
        ("en", ""): "until the escrow is funded",
        ("ja", ""): "仮払いが済むまで",
    }
    want = funding.get((code, platform)) or funding[code, ""]
    for stage in ("contracted", "handed_over"):
        record = got["work_before_escrow", stage]
        (advice,) = advice_of(record, code)
        assert want in advice, (stage, advice)
        assert {"en": "until the contract is made", "ja": "契約して"}[code] not in advice, advice
        assert {"en": "before the contract", "ja": "契約が始まる"}[code] not in names_of(record)[0] + advice


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("platform", ["crowdworks", "lancers"])
async def test_a_move_off_a_contracted_gig_waits_for_the_funding_not_the_contract(
    code: str, platform: str
) -> None:
    """A move to LINE on a gig contracted but not funded said 'until the contract is made and the escrow
    funded': the contract is made; the move waits for the funding."""
    got = await checks(code, platform)
    for stage in ("contracted", "handed_over"):
        (advice,) = advice_of(got["offplatform_contact", stage], code)
        assert {"en": "until the escrow is funded", "ja": "仮払いが済むまで"}[code] in advice, advice


@pytest.mark.parametrize("code", LANGS)
async def test_an_upwork_contract_that_started_allows_contact_details(code: str) -> None:
    """Upwork's terms tie contact details to the contract's start: on a contracted Upwork gig whose
    milestone is not funded yet, a move to Telegram was a warning sign ('until the contract starts') and
    the line below said to keep talking on Upwork until funded, in Japanese calling the milestone 仮払い.
    Once the contract has started the move is no sign by itself; what waits for the funding is the work."""
    got = await checks(code, "upwork")
    for stage in ("contracted", "handed_over"):
        record = got["offplatform_contact", stage]
        assert record["flags"] == [], record["text"]
        text = record["text"]
        assert {"en": "milestone", "ja": "マイルストーン"}[code] in text, text
        assert {"en": "chat tool", "ja": "チャットツール"}[code] in text, text
        until = {"en": "keep talking on Upwork until", "ja": "やり取りもUpwork上で続け"}[code]
        assert until not in text, text
    # Before the contract starts, the move is still the sign.
    assert got["offplatform_contact", "negotiating"]["flags"] == ["offplatform_contact"]
    # In Japanese an Upwork milestone is funded (入金), not 仮払い: no check on an Upwork gig says 仮払い.
    if code == "ja":
        wrong = [f"{f} at {s}" for (f, s), r in got.items() if "仮払い" in r["text"]]
        assert wrong == []


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("moves", [(), ("delivered",)])
async def test_a_funding_claim_on_an_unfunded_upwork_contract_hears_the_record(
    code: str, moves: tuple[str, ...]
) -> None:
    """'I have funded the escrow. Let's move to LINE' on an Upwork contract recorded as unfunded: the move
    is allowed once the contract starts, and the line below says, from the gig's record, that the milestone
    is not funded yet, so no work is done on the message's word."""
    claim = {
        "en": "I have funded the escrow. Let's move to LINE from here, my ID is abc123.",
        "ja": "仮払いが完了しました。今後はLINEでやり取りしましょう。IDはabc123です。",
    }[code]
    lines: list[dict[str, Any]] = [
        setting("u", _at(0), lang=code, platform="upwork"),
        {"at": _at(1), "user": "u", "text": '/gig add "LP" client:ACME stage:contracted amount:500'},
        *({"at": _at(2), "user": "u", "text": f"/gig {move} 1"} for move in moves),
        {"at": _at(3), "user": "u", "text": f"/gig check gig:1 {claim}"},
    ]
    records = await simulate_records([*lines, end(_at(5))])
    (reply,) = [r for r in records if r["at"] == _at(3) and r["kind"] in ("reply", "warning")]
    unfunded = {"en": "before its milestone was funded", "ja": "マイルストーンへの入金前"}
    if not moves:
        unfunded = {"en": "milestone is not funded yet", "ja": "マイルストーンにはまだ入金されていません"}
    assert unfunded[code] in reply["text"], reply["text"]
