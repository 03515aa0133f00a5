"""The /gig tree is generated from GRAMMAR: these tests compare the payload Discord receives with the
grammar itself, so a command or argument added to the core shows up here without Discord code."""

from __future__ import annotations

import re
from typing import Any

import pytest

from adapters.discord import DiscordBot
from adapters.discord.appcommands import LIMIT, MORE, fit, layout, options, parse
from adapters.discord.bot import MONEY, area
from bot.commands import parser
from bot.commands.grammar import GRAMMAR, Arg, ArgType, CommandSpec
from bot.errors import CommandError
from bot.i18n.catalog import LANGS, catalog

SUBCOMMAND, GROUP = 1, 2
OPTION_TYPES = {ArgType.GIG: 4, ArgType.NUMBER: 10, ArgType.FLAG: 5}  # others: 3, a string
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def subcommands(root: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every subcommand of /gig by name, also inside area groups."""
    out: dict[str, dict[str, Any]] = {}
    for child in root["options"]:
        if child["type"] == GROUP:
            out.update({sub["name"]: sub for sub in child["options"]})
        else:
            assert child["type"] == SUBCOMMAND
            out[child["name"]] = child
    return out


def root_payload(bot: DiscordBot) -> dict[str, Any]:
    root = bot.tree.get_command("gig")
    assert root is not None
    return root.to_dict(bot.tree)


def test_every_grammar_command_is_a_subcommand_with_its_arguments(bot: DiscordBot) -> None:
    subs = subcommands(root_payload(bot))
    assert sorted(subs) == sorted(spec.name for spec in GRAMMAR)
    for spec in GRAMMAR:
        sub = subs[spec.name]
        assert sub["description"] == fit(catalog("en")[spec.help_key])
        offered = {o["name"]: o for o in sub["options"]}
        assert list(offered) == [a.name for a in options(spec)]
        assert len(offered) <= LIMIT
        flags = [o.get("required", False) for o in sub["options"]]
        assert flags == sorted(flags, reverse=True), f"{spec.name}: Discord needs required options first"
        for arg in spec.args:
            option = offered[arg.name]
            where = f"{spec.name} {arg.name}"
            assert option["type"] == OPTION_TYPES.get(arg.type, 3), where
            assert option.get("required", False) is arg.required, where
            assert option["description"] == fit(catalog("en")[arg.help_key]), where
            if arg.type is ArgType.GIG:
                assert option["autocomplete"] is True, where
                assert option["min_value"] == 1, where
            elif 0 < len(arg.choices) <= LIMIT:
                assert [c["value"] for c in option["choices"]] == list(arg.choices), where
            elif arg.choices:
                assert option["autocomplete"] is True, where
                assert "choices" not in option, where
            elif option["type"] == 3:
                assert option["max_length"] == min(arg.max_len, 6000), where


def test_the_grammar_fits_discord_with_organiser_commands_grouped_when_needed() -> None:
    """Discord allows 25 subcommands per group: past that, admin commands go to `/gig admin` and the
    money facts to `/gig money`."""
    placed = layout(GRAMMAR, area)
    if len(GRAMMAR) <= LIMIT:
        assert placed == {None: list(GRAMMAR)}
    else:
        assert placed == {
            None: [s for s in GRAMMAR if not s.admin and s.name not in MONEY],
            "admin": [s for s in GRAMMAR if s.admin],
            "money": [s for s in GRAMMAR if s.name in MONEY],
        }
    for name in set(placed) - {None}:
        for lang in LANGS:
            assert f"discord.area.{name}" in catalog(lang), f"{lang}: /gig {name} needs a description"


def test_every_argument_has_a_short_description_in_every_language() -> None:
    """When a new argument appears in the grammar, this says which `arg.<name>` to write."""
    names = {arg.name for spec in GRAMMAR for arg in spec.args}
    for lang in LANGS:
        texts = catalog(lang)
        missing = sorted(name for name in names if f"arg.{name}" not in texts)
        assert missing == [], f"bot/i18n/{lang}/args.toml lacks arg.<name> for {missing}"
        long = sorted(name for name in names if len(texts[f"arg.{name}"]) > 100)
        assert long == [], f"{lang}: Discord shows at most 100 characters: {long}"


async def test_the_tree_is_localised_for_japanese(bot: DiscordBot) -> None:
    root = bot.tree.get_command("gig")
    assert root is not None
    assert bot.tree.translator is not None
    payload = await root.get_translated_payload(bot.tree, bot.tree.translator)
    ja = catalog("ja")
    assert payload["description_localizations"] == {"ja": fit(ja["discord.gig"])}
    subs = subcommands(payload)
    for spec in GRAMMAR:
        sub = subs[spec.name]
        assert sub["description_localizations"] == {"ja": fit(ja[spec.help_key])}
        assert sub["name_localizations"] == {}, (
            "names stay the grammar's words, as every help text writes them"
        )
        for option in sub["options"]:
            assert option["description_localizations"] == {"ja": fit(ja[f"arg.{option['name']}"])}
            assert JAPANESE.search(option["description_localizations"]["ja"])
    stages = {c["value"]: c for c in subs["move"]["options"][1]["choices"]}
    assert stages["funded"]["name"] == catalog("en")["stage.funded"]
    assert stages["funded"]["name_localizations"] == {"ja": ja["stage.funded"]}
    # every choice of a vocabulary is named by the catalogs: platforms, reasons, yes/no...
    platforms = {c["value"]: c for c in subs["add"]["options"][2]["choices"]}
    assert (platforms["lancers"]["name"], platforms["lancers"]["name_localizations"]) == (
        "Lancers",
        {"ja": "ランサーズ"},
    )
    reasons = {c["value"]: c for c in subs["report"]["options"][1]["choices"]}
    assert reasons["ghosted"]["name_localizations"] == {"ja": "音信不通"}
    texts = [payload["description"], *payload["description_localizations"].values()]
    for group in (o for o in payload["options"] if o["type"] == GROUP):
        assert group["description_localizations"] == {"ja": fit(ja[f"discord.area.{group['name']}"])}
        texts += [group["description"], *group["description_localizations"].values()]
    for sub in subs.values():
        texts += [sub["description"], *sub["description_localizations"].values()]
        for option in sub["options"]:
            texts += [option["description"], *option["description_localizations"].values()]
            for c in option.get("choices", ()):
                texts += [c["name"], *c.get("name_localizations", {}).values()]
    assert max(map(len, texts)) <= 100


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


def test_more_than_25_commands_split_into_area_groups_deterministically() -> None:
    grammar = [CommandSpec(f"g{i:02d}") for i in range(20)]
    grammar += [CommandSpec(f"a{i:02d}", admin=True) for i in range(8)]
    grammar.insert(5, CommandSpec("extra", admin=True))
    placed = layout(grammar, area)
    assert placed == {None: [s for s in grammar if not s.admin], "admin": [s for s in grammar if s.admin]}
    assert placed["admin"][0].name == "extra", "grammar order is kept inside a group"
    assert layout(grammar[:25], area) == {None: grammar[:25]}, "flat while everything fits"
    with pytest.raises(ValueError, match="do not fit"):
        layout([CommandSpec(f"x{i:02d}") for i in range(30)], area)
    with pytest.raises(ValueError, match="do not fit"):
        layout([*grammar, CommandSpec("admin")], area)  # a group named like a direct command
