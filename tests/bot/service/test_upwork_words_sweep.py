"""Upwork's freelancer submits the work (提出), its client approves it (承認) and the money waits in a funded
milestone: no text said about an Upwork gig names the handing over as a delivery ("deliver", 納品), the
client's approval as an inspection or acceptance (検収, "inspect"), or the milestone as an escrow: the
Japanese marketplaces' words. One sweep, in both languages, over what an Upwork user reads: a story through
the simulator, every wording the advice data can say in every Upwork situation, and every catalog text of
Upwork's own. A new Upwork text that says one of those words fails it. The command `/gig delivered` and
the option `inspect_by:` keep their names.

The story keeps every case of the two sweeps it replaces (trust audits 23, in Japanese, and 24, in
English): the warning signs of a free sample before the contract and on a contract not yet funded or
settled, the clean check of a funding claim, the warning after a submission before the funding (and its
Freelance Act count), the reminder to answer a refund request (and its draft) and the request's line in
`/gig show`, and the warning before ending an hourly contract whose work is finished (an hourly contract is
billed by the hour, never delivered)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.domain.advice import advice
from bot.domain.facts import Situation
from bot.i18n.catalog import LANGS, catalog, word_lists
from bot.ports import UserRecord
from tests.bot.domain.test_advice import ALL, SINCE, TEXT_PARTS, rendered, rendering_params, said
from tests.bot.service.stories import at, end, say, setting, to
from tests.bot.situations import gig_in, situation_id
from tests.conftest import simulate_records

# Both words in every language: an English draft reaches a user who reads Japanese (Upwork's drafts are in
# English unless the gig says otherwise).
WRONG = (re.compile(r"\bdeliver|\binspect|\bescrow", re.IGNORECASE), re.compile("納品|検収"))
COMMAND = re.compile(r"`/gig delivered[^`]*`|/gig delivered\S*|inspect_by:")  # their names stay
# Upwork's own phrase for where a funded milestone's money waits ("the funds held in escrow"): true there,
# unlike an escrow that is funded, released or asked back, which on Upwork is the milestone.
IN_ESCROW = re.compile(r"\b(?:funds|held) in escrow\b")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # filled with words the other sweeps check
SUBMITTED = {"en": "submi", "ja": "提出"}
SAMPLE = {
    "en": "Please make a free sample before the contract and send it.",
    "ja": "契約前に無料でサンプルを作って送ってください。",
}
FUNDED = {
    "en": "The milestone is funded, please start the work.",
    "ja": "マイルストーンに入金しました。作業を始めてください。",
}
UPWORK = [s for s in ALL if s.platform == "upwork"]


def wrong_lines(text: str) -> list[str]:
    """The lines of `text` that use a Japanese marketplace's word, outside the command's name and Upwork's
    own "in escrow"."""
    lines = IN_ESCROW.sub("", COMMAND.sub("", text)).splitlines()
    return [line for line in lines if any(w.search(line) for w in WRONG)]


def story(code: str) -> list[dict[str, Any]]:
    sample, funded = SAMPLE[code], FUNDED[code]
    lines = [
        ('/gig add "LP" client:Acme amount:500 stage:contracted', at(12, 1, 10)),
        (f"/gig check {sample}", at(12, 1, 10, 1)),
        (f"/gig check gig:1 {sample}", at(12, 1, 10, 2)),
        ('/gig add "Doc" client:Beta amount:300 stage:funded', at(12, 1, 10, 3)),
        ("/gig delivered 2", at(12, 1, 10, 4)),
        ("/gig incoming 2 refund", at(12, 1, 10, 5)),
        ('/gig add "API" client:Gamma rate:40 stage:contracted', at(12, 1, 10, 6)),
        ("/gig log 3 5", at(12, 1, 10, 7)),
        ("/gig delivered 3", at(12, 1, 10, 8)),
        ("/gig terminate 3", at(12, 1, 10, 9)),
        (f'/gig check "{funded}"', at(12, 1, 10, 10)),
        ('/gig add "Logo" client:Delta amount:300 stage:funded', at(12, 1, 10, 11)),
        ("/gig delivered 4", at(12, 1, 10, 12)),
        ("/gig accepted 4", at(12, 1, 10, 13)),
        (f"/gig check gig:4 {sample}", at(12, 1, 10, 14)),
        ('/gig add "Web" client:Eps amount:300 stage:contracted', at(12, 1, 10, 15)),
        ("/gig delivered 5", at(12, 1, 10, 16)),
        ('/gig add "Spec" client:Zeta amount:300 stage:funded', at(12, 1, 10, 17)),
        ("/gig incoming 6 refund", at(12, 1, 10, 18)),
        ("/gig show 6", at(12, 1, 10, 19)),
        # the Freelance Act's day, counted from the submission, and the time of `delivered` refused
        (f'/gig add "Copy" client:Eta amount:300 stage:funded lang:{code}', at(12, 1, 10, 20)),
        ("/gig terms 7 pay_by:none", at(12, 1, 10, 21)),
        ("/gig terms 7", at(12, 1, 10, 22)),
        ("/gig delivered 7 since:zzz", at(12, 1, 10, 23)),
        ("/gig report Eps unpaid gig:5", at(12, 1, 10, 24)),
        ("/gig terms 7 deliver_by:12/20 inspect_by:12/10", at(12, 1, 10, 25)),  # refused: named as approval
        ("/gig delivered 5", at(12, 3, 10)),  # submitted again: the revision the payment drafts name
        ("/gig show 5", at(12, 3, 10, 1)),
        ("/gig money", at(12, 3, 10, 2)),
        ("/gig list", at(12, 3, 10, 3)),
    ]
    return [say("u", text, when) for text, when in lines]


@pytest.mark.parametrize("code", LANGS)
async def test_upwork_story_never_says_the_work_was_delivered(code: str) -> None:
    """Replies, warnings, errors and reminders with their drafts, until after the Act's day has passed."""
    out = await simulate_records(
        [setting("u", lang=code, platform="upwork"), *story(code), end(at(2, 5, year=2027))]
    )
    said_to_user = [str(r["text"]) for r in to(out, "u")]
    flagged = [r.get("flags") or [] for r in to(out, "u", "warning")]
    assert sum("work_before_escrow" in flags for flags in flagged) == 3, flagged
    steps = {r["step"] for r in to(out, "u")}
    expected = {"respond_deadline", "termination_after_delivery", "unfunded_work", "acceptance_nudge"}
    assert expected | {"payment_due_soon", "payment_deadline"} <= steps, steps
    wrong = [line for text in said_to_user for line in wrong_lines(text)]
    assert wrong == [], wrong
    assert sum(SUBMITTED[code] in text for text in said_to_user) >= 8, said_to_user


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("situation", UPWORK, ids=situation_id)
def test_no_upwork_wording_says_the_work_was_delivered(code: str, situation: Situation) -> None:
    """Every wording the advice data can say in an Upwork situation, as the user reads it."""
    gig = gig_in(situation, SINCE)
    params = rendering_params(UserRecord(1, "test", "u1", lang=code), gig)
    problems = [
        f"{slot}.{advice().choose(slot, facts).key or '(generic)'}: {line}"
        for slot, facts in said(situation)
        for text in rendered(code, slot, facts, params, TEXT_PARTS)
        for line in wrong_lines(text)
    ]
    assert sorted(set(problems)) == []


def _upworks_own(key: str) -> bool:
    """A key of Upwork's own words: an `upwork` part (`help.upwork.funded`) or variant (`upwork_funded`)."""
    return any(part == "upwork" or part.startswith("upwork_") for part in key.split("."))


@pytest.mark.parametrize("code", LANGS)
def test_no_upwork_catalog_text_says_the_work_was_delivered(code: str) -> None:
    """Every text and word list of Upwork's own, with its placeholders left out (their words are checked
    where they are filled)."""
    texts = [(k, v) for k, v in catalog(code).items() if _upworks_own(k)]
    texts += [(k, word) for k, words in word_lists(code).items() if _upworks_own(k) for word in words]
    assert len(texts) > 100, len(texts)
    wrong = [f"{key}: {line}" for key, text in texts for line in wrong_lines(PLACEHOLDER.sub("", text))]
    assert wrong == []
