"""The /gig app commands, generated from the core's grammar.

Every CommandSpec becomes a subcommand and every Arg a typed option, so a command added to GRAMMAR
appears in Discord with no Discord-specific code. The option values go back through the core's own
parser (`bind`) as the tokens a Slack user would have typed, so both platforms read a command the
same way and refuse it with the same words.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, locale_str

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
ROOT = "gig"
ROOT_KEY = "discord.gig"
# When a command has more arguments than Discord allows options, its last keyword arguments are
# written in this one text option as `key:value`, exactly as in Slack.
MORE = Arg("more", ArgType.TEXT, max_len=1000)
MORE_KEY = "discord.more"
AREA_KEY = "discord.area"

Value = str | bool  # what an option hands the command: its text, or a flag's on/off
Run = Callable[[discord.Interaction, CommandSpec, dict[str, Value]], Awaitable[None]]
Suggest = Callable[[discord.Interaction, str], Awaitable[list[Choice[int | float | str]]]]
Area = Callable[[CommandSpec], str | None]  # the subcommand group a command goes to, if any

_OPTION_TYPES = {
    ArgType.GIG: discord.AppCommandOptionType.integer,
    ArgType.NUMBER: discord.AppCommandOptionType.number,
    ArgType.FLAG: discord.AppCommandOptionType.boolean,
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


def described(key: str) -> locale_str:
    """An English text from the catalogs, carrying its key so the translator can find the others."""
    return locale_str(fit(i18n.t("en", key)), key=key)


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
    def type(self) -> discord.AppCommandOptionType:
        return _OPTION_TYPES.get(self.arg.type, discord.AppCommandOptionType.string)

    @property
    def min_value(self) -> int | float | None:
        if self.arg.type is ArgType.GIG:
            return 1
        if self.arg.type is ArgType.NUMBER:
            return 0
        return None if self.arg.choices else 1  # a string's min_length

    @property
    def max_value(self) -> int | float | None:
        if self.arg.type is ArgType.GIG:
            return GIG_MAX
        if self.arg.type is ArgType.NUMBER:
            return NUMBER_MAX
        return None if self.arg.choices else min(self.arg.max_len, STRING_MAX)  # a string's max_length

    @property
    def choices(self) -> list[Choice[int | float | str]] | None:
        if 0 < len(self.arg.choices) <= LIMIT:
            return choices(self.arg, self.arg.choices)
        return None

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Value:
        return value if isinstance(value, bool) else str(value)


class GigOption(ArgOption):
    """A gig id: an integer, with the user's own open gigs offered by title as they type."""

    def __init__(self, arg: Arg, suggest: Suggest) -> None:
        super().__init__(arg)
        self.suggest = suggest

    async def autocomplete(
        self, interaction: discord.Interaction, value: int | float | str, /
    ) -> list[Choice[int | float | str]]:
        return await self.suggest(interaction, str(value))


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


def option(arg: Arg, suggest: Suggest) -> ArgOption:
    if arg.type is ArgType.GIG:
        return GigOption(arg, suggest)
    if len(arg.choices) > LIMIT:
        return ManyChoicesOption(arg)
    return ArgOption(arg)


def options(spec: CommandSpec) -> list[Arg]:
    """The arguments offered as options: all of them while they fit; otherwise every positional or
    required one, then optional keyword ones in grammar order, and `more` for the rest."""
    if len(spec.args) <= LIMIT:
        return list(spec.args)
    if spec.arg(MORE.name) is not None:
        raise ValueError(f"/{ROOT} {spec.name}: an argument named {MORE.name!r} clashes with the overflow")
    fixed = [a for a in spec.args if a.required or not a.keyword]
    room = LIMIT - 1 - len(fixed)
    if room < 0:
        raise ValueError(f"/{ROOT} {spec.name}: {len(fixed)} positional or required arguments exceed {LIMIT}")
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


def subcommand(spec: CommandSpec, run: Run, suggest: Suggest) -> app_commands.Command[Any, ..., None]:
    """One CommandSpec as an app command. discord.py reads options from the callback's signature, so
    the signature is generated: a keyword parameter per argument, typed by its ArgOption."""
    args = {f"o{i}": arg for i, arg in enumerate(options(spec))}

    async def callback(interaction: discord.Interaction, **values: Value | None) -> None:
        await run(interaction, spec, {args[k].name: v for k, v in values.items() if v is not None})

    first = inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    params = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=option(arg, suggest),
            default=inspect.Parameter.empty if arg.required else None,
        )
        for name, arg in args.items()
    ]
    callback.__signature__ = inspect.Signature([first, *params])  # type: ignore[attr-defined]
    app_commands.rename(**{name: arg.name for name, arg in args.items()})(callback)
    app_commands.describe(
        **{name: described(MORE_KEY if arg is MORE else arg.help_key) for name, arg in args.items()}
    )(callback)
    return app_commands.Command(name=spec.name, description=described(spec.help_key), callback=callback)


def layout(grammar: Sequence[CommandSpec], area: Area) -> dict[str | None, list[CommandSpec]]:
    """Where each command sits: directly under /gig while all fit (Discord allows 25 per group);
    beyond that, `area` names each command's subcommand group (`/gig <area> <command>`), None
    keeping it direct. Raises when even that does not fit, so a test tells before Discord does."""
    if len(grammar) <= LIMIT:
        return {None: list(grammar)}
    placed: dict[str | None, list[CommandSpec]] = {None: []}
    for spec in grammar:
        placed.setdefault(area(spec), []).append(spec)
    children = len(placed[None]) + len(placed) - 1
    clash = set(placed) & {spec.name for spec in placed[None]}
    if children > LIMIT or max(map(len, placed.values())) > LIMIT or clash:
        raise ValueError(f"{len(grammar)} commands do not fit Discord's limit of {LIMIT} per group")
    return placed


def build_root(grammar: Sequence[CommandSpec], area: Area, run: Run, suggest: Suggest) -> app_commands.Group:
    """/gig with its subcommands, and its area groups when the grammar outgrows one group."""
    root = app_commands.Group(name=ROOT, description=described(ROOT_KEY))
    for name, specs in layout(grammar, area).items():
        parent = root
        if name is not None:
            parent = app_commands.Group(name=name, description=described(f"{AREA_KEY}.{name}"))
            root.add_command(parent)
        for spec in specs:
            parent.add_command(subcommand(spec, run, suggest))
    return root
