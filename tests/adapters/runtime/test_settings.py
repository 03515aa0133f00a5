"""Every tunable is a setting read from its GIGWATCH_ variable, documented in docs/operations.md with
its default, and reaches the part it tunes; the default time zone is the one new users start with."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from adapters.settings import Settings
from bot.pacing import Pacing
from bot.protection.clients import CommunityTerms
from bot.service import Actor, Service
from storage import SqlStore
from tests.conftest import START

DOCS = Path(__file__).resolve().parents[3] / "docs" / "operations.md"


def variable(name: str) -> str:
    field = Settings.model_fields[name]
    alias = field.validation_alias
    return str(alias.choices[0]) if alias is not None else f"GIGWATCH_{name.upper()}"  # type: ignore[union-attr]


def documented() -> dict[str, str]:
    """The configuration reference: variable -> its documented default."""
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", DOCS.read_text(), flags=re.MULTILINE)
    return {name: default.strip() for name, default in rows}


def test_every_setting_is_documented_with_its_default() -> None:
    docs = documented()
    for name, field in Settings.model_fields.items():
        assert variable(name) in docs, name
        default = field.default
        shown = docs[variable(name)]
        if default is None:  # "unset", or whose default applies ("Slack's")
            assert not shown.startswith("`"), name
        elif isinstance(default, str | int | float) and name != "database_url":
            assert shown == f"`{default}`", (name, shown)


def test_the_tunables_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "GIGWATCH_TICK_BATCH": "200",
        "GIGWATCH_INLINE_GRACE_SECONDS": "30",
        "GIGWATCH_SEND_MAX_ATTEMPTS": "5",
        "GIGWATCH_SEND_BACKOFF_BASE_SECONDS": "1.5",
        "GIGWATCH_SEND_BACKOFF_CAP_SECONDS": "600",
        "GIGWATCH_COMMAND_RETRY_FIRST_SECONDS": "0.5",
        "GIGWATCH_COMMAND_RETRY_CAP_SECONDS": "2",
        "GIGWATCH_OUTBOX_PRUNE_CHUNK": "250",
        "GIGWATCH_SLACK_RATE": "2",
        "GIGWATCH_SLACK_BURST": "4",
        "GIGWATCH_DISCORD_CONCURRENCY": "3",
        "GIGWATCH_COMMUNITY_MIN_MEMBERS": "3",
        "GIGWATCH_DIGEST_WEEKDAY": "4",
        "GIGWATCH_DIGEST_HOUR": "17",
        "GIGWATCH_DEFAULT_TZ": "Europe/Berlin",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (s.tick_batch, s.inline_grace_seconds, s.outbox_prune_chunk) == (200, 30, 250)
    assert (s.send_max_attempts, s.send_backoff_base_seconds, s.send_backoff_cap_seconds) == (5, 1.5, 600)
    assert (s.command_retry.first, s.command_retry.cap) == (0.5, 2)
    assert s.command_retry.budget == timedelta(seconds=30)
    assert s.pacing == {
        "slack": Pacing(min_interval=1.0, rate=2.0, burst=4.0, concurrency=4),
        "discord": Pacing(min_interval=1.0, rate=50.0, burst=None, concurrency=3),
    }
    assert s.community == CommunityTerms(min_members=3, digest_weekday=4, digest_hour=17)
    assert s.default_tz == "Europe/Berlin"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("GIGWATCH_DEFAULT_TZ", "Mars/Olympus"),
        ("GIGWATCH_TICK_BATCH", "0"),
        ("GIGWATCH_DIGEST_HOUR", "24"),
        ("GIGWATCH_SLACK_RATE", "0"),
    ],
)
def test_a_bad_tunable_is_refused_at_start(monkeypatch: pytest.MonkeyPatch, key: str, value: str) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError, match=key.removeprefix("GIGWATCH_").lower()):
        Settings(_env_file=None)  # type: ignore[call-arg]


async def test_a_new_user_starts_in_the_default_time_zone(store: SqlStore) -> None:
    from bot.clock import VirtualClock

    service = Service(store, VirtualClock(START), default_tz="America/New_York")
    outcome = await service.execute(Actor("test", "nina", "nina"), '/gig add "LP" client:ACME')
    assert outcome.ok
    async with store.transaction() as tx:
        user = await tx.user("test", "nina")
    assert user is not None
    assert user.tz == "America/New_York"
