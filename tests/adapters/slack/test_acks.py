"""Every ack comes before anything that can be slow. Slack's users.info is held (it answers only when
released) while each kind of request arrives; the test checks the order of events, with no clock:
Slack has its answer (and, for the form, the form itself) while users.info is still unanswered."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any
from urllib.parse import urlencode

from aiohttp import ClientResponse

from bot.i18n.catalog import catalog
from tests.adapters.slack.conftest import OWNER, Slack, shown
from tests.adapters.slack.test_buttons import reminder_for
from tests.adapters.slack.test_messages import dm_message, shortcut
from tests.adapters.slack.test_modal import stored_gigs, submission

GUARD = 60  # seconds: only a hang ever reaches this; nothing is timed
JA = catalog("ja")


async def acked(slack: Slack, request: Awaitable[ClientResponse]) -> ClientResponse:
    """Send a request while users.info is held: its answer must come while users.info is unanswered."""
    answered = len(slack.fake.of("users.info"))
    slack.fake.hold("users.info")
    response = await asyncio.wait_for(request, GUARD)
    assert response.status == 200
    assert len(slack.fake.of("users.info")) == answered, "the ack did not wait for users.info"
    return response


async def finish(slack: Slack) -> None:
    slack.fake.release("users.info")
    await asyncio.wait_for(slack.settle(), GUARD)


def form(data: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(data)})


async def test_a_command_is_acknowledged_before_users_info_answers(slack: Slack) -> None:
    await acked(slack, slack.command("list", settle=False))
    assert not slack.fake.of("response_url"), "the reply comes after the ack"
    await finish(slack)
    assert slack.fake.of("response_url"), "and then it comes"


async def test_the_form_opens_before_users_info_answers_then_follows_the_stored_language(
    slack: Slack,
) -> None:
    slack.fake.locales[OWNER] = "ja-JP"
    await acked(slack, slack.command("add", settle=False))
    await slack.fake.until(lambda: "views.open" in {c.method for c in slack.fake.calls}, within=GUARD)
    (opened,) = slack.fake.of("views.open")
    assert opened["view"]["title"]["text"] == "Add a gig", "at once, in what the adapter knows: English"
    assert not slack.fake.of("users.info"), "opened while users.info is still unanswered"
    await finish(slack)
    (updated,) = slack.fake.of("views.update")
    assert (updated["view_id"], updated["hash"]) == ("V0001", "1700000000.hash")
    assert updated["view"]["title"]["text"] == JA["slack.modal.title"]
    assert json.loads(updated["view"]["private_metadata"])["lang"] == "ja"

    await slack.command("add")  # now the adapter knows: the form opens in Japanese, nothing to correct
    assert slack.fake.of("views.open")[-1]["view"]["title"]["text"] == JA["slack.modal.title"]
    assert len(slack.fake.of("views.update")) == 1


async def test_form_errors_travel_in_the_ack_in_the_forms_language_with_nothing_slow_before(
    slack: Slack,
) -> None:
    slack.fake.locales[OWNER] = "ja-JP"
    await slack.command("add")
    view = slack.fake.of("views.update")[-1]["view"]
    async with slack.store.transaction():  # the database is held too: the ack needs neither
        response = await acked(
            slack, slack.post(form(submission(view, amount="-5")), "application/x-www-form-urlencoded")
        )
        body = await response.json()
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["amount"]
    assert "「-5」" in body["errors"]["amount"], "in Japanese, the language the form was shown in"
    await finish(slack)
    assert await stored_gigs(slack) == []


async def test_a_good_form_is_acknowledged_then_the_gig_added(slack: Slack) -> None:
    await slack.command("add")
    view = slack.fake.of("views.open")[-1]["view"]
    response = await acked(slack, slack.post(form(submission(view)), "application/x-www-form-urlencoded"))
    assert await response.text() == "", "an empty ack closes the form"
    await finish(slack)
    (gig,) = await stored_gigs(slack)
    assert gig.title == "Logo design"


async def test_a_button_is_acknowledged_before_users_info_answers(slack: Slack) -> None:
    reminder = await reminder_for(slack)
    slack.adapter.app._people.clear()  # type: ignore[union-attr]  # as after the cache expired
    press = slack.press(reminder, "snooze_tomorrow")
    await acked(slack, slack.post(form(press), "application/x-www-form-urlencoded"))
    assert not slack.fake.of("chat.update")
    await finish(slack)
    # the next reminder already comes after tomorrow, so nothing is pushed back, and the update says so
    assert "Nothing to push back on #1" in shown(slack.fake.of("chat.update")[0])


async def test_the_shortcut_and_the_messages_tab_are_acknowledged_before_users_info_answers(
    slack: Slack,
) -> None:
    await acked(
        slack,
        slack.post(
            form(shortcut(slack, "Pay the registration fee first")), "application/x-www-form-urlencoded"
        ),
    )
    await finish(slack)
    assert slack.fake.of("response_url")
    slack.adapter.app._people.clear()  # type: ignore[union-attr]
    await acked(slack, slack.post(json.dumps(dm_message("help")), "application/json"))
    await finish(slack)
    assert slack.fake.of("chat.postMessage")
