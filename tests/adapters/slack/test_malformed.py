"""Requests no Slack would send: answered 400 with one INFO line and no traceback, the signature
checked before anything in the body is read, and nothing run."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from tests.adapters.slack.conftest import OWNER, Slack, payload, signed_headers

FORM = "application/x-www-form-urlencoded"


def command_body(text: str = "list") -> str:
    return urlencode(payload("slash_command") | {"text": text})


@pytest.mark.parametrize(
    ("body", "content_type", "headers"),
    [
        (command_body(), FORM, {"X-Slack-Request-Timestamp": "soon"}),
        (command_body(), FORM, {"X-Slack-Request-Timestamp": "1e999"}),
        (command_body(), FORM, {"X-Slack-Request-Timestamp": ""}),
        ("{not json", "application/json", {}),
        ("payload=%7Bnot+json", FORM, {}),
        ("payload=[1,2]", FORM, {}),
        ('["a list"]', "application/json", {}),
        ("\xff\xfe garbage", FORM, {}),
        ("", FORM, {}),
    ],
    ids=[
        "timestamp-word",
        "timestamp-huge",
        "timestamp-empty",
        "json",
        "payload-json",
        "payload-list",
        "json-list",
        "bytes",
        "empty",
    ],
)
async def test_a_malformed_request_is_a_400_with_one_info_line(
    slack: Slack, caplog: pytest.LogCaptureFixture, body: str, content_type: str, headers: dict[str, str]
) -> None:
    caplog.set_level(logging.DEBUG)
    signed = signed_headers(body) | headers
    if "X-Slack-Request-Timestamp" in headers:  # signed over the odd timestamp, as a forger could
        signed["X-Slack-Signature"] = signed_headers(body, timestamp=0)["X-Slack-Signature"]
    response = await slack.http.post(
        "/slack/events",
        data=body.encode("utf-8", "surrogateescape"),
        headers={"Content-Type": content_type, **signed},
    )
    await slack.settle()

    assert response.status in (400, 401)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not any(r.exc_info or r.exc_text for r in caplog.records)
    assert [c.method for c in slack.fake.calls] == ["auth.test"], "nothing reached the core or Slack"


async def test_a_users_info_answer_without_the_user_is_survived(slack: Slack) -> None:
    slack.fake.fail("users.info", 200, {"ok": True})  # Slack said ok, and nothing about the person

    await slack.command('add "LP" client:ACME')

    replies = slack.fake.of("response_url")
    assert replies, "answered all the same"
    assert "Added #1" in json.dumps(replies[0], ensure_ascii=False)
    async with slack.store.transaction() as tx:
        assert await tx.user("slack:T0001", OWNER) is not None
