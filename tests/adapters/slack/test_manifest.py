"""The app manifest creates everything the adapter uses, in one paste."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.adapters.slack.conftest import Slack
from tests.adapters.slack.test_buttons import reminder_for

MANIFEST = Path(__file__).parents[3] / "adapters" / "slack" / "manifest.yml"
# The bot scope each Web API method the adapter calls needs (None: no scope).
METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "users.info": "users:read",
    "conversations.open": "im:write",
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "views.open": None,
    "views.publish": None,
}


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MANIFEST.read_text("utf-8"))
    return data


def test_the_manifest_sets_up_the_command_tabs_events_and_socket_mode() -> None:
    data = manifest()
    features, settings = data["features"], data["settings"]

    assert [c["command"] for c in features["slash_commands"]] == ["/gig"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["app_home"]["messages_tab_read_only_enabled"] is False
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert len(data["display_information"]["description"]) <= 140
    assert 175 <= len(data["display_information"]["long_description"]) <= 4000


async def test_every_web_api_method_the_adapter_calls_is_covered_by_a_scope(slack: Slack) -> None:
    """A full tour (a command in the app's DM, a reminder, a button, the form, the Home tab)."""
    await slack.command("list", channel="D0001")
    await slack.interact(slack.press(await reminder_for(slack), "heard"))
    await slack.command("add")

    called = {c.method for c in slack.fake.calls if c.method != "response_url"}
    assert called == set(METHOD_SCOPES), "a new method needs its scope checked here"
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert {s for s in METHOD_SCOPES.values() if s} | {"commands"} == scopes
