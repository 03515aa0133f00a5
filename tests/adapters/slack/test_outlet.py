"""The adapter as the dispatcher's outlet: Web API failures become RateLimited, TransientError or
PermanentError, each after exactly one HTTP call (the SDK's own retries are off)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from aiohttp.test_utils import unused_port
from sqlalchemy import select

from adapters.slack import create_adapter
from bot.messages import Action, Kind, Message
from bot.outlets import Delivery, FailureCode, PermanentError, RateLimited, TransientError
from storage.schema import outbox
from tests.adapters.slack.conftest import OWNER, Slack, settings, shown
from tests.adapters.slack.fake_slack import FakeSlack

MESSAGE = Message(
    kind=Kind.REMINDER,
    lang="en",
    title="#1 Logo: one business day without a reply",
    body="ACME has not replied.",
    draft="Hello ACME,\nany news?",
    gig=1,
    step="nudge",
    actions=(Action("heard", "Client replied", "heard 1"),),
)


def delivery(address: str = OWNER) -> Delivery:
    return Delivery(outbox_id=7, workspace="slack:T0001", address=address, message=MESSAGE, attempt=1)


async def test_a_dm_is_posted_to_the_user_and_its_ts_returned(slack: Slack) -> None:
    ts = await slack.adapter.send(delivery())

    (call,) = slack.fake.of("chat.postMessage")
    assert ts == "1700000000.000001"
    assert call["channel"] == OWNER
    assert call["unfurl_links"] in (False, "0", "false")
    assert "```Hello ACME,\nany news?```" in shown(call)
    assert call["blocks"][-1]["block_id"] == f"gigwatch_actions:{OWNER}"


async def test_429_is_rate_limited_for_this_dm_after_one_call(slack: Slack) -> None:
    slack.fake.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, **{"Retry-After": "7"})

    with pytest.raises(RateLimited) as caught:
        await slack.adapter.send(delivery())

    assert caught.value.retry_after == 7.0
    assert caught.value.whole_outlet is False
    assert len(slack.fake.of("chat.postMessage")) == 1, "no retry inside the SDK"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        ("cannot_dm_bot", FailureCode.DM_CLOSED),
        ("channel_not_found", FailureCode.DM_CLOSED),
        ("not_in_channel", FailureCode.DM_CLOSED),
        ("user_not_found", FailureCode.ACCOUNT_GONE),
        ("account_inactive", FailureCode.ACCOUNT_GONE),
        ("user_disabled", FailureCode.ACCOUNT_GONE),
        ("missing_scope", FailureCode.FORBIDDEN),
        ("invalid_blocks", FailureCode.REJECTED),
    ],
)
async def test_errors_that_retrying_cannot_fix_are_permanent(slack: Slack, error: str, code: str) -> None:
    slack.fake.fail("chat.postMessage", 200, {"ok": False, "error": error})

    with pytest.raises(PermanentError) as caught:
        await slack.adapter.send(delivery())

    assert caught.value.code == code
    assert len(slack.fake.of("chat.postMessage")) == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, "<html>Internal Server Error</html>"),
        (503, {"ok": False, "error": "service_unavailable"}),
        (200, {"ok": False, "error": "internal_error"}),
    ],
)
async def test_slack_trouble_is_transient(slack: Slack, status: int, body: dict[str, object] | str) -> None:
    slack.fake.fail("chat.postMessage", status, body)

    with pytest.raises(TransientError):
        await slack.adapter.send(delivery())

    assert len(slack.fake.of("chat.postMessage")) == 1, "no retry inside the SDK"


async def test_a_timeout_is_transient(slack: Slack) -> None:
    slack.fake.delays["chat.postMessage"] = 1.0
    slack.adapter.outlet.timeout = 0.2  # the outlet's own deadline, shortened for the test

    with pytest.raises(TransientError):
        await slack.adapter.send(delivery())


async def test_a_refused_connection_is_transient(fake: FakeSlack) -> None:
    adapter = create_adapter(settings(fake, slack_api_url=f"http://127.0.0.1:{unused_port()}/api/"))

    with pytest.raises(TransientError):
        await adapter.send(delivery())


async def reminder_row(slack: Slack) -> tuple[str, int, str | None]:
    async with slack.store.engine.connect() as conn:
        row = (
            await conn.execute(
                select(outbox.c.status, outbox.c.next_attempt_at, outbox.c.error).where(
                    outbox.c.kind == "reminder"
                )
            )
        ).one()
    return row[0], row[1], row[2]


async def test_the_dispatcher_waits_out_retry_after_then_delivers(slack: Slack) -> None:
    await slack.command('add "Logo" client:ACME stage:contracted since:8d')
    slack.fake.fail("chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, **{"Retry-After": "7"})

    assert await slack.deliver() == 0
    status, next_attempt, _ = await reminder_row(slack)
    assert status == "pending"
    assert next_attempt >= int((slack.clock.now() + timedelta(seconds=7)).timestamp())

    slack.clock.advance(8)
    assert await slack.deliver() == 1
    assert len(slack.fake.of("chat.postMessage")) == 2


async def test_a_closed_dm_fails_once_and_the_next_reply_says_why(slack: Slack) -> None:
    await slack.command('add "Logo" client:ACME stage:contracted since:8d')
    slack.fake.fail("chat.postMessage", 200, {"ok": False, "error": "cannot_dm_bot"})

    assert await slack.deliver() == 0
    assert (await reminder_row(slack))[::2] == ("failed", "dm_closed")
    slack.clock.advance(3600)
    assert await slack.deliver() == 0, "never retried"

    await slack.command("list")
    notice = shown(slack.fake.of("response_url")[-1])
    assert "could not be delivered" in notice
    assert "direct messages are closed" in notice


async def test_a_community_digest_is_posted_to_its_channel(slack: Slack) -> None:
    slack.fake.admins.add(OWNER)
    await slack.command("digest #freelancers weekly")
    assert await slack.deliver() == 1, "the first notice, at once"
    for member in (OWNER, "U0002"):  # a client reported by two members is named in the digest
        await slack.command('report "<!channel> Corp" ghosted', user=member)

    slack.clock.set(datetime.fromisoformat("2026-11-23T09:00:00+09:00"))  # the first Monday 09:00
    assert await slack.deliver() == 1

    welcome, digest = slack.fake.of("chat.postMessage")  # the first notice at once, then Monday's
    assert welcome["channel"] == digest["channel"] == "freelancers"
    assert shown(welcome).startswith("gigwatch will post a community digest in this channel")
    assert not [b for b in digest["blocks"] if b["type"] == "actions"]
    assert "<!channel> Corp, reported" not in shown(digest), "a reported name cannot mention anyone"
    assert "channel Corp, reported by 2 members: ghosted" in shown(digest)
