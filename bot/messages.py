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
    draft_lang: str | None = None  # the draft's language, when it is not the message's (the gig's)
    gig: int | None = None
    step: str | None = None
    actions: tuple[Action, ...] = ()
    flags: tuple[str, ...] | None = None  # red-flag codes of a checked text; None: not a check
    attachment: str | None = None  # e.g. a CSV or JSON timeline, shown as a file where the platform can
    extra: dict[str, Any] = field(default_factory=dict)

    def filename(self) -> str | None:
        """The file an export's body is (`extra["format"]`, named by `extra["file"]`): `gig-3.csv`,
        `gig-3-evidence.html`; None for a message that is not an export."""
        fmt, name = self.extra.get("format"), self.extra.get("file")
        if not (isinstance(fmt, str) and fmt.isalnum()):
            return None
        stem = f"gig-{self.gig}" if self.gig is not None else "gigwatch"
        if isinstance(name, str) and name.isalnum():
            stem = f"{stem}-{name}"
        return f"{stem}.{fmt}"

    @property
    def document(self) -> bool:
        """A whole document (the evidence pack, the CSV of every gig): a file on every platform that
        has files. Other exports are shown inline where the platform can show them (Slack)."""
        return self.filename() is not None and bool(self.extra.get("file"))

    def text(self) -> str:
        """The plain-text rendering used by the console and the simulator (without the marks of
        what people typed: see bot.i18n.catalog.literal)."""
        parts = [p for p in (self.title, self.body) if p]
        if self.draft:
            parts.append(f"{self.draft_label()}\n{self.draft}")
        if self.attachment:
            parts.append(self.attachment)
        return i18n.plain("\n\n".join(parts))

    def draft_label(self) -> str:
        """What introduces the draft, naming its language when the reader's is another."""
        if self.draft_lang is None or self.draft_lang == self.lang:
            return i18n.t(self.lang, "draft.label")
        return i18n.t(self.lang, "draft.label_in", lang=i18n.t(self.lang, f"langname.{self.draft_lang}"))

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
            draft_lang=data.get("draft_lang"),
            gig=data.get("gig"),
            step=data.get("step"),
            actions=tuple(Action(**a) for a in data.get("actions", ())),
            flags=None if data.get("flags") is None else tuple(data["flags"]),
            attachment=data.get("attachment"),
            extra=dict(data.get("extra", {})),
        )
