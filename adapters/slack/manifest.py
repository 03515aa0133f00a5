"""The Slack app manifest (adapters/slack/manifest.json): what creates the app with everything the
adapter uses, in one paste. `gigwatch manifest slack` prints it; with a public URL, for HTTP mode.

Why each part is there: `/gig` (the `commands` scope); the Home and Messages tabs; the message
shortcut "Check for scam signs"; `chat:write` (replies, reminders, digests in channels the bot was
invited to, updating a reminder after a button press); `files:write` (the evidence pack and the CSV
export arrive as files); `im:write` (conversations.open: the app's DM with a person); `im:history`
(the `message.im` event: text typed in the Messages tab); `users:read` (users.info: a person's
locale and whether they are an admin); `app_home_opened` (the Home tab).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from adapters.slack.app import EVENTS_PATH


def manifest(url: str | None = None) -> dict[str, Any]:
    """The manifest for Socket Mode, or for HTTP mode with Slack's requests sent to `url`
    (`https://host`, or the whole `https://host/slack/events`)."""
    data: dict[str, Any] = json.loads(
        resources.files("adapters.slack").joinpath("manifest.json").read_text("utf-8")
    )
    if url is None:
        return data
    endpoint = url if url.rstrip("/").endswith(EVENTS_PATH) else url.rstrip("/") + EVENTS_PATH
    settings = data["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = endpoint
    settings["interactivity"]["request_url"] = endpoint
    for command in data["features"]["slash_commands"]:
        command["url"] = endpoint
    return data
