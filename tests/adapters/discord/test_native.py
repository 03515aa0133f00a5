"""Discord answers read as Discord writes them, in the user's language: commands and their options in
Discord's own form wherever a text names them, including around what people typed."""

from __future__ import annotations

import re

import pytest

from adapters.discord import DiscordBot
from tests.adapters.discord.harness import slash

TYPED = "*Kite* `Ltd`"
UNESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")


def seen(text: str) -> str:
    """What Discord shows: a backslash before punctuation is hidden."""
    return UNESCAPED.sub(r"\1", text)


@pytest.mark.parametrize(
    ("lang", "form"),
    [
        ("en", "`/gig-client vet client:*Kite* ˋLtdˋ projects:12 "),
        ("ja", "`/案件-クライアント クライアント確認 クライアント:*Kite* ˋLtdˋ 実績件数:12 "),
    ],
)
async def test_a_suggested_command_around_a_typed_name_is_in_discords_form(
    bot: DiscordBot, lang: str, form: str
) -> None:
    """The vet reply suggests the same command again with the client's name: on Discord that is the
    `/gig-client vet client:` form, the name as typed inside it."""
    await slash(bot, "settings", lang=lang)
    (reply,) = await slash(bot, "vet", client=TYPED)
    text = reply.text()
    assert form in text, text
    assert "/gig vet" not in text


@pytest.mark.parametrize(
    ("lang", "option", "slack_form"),
    [("en", "`client:`", None), ("ja", "`クライアント:`", "`client:`")],
)
async def test_an_error_names_the_option_as_discord_shows_it(
    bot: DiscordBot, lang: str, option: str, slack_form: str | None
) -> None:
    await slash(bot, "settings", lang=lang)
    (error,) = await slash(bot, "add", title="LP", client="ACME " * 30)
    assert option in error.text(), error.text()
    if slack_form:
        assert slack_form not in error.text()


@pytest.mark.parametrize(("lang", "option"), [("en", "`since:`"), ("ja", "`いつから:`")])
async def test_help_names_the_option_as_discord_shows_it(bot: DiscordBot, lang: str, option: str) -> None:
    await slash(bot, "settings", lang=lang)
    (help_add,) = await slash(bot, "help", command="add")
    assert option in help_add.text(), help_add.text()
    if lang == "ja":
        assert "`since:`" not in help_add.text()
