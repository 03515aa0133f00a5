"""`/gig-client check` with its `gig` option: registered and offered as every gig option is, and the gig's
platform and facts reaching the check with the text; the message menu, which knows no gig, keeps the
general advice, whatever the message's own words look like."""

from __future__ import annotations

from typing import Any

from adapters.discord import DiscordBot
from adapters.discord.bot import manifest
from bot.i18n.catalog import catalog
from tests.adapters.discord.harness import (
    command_data,
    dispatch,
    interaction,
    menu,
    message_data,
    recording,
    slash,
)

EN, JA = catalog("en"), catalog("ja")
MOVE_EN = "Let's move to Chatwork for the files."
MOVE_JA = "ファイルのやり取りはChatworkに移りましょう。"
INTEGER = 4


def situation(lang: str, key: str, **params: Any) -> str:
    """A `check.gig` advice line, as the reply says it for the gig."""
    return catalog(lang)[f"check.gig.{key}.text" if key else "check.gig.text"].format(**params)


def option_of(registered: list[dict[str, Any]], sub: str, name: str) -> dict[str, Any]:
    subs = [s for top in registered if top.get("type", 1) == 1 for s in top["options"] if s["name"] == sub]
    (found,) = subs
    return next(o for o in found["options"] if o["name"] == name)


async def test_the_gig_option_is_registered_as_every_other_gig_option() -> None:
    """An integer offered by autocomplete (the user's own gigs by title), bounded as gig ids are, optional
    and after the pasted text, named and described in both languages."""
    registered = await manifest()
    gig, report_gig = option_of(registered, "check", "gig"), option_of(registered, "report", "gig")
    text = option_of(registered, "check", "text")
    assert gig["type"] == INTEGER
    assert gig["autocomplete"] is True
    assert not gig.get("required")
    assert text["required"] is True
    shared = ("type", "autocomplete", "min_value", "max_value", "name_localizations", "required")
    assert {k: gig.get(k) for k in shared} == {k: report_gig.get(k) for k in shared}
    assert gig["description"] == EN["arg.check_gig"]
    assert gig["description_localizations"] == {"ja": JA["arg.check_gig"]}


async def test_autocomplete_offers_the_users_gigs_for_the_check(bot: DiscordBot) -> None:
    await slash(bot, "add", title="LP design", client="ACME", stage="funded")
    await slash(bot, "add", title="Logo", client="Kite")
    data = command_data(bot, "check", focused="gig", text=MOVE_EN, gig="kite")
    with recording() as rec:
        await dispatch(bot, interaction(4, data))
    (answer,) = rec.calls
    assert answer.body["type"] == 8
    assert answer.body["data"]["choices"] == [{"name": "#2 Logo (Kite)", "value": 2}]


async def test_a_funded_gig_hears_no_warning_on_a_move_to_chatwork(bot: DiscordBot) -> None:
    """Both options reach the check: no warning, and the gig's situation line, in either language."""
    await slash(bot, "add", title="LP", client="ACME", stage="funded")
    (en,) = await slash(bot, "check", text=MOVE_EN, gig=1)
    assert en.ephemeral
    funded = situation("en", "funded_move", gig=1, title="LP", client="ACME", platform="CrowdWorks")
    assert en.data["content"] == "\n\n".join([EN["check.clean_gig"], funded])
    await slash(bot, "add", title="ロゴ", client="カイト", stage="funded", locale="ja")
    (ja,) = await slash(bot, "check", text=MOVE_JA, gig=2, locale="ja")
    platform = JA["platform.crowdworks"]
    funded = situation("ja", "funded_move", gig=2, title="ロゴ", client="カイト", platform=platform)
    assert ja.data["content"] == "\n\n".join([JA["check.clean_gig"], funded])


async def test_an_unfunded_gig_keeps_the_warning_and_is_told_the_command_in_discords_form(
    bot: DiscordBot,
) -> None:
    await slash(bot, "add", title="Banner", client="Beta", stage="contracted")
    (en,) = await slash(bot, "check", text=MOVE_EN, gig=1)
    text = en.text()
    assert text.startswith("⚠️ " + EN["check.found"].format(count=1))
    assert "“move to Chatwork”" in text
    assert "About #1 (Banner, Beta): the escrow is not funded yet." in text
    assert "`/gig-stage funded id:1`" in text, "the next step as Discord runs it"
    assert "`/gig funded" not in text

    (ja,) = await slash(bot, "check", text=MOVE_JA, gig=1, locale="ja")
    stage, funded, number = JA["discord.top.stage.name"], JA["discord.name.funded"], JA["discord.option.id"]
    assert ja.text().startswith("⚠️ " + JA["check.found"].format(count=1))
    assert f"`/{stage} {funded} {number}:1`" in ja.text()


async def test_without_the_option_words_that_look_like_one_stay_the_text(bot: DiscordBot) -> None:
    """The text option is the message as pasted: a `gig:1` in it, at its start or end, is its own words."""
    await slash(bot, "add", title="LP", client="ACME", stage="funded")
    for text in (f"gig:1 {MOVE_EN}", f"{MOVE_EN} gig:1"):
        (answer,) = await slash(bot, "check", text=text)
        shown = answer.text()
        assert shown.startswith("⚠️ " + EN["check.found"].format(count=1)), text
        assert "About #1" not in shown, text


async def test_an_unknown_gig_is_refused_in_the_users_language(bot: DiscordBot) -> None:
    (en,) = await slash(bot, "check", text=MOVE_EN, gig=9)
    assert en.ephemeral
    assert en.data["content"].startswith("❌ " + EN["error.unknown_gig"].format(id=9))
    (ja,) = await slash(bot, "check", text=MOVE_JA, gig=9, locale="ja")
    missing = JA["error.unknown_gig"].format(id=9).split("`")[0]  # then the list command, in Japanese
    assert ja.data["content"].startswith("❌ " + missing)
    assert f"`/{JA['discord.top.gigs.name']} {JA['discord.name.list']}`" in ja.data["content"]


async def test_the_menu_knows_no_gig_and_says_nothing_of_one(bot: DiscordBot) -> None:
    """A message that starts or ends with `gig:1` is someone's message, not an option: even with a funded
    gig #1 the menu gives the general advice and speaks of no gig."""
    await slash(bot, "add", title="LP", client="ACME", stage="funded")
    await slash(bot, "add", title="ロゴ", client="カイト", stage="funded", locale="ja")
    (en,) = await menu(bot, message_data({"content": f"gig:1 {MOVE_EN}"}))
    (ja,) = await menu(bot, message_data({"content": f"{MOVE_JA} gig:2"}), locale="ja")
    assert en.text().startswith("⚠️ " + EN["check.found"].format(count=1))
    assert ja.text().startswith("⚠️ " + JA["check.found"].format(count=1))
    assert "#1" not in en.text()
    assert "#2" not in ja.text()


async def test_help_shows_the_option_as_discord_writes_it(bot: DiscordBot) -> None:
    (en,) = await slash(bot, "help", command="check")
    assert en.text().startswith("`/gig-client check text:TEXT [gig:ID]`\n" + EN["help.check"])
    (ja,) = await slash(bot, "help", command="check", locale="ja")
    top, name = JA["discord.top.clients.name"], JA["discord.name.check"]
    text, gig = JA["discord.option.text"], JA["discord.option.gig"]
    assert ja.text().startswith(f"`/{top} {name} {text}:本文 [{gig}:ID]`\n" + JA["help.check"])
