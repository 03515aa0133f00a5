"""Trust audit: the reason a worker gives CrowdWorks for its contact-prompt request, while the escrow is not
funded yet. It said "I cannot continue the work": the worker has not started (the advice above it says not
to start before the funding), and telling the platform otherwise reads as work begun before the escrow."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, say, simulate

DRAFT = {"en": "Draft to send:", "ja": "そのまま使える文面"}
UNTRUE = {"en": "continue the work", "ja": "作業を進める"}
TRUE = {"en": "cannot start the work", "ja": "作業を始められません"}


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("stage", ["contracted", "funded"])
async def test_the_contact_prompt_reason_says_the_work_has_not_started_before_the_funding(
    code: str, stage: str
) -> None:
    add = f'/gig add "LP" client:Tanaka amount:50000 platform:crowdworks stage:{stage}'
    lines = [say("u", add, at(12, 1)), say("u", "/gig sent 1", at(12, 1, 10, 1))]
    out = await simulate(code, lines, at(12, 5))
    [prompt] = [r for r in out if r["step"] == "platform_nudge"]
    draft = str(prompt["text"]).split(DRAFT[code], 1)[1]
    if stage == "contracted":
        assert UNTRUE[code] not in draft, draft
        assert TRUE[code] in draft, draft
    else:  # funded: the work is under way, and the reason may say it cannot go on
        assert TRUE[code] not in draft, draft
