"""What the bot says, as structure: adapters lay it out (Block Kit, embeds, plain text).

Texts here are already localised; the core fills them from the catalogs."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from bot.i18n import catalog as i18n


class Kind(StrEnum):
    REPLY = "reply"
    ERROR = "error"
    REMINDER = "reminder"
    WARNING = "warning"
    DIGEST = "digest"
    PLAN = "plan"  # the weekly plan


@dataclass(frozen=True, slots=True)
class Action:
    """A button: pressing it runs `command` through the grammar as the message's recipient."""

    key: str  # heard, done, snooze_<preset>, open
    label: str
    command: str


@dataclass(frozen=True, slots=True)
class Message:
    kind: Kind
    lang: str
    body: str  # the main text: what happened and what to do now
    title: str | None = None
    draft: str | None = None  # a ready-to-paste message to the client
    gig: int | None = None
    step: str | None = None
    actions: tuple[Action, ...] = ()
    flags: tuple[str, ...] | None = None  # red-flag codes of a checked text; None: not a check
    attachment: str | None = None  # e.g. a CSV or JSON timeline, shown as a file where the platform can
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The plain-text rendering used by the console and the simulator (without the marks of
        what people typed: see bot.i18n.catalog.literal)."""
        parts = [p for p in (self.title, self.body) if p]
        if self.draft:
            parts.append(f"{i18n.t(self.lang, 'draft.label')}\n{self.draft}")
        if self.attachment:
            parts.append(self.attachment)
        return i18n.plain("\n\n".join(parts))

    def to_json(self) -> dict[str, Any]:
        """Field by field: dataclasses.asdict deep-copies, a cost the engine paid once per reminder."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["kind"] = self.kind.value
        data["actions"] = [{"key": a.key, "label": a.label, "command": a.command} for a in self.actions]
        data["flags"] = None if self.flags is None else list(self.flags)
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Message:
        return cls(
            kind=Kind(data["kind"]),
            lang=data["lang"],
            body=data["body"],
            title=data.get("title"),
            draft=data.get("draft"),
            gig=data.get("gig"),
            step=data.get("step"),
            actions=tuple(Action(**a) for a in data.get("actions", ())),
            flags=None if data.get("flags") is None else tuple(data["flags"]),
            attachment=data.get("attachment"),
            extra=dict(data.get("extra", {})),
        )
