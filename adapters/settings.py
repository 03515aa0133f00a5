"""Configuration from the environment and `.env` (pydantic-settings). Secrets are SecretStr and
never reach logs; `describe()` is what the start-up log may say."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.faults import RetryPolicy
from bot.pacing import Pacing
from bot.protection.clients import CommunityTerms
from storage.database import DEFAULT_URL, safe_url

_SHARDS = re.compile(r"^(?P<ids>\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)/(?P<count>[1-9]\d*)$")


@dataclass(frozen=True, slots=True)
class DiscordShards:
    """Which Discord gateway shards this instance connects (GIGWATCH_DISCORD_SHARDS).

    `N`: all N shards in this one process (`0`: as many as Discord recommends). `IDS/N`: only these
    of N shards (`0-1/4`, `2,3/4`): every shard must run in exactly one instance, so each
    interaction reaches exactly one. `none`: no gateway at all, only the REST API, to deliver the
    outbox. Unset (None here): one unsharded connection, one instance only. The command tree is
    synced by the instance holding shard 0 (or the only one).
    """

    count: int | None  # None: Discord's recommendation
    ids: tuple[int, ...] | None = None  # None: all of them
    gateway: bool = True

    @property
    def syncs_tree(self) -> bool:
        return self.gateway and (self.ids is None or 0 in self.ids)

    @classmethod
    def parse(cls, value: object) -> DiscordShards | None:
        if value is None or isinstance(value, DiscordShards):
            return value
        text = str(value).strip().lower()
        if text in ("", "unset"):
            return None
        if text == "none":
            return cls(count=None, gateway=False)
        if text.isdigit():
            return cls(count=int(text) or None)
        m = _SHARDS.match(text)
        if m is None:
            raise ValueError("use N, IDS/N (e.g. 0-1/4 or 2,3/4) or none")
        count = int(m["count"])
        ids: set[int] = set()
        for part in m["ids"].split(","):
            first, _, last = part.partition("-")
            ids.update(range(int(first), int(last or first) + 1))
        if max(ids) >= count:
            raise ValueError(f"shard ids must be below the shard count {count}")
        return cls(count=count, ids=tuple(sorted(ids)))


Shards = Annotated[DiscordShards | None, BeforeValidator(DiscordShards.parse)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GIGWATCH_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_URL
    log_format: str = Field("text", pattern="^(text|json)$")
    log_level: str = "INFO"
    log_file: str | None = (
        None  # log lines go to this file instead of stderr (the interactive console's default)
    )
    http_port: int | None = None  # /healthz and /metrics; Slack HTTP mode listens here too (default 3000)
    # Where the HTTP port is reached from outside (`https://gigwatch.example.com`): the calendar feed's
    # base URL. Unset: `/gig calendar` tells the user how an operator enables it.
    public_url: str | None = Field(None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    default_tz: str = "Asia/Tokyo"  # the time zone a new user starts with (they change it with settings)
    sweep_seconds: int = Field(60, ge=1, le=3600)  # the periodic safety sweep
    lease_seconds: int = Field(60, ge=2, le=3600)  # an outbox row left mid-send by a crash is resent after it
    outbox_retention_days: int = Field(30, ge=1, le=3650)  # delivered messages are kept this long
    outbox_prune_chunk: int = Field(1000, ge=1, le=100_000)  # rows pruned per short transaction
    # A command the database failed for a passing reason (busy, a dropped connection) is retried for
    # up to this long: well inside every platform's time for an answer after the acknowledgement.
    command_retry_seconds: int = Field(30, ge=0, le=600)
    command_retry_first_seconds: float = Field(0.2, gt=0, le=60)  # the first pause, doubling ...
    command_retry_cap_seconds: float = Field(4.0, gt=0, le=600)  # ... up to this
    sqlite_max_pages: int | None = Field(None, ge=1)  # cap the SQLite file (PRAGMA max_page_count)
    tick_batch: int = Field(500, ge=1, le=100_000)  # due steps claimed per engine transaction
    inline_grace_seconds: int = Field(60, ge=0, le=3600)  # a reply waits this long for its interaction
    # A send that failed for a passing reason is tried again after base * 2^attempt seconds (with
    # jitter) up to the cap, `send_max_attempts` times in all before it counts as failed.
    send_max_attempts: int = Field(8, ge=1, le=100)
    send_backoff_base_seconds: float = Field(2.0, gt=0, le=3600)
    send_backoff_cap_seconds: float = Field(900.0, gt=0, le=86_400)
    # Each platform's pacing (bot.pacing.Pacing): the gap between two messages to one channel or DM,
    # the rate and burst over the whole outlet, and the sends in flight at once. Slack: about one
    # message a second per channel, a few hundred a minute per workspace; Discord: 50 requests a
    # second per bot. A few sends in flight hide each call's latency. The console is never paced.
    slack_min_interval: float = Field(1.0, ge=0, le=3600)
    slack_rate: float = Field(5.0, gt=0, le=10_000)
    slack_burst: float | None = Field(10.0, ge=1)
    slack_concurrency: int = Field(4, ge=1, le=100)
    discord_min_interval: float = Field(1.0, ge=0, le=3600)
    discord_rate: float = Field(50.0, gt=0, le=10_000)
    discord_burst: float | None = Field(None, ge=1)  # unset: one second's worth of the rate
    discord_concurrency: int = Field(8, ge=1, le=100)
    # The community: reports shown once this many members made them; the weekly digest's day and hour.
    community_min_members: int = Field(2, ge=1, le=1000)
    digest_weekday: int = Field(0, ge=0, le=6)  # 0 = Monday
    digest_hour: int = Field(9, ge=0, le=23)

    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET")
    )
    slack_api_url: str | None = None  # GIGWATCH_SLACK_API_URL: a proxy, or a fake Web API in tests

    discord_token: SecretStr | None = Field(None, validation_alias=AliasChoices("DISCORD_TOKEN"))
    discord_guild_id: int | None = None  # GIGWATCH_DISCORD_GUILD_ID: sync commands to one guild (development)
    discord_shards: Shards = None  # GIGWATCH_DISCORD_SHARDS: see DiscordShards

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and (
            self.slack_app_token is not None or self.slack_signing_secret is not None
        )

    @property
    def discord_enabled(self) -> bool:
        return self.discord_token is not None

    @field_validator("default_tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use a name like Asia/Tokyo)") from exc
        return value

    @property
    def command_retry(self) -> RetryPolicy:
        return RetryPolicy(
            budget=timedelta(seconds=self.command_retry_seconds),
            first=self.command_retry_first_seconds,
            cap=self.command_retry_cap_seconds,
        )

    @property
    def pacing(self) -> dict[str, Pacing]:
        return {
            "slack": Pacing(
                self.slack_min_interval, self.slack_rate, self.slack_burst, self.slack_concurrency
            ),
            "discord": Pacing(
                self.discord_min_interval, self.discord_rate, self.discord_burst, self.discord_concurrency
            ),
        }

    @property
    def community(self) -> CommunityTerms:
        return CommunityTerms(self.community_min_members, self.digest_weekday, self.digest_hour)

    def describe(self) -> dict[str, object]:
        """The configuration as it may be logged: no token, no password."""
        return {
            "database": safe_url(self.database_url),
            "slack": ("socket" if self.slack_app_token else "http") if self.slack_enabled else "off",
            "discord": "on" if self.discord_enabled else "off",
            "http_port": self.http_port,
            "public_url": self.public_url,
            "default_tz": self.default_tz,
        }
