"""Commands as a Discord user types them. The core writes commands in texts (help, usage lines,
errors, tips such as "run `/gig funded 3`") in the text form every platform shares; on Discord the
same command is `/gig-stage funded id:3`, in the user's language (`/案件-ステージ 仮払い済み 案件番号:3`).
`restate` rewrites each such code span from the grammar and the command layout."""

from __future__ import annotations

import re
from functools import cache

from adapters.discord.appcommands import MORE, OPTION_KEY, options
from adapters.discord.layout import sub_name, top_name, top_of
from bot.commands.grammar import GRAMMAR, Arg, ArgType, command
from bot.i18n import catalog as i18n

# A code span naming a command: `/gig <name> ...`.
_SPAN = re.compile(r"`/gig ([^`\n]+)`")
# A code span naming an option on its own, with or without a value: `since:`, `pay_by:none`.
_OPTION_SPAN = re.compile(r"`([a-z_]+):([^`\s]*)`")
# One word of a command: characters and quoted groups, up to a space outside quotes.
_WORD = re.compile(r'(?:"[^"]*"|「[^」]*」|[^\s"「])+')
_KEYED = re.compile(r"^([a-z_][a-z0-9_-]*)[:：](.*)$", re.S)
_QUOTES = (('"', '"'), ("「", "」"))


def restate(text: str, lang: str) -> str:
    """`text` with every `/gig ...` code span in Discord's form (spans naming no command stay), and
    every span naming an option alone (`since:`) by the option's name as Discord shows it."""
    text = _SPAN.sub(lambda m: f"`{shown}`" if (shown := form(m[1], lang)) else m[0], text)
    return _OPTION_SPAN.sub(lambda m: _option_span(m, lang), text)


def _option_span(m: re.Match[str], lang: str) -> str:
    key = f"{OPTION_KEY}.{m[1]}"
    if m[1] not in _offered() or not i18n.has(lang, key):
        return m[0]  # not an option of its own (an argument written in `more:` keeps its word)
    return f"`{i18n.t(lang, key)}:{m[2]}`"


@cache
def _offered() -> frozenset[str]:
    """The arguments some command offers as an option of its own."""
    return frozenset(a.name for spec in GRAMMAR for a in options(spec))


def form(words: str, lang: str) -> str | None:
    """`funded 3 "paid by phone"` as `/gig-stage funded id:3 note:paid by phone` (None: no such command).

    Usage lines work too: `[...]` around a word stays around its option."""
    found = _WORD.findall(words)
    spec = command(found[0]) if found else None
    if spec is None:
        return None
    shown = [f"/{top_name(top_of(spec), lang)} {sub_name(spec, lang)}"]
    offered = {a.name for a in options(spec)}
    flags = {a.name for a in spec.args if a.type is ArgType.FLAG}
    slots = [a for a in spec.args if not a.keyword and a.type is not ArgType.FLAG]
    greedy: int | None = None  # where the words of a greedy text go on
    for word in found[1:]:
        opened, inner, closed = _brackets(word)
        keyed = _KEYED.match(inner)
        arg: Arg | None = None
        if keyed and (found_arg := spec.arg(keyed[1])) is not None and found_arg.keyword:
            arg, value = found_arg, keyed[2]
        elif inner.lower() in flags:
            arg, value = spec.arg(inner.lower()), "True"
        elif greedy is not None:
            shown[greedy] = shown[greedy].removesuffix("]") + f" {_unquoted(inner)}" + closed
            continue
        elif slots:
            arg, value = slots.pop(0), inner
        if arg is None:
            shown.append(word)
            continue
        name = option_name(arg, lang) if arg.name in offered else f"{option_name(MORE, lang)}:{arg.name}"
        shown.append(f"{opened}{name}:{_unquoted(value)}{closed}")
        if arg.greedy:
            greedy = len(shown) - 1
    return " ".join(shown)


def option_name(arg: Arg, lang: str) -> str:
    key = f"{OPTION_KEY}.{arg.name}"
    return i18n.t(lang, key) if i18n.has(lang, key) else arg.name


def _brackets(word: str) -> tuple[str, str, str]:
    """`[platform:P]` as ("[", "platform:P", "]"): a usage line's optional part."""
    opened = "[" if word.startswith("[") else ""
    closed = "]" if word.endswith("]") and len(word) > len(opened) else ""
    return opened, word[len(opened) : len(word) - len(closed)], closed


def _unquoted(value: str) -> str:
    """Discord's options take text as it is: no quotes around it."""
    for start, end in _QUOTES:
        if len(value) >= 2 and value.startswith(start) and value.endswith(end):
            return value[1:-1]
    return value
