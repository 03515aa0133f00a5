"""Discord's command layout: one top-level command per grammar group, as people think of them
(`/gig` for their gigs, `/gig-stage`, `/gig-records`, `/gig-client`, `/gig-account`), the organiser
commands in `/gig-admin` (Manage Server by default), and the message menu "Check for scam signs".

Discord caps one top-level command at 25 subcommands and 4,000 characters of names, descriptions
and choices (adapters/discord/limits.py counts them); one top-level command per group leaves room
for the grammar to grow. Names and descriptions come from the catalogs (bot/i18n/*/discord.toml).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.appcommands import NAME_KEY, described, handler_of, named, subcommand
from bot.commands.grammar import GRAMMAR, CommandSpec, Group
from bot.i18n import catalog as i18n

TOP_KEY = "discord.top"  # discord.top.<group>.name / .description
ADMIN = "admin"  # the top-level command of organiser commands
CHECK_KEY = "discord.check_menu"  # the message menu's name
CHECK = "check"  # the grammar command the message menu runs
ORDER = (*(g.value for g in Group), ADMIN)
# Installed to servers; members use the commands in the server and in their DM with the bot.
INSTALLS = app_commands.AppInstallationType(guild=True)
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True)
# Organiser commands act on a server: only there, and only for members who manage it (by default;
# a server can change who sees them in its Integrations settings).
IN_SERVERS = app_commands.AppCommandContext(guild=True)
ORGANISERS = discord.Permissions(manage_guild=True)


def top_of(spec: CommandSpec) -> str:
    """The key of the top-level command a grammar command sits in."""
    return ADMIN if spec.admin else spec.group.value


def placed(grammar: Sequence[CommandSpec]) -> dict[str, list[CommandSpec]]:
    """The grammar's commands by top-level command, in the layout's order and the grammar's."""
    out: dict[str, list[CommandSpec]] = {key: [] for key in ORDER}
    for spec in grammar:
        out[top_of(spec)].append(spec)
    return {key: specs for key, specs in out.items() if specs}


def top_name(key: str, lang: str = "en") -> str:
    return i18n.t(lang, f"{TOP_KEY}.{key}.name")


def sub_name(spec: CommandSpec, lang: str = "en") -> str:
    return i18n.t(lang, f"{NAME_KEY}.{spec.name}")


def group(key: str, specs: Sequence[CommandSpec]) -> app_commands.Group:
    admin = key == ADMIN
    top = app_commands.Group(
        name=named(top_name(key), f"{TOP_KEY}.{key}.name"),
        description=described(f"{TOP_KEY}.{key}.description"),
        guild_only=admin,  # also the older `dm_permission: false`, for clients that still read it
        allowed_contexts=IN_SERVERS if admin else EVERYWHERE,
        allowed_installs=INSTALLS,
        default_permissions=ORGANISERS if admin else None,
    )
    for spec in specs:
        top.add_command(subcommand(spec))
    return top


async def _check_message(interaction: discord.Interaction, message: discord.Message) -> None:
    handler = handler_of(interaction)
    if handler is not None:
        await handler.check_message(interaction, message)


def check_menu() -> app_commands.ContextMenu:
    """Right-click a message > Apps > "Check for scam signs": `check` on that message, answered privately."""
    return app_commands.ContextMenu(
        name=named(i18n.t("en", CHECK_KEY), CHECK_KEY),
        callback=_check_message,
        type=discord.AppCommandType.message,
        allowed_contexts=EVERYWHERE,
        allowed_installs=INSTALLS,
    )


def commands(grammar: Sequence[CommandSpec] = GRAMMAR) -> list[app_commands.Group | app_commands.ContextMenu]:
    """Every application command gigwatch registers, for this grammar."""
    return [*(group(key, specs) for key, specs in placed(grammar).items()), check_menu()]


async def payload(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """The JSON the tree registers with Discord, localised exactly as `tree.sync()` sends it."""
    translator = tree.translator
    out: list[dict[str, Any]] = []
    for command in tree.get_commands():
        if translator is None:
            out.append(command.to_dict(tree))
        else:
            out.append(await command.get_translated_payload(tree, translator))
    return out


__all__ = ["ADMIN", "commands", "payload", "placed", "sub_name", "top_name", "top_of"]
