"""The App Home tab: published when opened and after each command, in the user's language."""

from __future__ import annotations

from typing import Any

from bot.service import Actor, Service
from tests.adapters.slack.conftest import OWNER, Slack, payload, shown


def home_opened(user: str = OWNER, tab: str = "home", event_id: str = "Ev0001") -> dict[str, Any]:
    data = payload("app_home_opened")
    data["event"] |= {"user": user, "tab": tab}
    data["event_id"] = event_id
    return data


async def test_a_newcomer_sees_how_to_start(slack: Slack) -> None:
    response = await slack.event(home_opened())

    assert response.status == 200
    (call,) = slack.fake.of("views.publish")
    assert call["user_id"] == OWNER
    view = call["view"]
    assert view["type"] == "home"
    assert view["blocks"][0]["text"]["text"] == "Your open gigs"
    assert view["blocks"][1]["elements"][0]["action_id"] == "gigwatch_add"
    assert "Nothing is tracked yet" in shown(view)
    assert "Your settings" not in shown(view)


async def test_open_gigs_show_stage_silence_next_step_and_settings(slack: Slack) -> None:
    await slack.command('add "Logo design" client:ACME stage:contracted since:8d')
    await slack.command('add "Blog posts" client:Beta')
    await slack.command("funded 2")
    await slack.command('add "Old job" client:Gamma')
    await slack.command("withdraw 3")
    await slack.command("settings hours:08-19")

    await slack.event(home_opened(event_id="Ev0002"))

    text = shown(slack.fake.of("views.publish")[-1]["view"])
    assert "*#1 Logo design*  ·  ACME  ·  CrowdWorks" in text
    assert "contracted, escrow not funded  ·  days of client silence: 8" in text
    assert "Next: early-termination request on " in text
    assert "*#2 Blog posts*  ·  Beta" in text
    assert "escrow funded  ·  not waiting for a reply\nNo reminder scheduled." in text
    assert "Old job" not in text, "closed gigs are not on the Home tab"
    assert "Time zone: Asia/Tokyo" in text
    assert "Active hours: 08:00-19:00" in text
    assert "Working days: mon-fri" in text


async def test_the_messages_tab_publishes_nothing(slack: Slack) -> None:
    await slack.event(home_opened(tab="messages"))

    assert not slack.fake.of("views.publish")


async def test_the_home_tab_speaks_the_users_language(slack: Slack) -> None:
    await slack.command("settings lang:ja")

    view = slack.fake.of("views.publish")[-1]["view"]
    assert view["blocks"][0]["text"]["text"] == "進行中の案件"
    assert "タイムゾーン：Asia/Tokyo" in shown(view)
    assert "言語：日本語" in shown(view)
    assert "既定のプラットフォーム：クラウドワークス" in shown(view)


async def test_a_long_list_is_cut_with_a_pointer_to_gig_list(slack: Slack) -> None:
    service = Service(slack.store, slack.clock)
    for n in range(45):
        outcome = await service.execute(Actor("slack:T0001", OWNER), f'add "Gig {n}" client:C{n}')
        assert outcome.ok

    await slack.event(home_opened(event_id="Ev0003"))

    view = slack.fake.of("views.publish")[-1]["view"]
    assert len(view["blocks"]) <= 100
    text = shown(view)
    assert "*#40 Gig 39*" in text
    assert "#41 " not in text
    assert "…and 5 more. `/gig list` shows them all." in text
