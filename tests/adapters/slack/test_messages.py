"""Text typed to the app in its Messages tab runs as a command and is answered there; the message
shortcut "Check for scam signs" runs `check` on a message where it is and answers privately."""

from __future__ import annotations

import uuid
from typing import Any

from bot.i18n.catalog import catalog
from tests.adapters.slack.conftest import OWNER, Slack, shown
from tests.adapters.slack.fake_slack import BOT_USER, TEAM
from tests.adapters.slack.test_buttons import gig_of

EN, JA = catalog("en"), catalog("ja")


def dm_message(text: str, *, user: str = OWNER, channel: str = "D0001", **event: Any) -> dict[str, Any]:
    """The `message.im` event Slack sends when someone writes to the app in its Messages tab."""
    return {
        "token": "legacy-verification-token-unused",
        "team_id": TEAM,
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": f"Ev{uuid.uuid4().hex[:10]}",
        "event_time": 1700000100,
        "event": {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": "1700000100.000100",
            "event_ts": "1700000100.000100",
            "channel_type": "im",
            **event,
        },
    }


def shortcut(slack: Slack, text: str, *, user: str = OWNER, channel: str = "C0001") -> dict[str, Any]:
    """The `message_action` payload of the message shortcut, used on someone's message in a channel."""
    return {
        "type": "message_action",
        "callback_id": "gigwatch_check",
        "trigger_id": uuid.uuid4().hex,
        "action_ts": "1700000200.000200",
        "message_ts": "1700000150.000150",
        "response_url": slack.fake.response_url(uuid.uuid4().hex),
        "team": {"id": TEAM, "domain": "freelancers"},
        "channel": {"id": channel, "name": "general"},
        "user": {"id": user, "name": user.lower(), "team_id": TEAM},
        "message": {"type": "message", "user": "U0777", "ts": "1700000150.000150", "text": text},
    }


async def test_text_typed_in_the_messages_tab_runs_and_is_answered_there(slack: Slack) -> None:
    await slack.event(dm_message("help"))
    (answer,) = slack.fake.of("chat.postMessage")
    assert answer["channel"] == "D0001"
    assert shown(answer).startswith(EN["help.intro"])

    await slack.event(dm_message('add "LP design" client:ACME url:<https://x.test/a?b=1&amp;c=2|x.test/a>'))
    gig, _ = await gig_of(slack, OWNER)
    assert (gig.title, gig.client, gig.url) == ("LP design", "ACME", "https://x.test/a?b=1&c=2")
    added = slack.fake.of("chat.postMessage")[1]
    assert added["channel"] == "D0001"
    assert "Added #1" in shown(added)
    assert not slack.fake.of("response_url"), "answered as messages in the DM, not ephemerally"


async def test_the_apps_own_messages_and_edits_are_not_commands(slack: Slack) -> None:
    await slack.event(dm_message("list", user=BOT_USER, bot_id="B0001"))
    await slack.event(dm_message("list", subtype="message_changed"))
    await slack.event(dm_message("list", channel="C0001", channel_type="channel"))
    assert not slack.fake.of("chat.postMessage")
    assert not slack.fake.of("users.info")


async def test_the_shortcut_checks_the_message_privately(slack: Slack) -> None:
    scam = "Let's move to LINE. Please pay the *registration fee* first <@U0002>"
    await slack.interact(shortcut(slack, scam))
    (answer,) = slack.fake.of("response_url")
    assert answer["response_type"] == "ephemeral"
    text = shown(answer)
    assert text.startswith(":warning: " + EN["check.found"].format(count=2))
    assert "“Please pay the *registration fee*”" in text, text  # markup from the message shown as typed
    assert not slack.fake.of("chat.postMessage"), "nothing posted in the channel"


async def test_the_shortcut_answers_in_the_users_language_and_refuses_an_empty_message(slack: Slack) -> None:
    slack.fake.locales[OWNER] = "ja-JP"
    await slack.interact(shortcut(slack, "LINEで連絡ください。"))
    await slack.interact(shortcut(slack, ""))
    checked, refused = slack.fake.of("response_url")
    assert shown(checked).startswith(":warning: " + JA["check.found"].format(count=1))
    assert shown(refused) == ":x: " + JA["slack.no_text"]


async def test_the_shortcut_quotes_mentions_as_names_and_pings_nobody(slack: Slack) -> None:
    """A checked message reaches the shortcut with Slack's markup for mentions (`<@U0002>`,
    `<#C0009|jobs>`, `<!here>`, a group): the quote names them as a reader sees them, as plain text
    (no user, channel or broadcast element), and a literal `<@U0003>` someone typed stays as typed."""
    await slack.interact(shortcut(slack, "<!here> Telegram: <@U0002> or <!subteam^S0001|@hiring>"))
    await slack.interact(shortcut(slack, "In <#C0009|jobs>: Telegram &lt;@U0003&gt;"))
    await slack.interact(shortcut(slack, "Telegram: <@U0004|tanaka> in <#C0009|jobs>"))
    answers = slack.fake.of("response_url")
    texts = [shown(answer) for answer in answers]
    assert "“@here Telegram: @person-u0002 or @hiring”" in texts[0]
    assert "“In #jobs: Telegram <@U0003>”" in texts[1]  # typed, not a mention
    assert "“Telegram: @tanaka in #jobs”" in texts[2]
    for answer in answers:
        kinds = {
            element["type"]
            for block in answer["blocks"]
            if block["type"] == "rich_text"
            for section in block["elements"]
            for element in section.get("elements", ())
        }
        assert kinds <= {"text", "emoji"}, kinds  # no user, channel, usergroup or broadcast element


async def test_the_shortcut_quotes_a_link_as_its_reader_saw_it(slack: Slack) -> None:
    """Slack sends a link in a message as `<https://…|label>` (or `<https://…>`, `<mailto:…|…>`): the
    quote shows the words and the address as a reader saw them, not Slack's markup."""
    await slack.interact(shortcut(slack, "Details: join <https://t.me/jobs_hr|our Telegram group> now."))
    await slack.interact(shortcut(slack, "Add me: <https://t.me/jobs_hr>"))
    await slack.interact(shortcut(slack, "Email your password to <mailto:hr@acme.example|hr@acme.example>"))
    texts = [shown(answer) for answer in slack.fake.of("response_url")]
    for text in texts:
        assert not any(markup in text for markup in ("<http", "<mailto", "|")), text
    assert "our Telegram group (https://t.me/jobs_hr)" in texts[0]
    assert "https://t.me/jobs_hr" in texts[1]
    assert "hr@acme.example" in texts[2]
    await slack.interact(shortcut(slack, "Telegram: <https://t.me/jobs_hr|t.me/jobs_hr>"))
    assert "“https://t.me/jobs_hr”" in shown(slack.fake.of("response_url")[-1])  # shown as its address
