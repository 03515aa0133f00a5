"""The simulator's input: JSON Lines of commands, settings and the end, in time order.

A command line may carry `"admin": true`: its user runs it as a workspace admin (a Slack admin or owner,
a Discord member with Manage Server), as admin-only commands such as `/gig digest` require."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


class ScriptError(ValueError):
    """A script line the simulator cannot run; says which line and why."""


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    line: int
    user: str | None = None
    text: str | None = None
    end: bool = False
    admin: bool = False


def _quote(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


def read_script(lines: Iterable[str]) -> list[Step]:
    steps: list[Step] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(raw)
            at = datetime.fromisoformat(item["at"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ScriptError(f"line {number}: not a script object with an ISO-8601 'at' ({exc})") from None
        if at.tzinfo is None:
            raise ScriptError(f"line {number}: 'at' needs a UTC offset, e.g. +09:00")
        if steps and at < steps[-1].at:
            raise ScriptError(f"line {number}: time goes backwards")
        if steps and steps[-1].end:
            raise ScriptError(f"line {number}: comes after the end line")
        if item.get("end"):
            steps.append(Step(at, number, end=True))
            continue
        user = item.get("user")
        if not isinstance(user, str) or not user:
            raise ScriptError(f"line {number}: needs a 'user'")
        if isinstance(item.get("text"), str):
            text = item["text"]
        elif isinstance(item.get("settings"), dict):
            text = "settings " + " ".join(f"{k}:{_quote(str(v))}" for k, v in item["settings"].items())
        else:
            raise ScriptError(f"line {number}: needs 'text', 'settings' or 'end'")
        admin = item.get("admin", False)
        if not isinstance(admin, bool):
            raise ScriptError(f"line {number}: 'admin' is true or false")
        steps.append(Step(at, number, user, text, admin=admin))
    if not steps or not steps[-1].end:
        raise ScriptError('the last line must be {"at": ..., "end": true}')
    return steps
