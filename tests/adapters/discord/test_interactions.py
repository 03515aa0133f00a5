"""/gig through discord.py's real command tree: raw interactions in, recorded answers out."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest
from sqlalchemy import text

from adapters.base import Core
from adapters.discord import DiscordBot
from adapters.discord import bot as discord_bot
from adapters.discord.render import shown as discord_text
from bot.commands.grammar import GRAMMAR, Arg, ArgType, CommandSpec
from bot.i18n.catalog import catalog
from bot.messages import Message
from bot.service import Actor
from storage import SqlStore
from tests.adapters.discord.harness import (
    ALICE,
    BOB,
    DIGEST_CHANNEL,
    GUILD_ID,
    command_data,
    dispatch,
    fresh_bot,
    interaction,
    recording,
    slash,
)

WORKSPACE = f"discord:{GUILD_ID}"
NO_MENTIONS: dict[str, list[str]] = {"parse": []}
SAMPLES: dict[ArgType, Any] = {
    ArgType.GIG: 1,
    ArgType.NUMBER: 2.5,
    ArgType.WORKED: "90m",
    ArgType.TEXT: "sample",
    ArgType.URL: "https://example.com/jobs/1",
    ArgType.STAGE: "funded",
    ArgType.DURATION: "1d",
    ArgType.TIME: "1d",
    ArgType.TZ: "Asia/Tokyo",
    ArgType.LANG: "en",
    ArgType.HOURS: "09-18",
    ArgType.DAYS: "mon-fri",
    ArgType.HOLIDAYS: "JP",
    ArgType.OFFSET: "default",
    ArgType.PAY_BY: "2026-12-31",
    ArgType.DEADLINE: "2026-12-20",
    ArgType.FLAG: True,
    ArgType.CHANNEL: DIGEST_CHANNEL,
}


def sample(arg: Arg) -> Any:
    if arg.choices and arg.type is not ArgType.STAGE:
        return arg.choices[0]
    return SAMPLES[arg.type]


def as_text(name: str, values: dict[str, Any]) -> str:
    """The Slack text for the same values, written as a person would type it."""
    spec = next(s for s in GRAMMAR if s.name == name)
    words = [f"/gig {name}"]
    words += [a.name for a in spec.args if a.type is ArgType.FLAG and values.get(a.name)]
    words += [f'{a.name}:"{values[a.name]}"' for a in spec.args if a.keyword and a.name in values]
    positional = [a for a in spec.args if not a.keyword and a.type is not ArgType.FLAG and a.name in values]
    words += [
        f"<#{values[a.name]}>" if a.type is ArgType.CHANNEL else f'"{values[a.name]}"' for a in positional
    ]
    return " ".join(words)


async def gigs_of(core: Core, user: int, workspace: str = WORKSPACE) -> dict[int, Any]:
    view = await core.overview(Actor(workspace, str(user)))
    return {g.number: g for g in view.gigs}


async def test_add_with_typed_options_creates_the_gig(bot: DiscordBot, core: Core) -> None:
    data = command_data(bot, "add", title="LP design", client="ACME", stage="contracted", amount=50000)
    with recording() as rec:
        await dispatch(bot, interaction(2, data))
    deferred, first, tip = rec.calls
    assert deferred.body == {"type": 5, "data": {"flags": 64}}, "acknowledged first, privately"
    assert [c.path for c in (first, tip)] == ["/webhooks/{webhook_id}/{webhook_token}"] * 2
    assert first.ephemeral
    assert tip.ephemeral
    assert first.data["content"].startswith('Added #1 "LP design" for ACME')
    assert "`/gig-stage funded id:1`" in tip.data["content"], "commands in Discord's own form"
    assert all(c.data["allowed_mentions"] == NO_MENTIONS for c in (first, tip))
    gig = (await gigs_of(core, ALICE))[1]
    assert (gig.title, gig.client, gig.stage, gig.silent_days) == ("LP design", "ACME", "contracted", 0)


async def test_every_command_answers_on_discord_as_it_does_in_slack_text(bot: DiscordBot, core: Core) -> None:
    """Each GRAMMAR command with every option filled: the Discord user reads exactly what a user
    typing the same command as text reads (a twin user in another workspace, same state)."""
    twin = Actor("slack:T1", "twin", "twin", is_admin=True)
    replies: list[Message] = []

    async def keep(message: Message) -> str | None:
        replies.append(message)
        return None

    await slash(bot, "add", title="Gig", client="C", manage_guild=True)
    await core.command(twin, '/gig add "Gig" client:"C"', keep)
    for spec in GRAMMAR:
        values = {arg.name: sample(arg) for arg in spec.args}
        shown = await slash(bot, spec.name, manage_guild=True, **values)
        replies.clear()
        await core.command(twin, as_text(spec.name, values), keep)
        assert replies, spec.name
        assert len(shown) == len(replies), spec.name
        for call, reply in zip(shown, replies, strict=True):
            assert discord_text(reply.body, reply.lang).strip() in call.text(), spec.name
            assert call.ephemeral, spec.name
            assert call.data["allowed_mentions"] == NO_MENTIONS, spec.name


async def test_a_session_of_commands(bot: DiscordBot, core: Core) -> None:
    await slash(bot, "add", title="Logo", client="Kite", stage="contracted", since="2026-11-17")
    (sent,) = await slash(bot, "sent", id=1, note="asked about colours")
    assert "still waiting" in sent.text()
    (done,) = await slash(bot, "done", id=1, step="nudge")
    assert 'Marked "friendly nudge" as done on #1' in done.text()
    await slash(bot, "funded", id=1)
    (logged,) = await slash(bot, "log", id=1, hours=2.5)
    assert "Logged 2.5 h on #1" in logged.text()
    (export,) = await slash(bot, "timeline", id=1, format="csv")
    assert export.data.get("content") is None
    assert list(export.files) == ["gig-1.csv"]
    assert export.files["gig-1.csv"].decode().startswith("at,kind,step,text")
    (saved,) = await slash(bot, "settings", lang="ja", tz="Europe/Berlin")
    assert "Europe/Berlin" in saved.text()
    (listed,) = await slash(bot, "list")
    assert listed.text().startswith(catalog("ja")["reply.list_header"].format(count=1))
    (helped,) = await slash(bot, "help", command="snooze")
    assert catalog("ja")["help.snooze"] in helped.text()
    (overview,) = await slash(bot, "help")
    assert len(overview.text()) <= 800, "the overview fits a DM"
    assert overview.text().startswith(catalog("ja")["help.intro"])
    (everything,) = await slash(bot, "help", command="all")
    assert len(everything.text()) > 2000, "too long for a message's content: it goes in an embed"
    assert everything.data["embeds"][0]["description"].startswith(catalog("ja")["help.intro"])


async def test_a_bad_value_is_refused_in_the_users_language_and_changes_nothing(
    bot: DiscordBot, core: Core
) -> None:
    await slash(bot, "add", title="LP", client="ACME", stage="contracted", locale="ja")
    before = await gigs_of(core, ALICE)
    (refused,) = await slash(bot, "snooze", id=1, duration="soon", locale="ja")
    assert refused.ephemeral
    # The argument named in Japanese, and an example that fits it.
    assert refused.data["content"] == (
        "❌ 「soon」は期間として正しくありません。"
        "3日、1週間、2時間、90分（または 3d、2w）、「明日」「3日後」「来週」、"
        "あるいは 12/3、12月3日、来週月曜、明日15時 のようなこれから先の日や日時で指定してください。"
    )
    assert await gigs_of(core, ALICE) == before


async def test_autocomplete_offers_the_users_own_open_gigs_by_title(
    bot: DiscordBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading the gigs may take its time on a loaded machine: the wait for it is not what this tests.
    monkeypatch.setattr(discord_bot, "SUGGEST_WAIT", 3600.0)
    await slash(bot, "add", title="LP design", client="ACME")
    await slash(bot, "add", title="Logo", client="Kite")
    await slash(bot, "add", title="Banner", client="Mole", user=BOB)

    async def offered(typed: str, user: int = ALICE) -> list[dict[str, Any]]:
        data = command_data(bot, "show", focused="id", id=typed)
        with recording() as rec:
            await dispatch(bot, interaction(4, data, user=user))
        (answer,) = rec.calls
        assert answer.body["type"] == 8
        return list(answer.body["data"]["choices"])

    assert await offered("") == [
        {"name": "#1 LP design (ACME)", "value": 1},
        {"name": "#2 Logo (Kite)", "value": 2},
    ]
    assert await offered("kite") == [{"name": "#2 Logo (Kite)", "value": 2}]
    assert await offered("#1") == [{"name": "#1 LP design (ACME)", "value": 1}]
    assert await offered("", user=BOB) == [{"name": "#1 Banner (Mole)", "value": 1}]


async def test_autocomplete_that_cannot_read_the_gigs_in_time_offers_nothing(
    bot: DiscordBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord drops an answer after 3 seconds: gigs read too late are no answer, and nothing waits on."""
    await slash(bot, "add", title="LP design", client="ACME")
    never = asyncio.Event()

    async def stuck(self: Core, actor: Actor) -> Any:
        await never.wait()

    monkeypatch.setattr(Core, "overview", stuck)
    monkeypatch.setattr(discord_bot, "SUGGEST_WAIT", 0.01)
    data = command_data(bot, "show", focused="id", id="")
    with recording() as rec:
        await dispatch(bot, interaction(4, data))
    (answer,) = rec.calls
    assert answer.body["type"] == 8
    assert answer.body["data"]["choices"] == []


async def test_a_hostile_title_pings_nobody(bot: DiscordBot) -> None:
    hostile = "@everyone <@&123456789012345678> <@100000000000000002> @here"
    (added,) = await slash(bot, "add", title=hostile, client="@everyone")
    (listed,) = await slash(bot, "list")
    for call in (added, listed):
        assert call.data["allowed_mentions"] == NO_MENTIONS
        content = call.data["content"]
        assert "@everyone" not in content
        assert "<@&" not in content
        assert "<@1" not in content
        assert "@\u200beveryone" in content
        assert "<@\u200b&123456789012345678>" in content


async def test_one_user_cannot_touch_another_users_gig(bot: DiscordBot, core: Core) -> None:
    await slash(bot, "add", title="LP", client="ACME", stage="contracted")
    before = await gigs_of(core, ALICE)
    (refused,) = await slash(bot, "heard", id=1, user=BOB)
    assert refused.data["content"] == "❌ " + catalog("en")["error.unknown_gig"].format(id=1)
    (shown,) = await slash(bot, "show", id=1, user=BOB)
    assert "ACME" not in shown.text()
    assert await gigs_of(core, ALICE) == before
    assert await gigs_of(core, BOB) == {}


async def test_direct_messages_with_the_bot_are_a_workspace_of_their_own(bot: DiscordBot, core: Core) -> None:
    await slash(bot, "add", title="Private", client="Solo", guild=None)
    assert [g.title for g in (await gigs_of(core, ALICE, "discord:dm")).values()] == ["Private"]
    assert await gigs_of(core, ALICE) == {}
    (listed,) = await slash(bot, "list", guild=None)
    assert "Private" in listed.text()


@pytest.mark.parametrize("manages", [True, False])
async def test_managing_the_server_makes_an_organiser(bot: DiscordBot, manages: bool) -> None:
    payload = interaction(2, command_data(bot, "list"), manage_guild=manages, locale="ja")
    actor = bot.actor(discord.Interaction(data=payload, state=bot.client._connection))  # type: ignore[arg-type]
    assert actor == Actor(WORKSPACE, str(ALICE), f"user{ALICE % 1000}", "ja", is_admin=manages)
    elsewhere = bot.actor(discord.Interaction(data=payload, state=bot.client._connection), "discord:42")  # type: ignore[arg-type]
    assert not elsewhere.is_admin, (
        "a button acting in another server never makes its presser an organiser there"
    )


async def test_a_failure_is_apologised_for_instead_of_left_unanswered(
    bot: DiscordBot, store: SqlStore
) -> None:
    async with store.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE gigs RENAME TO gigs_gone"))
    (apology,) = await slash(bot, "add", title="LP", client="ACME", locale="ja")
    assert catalog("ja")["fault.failed"] in apology.text()  # the core's apology: nothing was changed
    assert apology.ephemeral


async def test_more_choices_than_discord_lists_are_offered_by_autocomplete(core: Core) -> None:
    formats = tuple(f"f{i:02d}" for i in range(30))
    spec = CommandSpec(
        "timeline", (Arg("id", ArgType.GIG, required=True), Arg("format", ArgType.CHOICE, choices=formats))
    )
    bot = await fresh_bot(core, grammar=(spec,))
    with recording() as rec:
        await dispatch(
            bot, interaction(4, command_data(bot, "timeline", focused="format", id=1, format="f2"))
        )
    (answer,) = rec.calls
    offered = [c["value"] for c in answer.body["data"]["choices"]]
    assert offered == [f"f{i}" for i in range(20, 30)]
    with recording() as rec:
        await dispatch(bot, interaction(4, command_data(bot, "timeline", focused="format", id=1, format="")))
    assert len(rec.calls[0].body["data"]["choices"]) == 25


async def test_help_and_errors_write_commands_as_discord_shows_them(bot: DiscordBot) -> None:
    """Spec section 4: help and errors show each platform's own form of a command."""
    (summary,) = await slash(bot, "help")
    assert "`/gig-stage funded id:1`" in summary.text(), "the examples too"
    (everything,) = await slash(bot, "help", command="all")
    text = everything.text()
    assert "`/gig-stage funded id:ID [since:TIME] [confirm:True] [note:NOTE]`" in text
    assert "`/gig add title:TITLE client:CLIENT [platform:PLATFORM]" in text
    assert "`/gig-admin digest channel:CHANNEL [cadence:weekly|off]`" in text
    assert "`/gig funded" not in text, "never the text form, which Discord cannot run"

    await slash(bot, "add", title="LP", client="ACME", stage="delivered", locale="ja")
    (warning,) = await slash(bot, "terminate", id=1, locale="ja")
    ja = catalog("ja")
    stage, terminate = ja["discord.top.stage.name"], ja["discord.name.terminate"]
    form = f"`/{stage} {terminate} {ja['discord.option.id']}:1 {ja['discord.option.confirm']}:True`"
    assert form in warning.text(), "in the user's language, as their Discord client shows the command"


async def test_the_evidence_pack_and_the_export_arrive_as_files(bot: DiscordBot, core: Core) -> None:
    """The pack is two files, Markdown and a printable page, in the user's language; the CSV export one."""
    await slash(bot, "add", title="<b>Logo</b>", client="Kite & Co", platform="direct", stage="funded")
    await slash(bot, "delivered", id=1)
    await slash(bot, "settings", lang="ja")
    markdown, page = await slash(bot, "timeline", id=1, format="pack")
    assert list(markdown.files) == ["gig-1-evidence.md"]
    assert list(page.files) == ["gig-1-evidence.html"]
    assert markdown.data.get("content") is None
    assert page.data.get("content") is None
    ja = catalog("ja")
    text = markdown.files["gig-1-evidence.md"].decode()
    assert text.startswith("# " + ja["pack.title"].format(gig=1, title="<b>Logo</b>", client="Kite & Co"))
    assert f"## {ja['section.contacts']}" in text
    html_page = page.files["gig-1-evidence.html"].decode()
    assert "&lt;b&gt;Logo&lt;/b&gt;" in html_page
    assert "<b>" not in html_page
    (export,) = await slash(bot, "export", format="csv")
    assert list(export.files) == ["gigwatch-gigs.csv"]
    assert export.files["gigwatch-gigs.csv"].decode().startswith("number,title,client,platform")


async def test_a_link_in_a_reply_unfurls_no_preview_card(bot: DiscordBot) -> None:
    """As on Slack (unfurl_links off): a link someone typed (a job page, a link a client sent) is a
    link in the answer, not a preview card of a page gigwatch never vetted."""
    link = "https://evil.test/offer"
    answers = await slash(bot, "add", title=f"LP {link}", client="ACME", url=link)
    answers += await slash(bot, "show", id=1)
    answers += await slash(bot, "list")
    for call in answers:
        assert link in call.data["content"]
        assert call.ephemeral
        assert call.data["flags"] & discord.MessageFlags(suppress_embeds=True).value
