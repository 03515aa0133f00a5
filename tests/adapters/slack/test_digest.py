"""The community digest on Slack, end to end: posted in the channel the admin named, its first notice
at once; when the bot cannot post there (not invited, the channel archived), the admin is told at once
in their DM and again in their next command's answer. Reported names reach it literally."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.i18n.catalog import catalog
from tests.adapters.slack.conftest import OWNER, Slack, shown
from tests.adapters.slack.test_security import surfaces

EN, JA = catalog("en"), catalog("ja")
MONDAY_NINE = datetime.fromisoformat("2026-11-23T09:00:00+09:00")
HOSTILE = "*Bold* _it_ ~gone~ `code` :smile: <https://evil.test|click> <!channel>"


async def test_the_digest_is_posted_in_the_named_channel_with_reported_names_shown_literally(
    slack: Slack,
) -> None:
    slack.fake.admins.add(OWNER)
    await slack.command("digest <#C0999|freelancers> weekly")  # as Slack escapes a channel picked in the text
    assert await slack.deliver() == 1
    for member in (OWNER, "U0002"):
        await slack.command(f'report "{HOSTILE}" scam', user=member)
    slack.clock.set(MONDAY_NINE)
    assert await slack.deliver() == 1

    welcome, digest = slack.fake.of("chat.postMessage")
    assert welcome["channel"] == digest["channel"] == "C0999"
    assert digest["blocks"][0]["type"] == "header"
    parsed, elements = surfaces(digest["blocks"])
    assert {e["type"] for e in elements} <= {"text", "emoji"}, "no mention or link element"
    assert [e for e in elements if "*Bold* _it_ ~gone~ `code` :smile:" in e["text"]], "a plain run"
    assert not [e for e in elements if e.get("style") and "Bold" in e["text"]], "with no style of its own"
    assert not [p for p in parsed if "<!" in p or "<http" in p]


@pytest.mark.parametrize(
    ("error", "reason"),
    [("not_in_channel", "delivery_reason.not_member"), ("is_archived", "delivery_reason.channel_gone")],
)
async def test_the_admin_is_told_at_once_and_in_the_next_answer(
    slack: Slack, error: str, reason: str
) -> None:
    slack.fake.admins.add(OWNER)
    slack.fake.locales[OWNER] = "ja-JP"
    await slack.command("digest #freelancers weekly")
    slack.fake.fail("chat.postMessage", 200, {"ok": False, "error": error})

    assert await slack.deliver() == 1, "the notice to the channel fails; the admin's DM goes out"
    refused, told = slack.fake.of("chat.postMessage")
    assert refused["channel"] == "freelancers"
    assert told["channel"] == OWNER
    expected = JA["reply.channel_failed"].format(channel="#freelancers", reason=JA[reason])
    assert shown(told) == ":warning: " + expected

    await slack.command("list")
    _listed, notice = (shown(r) for r in slack.fake.of("response_url")[-2:])
    assert notice == ":warning: " + expected
    await slack.command("list")
    assert ":warning:" not in shown(slack.fake.of("response_url")[-1]), "told once"


async def test_setting_the_digest_again_posts_the_notice_again_only_after_it_was_refused(
    slack: Slack,
) -> None:
    """The refusal tells the admin to invite the bot and run the command again: that run posts the
    notice again (it shows the bot can post now). Once it went through, a further run posts nothing."""
    slack.fake.admins.add(OWNER)
    await slack.command("digest #freelancers weekly")
    slack.fake.fail("chat.postMessage", 200, {"ok": False, "error": "not_in_channel"})
    assert await slack.deliver() == 1, "the notice is refused; the admin's DM goes out"

    await slack.command("digest #freelancers weekly")  # invited now
    assert await slack.deliver() == 1
    await slack.command("digest #freelancers weekly")
    assert await slack.deliver() == 0
    to_channel = [m for m in slack.fake.of("chat.postMessage") if m["channel"] == "freelancers"]
    assert len(to_channel) == 2, "refused once, posted once, never a third time"
    assert shown(slack.fake.of("response_url")[-1]).startswith(
        "#freelancers already gets the community digest"
    )
