"""The one declarative command grammar. Slack text and console lines are parsed by it;
Discord's typed options are generated from it; help text is keyed from it.

Each command belongs to a `Group`: how people think of it (their gigs, a gig's stage, the records
of the work, clients, their account). Platforms that cannot list every command in one place
(Discord: one top-level command per group) lay the commands out by it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.ladder import PLATFORMS, all_step_codes
from bot.domain.stages import Stage
from bot.protection.clients import REASONS
from bot.protection.deadlines import OWN_STEPS, request_names


class ArgType(StrEnum):
    TEXT = "text"  # a string (quoted when it has spaces)
    GIG = "gig"  # a gig id: 3 or #3
    STAGE = "stage"
    STEP = "step"
    PLATFORM = "platform"
    DURATION = "duration"  # 90m, 12h, 3d, 2w
    TIME = "time"  # 2026-11-20, 2026-11-20T15:00, or a duration meaning "that long ago"
    NUMBER = "number"  # a non-negative number
    CHOICE = "choice"  # one of `choices`
    FLAG = "flag"  # a literal word (its own name), e.g. `confirm`
    TZ = "tz"
    LANG = "lang"
    HOURS = "hours"
    DAYS = "days"
    HOLIDAYS = "holidays"
    OFFSET = "offset"  # 3bd, 7d, termination_request+7d or `default`
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
    verbatim: bool = False  # a command's only argument: the rest of the line as written (pasted text)
    choices: tuple[str, ...] = ()
    max_len: int = 200

    @property
    def help_key(self) -> str:
        return f"arg.{self.name}"


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


STAGE_NAMES = tuple(s.value for s in Stage)
STAGE_SHORTCUTS = {
    "funded": Stage.FUNDED,
    "delivered": Stage.DELIVERED,
    "accepted": Stage.ACCEPTED,
    "terminate": Stage.TERMINATED,
    "withdraw": Stage.WITHDRAWN,
}

GRAMMAR: tuple[CommandSpec, ...] = (
    CommandSpec(
        "add",
        (
            Arg("title", ArgType.TEXT, required=True, greedy=True, max_len=200),
            Arg("client", ArgType.TEXT, required=True, keyword=True, max_len=100),
            Arg("platform", ArgType.PLATFORM, keyword=True, choices=PLATFORMS),
            Arg("stage", ArgType.STAGE, keyword=True, choices=STAGE_NAMES),
            Arg("since", ArgType.TIME, keyword=True),
            Arg("amount", ArgType.NUMBER, keyword=True),
            Arg("rate", ArgType.NUMBER, keyword=True),
            Arg("url", ArgType.TEXT, keyword=True, max_len=500),
        ),
    ),
    CommandSpec("list", (Arg("all", ArgType.FLAG),)),
    CommandSpec("show", (_gig(),)),
    CommandSpec("heard", (_gig(), _note())),
    CommandSpec("sent", (_gig(), _note())),
    CommandSpec(
        "move",
        (_gig(), Arg("stage", ArgType.STAGE, required=True, choices=STAGE_NAMES), _note()),
        group=Group.STAGE,
    ),
    *(
        CommandSpec(
            name,
            (_gig(), *((Arg("confirm", ArgType.FLAG),) if name == "terminate" else ()), _note()),
            group=Group.STAGE,
        )
        for name in STAGE_SHORTCUTS
    ),
    CommandSpec(
        "done",
        (
            _gig(),
            Arg("step", ArgType.STEP, required=True, choices=(*all_step_codes(), *sorted(OWN_STEPS))),
            _note(),
        ),
    ),
    CommandSpec("snooze", (_gig(), Arg("duration", ArgType.DURATION, required=True))),
    CommandSpec("log", (_gig(), Arg("hours", ArgType.NUMBER, required=True), _note()), group=Group.RECORDS),
    CommandSpec("change", (_gig(), _note(required=True, name="description")), group=Group.RECORDS),
    CommandSpec(
        "timeline",
        (_gig(), Arg("format", ArgType.CHOICE, choices=("md", "csv", "json"))),
        group=Group.RECORDS,
    ),
    CommandSpec(
        "settings",
        (
            Arg("tz", ArgType.TZ, keyword=True, max_len=64),
            Arg("lang", ArgType.LANG, keyword=True, choices=("ja", "en")),
            Arg("hours", ArgType.HOURS, keyword=True),
            Arg("days", ArgType.DAYS, keyword=True),
            Arg("holidays", ArgType.HOLIDAYS, keyword=True, max_len=10),
            Arg("platform", ArgType.PLATFORM, keyword=True, choices=PLATFORMS),
            *(Arg(code, ArgType.OFFSET, keyword=True, max_len=40) for code in all_step_codes()),
        ),
        group=Group.ACCOUNT,
    ),
    CommandSpec("help", (Arg("command", ArgType.TEXT, max_len=40),)),
    CommandSpec("forget-me", (Arg("confirm", ArgType.FLAG),), group=Group.ACCOUNT),
    # Protection and community (bot/service/protection.py, bot/service/community.py).
    CommandSpec(
        "check",
        (Arg("text", ArgType.TEXT, required=True, verbatim=True, max_len=10_000),),
        group=Group.CLIENTS,
    ),
    CommandSpec(
        "vet",
        (
            Arg("client", ArgType.TEXT, required=True, greedy=True, max_len=100),
            Arg("verified", ArgType.CHOICE, keyword=True, choices=("yes", "no")),
            Arg("rating", ArgType.NUMBER, keyword=True),
            Arg("projects", ArgType.NUMBER, keyword=True),
            Arg("auto_ratings", ArgType.NUMBER, keyword=True),
            Arg("reply_hours", ArgType.NUMBER, keyword=True),
        ),
        group=Group.CLIENTS,
    ),
    CommandSpec(
        "report",
        (
            Arg("client", ArgType.TEXT, required=True, max_len=100),
            Arg("reason", ArgType.CHOICE, required=True, choices=REASONS),
            Arg("gig", ArgType.GIG, keyword=True),
        ),
        group=Group.CLIENTS,
    ),
    CommandSpec("reports", (Arg("client", ArgType.TEXT, greedy=True, max_len=100),), admin=True),
    CommandSpec("unreport", (Arg("report", ArgType.NUMBER, required=True),), admin=True),
    CommandSpec(
        "digest",
        (
            Arg("channel", ArgType.CHANNEL, required=True, max_len=100),
            Arg("cadence", ArgType.CHOICE, choices=("weekly", "off")),
        ),
        admin=True,
    ),
    CommandSpec(
        "incoming",
        (
            _gig(),
            Arg("request", ArgType.CHOICE, required=True, choices=request_names()),
            Arg("since", ArgType.TIME, keyword=True),
            Arg("answered", ArgType.FLAG),
        ),
    ),
    CommandSpec(
        "settle",
        (_gig(), Arg("rate", ArgType.NUMBER, keyword=True), Arg("amount", ArgType.NUMBER, keyword=True)),
        group=Group.RECORDS,
    ),
)


def command(name: str) -> CommandSpec | None:
    return next((c for c in GRAMMAR if c.name == name), None)


def command_names() -> tuple[str, ...]:
    return tuple(c.name for c in GRAMMAR)


_METAVARS = {
    ArgType.GIG: "ID",
    ArgType.DURATION: "DURATION",
    ArgType.TIME: "TIME",
    ArgType.NUMBER: "N",
}


def usage(spec: CommandSpec) -> str:
    """`/gig add TITLE client:NAME [platform:P] ...`, written from the grammar itself."""
    parts = [f"/gig {spec.name}"]
    for arg in spec.args:
        if arg.type is ArgType.FLAG:
            text = arg.name
        else:
            meta = "|".join(arg.choices) if arg.choices and len(arg.choices) <= 4 else None
            meta = meta or _METAVARS.get(arg.type) or arg.name.upper()
            text = f"{arg.name}:{meta}" if arg.keyword else meta
        parts.append(text if arg.required else f"[{text}]")
    return " ".join(parts)
