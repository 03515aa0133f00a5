"""Text to typed command: the tokenizer and the grammar-driven parser.

Errors are raised as CommandError with a catalog key and parameters, so the user reads
what was wrong and how to write it in their own language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands.grammar import STAGE_SHORTCUTS, Arg, ArgType, CommandSpec, command, command_names
from bot.commands.times import (
    BadValue,
    Direction,
    TimeValue,
    parse_duration,
    parse_offset,
    parse_time,
    without_until,
)
from bot.commands.values import Amount, normalize, parse_days, parse_hours
from bot.commands.vocab import Vocab, command_word, lookup, nearest, option_word
from bot.domain.calendar import Preset, known_holiday_calendar
from bot.domain.facts import PayBy
from bot.domain.stages import Stage
from bot.errors import CommandError

MAX_LINE = 12_000
_QUOTES = {'"': '"', "「": "」", "『": "』", "“": "”", "'": "'"}
# `key:value` (any case or width); a word like `https://...` is a link in a note or title, not an option.
_KEY = re.compile(r"^([^\s:：]{1,40}?)[:：](?!//)", re.S)
_KEY_NAME = re.compile(r"^[a-z_][a-z0-9_-]*$")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL = re.compile(r"\d+(?:\.\d*)?|\.\d+")
# A figure with the currency it was written in before or after it: `$500`, `¥50,000`, `50000円`.
_MARKED = re.compile(r"(?P<before>[^\d.,+-]*?)\s*(?P<figure>[\d.,+-].*?)\s*(?P<after>[^\d.,]*)")
# A figure counted in 万 (ten thousand), as Japanese fees are written: `5万円`, `1.5万`, `¥5万`.
_MAN = re.compile(r"(?P<before>[^\d.]*?)\s*(?P<figure>\d+(?:\.\d+)?)\s*万\s*(?P<after>[^\d.,万]*)")
_MAN_UNIT = 10_000
_MONEY = frozenset({"amount", "rate", "fee"})  # the numbers that are sums of money
_LINK = re.compile(r"https?://[^\s/?#]+\S*", re.I)
# Types whose value may be written in several words (`since:3 days ago`, `snooze 1 3 days`).
_SPANNING = frozenset({ArgType.TIME, ArgType.DEADLINE, ArgType.DURATION})
_ANY_WORD = frozenset({ArgType.TEXT, ArgType.CHANNEL, ArgType.FLAG})  # would take any word: no hint
_SPAN_WORDS = 4


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    key: str | None = None
    quoted: bool = False
    written: str | None = None  # the token as typed, quotes and all (None: not typed, e.g. Discord's)
    glued: bool = False  # typed right after the previous token, with no space between (`「色」を`)


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    name: str
    args: Mapping[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> CommandSpec:
        spec = command(self.name)
        assert spec is not None
        return spec


def tokenize(text: str) -> list[Token]:
    """Split on whitespace (ASCII or full-width); quotes of several scripts group words, also after `key:`."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        end_of_last = i
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        glued, begin = bool(tokens) and i == end_of_last, i
        key: str | None = None
        m = _KEY.match(text[i : i + 64].split(None, 1)[0]) if text[i] not in _QUOTES else None
        name = normalize(m[1]).lower().replace("-", "_") if m else ""
        if m and _KEY_NAME.match(name):
            key = name
            i += len(m[1]) + 1
        if i < n and text[i] in _QUOTES:
            close = _QUOTES[text[i]]
            end = text.find(close, i + 1)
            if end < 0:
                raise CommandError("error.unbalanced_quote", quote=text[i])
            tokens.append(Token(text[i + 1 : end], key, True, text[begin : end + 1], glued))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            i += 1
        tokens.append(Token(text[start:i], key, False, text[begin:i], glued))
    return tokens


def _as_written(words: list[Token]) -> str:
    """The text several words make, as the user typed it: a quote among the words of a note or title is
    the user's own (`「ヘッダー」の色を変更`, `asked about "colours", fonts`, `the "About" page`) and stays,
    with no space put in where none was typed; only words that are each quoted apart (`"Logo"
    client:A "Studio"`) were grouped by their quotes. The spaces between words are one each, as before;
    tokens not typed (Discord's typed options) are joined by spaces."""
    if len(words) == 1 or any(t.written is None for t in words):
        return " ".join(t.value for t in words)
    if all(t.quoted and not t.glued for t in words):
        return " ".join(t.value for t in words)
    return "".join(("" if t.glued or n == 0 else " ") + str(t.written) for n, t in enumerate(words))


# A command word with an opening corner bracket right after it (`add「LP制作」`), as Japanese is typed
# without spaces: the bracket opens the next argument as a space would.
_GLUED = re.compile(r"^(\s*(?:/?gig[\s\u3000]+)?/?)([^\s「『]+)(?=[「『])", re.I)


def _unglue(text: str) -> str:
    m = _GLUED.match(text)
    if m is None or command(normalize(m[2]).lower()) is None:
        return text
    return f"{text[: m.end()]} {text[m.end() :]}"


def parse(text: str) -> ParsedCommand:
    """Parse `/gig NAME ...`, `gig NAME ...` or `NAME ...` against the grammar."""
    if len(text) > MAX_LINE:
        raise CommandError("error.too_long", what="command", limit=MAX_LINE)
    text = _unglue(text)
    pasted = _verbatim(text)
    if pasted is not None:
        return pasted
    tokens = tokenize(text.strip())
    if tokens and tokens[0].key is None and normalize(tokens[0].value).lower() in ("/gig", "gig"):
        tokens = tokens[1:]
    if not tokens:
        return ParsedCommand("help")
    name = normalize(tokens[0].value).lower().lstrip("/")
    spec = command(name)
    if spec is None or tokens[0].key is not None:
        raise CommandError(
            "error.unknown_command",
            command=tokens[0].value[:40],
            suggest=similar_commands(tokens[0].value),
            suggest_as="command",
        )
    return ParsedCommand(spec.name, bind(spec, tokens[1:]))


def similar_commands(word: str) -> tuple[str, ...]:
    """Commands a mistyped name may have meant: the closest names, or the command that sets a stage
    named in any language (`納品済み` -> `delivered`, `契約済み` -> `move`)."""
    typed = normalize(word).lower().lstrip("/")
    stage = lookup(Vocab.STAGE, typed)
    if stage is not None:
        shortcut = next((name for name, s in STAGE_SHORTCUTS.items() if s == stage), "move")
        return (shortcut,)
    names = command_names()
    if (named := command_word(word)) is not None:  # `/gig 通報`, `/gig pack`: the command it means
        return (named,)
    found = difflib.get_close_matches(typed, names, n=2, cutoff=0.7)
    found += [n for n in names if len(typed) >= 2 and n.startswith(typed)]
    return tuple(dict.fromkeys(found))[:2]


_WORD = re.compile(r"\s*(\S+)")


def _verbatim(text: str) -> ParsedCommand | None:
    """A command whose argument is pasted text (`/gig check ...`) takes the rest of the line as written:
    its quotes, `word:` pairs and line breaks belong to the text, not to the command syntax. Only the
    command's own options, written as one `key:value` word at the very start or end of the line
    (`/gig check gig:3 ...`), are read as options."""
    m = _WORD.match(text)
    if m and normalize(m[1]).lower() in ("/gig", "gig"):
        m = _WORD.match(text, m.end())
    spec = command(normalize(m[1]).lower().lstrip("/")) if m else None
    if m is None or spec is None:
        return None
    positional = [a for a in spec.args if not a.keyword]
    if len(positional) != 1 or not positional[0].verbatim:
        return None
    arg = positional[0]
    rest = text[m.end() :].replace("\r\n", "\n").replace("\r", "\n").strip()
    options: dict[str, Any] = {}
    for at_end in (False, True):
        while (found := _edge_option(spec, rest, at_end)) is not None:
            option, value, rest = found
            if option.name in options:
                raise CommandError("error.duplicate_option", option=option.name, command=spec.name)
            options[option.name] = value
    if not rest:
        if arg.required:
            raise CommandError("error.missing_arg", arg=arg.name, command=spec.name)
        return ParsedCommand(spec.name, options)
    return ParsedCommand(spec.name, {arg.name: convert(arg, rest, spec), **options})


def _edge_option(spec: CommandSpec, rest: str, at_end: bool) -> tuple[Arg, Any, str] | None:
    """The command's own `key:value` option written as the first (or last) word of pasted text, its
    converted value, and the text without it. A pasted "Note: ..." or "LINE:abc" names no option and
    stays text, and so does a word whose value the option cannot take: Japanese runs words together
    ("gig:1は参考まで"), and a heading may read "Gig:Logo"; the pasted words are never refused."""
    words = rest.split(None, 1) if not at_end else rest.rsplit(None, 1)[::-1]
    if not words:
        return None
    m = _KEY.match(words[0])
    if m is None:
        return None
    option = spec.arg(normalize(m[1]).lower().replace("-", "_"))
    value = words[0][m.end() :]
    if value[:1] in _QUOTES and value.endswith(_QUOTES[value[0]]) and len(value) > 1:
        value = value[1:-1]  # `gig:"3"`, as a quoted option is written elsewhere
    if option is None or not option.keyword or not value:
        return None
    try:
        converted = convert(option, value, spec)
    except CommandError:
        return None
    return option, converted, words[1].strip() if len(words) > 1 else ""


def bind(spec: CommandSpec, tokens: list[Token]) -> dict[str, Any]:
    """Match tokens to the spec's arguments and convert each to its type."""
    raw: dict[str, str] = {}
    positional = [a for a in spec.args if not a.keyword and a.type is not ArgType.FLAG]
    flags = {a.name for a in spec.args if a.type is ArgType.FLAG}
    words: list[Token] = []
    i = 0
    unquoted: tuple[str, str] | None = None  # the text option just before, written without quotes
    while i < len(tokens):
        tok, after = tokens[i], unquoted
        i += 1
        unquoted = None
        if _prose_colon(spec, tok) and _greedy_is_next(positional, words):
            # "colours: red" in a note is prose, not an option
            words.append(Token(f"{tok.key}:", written=tok.written, glued=tok.glued))
        elif tok.key is not None:
            arg = spec.arg(tok.key)
            if arg is None or not arg.keyword:
                raise CommandError(
                    "error.unknown_option",
                    option=tok.key[:40],
                    command=spec.name,
                    suggest=_similar_options(spec, tok.key),
                    suggest_as="option",
                )
            if tok.key in raw:
                raise CommandError("error.duplicate_option", option=tok.key, command=spec.name)
            value, used = tok.value, 0
            if arg.type in _SPANNING and not tok.quoted:
                value, used = _spanning(arg, [tok.value, *_loose(tokens[i:])])
            raw[tok.key] = value
            i += used
            if arg.type is ArgType.TEXT and not tok.quoted:
                unquoted = (tok.key, value)
        elif (
            not tok.quoted
            and lookup(Vocab.WORD, tok.value) in flags
            and not words_taken_by_greedy(positional, words)
        ):
            raw[str(lookup(Vocab.WORD, tok.value))] = "yes"
        else:
            if (meant := _option_in_words(spec, tok)) is not None:
                # `ステージ:契約済み`, `金額:5000`: an option named in words, which would otherwise slip
                # into a title or a note (and `paid` would close the gig as paid in full).
                raise CommandError(
                    "error.unknown_option",
                    option=meant[0],
                    command=spec.name,
                    suggest=(meant[1],),
                    suggest_as="option",
                )
            if after and not tok.quoted and _no_place(positional, words):
                # `"Logo" client:Hoshi Studio`: the word may be the option's (unquoted) or the text's.
                option, value = after
                raise CommandError("error.unquoted_value", option=option, value=value, word=tok.value[:40])
            words.append(tok)
    typed = list(words)
    spanned: tuple[Arg, list[str]] | None = None  # a time or span just read from several unquoted words
    for n, arg in enumerate(positional):
        if not words:
            break
        if arg.type is ArgType.CHANNEL:
            _refuse_spaced_channel(spec, words, positional[n + 1] if n + 1 < len(positional) else None)
        if arg.greedy:
            if (found := _words_for_option(spec, raw, words)) is not None:
                # `/gig paid 1 200` would close the gig as paid in full with "200" as its note, and
                # `/gig delivered 1 3 days ago` record the delivery now: a note that one missing option
                # takes whole is asked about, not stored (quoted, it is a note).
                key, extra = found
                raise CommandError("error.note_option", extra=extra, option=key, command=spec.name)
            if arg.name == "note" and (when := _time_as_note(spec, words)) is not None:
                # `/gig paid 1 3日前` would record the payment now with "3日前" as its note, and the
                # command takes no date to put it in: asked about, not stored (quoted, it is a note).
                raise CommandError("error.note_time", extra=when, command=spec.name)
            raw[arg.name] = _as_written(words)
            words = []
        elif arg.type in _SPANNING and not words[0].quoted:
            run = [words[0].value, *_loose(words[1:])]
            raw[arg.name], used = _spanning(arg, run)
            words = words[1 + used :]
            spanned = (arg, run)
            continue
        else:
            raw[arg.name] = words.pop(0).value
        spanned = None
    if words:
        extra = words[0].value[:40]
        # `/gig list 2` meant `page:2`; `/gig incoming 1 refund 3 days ago`, `since:3 days ago`
        found = _words_for_option(spec, raw, words) or _words_for_option(spec, raw, words[:1])
        if found is not None:
            key, extra = found
            raise CommandError("error.extra_arg_option", extra=extra, option=key, command=spec.name)
        if spanned is not None and not words[0].quoted:
            # `/gig snooze 1 3 days ago`: "3 days" reads as a span and "ago" is left over, but the words
            # were one value, written in a way the argument does not take: it is refused whole.
            arg, run = spanned
            convert(arg, " ".join(run), spec)
        if _name_with_spaces(positional, typed):  # `report ACME Inc. scam`: the name was not quoted
            value = " ".join(t.value for t in typed[: len(typed) - len(positional) + 1])
            raise CommandError(
                "error.unquoted_name",
                extra=extra,
                arg=positional[0].name,
                value=value[:60],
                command=spec.name,
            )
        raise CommandError("error.extra_args", extra=extra, command=spec.name)
    values: dict[str, Any] = {}
    for arg in spec.args:
        if arg.name in raw:
            values[arg.name] = convert(arg, raw[arg.name], spec)
        elif arg.required:
            raise CommandError("error.missing_arg", arg=arg.name, command=spec.name)
    return values


def _refuse_spaced_channel(spec: CommandSpec, words: list[Token], after: Arg | None) -> None:
    """A channel name has no spaces (Slack and Discord turn one into a hyphen): `#bad channel` means
    the channel `#bad-channel`, not `#bad` followed by the next argument, so the error says how to write
    the name (and, in case the next word was meant as that argument, what it accepts)."""
    given = words[0].quoted  # the next argument follows: no word of the name was meant as it
    if given:
        run = words[0].value.split()
    else:
        run = [words[0].value]
        for tok in words[1:]:
            if given := tok.quoted or (after is not None and _accepts(after, tok.value)):
                break
            run.append(tok.value)
    if len(run) < 2:
        return
    where = {"command": spec.name, "channel": " ".join(run)[:60], "joined": "-".join(run)[:60]}
    if given or after is None:
        raise CommandError("error.channel_spaces", **where)
    raise CommandError(
        "error.channel_spaces_or_value", word=run[1][:40], **where, **_value_help(after, run[1])
    )


def _accepts(arg: Arg, text: str) -> bool:
    try:
        _CONVERTERS[arg.type](arg, normalize(text))
    except (ValueError, CommandError):
        return False
    return True


def _loose(tokens: list[Token]) -> list[str]:
    """The plain words that follow, up to the first quoted value or option."""
    out: list[str] = []
    for tok in tokens[: _SPAN_WORDS - 1]:
        if tok.key is not None or tok.quoted:
            break
        out.append(tok.value)
    return out


def _spanning(arg: Arg, words: list[str]) -> tuple[str, int]:
    """A time or duration written in several words (`3 days ago`, `2026年11月20日 15時`, `next monday`):
    the longest run of words that reads as one; returns it and how many words it took after the first."""
    for n in range(len(words), 1, -1):
        text = " ".join(words[:n])
        try:
            _CONVERTERS[arg.type](arg, normalize(text))
        except ValueError:
            continue
        return text, n - 1
    return words[0], 0


def _similar_options(spec: CommandSpec, key: str) -> tuple[str, ...]:
    names = [a.name for a in spec.args if a.keyword]
    meant = option_word(key)
    found = [meant] if meant in names else []
    return tuple(dict.fromkeys(found + difflib.get_close_matches(key, names, n=2, cutoff=0.7)))[:2]


def words_taken_by_greedy(positional: list[Arg], words: list[Token]) -> bool:
    """Once a greedy text has started (e.g. a note), flag words belong to the text."""
    fixed = [a for a in positional if not a.greedy]
    return any(a.greedy for a in positional) and len(words) > len(fixed)


def _words_for_option(
    spec: CommandSpec, raw: Mapping[str, str], words: list[Token]
) -> tuple[str, str] | None:
    """The one option not yet given that would take the words left over, all unquoted, as its value
    written without its `key:` (a lone `200` for `amount:`, `3 days ago` or `11月20日 15時` for
    `since:`), and that value as the error shows it; None when they are text."""
    if not words or any(t.quoted for t in words):
        return None
    text = " ".join(t.value for t in words)
    only = _SPANNING if len(words) > 1 else None  # only a time or a span is written in several words
    key = _option_for(spec, raw, Token(text), only)
    return (key, text[:40]) if key is not None else None


_AT = Arg("since", ArgType.TIME, keyword=True)


def _time_as_note(spec: CommandSpec, words: list[Token]) -> str | None:
    """The words of a note, unquoted, when they are nothing but a time (`3日前`, `yesterday`,
    `11月27日 15時`) and the command takes no time of its own: what the error shows; None otherwise."""
    if not words or any(t.quoted for t in words) or any(a.type is ArgType.TIME for a in spec.args):
        return None
    text = " ".join(t.value for t in words)
    try:
        _CONVERTERS[ArgType.TIME](_AT, normalize(text))
    except (ValueError, CommandError):
        return None
    return text[:40]


def _option_for(
    spec: CommandSpec, raw: Mapping[str, str], tok: Token, only: frozenset[ArgType] | None = None
) -> str | None:
    """The one option not yet given that would take a word left over, written without its `key:`."""
    fits = []
    for arg in spec.args:
        if not arg.keyword or arg.name in raw or arg.type in _ANY_WORD:
            continue
        if only is not None and arg.type not in only:
            continue
        try:
            _CONVERTERS[arg.type](arg, normalize(tok.value))
        except (ValueError, CommandError):
            continue
        fits.append(arg.name)
    return fits[0] if len(fits) == 1 else None


def _no_place(positional: list[Arg], words: list[Token]) -> bool:
    """Whether a further word has no argument left, or could only join a text begun before the option
    (`"Logo" client:Hoshi Studio`, `Translation client:Bolt KK`): a title is rarely split around an
    option, while a name of two words often goes unquoted, so the word may be the option's and is asked
    about rather than stored in the wrong place (the client's name opens every draft)."""
    if any(a.greedy for a in positional):
        return words_taken_by_greedy(positional, words)
    return len(words) >= len(positional)


def _option_in_words(spec: CommandSpec, tok: Token) -> tuple[str, str] | None:
    """The key as written and the option it names, for an unquoted `key:value` word whose key is a word
    for one of this command's options (`ステージ:契約済み` in `add`); in a command without that option,
    such a word is text ("金額:未定" in a note)."""
    m = _KEY.match(tok.value) if tok.key is None and not tok.quoted else None
    name = option_word(m[1]) if m else None
    if m is None or name is None or (arg := spec.arg(name)) is None or not arg.keyword:
        return None
    return m[1][:40], name


def _prose_colon(spec: CommandSpec, tok: Token) -> bool:
    """A word ending in a colon and followed by a space ("Note: ...") that names no option."""
    return tok.key is not None and tok.value == "" and not tok.quoted and spec.arg(tok.key) is None


def _greedy_is_next(positional: list[Arg], words: list[Token]) -> bool:
    """The fixed positionals are filled, so the next word opens (or continues) a free text."""
    fixed = [a for a in positional if not a.greedy]
    return any(a.greedy for a in positional) and len(words) >= len(fixed)


def _name_with_spaces(positional: list[Arg], typed: list[Token]) -> bool:
    """Too many words for a leading unquoted name (`report ACME Inc. scam`), and the last words read
    as the arguments after it: the name had spaces and wanted quotes."""
    if len(positional) < 2:
        return False
    first, rest = positional[0], positional[1:]
    if first.type is not ArgType.TEXT or first.greedy or typed[0].quoted:
        return False
    try:
        for arg, tok in zip(rest, typed[len(typed) - len(rest) :], strict=True):
            convert(arg, tok.value)
    except CommandError:
        return False
    return True


def convert(arg: Arg, text: str, spec: CommandSpec | None = None) -> Any:
    """One argument's text to its typed value, or a CommandError naming the argument (and the
    command, when given, so that the error can name the argument as that command means it)."""
    where = {"command": spec.name} if spec else {}
    if len(text) > arg.max_len:
        raise CommandError("error.too_long", what=arg.name, limit=arg.max_len, **where)
    value = normalize(text) if arg.type not in (ArgType.TEXT, ArgType.URL) else text.strip()
    try:
        return _CONVERTERS[arg.type](arg, value)
    except BadValue as exc:
        raise CommandError("error.bad_value", arg=arg.name, value=text[:40], hint=exc.hint, **where) from None
    except ValueError:
        raise CommandError("error.bad_value", value=text[:40], **_value_help(arg, value), **where) from None


def _value_help(arg: Arg, value: str) -> dict[str, Any]:
    """What an error says of a value the argument refused: its name, how to write it, its choices and
    the nearest of them."""
    more: dict[str, Any] = {"arg": arg.name, "hint": arg.hint_key}
    if arg.choices:
        more["allowed"] = arg.choices
    if arg.vocab is not None:
        more |= {
            "vocab": arg.vocab,
            "suggest": tuple(nearest(arg.vocab, value, arg.choices)),
            "suggest_as": "value",
        }
    return more


def _gig_id(_: Arg, v: str) -> int:
    v = v.removeprefix("#")
    if not v.isdigit() or not 0 < int(v) < 10**9:
        raise ValueError(v)
    return int(v)


def _choice(arg: Arg, v: str) -> str:
    """A code of the argument's vocabulary, written in any of its words."""
    code = lookup(arg.vocab, v) if arg.vocab is not None else v.lower()
    if code is None or code not in arg.choices:
        raise ValueError(v)
    return code


def _duration(_: Arg, v: str) -> timedelta | Preset | TimeValue:
    """A span, a snooze preset (`tomorrow`, `明日`, `next week`: a time of day the calendar decides), or
    the day or time to wait until (`12/3`, `12月3日`, `来週月曜`, `next monday`, `明日15時`), which may
    say "until" (`until monday`, `月曜まで`)."""
    v = without_until(v)
    preset = lookup(Vocab.PRESET, v)
    if preset is not None:
        return Preset(preset)
    try:
        return parse_duration(v)
    except ValueError:
        until = parse_time(v, Direction.FUTURE)
    if until.span is not None:  # `3 days ago`, `in 3 days`: a span is written as a duration
        raise ValueError(v)
    return until


def _number(arg: Arg, v: str) -> float | None:
    """A number, or None: `none` (in any language's words) clears a clearable one. A currency written
    before or after it (`$500`, `50000円`, in the words of the currency vocabulary) makes it an Amount
    in that currency; any other mark is no number. A sum of money may be counted in 万 (`5万円` is 50000)."""
    if arg.clearable and lookup(Vocab.WORD, v) == "none":
        return None
    if arg.name in _MONEY and (man := _MAN.fullmatch(v)) is not None:
        v = f"{man['before']}{Decimal(man['figure']) * _MAN_UNIT:f}{man['after']}"
    m = _MARKED.fullmatch(v)
    if m is None or not (m["before"] or m["after"]):
        return _plain_number(v)
    if m["before"] and m["after"]:
        raise ValueError(v)
    currency = lookup(Vocab.CURRENCY, m["before"] or m["after"])
    if currency is None:
        raise ValueError(v)
    return Amount(_plain_number(m["figure"]), currency)


def _plain_number(v: str) -> float:
    """A number, commas allowed only between groups of three digits (`50,000`): `4,5` is a decimal
    comma or a typo, never forty-five."""
    digits = v.replace("¥", "").replace("$", "").replace("円", "")
    if "," in digits:
        if not _THOUSANDS.fullmatch(digits):
            raise BadValue("hint.decimal_comma")
        digits = digits.replace(",", "")
    if not _DECIMAL.fullmatch(digits):  # float() would also take `1e9`, `1_000` or `infinity`
        raise ValueError(v)
    number = float(digits)
    if not 0 <= number < 1e12 or number != number:
        raise ValueError(v)
    return number


def _worked(arg: Arg, v: str) -> float:
    """Hours worked, as a number of hours (`2.5`) or as a span (`90m`, `2h`, `2時間`)."""
    try:
        return _plain_number(v)
    except BadValue:
        raise
    except ValueError:
        return parse_duration(v).total_seconds() / 3600


def _text(_: Arg, v: str) -> str:
    if not v or any(ord(c) < 32 and c not in "\n\t" for c in v):
        raise ValueError(v)
    return v


def _url(arg: Arg, v: str) -> str:
    """A link to open: an http or https address (`javascript:`, `file:` or a bare word is no link)."""
    if not _LINK.fullmatch(_text(arg, v)):
        raise ValueError(v)
    return v


def _tz(_: Arg, v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        raise ValueError(v) from None
    return v


def _holidays(_: Arg, v: str) -> str | None:
    if lookup(Vocab.WORD, v) == "none":
        return None
    code = v.upper()
    if not known_holiday_calendar(code):
        raise ValueError(v)
    return code


def _offset(arg: Arg, v: str) -> str | None:
    return parse_offset(arg.name, v)


def _pay_by(_: Arg, v: str) -> PayBy | TimeValue:
    """The agreed payment date, looking ahead (`12/31` is the next one), or `none` when the terms set
    no date; the handler resolves the date in the user's zone."""
    if lookup(Vocab.WORD, v) == "none":
        return PayBy(None)
    return parse_time(v, Direction.FUTURE)


_CONVERTERS: dict[ArgType, Any] = {
    ArgType.TEXT: _text,
    ArgType.URL: _url,
    ArgType.CHANNEL: _text,  # the handler reads the channel (bot.protection.digest.channel_address)
    ArgType.GIG: _gig_id,
    ArgType.STAGE: lambda a, v: Stage(_choice(a, v)),
    ArgType.STEP: _choice,
    ArgType.PLATFORM: _choice,
    ArgType.CHOICE: _choice,
    ArgType.LANG: _choice,
    ArgType.FLAG: lambda a, v: True,
    ArgType.DURATION: _duration,
    ArgType.TIME: lambda a, v: parse_time(v, Direction.PAST),
    ArgType.DEADLINE: lambda a, v: parse_time(v, Direction.FUTURE),
    ArgType.NUMBER: _number,
    ArgType.WORKED: _worked,
    ArgType.TZ: _tz,
    ArgType.HOURS: lambda a, v: parse_hours(v),
    ArgType.DAYS: lambda a, v: parse_days(v),
    ArgType.HOLIDAYS: _holidays,
    ArgType.OFFSET: _offset,
    ArgType.PAY_BY: _pay_by,
}
