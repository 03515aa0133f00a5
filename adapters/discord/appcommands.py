"""One grammar command as a Discord subcommand, and Discord's options back into a core command.

Every Arg becomes a typed option, so an argument added to GRAMMAR appears in Discord with no Discord
code. The option values go back through the core's own parser (`bind`) as the tokens a Slack user
would have typed, so both platforms read a command the same way and refuse it with the same words.
Names, descriptions and choice labels carry their catalog keys, so the translator can localise them.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, locale_str

from adapters.discord.client import GigClient, Handlers
from bot.commands.grammar import Arg, ArgType, CommandSpec
from bot.commands.parser import ParsedCommand, Token, bind, tokenize
from bot.commands.vocab import label_key, labels, matching
from bot.errors import CommandError
from bot.i18n import catalog as i18n

LIMIT = 25  # Discord: choices per option, options per command, subcommands per group
DESCRIPTION_MAX = 100  # Discord: descriptions and choice names
STRING_MAX = 6000  # Discord: the largest max_length of a string option
GIG_MAX = 10**9 - 1  # the parser's bound on gig ids
NUMBER_MAX = 1e12  # the parser's bound on numbers
NAME_KEY = "discord.name"  # discord.name.<command>: a subcommand's name in each language
OPTION_KEY = "discord.option"  # discord.option.<argument>: an option's name in each language
# When a command has more arguments than Discord allows options, its last keyword arguments are
# written in this one text option as `key:value`, exactly as in Slack.
MORE = Arg("more", ArgType.TEXT, max_len=1000)
MORE_KEY = "discord.more"
# Channels a digest can be posted in: text and announcement channels.
POSTABLE = [discord.ChannelType.text, discord.ChannelType.news]

Value = str | bool  # what an option hands the command: its text, or a flag's on/off

_OPTION_TYPES = {
    ArgType.GIG: discord.AppCommandOptionType.integer,
    ArgType.NUMBER: discord.AppCommandOptionType.number,
    ArgType.FLAG: discord.AppCommandOptionType.boolean,
    ArgType.CHANNEL: discord.AppCommandOptionType.channel,
}


def fit(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """Discord's length limits: the whole text if it fits, else its first sentence, else a clean cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    for stop in (". ", "。"):
        head = text.split(stop, 1)[0] + stop.strip()
        if len(head) <= limit:
            return head
    return text[: limit - 1].rstrip() + "…"


def described(key: str, default: str = "") -> locale_str:
    """An English text from the catalogs (`default` where it has none: a test's made-up command),
    carrying its key so the translator can find the others."""
    text = i18n.t("en", key) if i18n.has("en", key) else default or key
    return locale_str(fit(text), key=key)


def named(name: str, key: str) -> locale_str:
    """A name: the grammar's (Discord sends it back), carrying the catalog key of its translations."""
    return locale_str(name, key=key)


def option_key(arg: Arg) -> str:
    return f"{OPTION_KEY}.{arg.name}"


def choices(arg: Arg, values: Sequence[str]) -> list[Choice[int | float | str]]:
    """Choices named by the catalogs in every language (`funded`: "escrow funded", 仮払い済み, through
    the translator); a choice of no vocabulary shows its value."""
    if arg.vocab is None or not values:
        return [Choice(name=locale_str(v), value=v) for v in values]
    return [
        Choice(name=locale_str(fit(text), key=label_key(arg.vocab, code)), value=code)
        for code, text in labels(arg.vocab, "en", tuple(values))
    ]


class ArgOption(app_commands.Transformer):
    """One grammar argument as a typed Discord option. `transform` hands back the option as the text
    the parser reads (a flag stays a bool: it is written as its own name only when on)."""

    def __init__(self, arg: Arg) -> None:
        self.arg = arg

    @property
    def kind(self) -> ArgType:
        """The argument's type as Discord offers it: a number that `none` clears is typed as text."""
        return ArgType.TEXT if self.arg.clearable else self.arg.type

    @property
    def type(self) -> discord.AppCommandOptionType:
        return _OPTION_TYPES.get(self.kind, discord.AppCommandOptionType.string)

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return POSTABLE if self.arg.type is ArgType.CHANNEL else []

    @property
    def min_value(self) -> int | float | None:
        if self.arg.type is ArgType.GIG:
            return 1
        if self.kind is ArgType.NUMBER:
            return 0
        if self.arg.choices or self.arg.type is ArgType.CHANNEL:
            return None
        return 1  # a string's min_length

    @property
    def max_value(self) -> int | float | None:
        if self.arg.type is ArgType.GIG:
            return GIG_MAX
        if self.kind is ArgType.NUMBER:
            return NUMBER_MAX
        if self.arg.choices or self.arg.type is ArgType.CHANNEL:
            return None
        return min(self.arg.max_len, STRING_MAX)  # a string's max_length

    @property
    def choices(self) -> list[Choice[int | float | str]] | None:
        if 0 < len(self.arg.choices) <= LIMIT:
            return choices(self.arg, self.arg.choices)
        return None

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Value:
        if isinstance(value, bool):
            return value
        if self.arg.type is ArgType.CHANNEL:
            return f"<#{value.id}>"  # the mention the core reads as that channel
        return str(value)


class GigOption(ArgOption):
    """A gig id: an integer, with the user's own open gigs offered by title as they type."""

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str, /
    ) -> list[Choice[int | float | str]]:
        handler = handler_of(interaction)
        return [] if handler is None else await handler.suggest(interaction, str(value))


class ManyChoicesOption(ArgOption):
    """More choices than Discord lists: offered by autocomplete instead, filtered by what is typed
    (the code, or any label or alias in any language); the parser still checks the value."""

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str, /
    ) -> list[Choice[int | float | str]]:
        typed = str(value)
        if self.arg.vocab is not None:
            found = matching(self.arg.vocab, typed, self.arg.choices)
        else:
            found = tuple(v for v in self.arg.choices if typed.casefold() in v.casefold())
        return choices(self.arg, found[:LIMIT])


def handler_of(interaction: discord.Interaction) -> Handlers | None:
    """The bot's handlers, reached through the client: the commands are built, and printed by
    `gigwatch manifest discord`, without a bot or a core."""
    client = interaction.client
    return client.gigwatch if isinstance(client, GigClient) and hasattr(client, "gigwatch") else None


def option(arg: Arg) -> ArgOption:
    if arg.type is ArgType.GIG:
        return GigOption(arg)
    if len(arg.choices) > LIMIT:
        return ManyChoicesOption(arg)
    return ArgOption(arg)


def options(spec: CommandSpec) -> list[Arg]:
    """The arguments offered as options: all of them while they fit; otherwise every positional or
    required one, then optional keyword ones in grammar order, and `more` for the rest."""
    if len(spec.args) <= LIMIT:
        return list(spec.args)
    if spec.arg(MORE.name) is not None:
        raise ValueError(f"{spec.name}: an argument named {MORE.name!r} clashes with the overflow")
    fixed = [a for a in spec.args if a.required or not a.keyword]
    room = LIMIT - 1 - len(fixed)
    if room < 0:
        raise ValueError(f"{spec.name}: {len(fixed)} positional or required arguments exceed {LIMIT}")
    optional = [a.name for a in spec.args if a not in fixed]
    kept = {a.name for a in fixed} | set(optional[:room])
    return [*(a for a in spec.args if a.name in kept), MORE]


def tokens(spec: CommandSpec, values: Mapping[str, Value]) -> list[Token]:
    """The tokens a Slack user would have typed: flags first (so a note can never read as one), then
    `key:value` options, then positional values in grammar order, each one token."""
    out = [Token(a.name) for a in spec.args if a.type is ArgType.FLAG and values.get(a.name) is True]
    out += [Token(str(values[a.name]), a.name, True) for a in spec.args if a.keyword and a.name in values]
    more = values.get(MORE.name)
    if isinstance(more, str) and spec.arg(MORE.name) is None:
        typed = tokenize(more)
        loose = next((t for t in typed if t.key is None), None)
        if loose is not None:
            raise CommandError("error.extra_args", extra=loose.value[:40], command=spec.name)
        out += typed
    skipped: Arg | None = None
    for arg in spec.args:
        if arg.keyword or arg.type is ArgType.FLAG:
            continue
        if arg.name not in values:
            skipped = skipped or arg
            continue
        if skipped is not None:  # text cannot give a later positional without the earlier one either
            raise CommandError("error.missing_arg", arg=skipped.name, command=spec.name)
        out.append(Token(str(values[arg.name]), quoted=True))
    return out


def parse(spec: CommandSpec, values: Mapping[str, Value]) -> ParsedCommand:
    """Options to a core command through the same parser as Slack text; raises CommandError."""
    return ParsedCommand(spec.name, bind(spec, tokens(spec, values)))


def subcommand(spec: CommandSpec) -> app_commands.Command[Any, ..., None]:
    """One CommandSpec as an app command. discord.py reads options from the callback's signature, so
    the signature is generated: a keyword parameter per argument, typed by its ArgOption."""
    args = {f"o{i}": arg for i, arg in enumerate(options(spec))}

    async def callback(interaction: discord.Interaction, **values: Value | None) -> None:
        handler = handler_of(interaction)
        if handler is not None:
            await handler.run(
                interaction, spec, {args[k].name: v for k, v in values.items() if v is not None}
            )

    first = inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=option(arg),
            default=inspect.Parameter.empty if arg.required else None,
        )
        for name, arg in args.items()
    ]
    callback.__signature__ = inspect.Signature([first, *params])  # type: ignore[attr-defined]
    app_commands.rename(**{name: named(arg.name, option_key(arg)) for name, arg in args.items()})(callback)
    app_commands.describe(
        **{name: described(MORE_KEY if arg is MORE else arg.help_key, arg.name) for name, arg in args.items()}
    )(callback)
    return app_commands.Command(
        name=named(spec.name, f"{NAME_KEY}.{spec.name}"),
        description=described(spec.help_key, spec.name),
        callback=callback,
    )
