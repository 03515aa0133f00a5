"""What Slack's request signing, retries and mention syntax mean for the adapter: forged or stale
requests are refused, a retried delivery is handled once, and user text can ping nobody."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.adapters.slack.conftest import OWNER, Slack, payload, shown, signed_headers
from tests.adapters.slack.test_buttons import gig_of, reminder_for
from tests.adapters.slack.test_home import home_opened
from tests.adapters.slack.test_modal import opened_form, submission

HOSTILE = "<!channel> <@U123> & <b>"
ESCAPED = "&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;b&gt;"


def command_body(text: str) -> str:
    return urlencode(payload("slash_command") | {"text": text})


async def test_a_bad_signature_is_refused_and_nothing_runs(slack: Slack) -> None:
    body = command_body('add "X" client:Y')
    headers = signed_headers(body, secret="not-the-signing-secret")

    response = await slack.http.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded", **headers}
    )
    unsigned = await slack.http.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    await slack.settle()

    assert (response.status, unsigned.status) == (401, 401)
    assert [c.method for c in slack.fake.calls] == ["auth.test"], "only the start-up check reached Slack"
    async with slack.store.transaction() as tx:
        assert await tx.user("slack:T0001", OWNER) is None


async def test_a_request_older_than_five_minutes_is_refused(slack: Slack) -> None:
    body = command_body('add "X" client:Y')
    stale = signed_headers(body, timestamp=int(time.time()) - 6 * 60)  # correctly signed, but replayed

    response = await slack.http.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded", **stale}
    )
    await slack.settle()

    assert response.status == 401
    assert [c.method for c in slack.fake.calls] == ["auth.test"]


async def test_a_retried_event_is_handled_once(slack: Slack) -> None:
    first = await slack.event(home_opened(event_id="Ev0042"))
    retry = await slack.event(
        home_opened(event_id="Ev0042"), **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    other = await slack.event(home_opened(event_id="Ev0043"))

    assert (first.status, retry.status, other.status) == (200, 200, 200)
    assert len(slack.fake.of("views.publish")) == 2, "Ev0042 once, Ev0043 once"


async def test_a_retried_button_press_is_handled_once(slack: Slack) -> None:
    reminder = await reminder_for(slack)
    press = slack.press(reminder, "done")  # each handling would record the step as done again

    await slack.interact(press)
    retry = await slack.interact(press, **{"X-Slack-Retry-Num": "1"})

    assert retry.status == 200
    assert len(slack.fake.of("chat.update")) == 1
    _, events = await gig_of(slack, OWNER)
    assert len([e for e in events if e.kind == "done"]) == 1


def surfaces(node: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """What Slack parses for markup and mentions (mrkdwn and plain_text objects), and the rich-text
    elements, which it shows as they are (a mention there would have to be its own element)."""
    parsed: list[str] = []
    elements: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text"):
            parsed.append(node["text"])
        elif node.get("type") in ("text", "emoji", "channel", "user", "usergroup", "broadcast", "link"):
            elements.append(node)
        else:
            for value in node.values():
                more = surfaces(value)
                parsed += more[0]
                elements += more[1]
    elif isinstance(node, list):
        for value in node:
            more = surfaces(value)
            parsed += more[0]
            elements += more[1]
    return parsed, elements


async def test_a_hostile_title_pings_nobody_anywhere_it_is_shown(slack: Slack) -> None:
    await slack.command(f'add "{HOSTILE}" client:"<!here> & co" stage:contracted since:8d')
    await slack.command("list")
    await slack.command("show 1")
    await slack.deliver()
    reminder = next(m for m in slack.fake.messages() if m["channel"] == OWNER)
    await slack.interact(slack.press(reminder, "heard"))

    gig, _ = await gig_of(slack, OWNER)
    assert (gig.title, gig.client) == (HOSTILE, "<!here> & co"), "stored as typed, escaped on the way out"
    added, _tip, listing, details = slack.fake.of("response_url")
    shown_in = [added, listing, details, reminder, slack.fake.of("chat.update")[0]]
    shown_in.append(slack.fake.of("views.publish")[0]["view"])  # the Home tab
    for sent_payload in shown_in:
        parsed, elements = surfaces(sent_payload.get("blocks"))
        assert not [p for p in parsed if "<!" in p or "<@" in p], "never raw where Slack parses"
        assert {e["type"] for e in elements} <= {"text", "emoji"}, "no mention, link or channel element"
        typed = [e["text"] for e in elements if HOSTILE in e.get("text", "")]
        assert typed or any(ESCAPED in p for p in parsed), sent_payload
        assert HOSTILE in shown(sent_payload), "shown as typed"
        assert ESCAPED in sent_payload.get("text", ESCAPED), "the notification text is escaped"
    assert "&lt;!here&gt; &amp; co" not in shown(details), "shown once, as typed, not as entities"
    assert "<!here> & co" in shown(details)
    assert ESCAPED in reminder["blocks"][0]["text"]["text"], "the reminder's header (plain_text)"
    assert HOSTILE in shown(reminder).split("```")[1], "the draft to copy, exactly as typed"
    sent = json.dumps(
        [surfaces(c.params)[0] for c in slack.fake.calls]
        + [c.params.get("text", "") for c in slack.fake.calls]
    )
    for mention in ("<!channel>", "<@U123>", "<b>", "<!here>"):
        assert mention not in sent, mention


async def test_hostile_text_in_a_form_error_is_escaped_too(slack: Slack) -> None:
    view = await opened_form(slack)
    response = await slack.interact(submission(view, amount="<!channel>"))

    body = await response.json()
    assert body["response_action"] == "errors"
    assert "&lt;!channel&gt;" in body["errors"]["amount"]
    assert "<!channel>" not in json.dumps(body)
