"""`/gig add` with no arguments opens a form; its submission is the grammar's `add` command."""

from __future__ import annotations

import json
import uuid
from typing import Any

from bot.domain.stages import Stage
from bot.i18n.catalog import catalog
from tests.adapters.slack.conftest import OWNER, Slack, payload, shown

JA = catalog("ja")


async def opened_form(slack: Slack) -> dict[str, Any]:
    await slack.command("add")
    (call,) = slack.fake.of("views.open")
    view: dict[str, Any] = call["view"]
    return view


def submission(view: dict[str, Any], **values: str | None) -> dict[str, Any]:
    """The view_submission Slack sends for the opened form, with these field values."""
    data = payload("view_submission")
    data["trigger_id"] = uuid.uuid4().hex  # unique per interaction, as Slack makes it
    data["view"]["private_metadata"] = view["private_metadata"]
    state = data["view"]["state"]["values"]
    for name, value in values.items():
        element = state[name][name]
        if element["type"] == "static_select":  # an optional select left empty comes as null
            element["selected_option"] = {"text": {"type": "plain_text", "text": str(value)}, "value": value}
        else:
            element["value"] = value
    return data


async def stored_gigs(slack: Slack, user: str = OWNER) -> list[Any]:
    async with slack.store.transaction() as tx:
        record = await tx.user("slack:T0001", user)
        return [] if record is None else await tx.gigs(record.id, include_closed=True)


async def test_bare_add_opens_the_form_in_the_users_language(slack: Slack) -> None:
    slack.fake.locales[OWNER] = "ja-JP"
    await opened_form(slack)  # at once, in English: nothing yet says the person reads Japanese
    (update,) = slack.fake.of("views.update")  # then in Japanese, once users.info said so
    view = update["view"]

    assert slack.fake.of("views.open")[0]["trigger_id"]
    assert view["callback_id"] == "gigwatch_add"
    assert view["title"]["text"] == "案件を追加"
    assert [b["block_id"] for b in view["blocks"]] == [
        "title",
        "client",
        "platform",
        "stage",
        "amount",
        "url",
        "currency",
        "lang",
    ]
    assert [b["optional"] for b in view["blocks"]] == [False, False, False, False, True, True, True, True]
    # Left empty, the platform's defaults apply (yen and the user's language; dollars and English on
    # Upwork); each choice is named in the user's language.
    currencies = {o["value"]: o["text"]["text"] for o in view["blocks"][6]["element"]["options"]}
    assert currencies["JPY"] == JA["currency.JPY"]
    assert "initial_option" not in view["blocks"][6]["element"]
    langs = {o["value"]: o["text"]["text"] for o in view["blocks"][7]["element"]["options"]}
    assert langs == {"ja": JA["langname.ja"], "en": JA["langname.en"]}
    assert view["blocks"][0]["element"]["max_length"] == 200
    stages = [o["value"] for o in view["blocks"][3]["element"]["options"]]
    # Every stage a gig can be added in and still be open (an accepted gig may still await payment).
    assert stages == ["negotiating", "contracted", "funded", "delivered", "accepted"]
    assert view["blocks"][2]["element"]["initial_option"]["value"] == "crowdworks"
    where = json.loads(view["private_metadata"])
    assert where["channel"] == "C0001"
    assert where["response_url"].startswith(slack.fake.url("/respond/"))
    assert not slack.fake.of("response_url"), "nothing is answered until the form is sent"
    assert await stored_gigs(slack) == []


async def test_the_submitted_form_adds_the_gig_exactly_as_typed(slack: Slack) -> None:
    view = await opened_form(slack)
    title = 'He said "hi" 「LP」 client:nobody'
    data = submission(
        view,
        title=title,
        client="ACME & Co",
        platform="lancers",
        stage="contracted",
        amount="50000",
        url="https://example.com/jobs/1?a=1&b=2",
    )

    response = await slack.interact(data)

    assert response.status == 200
    assert await response.text() == "", "an empty ack closes the form"
    (gig,) = await stored_gigs(slack)
    assert (gig.title, gig.client, gig.platform, gig.stage) == (
        title,
        "ACME & Co",
        "lancers",
        Stage.CONTRACTED,
    )
    assert (gig.amount, gig.url) == (50000.0, "https://example.com/jobs/1?a=1&b=2")
    replies = [c for c in slack.fake.calls if c.method == "response_url"]  # "Added", then the escrow tip
    where = json.loads(view["private_metadata"])["response_url"]
    assert [slack.fake.url(r.path) for r in replies] == [where, where], "answered where /gig add was typed"
    assert "Added #1" in shown(replies[0].params)
    assert slack.fake.of("views.publish")[-1]["user_id"] == OWNER


async def test_currency_and_draft_language_chosen_in_the_form_or_left_to_the_platform(slack: Slack) -> None:
    view = await opened_form(slack)
    await slack.interact(
        submission(view, title="App", client="Globex", platform="upwork", currency="JPY", lang="ja")
    )
    await slack.interact(submission(view, title="Site", client="Initech", platform="upwork"))
    chosen, default = await stored_gigs(slack)
    assert (chosen.fee_currency, chosen.lang) == ("JPY", "ja")
    assert (default.fee_currency, default.lang) == ("USD", "en")  # Upwork's own defaults


async def test_bad_fields_are_shown_in_the_form_and_nothing_is_added(slack: Slack) -> None:
    view = await opened_form(slack)

    too_long = await slack.interact(submission(view, url="https://example.com/" + "x" * 600))
    negative = await slack.interact(submission(view, amount="-5"))

    assert await too_long.json() == {
        "response_action": "errors",
        "errors": {"url": "The link (`url:`) is too long (at most 500 characters)."},
    }
    errors = (await negative.json())["errors"]
    assert list(errors) == ["amount"]
    assert '"-5" is not a valid amount' in errors["amount"]
    assert await stored_gigs(slack) == []
    assert not slack.fake.of("response_url")


async def test_the_home_tab_button_opens_the_form_and_the_reply_comes_as_a_dm(slack: Slack) -> None:
    data = payload("home_add_button")
    await slack.interact(data)
    (call,) = slack.fake.of("views.open")
    assert call["trigger_id"] == data["trigger_id"]

    await slack.interact(submission(call["view"]))

    (gig,) = await stored_gigs(slack)
    assert gig.title == "Logo design"
    (dm,) = slack.fake.of("chat.postMessage")
    assert dm["channel"] == OWNER
    assert "Added #1" in shown(dm)
