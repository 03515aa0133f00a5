"""Discord answers read as Discord writes them, in the user's language: commands and their options in
Discord's own form wherever a text names them, including around what people typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from adapters.base import Core
from adapters.discord import DiscordAdapter, DiscordBot
from adapters.discord import bot as discord_bot
from adapters.settings import Settings
from bot.clock import VirtualClock
from bot.dispatcher import Dispatcher
from bot.engine import Engine
from storage import SqlStore
from tests.adapters.discord.harness import (
    command_data,
    dispatch,
    interaction,
    online,
    recording,
    slash,
)

TYPED = "*Kite* `Ltd`"
UNESCAPED = re.compile(r"\\([^0-9A-Za-z\s])")


def seen(text: str) -> str:
    """What Discord shows: a backslash before punctuation is hidden."""
    return UNESCAPED.sub(r"\1", text)


@pytest.mark.parametrize(
    ("lang", "form"),
    [
        ("en", "`/gig-client vet client:*Kite* ˋLtdˋ projects:12 "),
        ("ja", "`/案件-クライアント クライアント確認 クライアント:*Kite* ˋLtdˋ 実績件数:12 "),
    ],
)
async def test_a_suggested_command_around_a_typed_name_is_in_discords_form(
    bot: DiscordBot, lang: str, form: str
) -> None:
    """The vet reply suggests the same command again with the client's name: on Discord that is the
    `/gig-client vet client:` form, the name as typed inside it."""
    await slash(bot, "settings", lang=lang)
    (reply,) = await slash(bot, "vet", client=TYPED)
    text = reply.text()
    assert form in text, text
    assert "/gig vet" not in text


@pytest.mark.parametrize(
    ("lang", "option", "slack_form"),
    [("en", "`client:`", None), ("ja", "`クライアント:`", "`client:`")],
)
async def test_an_error_names_the_option_as_discord_shows_it(
    bot: DiscordBot, lang: str, option: str, slack_form: str | None
) -> None:
    await slash(bot, "settings", lang=lang)
    (error,) = await slash(bot, "add", title="LP", client="ACME " * 30)
    assert option in error.text(), error.text()
    if slack_form:
        assert slack_form not in error.text()


@pytest.mark.parametrize(("lang", "option"), [("en", "`since:`"), ("ja", "`いつから:`")])
async def test_help_names_the_option_as_discord_shows_it(bot: DiscordBot, lang: str, option: str) -> None:
    await slash(bot, "settings", lang=lang)
    (help_add,) = await slash(bot, "help", command="add")
    assert option in help_add.text(), help_add.text()
    if lang == "ja":
        assert "`since:`" not in help_add.text()


LONG_TITLES = {"en": "*_LP_* ~banner~ " * 13, "ja": "「*LP*」と_バナー_制作 " * 14}
TITLE_ENDS = {
    "en": ": 8 days without a reply, what to do now",
    "ja": "：8日間返信がありません。今やるべきこと",
}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_reminder_for_a_long_title_keeps_its_sentence_whole(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """An embed title holds 256 characters: a long typed title is shortened (with an ellipsis) rather
    than the sentence around it, which says what happened and that this is what to do now."""
    title = LONG_TITLES[lang].strip()[:200]
    async with online(core, monkeypatch) as (fake, bot):
        adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
        adapter.bot = bot
        await slash(bot, "settings", lang=lang)
        await slash(bot, "add", title=title, client="ACME", stage="contracted", since="8d")
        await Dispatcher(store, clock, {"discord": adapter}).drain()
        (sent,) = fake.messages()
    shown = sent.body["embeds"][0]["title"]
    assert len(shown) <= 256
    assert seen(shown).endswith(TITLE_ENDS[lang]), shown
    assert seen(shown).startswith("#1" + ("「" if lang == "ja" else " ") + title[:40]), shown
    assert "…" in shown


@pytest.mark.parametrize(
    ("lang", "closed", "form"),
    [
        ("en", False, "`/gig list page:2`"),
        ("en", True, "`/gig list all:True page:2`"),
        ("ja", False, "`/案件 一覧 ページ:2`"),
    ],
)
async def test_the_next_page_of_the_list_is_named_in_discords_form(
    bot: DiscordBot, lang: str, closed: bool, form: str
) -> None:
    """The core writes the next page's command out whole; Discord users read it as they type it."""
    await slash(bot, "settings", lang=lang)
    for n in range(21):
        await slash(bot, "add", title=f"Gig {n}", client="ACME")
    (page,) = await slash(bot, "list", **({"all": True} if closed else {}))
    assert form in page.text(), page.text()[-200:]
    assert "`/gig list " not in page.text() or lang == "en"


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_answer_too_long_for_an_embed_is_cut_between_lines(bot: DiscordBot, lang: str) -> None:
    """A list of gigs with long titles is longer than an embed holds: what is shown ends with whole
    lines (none cut mid-sentence), and the file carries all of it."""
    await slash(bot, "settings", lang=lang)
    for n in range(20):
        await slash(bot, "add", title=f"{n} " + LONG_TITLES[lang].strip()[:190], client="ACME")
    (answer,) = await slash(bot, "list")
    (description,) = [e["description"] for e in answer.data["embeds"]]
    (whole,) = answer.files.values()
    lines = whole.decode().splitlines()
    assert len(description) <= 4096
    assert description.endswith("\n…"), description[-100:]
    shown = [seen(line) for line in description.removesuffix("\n…").splitlines()]
    assert len(shown) > 5
    assert shown[-1] in lines, shown[-1]
    assert lines[len(shown)].startswith(f"#{len(shown)} "), "the file goes on where the embed stops"


DRAFT_BLOCK = re.compile(r"```\n(.*?)\n```", re.S)


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_long_draft_is_shown_whole_to_copy(
    core: Core, store: SqlStore, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Coconala's cancellation step names the title twice and the client: with long ones its draft
    outgrows an embed field (1,024 characters), yet it is shown whole in its code block, ready to
    copy, never cut off mid-sentence."""
    title = ("Landing page and banner set for the spring campaign, " * 4)[:199] + "!"  # 200, the most
    client = ("Globex Corporation International Holdings " * 3)[:99] + "!"  # 100
    async with online(core, monkeypatch) as (fake, bot):
        adapter = DiscordAdapter(Settings(DISCORD_TOKEN="fake-token", _env_file=None))  # type: ignore[call-arg]
        adapter.bot = bot
        dispatcher = Dispatcher(store, clock, {"discord": adapter})
        await slash(bot, "settings", lang=lang)
        await slash(bot, "add", title=title, client=client, platform="coconala", stage="funded")
        await slash(bot, "sent", id=1)
        for _ in range(30):
            clock.set(clock.now() + timedelta(days=1))
            await Engine(store, clock).tick()
            await dispatcher.drain()
        sent = fake.messages()
    cards = [m.body["embeds"][0] for m in sent]
    texts = [c.get("description", "") + "".join(f["value"] for f in c.get("fields", [])) for c in cards]
    drafts = [d for t in texts for d in DRAFT_BLOCK.findall(t)]
    assert len(drafts) == len(cards) >= 3
    longest = max(drafts, key=len)
    assert longest.count(title) == 2, longest
    assert not longest.endswith("…"), longest[-80:]
    assert longest.rstrip()[-1] in ".。", longest[-80:]


@pytest.mark.parametrize(
    ("title", "client"),
    [
        (("Landing page and banner set for the spring campaign, " * 4)[:200], "ACME"),
        (("春のキャンペーン用ランディングページとバナー一式の制作" * 8)[:200], "株式会社テスト"),
    ],
)
async def test_a_suggested_gig_with_a_long_title_still_names_its_client(
    bot: DiscordBot, monkeypatch: pytest.MonkeyPatch, title: str, client: str
) -> None:
    """Discord shows at most 100 characters of a choice: the title gives way, so the client (what
    tells two similar gigs apart) is still there."""
    monkeypatch.setattr(discord_bot, "SUGGEST_WAIT", 3600.0)
    await slash(bot, "add", title=title, client=client)
    with recording() as rec:
        await dispatch(bot, interaction(4, command_data(bot, "show", focused="id", id="")))
    (answer,) = rec.calls
    ((choice),) = answer.body["data"]["choices"]
    assert len(choice["name"]) <= 100
    assert choice["name"].startswith("#1 " + title[:40])
    assert choice["name"].endswith(f"… ({client})"), choice["name"]


@pytest.mark.parametrize(("lang", "option"), [("en", "`pay_by:none`"), ("ja", "`支払期日:none`")])
async def test_show_names_the_no_payment_date_option_as_discord_shows_it(
    bot: DiscordBot, lang: str, option: str
) -> None:
    """A gig without a recorded payment date says how to record one, or that none was agreed: both
    as options the user can type on Discord."""
    await slash(bot, "settings", lang=lang)
    await slash(bot, "add", title="LP", client="ACME", stage="delivered")
    (shown,) = await slash(bot, "show", id=1)
    assert option in shown.text(), shown.text()
    if lang == "ja":
        assert "pay_by" not in shown.text()
