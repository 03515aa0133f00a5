"""Structured logs: one line a record, as text or JSON (with the `extra` fields), never with a secret.

Secrets are kept out of log calls in the first place (SecretStr, `Settings.describe()`); the
redaction filter is defence in depth for what slips through anyway: a token echoed in a library's
error message, an exception text, a URL with a password.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy.engine import make_url

from adapters.settings import Settings

MASK = "[redacted]"
# Slack tokens (xoxb-, xoxp-, xoxa-, xoxe-, xapp- ...), Discord bot tokens (id.timestamp.hmac), feed tokens.
TOKEN_PATTERNS = (
    r"\bxox[a-z]-[0-9A-Za-z-]{8,}",
    r"\bxapp-[0-9A-Za-z-]{8,}",
    r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}\b",
    r"(?<=/calendar/)[A-Za-z0-9_-]{16,}",  # a calendar feed's token (adapters/runtime/feed.py)
)
_RESERVED = frozenset(RESERVED_ATTRS) | {"message", "asctime"}
# Third-party loggers that are chatty at INFO about routine work (each scheduler wake, each request).
_QUIET = ("apscheduler", "aiohttp.access", "alembic.runtime.migration")


class Redactor:
    """Replaces configured secrets and anything shaped like a platform token with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        literal = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)
        self._pattern = re.compile("|".join([*map(re.escape, literal), *TOKEN_PATTERNS]))

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.value(v) for v in value]
        return value


class RedactFilter(logging.Filter):
    """Masks secrets in the message, its extra fields, and any exception or stack text."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # bad arguments: keep the record rather than raise at the call site
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        for key, value in list(vars(record).items()):
            if key not in _RESERVED:
                setattr(record, key, self.redact.value(value))
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class TextFormatter(logging.Formatter):
    """`time level logger: message key=value ...` on one line (time in UTC); newlines inside are escaped."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = " ".join(f"{k}={v!r}" for k, v in vars(record).items() if k not in _RESERVED)
        return (f"{line} {extras}" if extras else line).replace("\r", "\\r").replace("\n", "\\n")


def secrets_of(settings: Settings) -> list[str]:
    """Every configured secret: the platform credentials and the database password."""
    values = [
        s.get_secret_value()
        for s in (
            settings.slack_bot_token,
            settings.slack_app_token,
            settings.slack_signing_secret,
            settings.discord_token,
        )
        if s is not None
    ]
    password = make_url(settings.database_url).password
    if password:
        values.append(str(password))
    return values


class _Stderr:
    """Whatever sys.stderr is when a record is written: the interactive console moves it above its prompt."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(
    settings: Settings, *, level: str | None = None, stream: TextIO | None = None, path: str | None = None
) -> None:
    """Send every record to the file at `path` (appended), else to `stream` (stderr), through the
    redaction filter, as text or JSON."""
    handler: logging.StreamHandler[Any] = (
        logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler(stream or _Stderr())
    )
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(levelname)s %(name)s %(message)s",
                rename_fields={"levelname": "level", "name": "logger"},
                timestamp="time",  # ISO 8601 in UTC
                json_ensure_ascii=False,
            )
        )
    else:
        handler.setFormatter(TextFormatter())
    handler.addFilter(RedactFilter(Redactor(secrets_of(settings))))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel((level or settings.log_level).upper())
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
