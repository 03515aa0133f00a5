"""The app manifest creates everything the adapter uses, in one paste; `gigwatch manifest slack` prints it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.cli import main
from adapters.slack.app import CHECK_CALLBACK, EVENTS_PATH
from adapters.slack.manifest import manifest
from tests.adapters.slack.conftest import OWNER, Slack
from tests.adapters.slack.test_buttons import reminder_for
from tests.adapters.slack.test_messages import dm_message, shortcut

# The bot scope each Web API method the adapter calls needs (None: no scope).
METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "users.info": "users:read",
    "conversations.open": "im:write",
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "views.open": None,
    "views.update": None,
    "views.publish": None,
}
# The bot scope each event the adapter listens to needs.
EVENT_SCOPES = {"app_home_opened": None, "message.im": "im:history"}


def test_the_manifest_sets_up_the_command_tabs_shortcut_events_and_socket_mode() -> None:
    data = manifest()
    features, settings = data["features"], data["settings"]

    assert [c["command"] for c in features["slash_commands"]] == ["/gig"]
    assert features["slash_commands"][0]["should_escape"] is False, "text arrives as typed"
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["app_home"]["messages_tab_read_only_enabled"] is False, "people type commands there"
    (check,) = features["shortcuts"]
    assert (check["type"], check["callback_id"], check["name"]) == (
        "message",
        CHECK_CALLBACK,
        "Check for scam signs",
    )
    assert len(check["description"]) <= 150
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert sorted(settings["event_subscriptions"]["bot_events"]) == sorted(EVENT_SCOPES)
    assert len(data["display_information"]["description"]) <= 140
    assert 175 <= len(data["display_information"]["long_description"]) <= 4000


def test_http_mode_sends_every_request_to_the_events_path() -> None:
    data = manifest("https://gigwatch.example.com")
    url = f"https://gigwatch.example.com{EVENTS_PATH}"
    assert data["settings"]["socket_mode_enabled"] is False
    assert data["settings"]["event_subscriptions"]["request_url"] == url
    assert data["settings"]["interactivity"]["request_url"] == url
    assert data["features"]["slash_commands"][0]["url"] == url
    assert manifest(url) == data


def test_gigwatch_manifest_slack_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "slack"]) == 0
    assert json.loads(capsys.readouterr().out) == manifest()
    assert main(["manifest", "slack", "--url", "https://h.example"]) == 0
    assert json.loads(capsys.readouterr().out) == manifest("https://h.example")


async def test_every_web_api_method_and_event_the_adapter_uses_is_covered_by_a_scope(slack: Slack) -> None:
    """A full tour: a command in the app's DM, text typed there, the shortcut, a reminder, a button,
    the form (opened, then corrected to the person's language), the Home tab, a file."""
    slack.fake.locales[OWNER] = "ja-JP"
    await slack.command("list", channel="D0001")
    await slack.event(dm_message("help"))
    await slack.interact(shortcut(slack, "Is this a scam?"))
    await slack.interact(slack.press(await reminder_for(slack), "heard"))
    await slack.command("add", user="U0009")  # opened in the workspace's usual Japanese, then English
    await slack.command("export csv")  # a document: shared as a file

    # `upload` is the upload URL Slack hands out (files.getUploadURLExternal), not a Web API method.
    called = {c.method for c in slack.fake.calls if c.method not in ("response_url", "upload")}
    assert called == set(METHOD_SCOPES), "a new method needs its scope checked here"
    scopes: set[Any] = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = {s for s in (*METHOD_SCOPES.values(), *EVENT_SCOPES.values()) if s}
    assert needed | {"commands"} == scopes
