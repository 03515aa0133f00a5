"""gigwatch in Slack: `/gig`, DM reminders with buttons, the add modal and the App Home tab."""

from __future__ import annotations

from adapters.settings import Settings
from adapters.slack.adapter import SlackAdapter, build_app
from adapters.slack.app import EVENTS_PATH, SlackApp

__all__ = ["EVENTS_PATH", "SlackAdapter", "SlackApp", "build_app", "create_adapter"]


def create_adapter(settings: Settings) -> SlackAdapter:
    """The adapter the runtime starts: Socket Mode with SLACK_APP_TOKEN, else HTTP mode."""
    return SlackAdapter(settings)
