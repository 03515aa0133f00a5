"""Turns domain events into localised Messages: reminders with drafts and buttons, replies, errors."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from bot.commands.grammar import command, usage
from bot.delivery import channel_label, failure_reason_key
from bot.i18n import catalog as i18n
from bot.messages import Action, Kind, Message
from bot.ports import GigRecord, UserRecord

PLATFORM_NAMES = {
    "en": {"crowdworks": "CrowdWorks", "lancers": "Lancers", "upwork": "Upwork", "direct": "the client"},
    "ja": {
        "crowdworks": "クラウドワークス",
        "lancers": "ランサーズ",
        "upwork": "Upwork",
        "direct": "クライアント",
    },
}


def gig_params(user: UserRecord, gig: GigRecord, now: datetime) -> dict[str, Any]:
    """Placeholders every gig text may use."""
    lang = user.language
    since = gig.waiting_since or gig.stage_since
    return {
        "gig": gig.number,
        "title": gig.title,
        "client": gig.client,
        "platform": PLATFORM_NAMES.get(lang, PLATFORM_NAMES["en"]).get(gig.platform, gig.platform),
        "since": i18n.day(lang, since, user.tz),
        "days": max(0, (now - since).days),
        "stage": i18n.t(lang, f"stage.{gig.stage}"),
    }


# Every button a reminder can carry, in display order; own deadlines offer only what fits them.
REMINDER_BUTTONS = ("heard", "done", "snooze_1d", "snooze_3d", "open")


def reminder(
    user: UserRecord,
    gig: GigRecord,
    step: str,
    variant: str | None,
    now: datetime,
    deadline: datetime | None = None,
    *,
    family: str = "step",
    buttons: tuple[str, ...] = REMINDER_BUTTONS,
) -> Message:
    """A reminder: what happened, what to do now, a ready draft, and buttons.

    Texts are `<family>.<step>[.<variant>].<part>`: `step` for the ladder, `own` for the user's own
    platform deadlines; a variant (a platform's or a request's wording) overrides the generic text.
    """
    lang = user.language
    params = gig_params(user, gig, now)
    params["deadline"] = i18n.when(lang, deadline, user.tz) if deadline else ""

    def part(name: str) -> str | None:
        keys = (f"{family}.{step}.{variant}.{name}",) if variant else ()
        return i18n.first(lang, (*keys, f"{family}.{step}.{name}"), **params)

    return Message(
        kind=Kind.REMINDER,
        lang=lang,
        title=part("title"),
        body=part("body") or "",
        draft=part("draft"),
        gig=gig.number,
        step=step,
        actions=reminder_actions(lang, gig.number, step, buttons),
    )


@lru_cache(maxsize=8192)
def reminder_actions(
    lang: str, number: int, step: str, buttons: tuple[str, ...] = REMINDER_BUTTONS
) -> tuple[Action, ...]:
    """A reminder's buttons; cached, since a tick composes thousands and they repeat per gig and step."""
    commands = {
        "heard": f"heard {number}",
        "done": f"done {number} {step}",
        "snooze_1d": f"snooze {number} 1d",
        "snooze_3d": f"snooze {number} 3d",
        "open": f"show {number}",
    }
    return tuple(Action(key, i18n.t(lang, f"action.{key}"), commands[key]) for key in buttons)


def say(
    lang: str,
    kind: Kind,
    key: str,
    /,
    *,
    gig: int | None = None,
    step: str | None = None,
    draft: str | None = None,
    **params: Any,
) -> Message:
    body = i18n.t(lang, key, gig=gig, **params)
    return Message(kind=kind, lang=lang, body=body, gig=gig, step=step, draft=draft)


def channel_failed(lang: str, address: str, code: str | None) -> Message:
    """Why a post in a channel (the digest, or its first notice) did not arrive, for the admin who
    asked for it."""
    return say(
        lang,
        Kind.WARNING,
        "reply.channel_failed",
        channel=channel_label(address),
        reason=i18n.t(lang, failure_reason_key(code)),
    )


def error(lang: str, key: str, params: dict[str, Any]) -> Message:
    """A refused command, with a hint on how to write it where the error names one.

    A refusal keyed `warning.CODE` (terminate after delivery) is a warning about the gig, `step` = CODE:
    like any refusal it changes and stores nothing until the user repeats the command as told."""
    params = dict(params)
    if "hint" in params:
        params["hint"] = i18n.t(lang, params["hint"], **{k: v for k, v in params.items() if k != "hint"})
    spec = command(str(params.get("command", "")))
    params["usage"] = usage(spec) if spec else ""
    body = i18n.t(lang, key, **{k: params.get(k, "") for k in i18n.placeholders(i18n.catalog(lang)[key])})
    if key.startswith("warning."):
        code = key.removeprefix("warning.")
        return Message(kind=Kind.WARNING, lang=lang, body=body, gig=params.get("gig"), step=code)
    return Message(kind=Kind.ERROR, lang=lang, body=body)
