"""End to end: `gigwatch run` in HTTP mode, a signed `/gig add` from Slack, and its reply and reminder
reaching the Web API named by GIGWATCH_SLACK_API_URL (a fake on this machine)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import unused_port

from tests.adapters.slack.conftest import OWNER, SECRET, payload, shown, signed_headers
from tests.adapters.slack.fake_slack import FakeSlack

BOT_TOKEN = "xoxb-0001-e2e-secret-token"
START_DEADLINE = 120.0


def gigwatch() -> list[str]:
    script = Path(sys.executable).with_name("gigwatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


async def wait_healthy(session: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        assert process.returncode is None, "gigwatch run exited early"
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("gigwatch run did not come up")


async def test_gigwatch_run_answers_slack_and_delivers_the_reminder(fake: FakeSlack, tmp_path: Path) -> None:
    port = unused_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIGWATCH_", "SLACK_", "DISCORD_"))
    } | {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "GIGWATCH_SLACK_API_URL": fake.api_url,
        "GIGWATCH_HTTP_PORT": str(port),
        "GIGWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}",
        "GIGWATCH_LOG_FORMAT": "json",
    }
    log_file = tmp_path / "gigwatch.log"
    with log_file.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *gigwatch(), "run", cwd=tmp_path, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT
        )
    try:
        async with aiohttp.ClientSession() as session:
            await wait_healthy(session, f"http://127.0.0.1:{port}/healthz", process)
            form = payload("slash_command") | {
                "channel_id": "D0001",  # the app's DM with U0001, as conversations.open says
                "channel_name": "directmessage",
                "text": 'add "X" client:Y stage:contracted since:3w',
                "response_url": fake.response_url("e2e"),
            }
            body = urlencode(form)
            users_info = fake.hold("users.info")  # the work waits for Slack: the ack must not
            async with session.post(
                f"http://127.0.0.1:{port}/slack/events",
                data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)},
            ) as response:
                assert response.status == 200, "acknowledged before the work was done"
            assert not fake.of("response_url")
            users_info.set()

            await fake.until(lambda: any(m["channel"] == OWNER for m in fake.messages()), within=20)
        reply = next(m for m in fake.messages() if m["channel"] == "D0001")
        assert "Added #1" in shown(reply)
        reminder = next(m for m in fake.messages() if m["channel"] == OWNER)
        assert reminder["blocks"][0]["type"] == "header"
        assert "#1 X" in reminder["blocks"][0]["text"]["text"]
        assert reminder["blocks"][-1]["block_id"] == f"gigwatch_actions:{OWNER}"
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 20)
    output = log_file.read_text("utf-8", errors="replace")
    assert code == 0, output[-3000:]
    assert BOT_TOKEN not in output
    assert SECRET not in output
