"""Slack messages read whole where Block Kit limits them: a reminder's header keeps its sentence."""

from __future__ import annotations

import pytest

from tests.adapters.slack.conftest import OWNER, Slack

LONG_TITLES = {"en": "LP & banners <all sizes> " * 8, "ja": "「LP」とバナー制作 <全サイズ> & 一式 " * 8}
TITLE_ENDS = {
    "en": ": 8 days without a reply, what to do now",
    "ja": "：8日間返信がありません。今やるべきこと",
}
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


def decoded(text: str) -> str:
    for entity, char in ENTITIES.items():
        text = text.replace(entity, char)
    return text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_reminder_for_a_long_title_keeps_its_sentence_whole(slack: Slack, lang: str) -> None:
    """A header holds 150 characters: a long typed title is shortened (with an ellipsis) rather than
    the sentence around it, which says what happened and that this is what to do now."""
    title = LONG_TITLES[lang].strip()[:200]
    await slack.command(f"settings lang:{lang}")
    await slack.command(f'add "{title}" client:ACME stage:contracted since:8d')
    assert await slack.deliver() == 1
    (reminder,) = [m for m in slack.fake.messages() if m["channel"] == OWNER]
    header = reminder["blocks"][0]
    assert header["type"] == "header"
    text = header["text"]["text"]
    assert len(text) <= 150
    assert decoded(text).endswith(TITLE_ENDS[lang]), text
    assert decoded(text).startswith("#1" + ("「" if lang == "ja" else " ") + title[:40]), text
    assert "…" in text
