"""Configuration from the environment and `.env` (pydantic-settings). Secrets are SecretStr and
never reach logs; `describe()` is what the start-up log may say."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.database import DEFAULT_URL, safe_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GIGWATCH_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_URL
    log_format: str = Field("text", pattern="^(text|json)$")
    log_level: str = "INFO"
    log_file: str | None = (
        None  # log lines go to this file instead of stderr (the interactive console's default)
    )
    http_port: int | None = None  # /healthz and /metrics; Slack HTTP mode listens here too (default 3000)
    default_tz: str = "Asia/Tokyo"
    sweep_seconds: int = Field(60, ge=1, le=3600)  # the periodic safety sweep
    lease_seconds: int = Field(60, ge=2, le=3600)  # an outbox row left mid-send by a crash is resent after it
    outbox_retention_days: int = Field(30, ge=1, le=3650)  # delivered messages are kept this long

    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET")
    )
    slack_api_url: str | None = None  # GIGWATCH_SLACK_API_URL: a proxy, or a fake Web API in tests

    discord_token: SecretStr | None = Field(None, validation_alias=AliasChoices("DISCORD_TOKEN"))
    discord_guild_id: int | None = None  # GIGWATCH_DISCORD_GUILD_ID: sync commands to one guild (development)
    discord_shards: int | None = None  # GIGWATCH_DISCORD_SHARDS: use the auto-sharded client

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and (
            self.slack_app_token is not None or self.slack_signing_secret is not None
        )

    @property
    def discord_enabled(self) -> bool:
        return self.discord_token is not None

    def describe(self) -> dict[str, object]:
        """The configuration as it may be logged: no token, no password."""
        return {
            "database": safe_url(self.database_url),
            "slack": ("socket" if self.slack_app_token else "http") if self.slack_enabled else "off",
            "discord": "on" if self.discord_enabled else "off",
            "http_port": self.http_port,
            "default_tz": self.default_tz,
        }
