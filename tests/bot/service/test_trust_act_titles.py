"""Trust audit: the title of a payment reminder is the first thing read, and it must not claim more than its
body. Where the Freelance Act may not bind the client (an Upwork client abroad, a Coconala buyer who may be
a private individual), the title names the Act's day only as binding if the Act applies."""

from __future__ import annotations

import pytest

from tests.bot.service.stories import LANGS, at, say, simulate

# A claim that the Act's day binds, as a title says it; and the condition a title must carry instead.
ASSERTED = {
    "en": ("payment due by", "the legal payment day has passed"),
    "ja": ("支払期日は", "法律上の支払期日"),
}
HEDGED = {"en": "if it binds the", "ja": "に適用される場合"}


def _titles(records: list[dict[str, object]]) -> dict[str, str]:
    return {
        str(r["step"]): str(r["text"]).splitlines()[0]
        for r in records
        if r["kind"] == "reminder" and str(r["step"]).startswith("payment_")
    }


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize(
    ("platform", "moves"),
    [
        # an Upwork client approved work whose milestone was never funded, and paid part of it
        ("upwork", ["/gig accepted 1", "/gig paid 1 amount:100"]),
        # a Coconala buyer was handed the work before purchasing it
        ("coconala", ["/gig delivered 1"]),
    ],
)
async def test_payment_titles_claim_the_acts_day_only_if_it_binds(
    code: str, platform: str, moves: list[str]
) -> None:
    add = f'/gig add "Video" client:Bob amount:400 platform:{platform} stage:contracted'
    lines = [say("u", add, at(12, 1))]
    lines += [say("u", move, at(12, 1, 10, 1 + n)) for n, move in enumerate(moves)]
    titles = _titles(await simulate(code, lines, at(2, 10, year=2027)))
    assert set(titles) == {"payment_due_soon", "payment_deadline"}, titles
    for title in titles.values():
        assert not any(claim in title for claim in ASSERTED[code]), title
        assert HEDGED[code] in title, title
