"""The command layout is generated from GRAMMAR: these tests read the JSON the bot registers
(`gigwatch manifest discord` prints the same) and check it against the grammar, the catalogs and every
limit Discord documents, so a command added to the core that does not fit fails here, not at sync."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from adapters.cli import main
from adapters.discord.appcommands import LIMIT, MORE, fit, options, parse
from adapters.discord.bot import manifest
from adapters.discord.forms import restate
from adapters.discord.layout import ADMIN, placed, top_of
from adapters.discord.limits import COMMAND_CHARS_MAX, characters, violations
from bot.commands import parser
from bot.commands.grammar import GRAMMAR, Arg, ArgType, CommandSpec, Group
from bot.commands.grammar import command as spec_of
from bot.errors import CommandError
from bot.i18n.catalog import LANGS, catalog

SUBCOMMAND, GROUP, SLASH, MESSAGE_MENU = 1, 2, 1, 3
OPTION_TYPES = {ArgType.GIG: 4, ArgType.NUMBER: 10, ArgType.FLAG: 5, ArgType.CHANNEL: 7}  # others: 3
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
EN, JA = catalog("en"), catalog("ja")
MANAGE_GUILD = 1 << 5


@pytest.fixture
async def registered() -> list[dict[str, Any]]:
    return await manifest()


def slash_commands(registered: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in registered if c.get("type", SLASH) == SLASH}


def subcommands(registered: list[dict[str, Any]]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every subcommand by name, with the top-level command it sits in."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for top in slash_commands(registered).values():
        for sub in top["options"]:
            assert sub["type"] == SUBCOMMAND, f"/{top['name']} {sub['name']}: one level, no groups"
            assert sub["name"] not in out, f"{sub['name']} sits in two top-level commands"
            out[sub["name"]] = (top["name"], sub)
    return out


async def test_the_registration_is_within_every_discord_limit(registered: list[dict[str, Any]]) -> None:
    assert violations(registered) == []
    for command in slash_commands(registered).values():
        assert characters(command) <= COMMAND_CHARS_MAX * 0.9, f"/{command['name']}: keep room to grow"


async def test_every_grammar_command_is_a_subcommand_of_its_groups_command(
    registered: list[dict[str, Any]],
) -> None:
    subs = subcommands(registered)
    assert sorted(subs) == sorted(spec.name for spec in GRAMMAR)
    for spec in GRAMMAR:
        top, sub = subs[spec.name]
        assert top == EN[f"discord.top.{top_of(spec)}.name"]
        assert sub["description"] == fit(EN[spec.help_key])
        offered = {o["name"]: o for o in sub["options"]}
        assert list(offered) == [a.name for a in options(spec)]
        for arg in spec.args:
            option = offered[arg.name]
            where = f"{spec.name} {arg.name}"
            # a number that `none` clears is typed as text (Discord's numbers take no words)
            typed = ArgType.TEXT if arg.clearable else arg.type
            assert option["type"] == OPTION_TYPES.get(typed, 3), where
            assert option.get("required", False) is arg.required, where
            assert option["description"] == fit(EN[arg.help_key]), where
            if arg.type is ArgType.GIG:
                assert (option["autocomplete"], option["min_value"]) == (True, 1), where
            elif arg.type is ArgType.CHANNEL:
                assert option["channel_types"] == [0, 5], "text and announcement channels"
            elif 0 < len(arg.choices) <= LIMIT:
                assert [c["value"] for c in option["choices"]] == list(arg.choices), where
            elif arg.choices:
                assert option["autocomplete"] is True, where
                assert "choices" not in option, where
            elif option["type"] == 3:
                assert option["max_length"] == min(arg.max_len, 6000), where


async def test_groups_as_people_think_admin_for_managers_everything_in_servers_and_the_bots_dm(
    registered: list[dict[str, Any]],
) -> None:
    tops = slash_commands(registered)
    assert list(tops) == [EN[f"discord.top.{key}.name"] for key in placed(GRAMMAR)]
    assert set(placed(GRAMMAR)) == {*(g.value for g in Group), ADMIN}
    admin = tops[EN["discord.top.admin.name"]]
    assert {s["name"] for s in admin["options"]} == {s.name for s in GRAMMAR if s.admin}
    assert int(admin["default_member_permissions"]) == MANAGE_GUILD
    assert admin["contexts"] == [0], "organiser commands act on a server: not in DMs"
    for name, top in tops.items():
        assert top["integration_types"] == [0], f"/{name}: installed to servers"
        if top is not admin:
            assert top["contexts"] == [0, 1], f"/{name}: in servers and in the bot's DM"
            assert top["default_member_permissions"] is None
    (check,) = [c for c in registered if c["type"] == MESSAGE_MENU]
    assert check["name"] == EN["discord.check_menu"]
    assert check["name_localizations"] == {"ja": JA["discord.check_menu"]}
    assert (check["contexts"], check["integration_types"]) == ([0, 1], [0])


async def test_names_descriptions_and_choices_are_localised_for_japanese(
    registered: list[dict[str, Any]],
) -> None:
    for key in placed(GRAMMAR):
        top = slash_commands(registered)[EN[f"discord.top.{key}.name"]]
        assert top["name_localizations"] == {"ja": JA[f"discord.top.{key}.name"]}
        assert top["description_localizations"] == {"ja": fit(JA[f"discord.top.{key}.description"])}
    for name, (_, sub) in subcommands(registered).items():
        assert sub["name_localizations"] == {"ja": JA[f"discord.name.{name}"]}
        assert sub["description_localizations"] == {"ja": fit(JA[f"help.{name}"])}
        for option in sub["options"]:
            assert option["name_localizations"] == {"ja": JA[f"discord.option.{option['name']}"]}
            arg = spec.arg(option["name"]) if (spec := spec_of(name)) else None
            described = arg.help_key if arg else f"arg.{option['name']}"  # paid's amount is what came in
            assert option["description_localizations"] == {"ja": fit(JA[described])}
            assert JAPANESE.search(option["description_localizations"]["ja"])
            for c in option.get("choices", ()):
                assert set(c.get("name_localizations", {})) == {"ja"}, (
                    f"{name} {option['name']}: label {c['value']}"
                )
    move = subcommands(registered)["move"][1]
    stages = {c["value"]: c for c in move["options"][1]["choices"]}
    assert stages["funded"]["name"] == EN["stage.funded"]
    assert stages["funded"]["name_localizations"] == {"ja": JA["stage.funded"]}
    # every choice of a vocabulary is named by the catalogs: platforms, reasons, yes/no...
    add = {o["name"]: o for o in subcommands(registered)["add"][1]["options"]}
    platforms = {c["value"]: c for c in add["platform"]["choices"]}
    assert (platforms["lancers"]["name"], platforms["lancers"]["name_localizations"]) == (
        "Lancers",
        {"ja": "ランサーズ"},
    )
    report = {o["name"]: o for o in subcommands(registered)["report"][1]["options"]}
    reasons = {c["value"]: c for c in report["reason"]["choices"]}
    assert reasons["ghosted"]["name_localizations"] == {"ja": "音信不通"}


def test_every_name_has_its_catalog_entries_in_every_language() -> None:
    """When the grammar gains a command or an argument, this says which discord.toml names to write."""
    names = {spec.name for spec in GRAMMAR}
    arguments = {arg.name for spec in GRAMMAR for arg in spec.args} | {MORE.name}
    for lang in LANGS:
        texts = catalog(lang)
        assert sorted(n for n in names if f"discord.name.{n}" not in texts) == [], lang
        assert sorted(a for a in arguments if f"discord.option.{a}" not in texts) == [], lang
        described = {arg.help_key for spec in GRAMMAR for arg in spec.args}
        assert sorted(k for k in described if k not in texts) == [], lang
        for key in placed(GRAMMAR):
            assert {f"discord.top.{key}.name", f"discord.top.{key}.description"} <= texts.keys(), lang
    for name in names:  # Discord sends the default name back: it must be the grammar's
        assert EN[f"discord.name.{name}"] == name
    for arg in arguments:
        assert EN[f"discord.option.{arg}"] == arg


def fat_grammar() -> tuple[CommandSpec, ...]:
    """GRAMMAR and one more everyday command, as a later issue might add one."""
    choices = tuple(f"c{j:02d}" for j in range(25))
    extra = CommandSpec(
        "export", tuple(Arg(f"k{i:02d}", ArgType.CHOICE, keyword=True, choices=choices) for i in range(24))
    )
    return (*GRAMMAR, extra)


async def test_a_command_that_breaks_a_limit_is_caught_before_discord_refuses_it() -> None:
    problems = violations(await manifest(fat_grammar()))
    assert problems
    assert any("/gig:" in p and "characters" in p for p in problems), problems
    bad = CommandSpec("Shout", (Arg("Loud", ArgType.TEXT),), group=Group.ACCOUNT)
    with pytest.raises(ValueError, match=r"lowercase|Shout|name"):
        await manifest((*GRAMMAR, bad))
    payload = await manifest()
    top = next(c for c in payload if c["name"] == "gig")
    top["options"][0]["name_localizations"]["ja"] = "追加 する"  # a space: not a slash command name
    top["options"][1]["description"] = "x" * 101
    assert len(violations(payload)) == 2


def test_commands_in_texts_are_shown_in_discords_form() -> None:
    en = EN["discord.option.id"]
    assert restate("run `/gig funded 3` now", "en") == f"run `/gig-stage funded {en}:3` now"
    assert restate("`/gig terminate 2 confirm`", "en") == "`/gig-stage terminate id:2 confirm:True`"
    assert restate('`/gig add "TITLE" client:NAME`', "en") == "`/gig add title:TITLE client:NAME`"
    assert restate("`/gig heard 3 client answered`", "en") == "`/gig heard id:3 note:client answered`"
    assert (
        restate("`/gig add TITLE client:NAME [platform:crowdworks|lancers] [stage:S]`", "en")
        == "`/gig add title:TITLE client:NAME [platform:crowdworks|lancers] [stage:S]`"
    )
    assert restate("`/gig vet`, `/gig help`, `/gig digest #x`", "en") == (
        "`/gig-client vet`, `/gig help`, `/gig-admin digest channel:#x`"
    )
    assert restate("`/gig funded 3`", "ja") == (
        f"`/{JA['discord.top.stage.name']} {JA['discord.name.funded']} {JA['discord.option.id']}:3`"
    )
    assert restate("`/gig nothing 3` and `since:`", "en") == "`/gig nothing 3` and `since:`"


@pytest.mark.parametrize(
    ("spec_name", "values", "text"),
    [
        (
            "add",
            {
                "title": "LP design",
                "client": "ACME Inc",
                "stage": "contracted",
                "amount": "50000",
                "since": "3d",
            },
            '/gig add "LP design" client:"ACME Inc" stage:contracted amount:50000 since:3d',
        ),
        (
            "terminate",
            {"id": "3", "confirm": True, "note": "agreed by phone"},
            "/gig terminate 3 confirm agreed by phone",
        ),
        ("log", {"id": "2", "hours": "2.5", "note": "confirm"}, '/gig log 2 2.5 "confirm"'),
        (
            "settings",
            {"tz": "Europe/Berlin", "nudge": "2bd", "holidays": "none"},
            "/gig settings tz:Europe/Berlin nudge:2bd holidays:none",
        ),
        ("timeline", {"id": "1", "format": "csv"}, "/gig timeline 1 csv"),
        ("list", {"all": True}, "/gig list all"),
        ("list", {"all": False}, "/gig list"),
        ("digest", {"channel": "<#700>", "cadence": "weekly"}, "/gig digest <#700> weekly"),
        # an option is taken literally: quotes typed in it stay, as inside 「」 in text
        (
            "change",
            {"id": "4", "description": 'new colours, "bolder" tone'},
            '/gig change 4 「new colours, "bolder" tone」',
        ),
    ],
)
def test_options_parse_exactly_as_slack_text(
    spec_name: str, values: dict[str, str | bool], text: str
) -> None:
    spec = next(s for s in GRAMMAR if s.name == spec_name)
    assert parse(spec, values) == parser.parse(text)


def test_bad_option_values_are_refused_by_the_core_parser() -> None:
    snooze = next(s for s in GRAMMAR if s.name == "snooze")
    with pytest.raises(CommandError) as caught:
        parse(snooze, {"id": "1", "duration": "soon"})
    assert caught.value.key == "error.bad_value"
    assert caught.value.params["arg"] == "duration"


# --- a grammar that outgrows Discord's limits -------------------------------------------------


def wide_spec() -> CommandSpec:
    """A command with more arguments than Discord allows options, and more choices than it lists."""
    many = tuple(f"c{i:02d}" for i in range(30))
    return CommandSpec(
        "tune",
        (
            Arg("id", ArgType.GIG, required=True),
            Arg("mode", ArgType.CHOICE, choices=many),
            *(Arg(f"k{i:02d}", ArgType.TEXT, keyword=True) for i in range(30)),
        ),
    )


def test_arguments_beyond_25_are_written_in_one_more_option() -> None:
    spec = wide_spec()
    offered = options(spec)
    assert len(offered) == LIMIT
    assert offered[-1] is MORE
    assert [a.name for a in offered[:3]] == ["id", "mode", "k00"]
    parsed = parse(spec, {"id": "1", "k00": "a", "more": 'k29:z k28:"y y"'})
    assert parsed.args == {"id": 1, "k00": "a", "k29": "z", "k28": "y y"}
    with pytest.raises(CommandError) as caught:
        parse(spec, {"id": "1", "more": "k29:z stray"})
    assert caught.value.key == "error.extra_args"


def test_a_later_positional_without_the_earlier_one_is_refused_like_text() -> None:
    spec = CommandSpec("pair", (Arg("first", ArgType.TEXT), Arg("second", ArgType.DURATION)))
    with pytest.raises(CommandError) as caught:
        parse(spec, {"second": "3d"})
    assert (caught.value.key, caught.value.params["arg"]) == ("error.missing_arg", "first")


def test_gigwatch_manifest_discord_prints_what_the_bot_registers(capsys: pytest.CaptureFixture[str]) -> None:
    """The same JSON as `tree.sync()` sends (test_adapter compares it with what Discord received)."""
    assert main(["manifest", "discord"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == asyncio.run(manifest())
    assert violations(printed) == []


def _described(node: dict[str, Any], path: str = "") -> list[tuple[str, str]]:
    """Every description of a command tree, in every language, with where it is."""
    here = f"{path}/{node['name']}"
    texts = [node.get("description", ""), *(node.get("description_localizations") or {}).values()]
    out = [(here, t) for t in texts if t]
    for child in node.get("options") or ():
        out += _described(child, here)
    return out


async def test_descriptions_fit_discord_whole_and_name_what_each_option_means(
    registered: list[dict[str, Any]],
) -> None:
    """A description Discord shows is a whole first sentence, never cut mid-word with "…" (the settings
    one was cut inside a code span), and an option shared by name says what it means in its command:
    settings' hours are active hours, log's are hours worked; settings' lang is of the user's messages."""
    cut = [(where, text) for c in registered for where, text in _described(c) if text.endswith("…")]
    assert cut == []
    commands = {c["name"]: c for c in registered}

    def option(top: str, sub: str, name: str) -> dict[str, Any]:
        subs = {o["name"]: o for o in commands[top]["options"]}
        return next(o for o in subs[sub]["options"] if o["name"] == name)

    settings_hours = option("gig-account", "settings", "hours")
    log_hours = option("gig-records", "log", "hours")
    assert settings_hours["description_localizations"]["ja"].startswith("通知する時間帯")
    assert log_hours["description_localizations"]["ja"].startswith("作業時間")
    assert "作業時間" not in settings_hours["description_localizations"]["ja"]
    assert option("gig-account", "settings", "lang")["description_localizations"]["ja"].startswith(
        "メッセージの言語"
    )
    assert option("gig", "add", "lang")["description_localizations"]["ja"].startswith(
        "クライアント宛て文案の言語"
    )
    assert "/gig reports" not in option("gig-admin", "unreport", "report")["description_localizations"]["ja"]


async def test_export_format_describes_only_the_formats_export_offers(
    registered: list[dict[str, Any]],
) -> None:
    """`/gig-account export` offers CSV alone: its format option said "Markdown, CSV, JSON, or the
    evidence pack" (the timeline's formats); in every language it now names what the choices give."""
    top, export = subcommands(registered)["export"]
    assert top == "gig-account"
    (fmt,) = export["options"]
    assert [c["value"] for c in fmt["choices"]] == ["csv"]
    descriptions = [fmt["description"], *fmt["description_localizations"].values()]
    assert len(descriptions) == len(LANGS)
    for text in descriptions:
        assert "CSV" in text, text
        for other in ("Markdown", "JSON", "pack", "証拠資料"):
            assert other not in text, text
    _, timeline = subcommands(registered)["timeline"]
    assert "Markdown" in next(o for o in timeline["options"] if o["name"] == "format")["description"]
