"""Localises the command tree from the core's catalogs (help.<command>, arg.<name>, stage.*, ...).

Descriptions and choice names are translated. Command and option names stay the grammar's English
words in every language: every reply, hint and help text tells the user to run `/gig funded 3`,
and a translated name would make those instructions wrong."""

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
        if key is None or lang in (None, "en") or context.location in _NAMES or not i18n.has(lang, key):
            return None
        return fit(i18n.t(lang, key), DESCRIPTION_MAX)
