"""Right-click a message > Apps > "Check for scam signs": `check` on that message, answered privately,
in the user's language, with the message's own words quoted literally."""

from __future__ import annotations

from adapters.discord import DiscordBot
from bot.i18n.catalog import catalog
from tests.adapters.discord.harness import menu, message_data

EN, JA = catalog("en"), catalog("ja")
SCAM = "Please add me on LINE: **@boss**. Pay the registration fee of 3000 yen first."


async def test_a_message_is_checked_privately_and_its_words_quoted_as_written(bot: DiscordBot) -> None:
    (answer,) = await menu(bot, message_data({"content": SCAM}))
    assert answer.ephemeral
    (card,) = answer.data["embeds"]
    text = card["description"]
    assert text.startswith("⚠️ " + EN["check.found"].format(count=2))
    assert EN["flag.offplatform_contact.name"] in text
    assert "“add me on LINE”" in text
    assert "“registration fee”" in text
    assert answer.data["allowed_mentions"] == {"parse": []}


async def test_the_menu_answers_in_japanese_for_a_japanese_client(bot: DiscordBot) -> None:
    (answer,) = await menu(bot, message_data({"content": "LINEで連絡ください。"}), locale="ja", guild=None)
    assert answer.data["embeds"][0]["description"].startswith("⚠️ " + JA["check.found"].format(count=1))


async def test_a_message_without_text_is_refused_in_the_users_language(bot: DiscordBot) -> None:
    (refused,) = await menu(bot, message_data({"content": ""}), locale="ja")
    assert refused.ephemeral
    assert refused.data["content"] == "❌ " + JA["discord.no_text"]


async def test_a_clean_message_says_so(bot: DiscordBot) -> None:
    (answer,) = await menu(bot, message_data({"content": "Thanks, the escrow is funded. Start when ready."}))
    # the default platform; a message that says the escrow is funded is to be seen on the platform first
    clean = (
        EN["check.clean_funded"].replace("{platform}", "CrowdWorks").replace("{claim}", EN["claim.escrow"])
    )
    assert answer.data["content"] == clean.replace("`/gig vet`", "`/gig-client vet`")


async def test_mentions_in_the_checked_message_are_quoted_as_names(bot: DiscordBot) -> None:
    """The menu's message comes with its mentions resolved: `<@…>` and `<@&…>` are quoted as the names
    Discord shows, an unknown channel as a neutral #channel (never "deleted"), and nobody is pinged."""
    person = {"id": "222222222222222222", "username": "tanaka", "discriminator": "0", "avatar": None}
    content = "Telegram: <@222222222222222222> or <@&333333333333333333> in <#444444444444444444>"
    data = message_data({"content": content})
    data["mentions"] = [person]
    (answer,) = await menu(bot, data)
    text = answer.data["embeds"][0]["description"]
    assert "“Telegram: @tanaka or @role in #channel”" in text
    assert "<@" not in text
    assert "deleted" not in text
    assert answer.data["allowed_mentions"] == {"parse": []}


async def test_a_link_in_the_checked_message_is_quoted_as_its_reader_saw_it(bot: DiscordBot) -> None:
    """Discord sends a masked link as markdown, `[words](https://…)` (`(<https://…>)` without its preview):
    the quote shows the words and the address as a reader saw them, not the markup, in either language
    (with a space before the words that follow, which Discord would otherwise link with the address)."""
    contents = [
        "Details: join [our Telegram group](https://t.me/jobs_hr) now.",
        "Details: join [our Telegram group](<https://t.me/jobs_hr>) now.",
        "詳しくは[こちらのグループ](https://t.me/jobs_hr)に参加してください。",
        "Telegram: [t.me/jobs_hr](https://t.me/jobs_hr)",  # shown as its address
        "Add me: <https://t.me/jobs_hr>",
    ]
    texts = []
    for content in contents:
        (answer,) = await menu(bot, message_data({"content": content}))
        texts.append(answer.data["embeds"][0]["description"])
    for text in texts:
        assert not any(markup in text for markup in ("](", "\\[", "\\<", "\\>")), text
    assert "“Details: join our Telegram group (https://t.me/jobs_hr) now”" in texts[0]
    assert "“Details: join our Telegram group (https://t.me/jobs_hr) now”" in texts[1]
    assert "こちらのグループ (https://t.me/jobs_hr) に参加してください" in texts[2]
    assert "“https://t.me/jobs_hr”" in texts[3]
    assert "“https://t.me/jobs_hr”" in texts[4]
    # a bot's message, its text in an embed
    embed = {"type": "rich", "description": contents[0]}
    (answer,) = await menu(bot, message_data({"content": "", "embeds": [embed]}))
    assert "our Telegram group (https://t.me/jobs_hr) now" in answer.data["embeds"][0]["description"]
