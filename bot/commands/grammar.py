"""The one declarative command grammar. Slack text and console lines are parsed by it;
Discord's typed options are generated from it; help text is keyed from it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.commands.vocab import Vocab, codes
from bot.domain.stages import Stage
from bot.domain.tracks import settable_step_codes
from bot.i18n import catalog as i18n


class ArgType(StrEnum):
    TEXT = "text"  # a string (quoted when it has spaces)
    URL = "url"  # an http(s) link
    GIG = "gig"  # a gig id: 3 or #3
    STAGE = "stage"
    STEP = "step"
    PLATFORM = "platform"
    DURATION = "duration"  # 90m, 12h, 3d, 2w, 3日, 1週間
    TIME = "time"  # a past instant: 2026-11-20, 11/20, 昨日, 3日前, or a duration meaning "that long ago"
    DEADLINE = "deadline"  # a future instant: 11/20 is the next 20 November, a duration is from now
    NUMBER = "number"  # a non-negative number
    WORKED = "worked"  # time worked, in hours: 2.5, or a span such as 90m, 2h, 2時間
    CHOICE = "choice"  # one of `choices`
    FLAG = "flag"  # a literal word (its own name), e.g. `confirm`
    TZ = "tz"
    LANG = "lang"
    HOURS = "hours"
    DAYS = "days"
    HOLIDAYS = "holidays"
    OFFSET = "offset"  # 3bd, 7d, termination_request+7d or `default`
    PAY_BY = "pay_by"  # the agreed payment date (a deadline: 12/31 is the next one), or `none`
    CHANNEL = "channel"  # a channel of the workspace: `#name`, or the platform's channel mention


class Group(StrEnum):
    """Where a command belongs, as people think of it. Organiser commands are marked `admin` instead."""

    GIGS = "gigs"  # adding, listing and showing gigs, and what the user and the client did
    STAGE = "stage"  # moving a gig to another stage
    RECORDS = "records"  # hours, scope changes, the evidence timeline, money
    CLIENTS = "clients"  # checking messages and clients, reporting clients
    ACCOUNT = "account"  # the user's settings and data


@dataclass(frozen=True, slots=True)
class Arg:
    """One argument. Positional ones are matched in order; keyword ones are written `name:value`."""

    name: str
    type: ArgType
    required: bool = False
    keyword: bool = False
    greedy: bool = False  # a positional text that takes every remaining positional word
    # A command's only positional argument: the rest of the line as written (pasted text), after or before
    # the command's own `key:value` options.
    verbatim: bool = False
    choices: tuple[str, ...] = ()  # codes of `vocab` the argument allows (all of them unless narrowed)
    max_len: int = 200
    vocab: Vocab | None = None  # a choice: its words in every language come from the catalogs
    hint: str | None = None  # the catalog key of how to write it, when its type's hint does not fit
    clearable: bool = False  # a number that `none` clears (a fee no longer known): text on Discord
    help: str | None = None  # the catalog key of its description, when the name's does not fit

    @property
    def help_key(self) -> str:
        return self.help or f"arg.{self.name}"

    @property
    def hint_key(self) -> str:
        return self.hint or f"hint.{self.type}"


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    args: tuple[Arg, ...] = ()
    admin: bool = False  # community organisers only
    group: Group = Group.GIGS

    @property
    def help_key(self) -> str:
        return f"help.{self.name}"

    def arg(self, name: str) -> Arg | None:
        return next((a for a in self.args if a.name == name), None)


def _gig() -> Arg:
    return Arg("id", ArgType.GIG, required=True)


def _note(required: bool = False, name: str = "note") -> Arg:
    return Arg(name, ArgType.TEXT, required=required, greedy=True, max_len=1000)


def _choice(
    name: str, vocab: Vocab, type_: ArgType = ArgType.CHOICE, *, required: bool = False, keyword: bool = False
) -> Arg:
    """An argument whose value is one code of a vocabulary, written in any of its words."""
    return Arg(name, type_, required=required, keyword=keyword, choices=codes(vocab), vocab=vocab)


def _draft_lang() -> Arg:
    """`lang:` of a gig: the language of its drafts to the client (in settings, of the user's messages)."""
    return replace(_choice("lang", Vocab.LANG, ArgType.LANG, keyword=True), help="arg.draft_lang")


def _export_format() -> Arg:
    """`/gig export csv`: every gig as one spreadsheet (the only format that fits many gigs)."""
    return Arg(
        "format",
        ArgType.CHOICE,
        required=True,
        choices=("csv",),
        vocab=Vocab.FORMAT,
        hint="hint.export_format",
        help="arg.export_format",
    )


STAGE_NAMES = codes(Vocab.STAGE)
STAGE_SHORTCUTS = {
    "funded": Stage.FUNDED,
    "delivered": Stage.DELIVERED,
    "accepted": Stage.ACCEPTED,
    "terminate": Stage.TERMINATED,
    "withdraw": Stage.WITHDRAWN,
}
# A stage shortcut's own options besides the id and the note: when it happened, or a confirmation
# (reopening a closed gig, terminating after delivery).
_CONFIRM = Arg("confirm", ArgType.FLAG)
_SHORTCUT_ARGS = {
    "funded": (Arg("since", ArgType.TIME, keyword=True), _CONFIRM),
    "delivered": (Arg("since", ArgType.TIME, keyword=True), _CONFIRM),
    "accepted": (_CONFIRM,),
    "terminate": (_CONFIRM,),
    "move": (_CONFIRM,),
}

GRAMMAR: tuple[CommandSpec, ...] = (
    CommandSpec(
        "add",
        (
            Arg("title", ArgType.TEXT, required=True, greedy=True, max_len=200),
            Arg("client", ArgType.TEXT, required=True, keyword=True, max_len=100),
            _choice("platform", Vocab.PLATFORM, ArgType.PLATFORM, keyword=True),
            _choice("stage", Vocab.STAGE, ArgType.STAGE, keyword=True),
            Arg("since", ArgType.TIME, keyword=True),
            Arg("amount", ArgType.NUMBER, keyword=True, hint="hint.amount"),
            Arg("rate", ArgType.NUMBER, keyword=True, hint="hint.rate"),
            Arg("url", ArgType.URL, keyword=True, max_len=500),
            Arg("pay_by", ArgType.PAY_BY, keyword=True, max_len=40),
            _choice("funded", Vocab.YESNO, keyword=True),
            _choice("currency", Vocab.CURRENCY, keyword=True),
            _draft_lang(),
        ),
    ),
    CommandSpec(
        "list", (Arg("all", ArgType.FLAG), Arg("page", ArgType.NUMBER, keyword=True, hint="hint.page"))
    ),
    CommandSpec("show", (_gig(),)),
    CommandSpec("heard", (_gig(), _note())),
    CommandSpec("sent", (_gig(), _note())),
    CommandSpec(
        "move",
        (
            _gig(),
            _choice("stage", Vocab.STAGE, ArgType.STAGE, required=True),
            *_SHORTCUT_ARGS["move"],
            _note(),
        ),
        group=Group.STAGE,
    ),
    *(
        CommandSpec(name, (_gig(), *_SHORTCUT_ARGS.get(name, ()), _note()), group=Group.STAGE)
        for name in STAGE_SHORTCUTS
    ),
    CommandSpec(
        "paid",
        (
            _gig(),
            Arg("amount", ArgType.NUMBER, keyword=True, hint="hint.amount_paid", help="arg.amount_paid"),
            _note(),
        ),
        group=Group.RECORDS,
    ),
    CommandSpec(
        "terms",
        (
            _gig(),
            Arg("work", ArgType.TEXT, keyword=True, max_len=300),
            Arg("fee", ArgType.NUMBER, keyword=True, hint="hint.amount"),
            Arg("pay_by", ArgType.PAY_BY, keyword=True, max_len=40),
            Arg("deliver_by", ArgType.DEADLINE, keyword=True, max_len=40),
            Arg("inspect_by", ArgType.DEADLINE, keyword=True, max_len=40),
            Arg("method", ArgType.TEXT, keyword=True, max_len=100),
            Arg("place", ArgType.TEXT, keyword=True, max_len=200),
        ),
        group=Group.RECORDS,
    ),
    CommandSpec("money", group=Group.RECORDS),
    CommandSpec(
        "done",
        (
            _gig(),
            _choice("step", Vocab.STEP, ArgType.STEP, required=True),
            _note(),
        ),
    ),
    CommandSpec("snooze", (_gig(), Arg("duration", ArgType.DURATION, required=True))),
    CommandSpec(
        "log",
        (
            _gig(),
            Arg("hours", ArgType.WORKED, required=True, hint="hint.hours_logged", help="arg.hours_worked"),
            _note(),
        ),
        group=Group.RECORDS,
    ),
    CommandSpec("change", (_gig(), _note(required=True, name="description")), group=Group.RECORDS),
    CommandSpec(
        "edit",
        (
            _gig(),
            Arg("title", ArgType.TEXT, keyword=True, max_len=200),
            Arg("client", ArgType.TEXT, keyword=True, max_len=100),
            _choice("platform", Vocab.PLATFORM, ArgType.PLATFORM, keyword=True),
            # `add` leaves a fee or rate unknown when not given, so an edit may make it unknown again
            Arg("amount", ArgType.NUMBER, keyword=True, hint="hint.amount_edit", clearable=True),
            Arg("rate", ArgType.NUMBER, keyword=True, hint="hint.rate_edit", clearable=True),
            Arg("url", ArgType.URL, keyword=True, max_len=500),
            _choice("currency", Vocab.CURRENCY, keyword=True),
            _draft_lang(),
        ),
        group=Group.RECORDS,
    ),
    CommandSpec("delete", (_gig(), _CONFIRM), group=Group.RECORDS),
    CommandSpec("rating", (_gig(),), group=Group.RECORDS),
    CommandSpec("timeline", (_gig(), _choice("format", Vocab.FORMAT)), group=Group.RECORDS),
    CommandSpec("export", (_export_format(),), group=Group.ACCOUNT),
    CommandSpec(
        "settings",
        (
            Arg("tz", ArgType.TZ, keyword=True, max_len=64),
            _choice("lang", Vocab.LANG, ArgType.LANG, keyword=True),
            Arg("hours", ArgType.HOURS, keyword=True),
            Arg("days", ArgType.DAYS, keyword=True),
            Arg("holidays", ArgType.HOLIDAYS, keyword=True, max_len=10),
            _choice("platform", Vocab.PLATFORM, ArgType.PLATFORM, keyword=True),
            _choice("weekly", Vocab.SWITCH, keyword=True),
            *(Arg(code, ArgType.OFFSET, keyword=True, max_len=40) for code in settable_step_codes()),
        ),
        group=Group.ACCOUNT,
    ),
    CommandSpec("calendar", (_choice("action", Vocab.FEED),), group=Group.ACCOUNT),
    CommandSpec("help", (Arg("command", ArgType.TEXT, max_len=40),)),
    CommandSpec("forget-me", (Arg("confirm", ArgType.FLAG),), group=Group.ACCOUNT),
    # Protection and community (bot/service/protection.py, bot/service/community.py).
    CommandSpec(
        "check",
        (
            Arg("text", ArgType.TEXT, required=True, verbatim=True, max_len=10_000),
            # the gig the message is about: its platform and facts (funded, delivered) decide the advice
            Arg("gig", ArgType.GIG, keyword=True, help="arg.check_gig"),
        ),
        group=Group.CLIENTS,
    ),
    CommandSpec(
        "vet",
        (
            Arg("client", ArgType.TEXT, required=True, greedy=True, max_len=100),
            _choice("verified", Vocab.YESNO, keyword=True),
            Arg("rating", ArgType.NUMBER, keyword=True, hint="vethint.rating"),
            Arg("projects", ArgType.NUMBER, keyword=True, hint="vethint.projects"),
            Arg("auto_ratings", ArgType.NUMBER, keyword=True, hint="vethint.auto_ratings"),
            Arg("reply_hours", ArgType.NUMBER, keyword=True, hint="vethint.reply_hours"),
        ),
        group=Group.CLIENTS,
    ),
    CommandSpec(
        "report",
        (
            Arg("client", ArgType.TEXT, required=True, max_len=100),
            _choice("reason", Vocab.REASON, required=True),
            Arg("gig", ArgType.GIG, keyword=True),
        ),
        group=Group.CLIENTS,
    ),
    CommandSpec("reports", (Arg("client", ArgType.TEXT, greedy=True, max_len=100),), admin=True),
    CommandSpec(
        "unreport", (Arg("report", ArgType.NUMBER, required=True, hint="hint.report_id"),), admin=True
    ),
    CommandSpec(
        "digest",
        (
            Arg("channel", ArgType.CHANNEL, required=True, max_len=100),
            _choice("cadence", Vocab.CADENCE),
        ),
        admin=True,
    ),
    CommandSpec(
        "incoming",
        (
            _gig(),
            _choice("request", Vocab.REQUEST, required=True),
            Arg("since", ArgType.TIME, keyword=True),
            Arg("answered", ArgType.FLAG),
        ),
    ),
    CommandSpec(
        "settle",
        (
            _gig(),
            Arg("rate", ArgType.NUMBER, keyword=True, hint="hint.rate"),
            Arg("amount", ArgType.NUMBER, keyword=True, hint="hint.amount"),
        ),
        group=Group.RECORDS,
    ),
)


def command(name: str) -> CommandSpec | None:
    return next((c for c in GRAMMAR if c.name == name), None)


def command_names() -> tuple[str, ...]:
    return tuple(c.name for c in GRAMMAR)


def usage(spec: CommandSpec, lang: str = "en") -> str:
    """`/gig add TITLE client:CLIENT [platform:P] ...`, written from the grammar itself; the
    placeholders in `lang` (`/gig add タイトル client:クライアント名 ...`)."""
    parts = [f"/gig {spec.name}"]
    for arg in spec.args:
        if arg.type is ArgType.OFFSET:
            step = i18n.first(lang, ("metavar.step",)) or "STEP"
            offset = i18n.first(lang, ("metatype.offset",)) or "OFFSET"
            text = f"{step}:{offset}"  # one per ladder step: written once, as the help explains
            if f"[{text}]" in parts:
                continue
        elif arg.type is ArgType.FLAG:
            text = arg.name
        else:
            meta = "|".join(arg.choices) if arg.choices and len(arg.choices) <= 4 else None
            meta = meta or i18n.first(lang, (f"metavar.{arg.name}", f"metatype.{arg.type}")) or arg.name
            text = f"{arg.name}:{meta}" if arg.keyword else meta
        parts.append(text if arg.required else f"[{text}]")
    return " ".join(parts)
