"""Localises the command tree from the core's catalogs: names (discord.top.*, discord.name.*,
discord.option.*, the message menu), descriptions (help.<command>, arg.<name>) and choice labels
(stage.*, stepname.*, discord.choice.*). Help, usage lines and errors name commands in the same
localised form (adapters/discord/forms.py), so what the user reads is what their client shows."""

from __future__ import annotations

import discord
from discord import app_commands

from adapters.discord.appcommands import DESCRIPTION_MAX, fit
from bot.i18n import catalog as i18n

_NAMES = frozenset(
    {
        app_commands.TranslationContextLocation.command_name,
        app_commands.TranslationContextLocation.group_name,
        app_commands.TranslationContextLocation.parameter_name,
    }
)


def language(locale: discord.Locale | str | None) -> str | None:
    """The catalog language of a Discord locale (`ja` -> ja, `en-US` -> en), if we have one."""
    if locale is None:
        return None
    value = locale.value if isinstance(locale, discord.Locale) else locale
    lang = value.split("-", 1)[0].lower()
    return lang if lang in i18n.LANGS else None


class CatalogTranslator(app_commands.Translator):
    """English is the tree's own text; every other catalog language is offered as a localisation."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        lang = language(locale)
        if key is None or lang in (None, "en") or not i18n.has(lang, key):
            return None
        text = i18n.t(lang, key)
        return text if context.location in _NAMES else fit(text, DESCRIPTION_MAX)
