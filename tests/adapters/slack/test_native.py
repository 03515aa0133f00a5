"""Slack messages read whole where Block Kit limits them (a reminder's header keeps its sentence), and
what people type in the Messages tab is kept as they wrote it."""

from __future__ import annotations

import pytest

from tests.adapters.slack.conftest import OWNER, Slack, shown
from tests.adapters.slack.test_buttons import gig_of
from tests.adapters.slack.test_messages import dm_message

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


@pytest.mark.parametrize(
    ("lang", "added"),
    [("en", 'Added #1 "{title}" for ACME'), ("ja", "#1「{title}」（ACME様）")],
)
async def test_mentions_typed_in_the_messages_tab_are_kept_as_the_person_wrote_them(
    slack: Slack, lang: str, added: str
) -> None:
    """Slack turns `@here` and `@someone` typed in the Messages tab into its markup (`<!here>`,
    `<@U0002>`): a title keeps them as the person wrote them, not as markup that would show in every
    reply and be pasted into the drafts to the client. A channel stays Slack's: it names the channel
    a command is about."""
    slack.fake.admins.add(OWNER)
    await slack.event(dm_message(f"settings lang:{lang}"))
    await slack.event(dm_message('add "Call <!here> with <@U0002> and <!subteam^S0001|@hiring>" client:ACME'))
    title = "Call @here with @person-u0002 and @hiring"
    reply = shown(slack.fake.of("chat.postMessage")[-1])
    assert added.format(title=title) in reply, reply
    gig, _ = await gig_of(slack, OWNER)
    assert gig.title == title
    await slack.event(dm_message("digest <#C0999|freelancers> weekly"))
    assert await slack.deliver() == 1
    assert slack.fake.of("chat.postMessage")[-1]["channel"] == "C0999", "the digest's notice, in the channel"
