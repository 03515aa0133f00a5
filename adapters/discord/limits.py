"""Discord's documented limits on application commands, checked on the JSON the bot registers.

Discord refuses a whole registration when one command breaks a limit, and no fake can tell; so
`gigwatch manifest discord` and the tests check every limit here, on whatever the grammar holds:
- names: 1-32 characters; a slash command's and an option's names match
  `^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$` and use lowercase where a letter has it (their
  localisations too); message and user commands may use spaces and capitals;
- descriptions 1-100 characters; at most 25 options at each level, required ones first, names unique;
  at most 25 choices, each named in 1-100 characters, with string values of at most 100;
- at most 4,000 characters per top-level command: name, description and value of the command, its
  options (subcommands and groups included) and choices, counting for each field its longest
  localisation (the default included), as Discord counts;
- at most 100 slash commands and 5 message (and 5 user) commands, names unique per type.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import discord

NAME_MAX = 32
DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHOICES_MAX = 25
CHOICE_VALUE_MAX = 100
COMMAND_CHARS_MAX = 4000
SLASH_COMMANDS_MAX = 100
MENU_COMMANDS_MAX = 5
SLASH, USER_MENU, MESSAGE_MENU = 1, 2, 3
SUBCOMMAND, GROUP = 1, 2
_LOCALES = frozenset(locale.value for locale in discord.Locale)
_SCRIPT_MARKS = ((0x0900, 0x097F), (0x0E00, 0x0E7F))  # Devanagari and Thai, whose vowel signs are marks


def _name_char(char: str) -> bool:
    if char in "-_'":
        return True
    category = unicodedata.category(char)
    if category[0] in "LN":
        return True
    return category[0] == "M" and any(lo <= ord(char) <= hi for lo, hi in _SCRIPT_MARKS)


def name_problem(name: str, *, slash: bool) -> str | None:
    if not 1 <= len(name) <= NAME_MAX:
        return f"{name!r} is not 1-{NAME_MAX} characters"
    if slash and not all(_name_char(c) for c in name):
        return f"{name!r} has characters Discord does not allow in a name"
    if slash and name != name.lower():
        return f"{name!r} is not in lowercase"
    return None


def longest(item: Mapping[str, Any], field: str) -> int:
    """A field's length as Discord counts it toward the 4,000: its longest localisation."""
    values = [str(item.get(field) or ""), *(item.get(f"{field}_localizations") or {}).values()]
    return max(len(v) for v in values)


def characters(command: Mapping[str, Any]) -> int:
    """Characters counted toward a top-level command's limit."""

    def option(item: Mapping[str, Any]) -> int:
        count = longest(item, "name") + longest(item, "description")
        count += sum(longest(c, "name") + len(str(c["value"])) for c in item.get("choices") or ())
        return count + sum(option(o) for o in item.get("options") or ())

    return option(command)


def violations(commands: Iterable[Mapping[str, Any]]) -> list[str]:
    """Everything in the registration Discord would refuse; empty when it fits."""
    problems: list[str] = []
    commands = list(commands)
    by_type = Counter(c.get("type", SLASH) for c in commands)
    if by_type[SLASH] > SLASH_COMMANDS_MAX:
        problems.append(f"{by_type[SLASH]} slash commands (Discord allows {SLASH_COMMANDS_MAX})")
    for kind in (USER_MENU, MESSAGE_MENU):
        if by_type[kind] > MENU_COMMANDS_MAX:
            problems.append(f"{by_type[kind]} menu commands of type {kind} (at most {MENU_COMMANDS_MAX})")
    problems += _unique(commands, "", key=lambda c: c.get("type", SLASH))
    for command in commands:
        slash = command.get("type", SLASH) == SLASH
        where = f"/{command['name']}" if slash else repr(command["name"])
        problems += _item(command, where, slash=slash)
        if slash and (total := characters(command)) > COMMAND_CHARS_MAX:
            problems.append(f"{where}: {total} characters (Discord allows {COMMAND_CHARS_MAX})")
    return problems


def _item(item: Mapping[str, Any], where: str, *, slash: bool) -> list[str]:
    """The name and description rules of a command or an option, and of what it contains."""
    problems = [f"{where}: {p}" for p in _names(item, slash=slash)]
    if slash:  # a menu command has no description
        problems += [f"{where}: {p}" for p in _descriptions(item)]
    options = item.get("options") or []
    if len(options) > OPTIONS_MAX:
        problems.append(f"{where}: {len(options)} options (Discord allows {OPTIONS_MAX})")
    problems += _unique(options, where)
    required = [bool(o.get("required")) for o in options]
    if required != sorted(required, reverse=True):
        problems.append(f"{where}: a required option comes after an optional one")
    for option in options:
        inner = f"{where} {option['name']}"
        problems += _item(option, inner, slash=True) if option["type"] in (SUBCOMMAND, GROUP) else []
        if option["type"] not in (SUBCOMMAND, GROUP):
            problems += [f"{inner}: {p}" for p in (*_names(option, slash=True), *_descriptions(option))]
            problems += _choices(option, inner)
    return problems


def _names(item: Mapping[str, Any], *, slash: bool) -> list[str]:
    localised = item.get("name_localizations") or {}
    problems = [p for p in (name_problem(n, slash=slash) for n in (item["name"], *localised.values())) if p]
    problems += [f"{locale!r} is not a Discord locale" for locale in localised if locale not in _LOCALES]
    return problems


def _descriptions(item: Mapping[str, Any]) -> list[str]:
    texts = [item.get("description") or "", *(item.get("description_localizations") or {}).values()]
    return [
        f"description {t!r} is not 1-{DESCRIPTION_MAX} characters"
        for t in texts
        if not 1 <= len(t) <= DESCRIPTION_MAX
    ]


def _choices(option: Mapping[str, Any], where: str) -> list[str]:
    choices = option.get("choices") or []
    problems = (
        [f"{where}: {len(choices)} choices (Discord allows {CHOICES_MAX})"]
        if len(choices) > CHOICES_MAX
        else []
    )
    for c in choices:
        names = [c["name"], *(c.get("name_localizations") or {}).values()]
        problems += [
            f"{where}: choice name {n!r} is not 1-{DESCRIPTION_MAX} characters"
            for n in names
            if not 1 <= len(n) <= DESCRIPTION_MAX
        ]
        if isinstance(c["value"], str) and not 1 <= len(c["value"]) <= CHOICE_VALUE_MAX:
            problems.append(f"{where}: choice value {c['value']!r} is not 1-{CHOICE_VALUE_MAX} characters")
    return problems


def _unique(items: list[Mapping[str, Any]], where: str, key: Any = None) -> list[str]:
    """Sibling names are unique, in the default language and in each localisation."""
    problems: list[str] = []
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for item in items:
        groups.setdefault(key(item) if key else None, []).append(item)
    for siblings in groups.values():
        locales = {locale for s in siblings for locale in s.get("name_localizations") or {}}
        for locale in (None, *sorted(locales)):
            names = Counter(
                s["name"] if locale is None else (s.get("name_localizations") or {}).get(locale, s["name"])
                for s in siblings
            )
            problems += [
                f"{where}: two options named {n!r} ({locale or 'default'})" for n, k in names.items() if k > 1
            ]
    return problems
