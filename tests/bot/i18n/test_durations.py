"""A reminder's headline names how long the client has been silent only through the gig's own dates.

The ladder's offsets are the user's to change (`/gig settings nudge:2bd`), snoozes and catch-up move
steps, and a weekend-only week spreads them out: a title saying "three business days" or 「1週間」 would
be wrong for someone. Durations come from placeholders ({since}, {days}, {submitted}...), never from the
words of the catalog."""

from __future__ import annotations

import re

import pytest

from bot.i18n.catalog import LANGS, catalog
from tests.bot.service.test_records import at, end, say
from tests.conftest import simulate_records

DURATION = {
    "en": re.compile(
        r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(business\s+)?(days?|weeks?|hours?)\b",
        re.IGNORECASE,
    ),
    "ja": re.compile(
        r"[0-9０-９一二三四五六七八九十]+(営業日|日間|週間|時間)|[0-9０-９]+日(?![0-9０-９(（])"
    ),
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("lang", LANGS)
def test_no_reminder_title_states_a_duration_in_words(lang: str) -> None:
    titles = {
        key: PLACEHOLDER.sub("", text)
        for key, text in catalog(lang).items()
        if key.startswith("step.") and key.endswith(".title")
    }
    assert titles
    assert {k: t for k, t in titles.items() if DURATION[lang].search(t)} == {}


async def test_a_moved_platform_nudge_names_the_silence_by_its_date() -> None:
    """platform_nudge at 5 business days instead of 3: the text says since when, not "three days"."""
    records = await simulate_records(
        [
            say("ken", "/gig settings platform_nudge:5bd"),
            say("ken", '/gig add "LP" client:ACME stage:contracted'),
            end(at(12, 4)),
        ]
    )
    reminders = [r for r in records if r["to"] == "ken" and r["kind"] == "reminder"]
    nudge = next(r["text"] for r in reminders if r.get("step") == "platform_nudge")
    first_sentence = nudge.split("\n\n")[1].split(". ")[0]
    assert first_sentence == "No reply from ACME since Fri 20 Nov, and the escrow is still not funded"
