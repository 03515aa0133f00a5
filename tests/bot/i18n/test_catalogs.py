"""The catalogs hold every text the user reads, so both languages must say the same things.

These tests fail when an area file lacks its twin, when en and ja differ in keys or placeholders,
when a text cannot be formatted, when the code asks for a key no catalog has, when a Japanese
text is not Japanese, and when a reminder loses what the spec says it must contain.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import fields
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from bot import compose
from bot.commands.grammar import GRAMMAR, ArgType
from bot.domain.advice import advice
from bot.domain.facts import Situation
from bot.domain.stages import Stage
from bot.domain.tracks import all_step_codes
from bot.i18n.catalog import LANGS, catalog, fill, placeholders, when
from bot.messages import Kind
from bot.ports import EventKind, EventRecord, UserRecord
from tests.bot.situations import gig_in, planned, situations

BOT = Path(compose.__file__).resolve().parent
# Prefixes of catalog keys the code writes as literals; every top-level table of a catalog counts too.
KEY_PREFIXES = frozenset({"reply", "error", "warning", "hint", "settings", "help"})
STEP_PARTS = frozenset({"title", "body", "draft"})
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CODE_SPAN = re.compile(r"`[^`]*`")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
COMMAND = re.compile(r"`(/gig [a-z][a-z-]*)")
POLITE_END = re.compile(r"(ます|ました|ません|です|でした|でしょうか|ください)$")


def area_files(lang: str) -> set[str]:
    folder = resources.files("bot.i18n").joinpath(lang)
    return {e.name for e in folder.iterdir() if e.name.endswith(".toml")}


def flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from flatten(value, full)
        else:
            yield full, str(value)


def area(lang: str, name: str) -> dict[str, str]:
    entry = resources.files("bot.i18n").joinpath(lang).joinpath(name)
    assert entry.is_file(), f"{lang}/{name} is missing: every area file needs its twin in each language"
    return dict(flatten(tomllib.loads(entry.read_text("utf-8"))))


def mismatches(base: Mapping[str, str], other: Mapping[str, str]) -> list[str]:
    """What differs between two catalogs: keys on one side only, or different placeholders."""
    problems = [f"only in en: {k}" for k in sorted(base.keys() - other.keys())]
    problems += [f"only in the other language: {k}" for k in sorted(other.keys() - base.keys())]
    for key in sorted(base.keys() & other.keys()):
        mine, theirs = placeholders(base[key]), placeholders(other[key])
        if mine != theirs:
            problems.append(f"{key}: en has {sorted(mine)}, the other has {sorted(theirs)}")
    return problems


ALL_AREAS = sorted(set().union(*(area_files(lang) for lang in LANGS)))


def test_area_files_come_in_pairs() -> None:
    assert "core.toml" in ALL_AREAS
    for lang in LANGS:
        assert area_files(lang) == set(ALL_AREAS), f"{lang} lacks {sorted(set(ALL_AREAS) - area_files(lang))}"


@pytest.mark.parametrize("name", ALL_AREAS)
def test_area_file_has_same_keys_and_placeholders_in_every_language(name: str) -> None:
    base = area(LANGS[0], name)
    assert base, f"{LANGS[0]}/{name} is empty"
    for lang in LANGS[1:]:
        assert mismatches(base, area(lang, name)) == [], f"{lang}/{name} differs from {LANGS[0]}/{name}"


def test_merged_catalogs_have_same_keys_and_placeholders() -> None:
    for lang in LANGS[1:]:
        assert mismatches(catalog(LANGS[0]), catalog(lang)) == [], f"the merged {lang} catalog differs"


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_formats_with_its_placeholders_filled(lang: str) -> None:
    for key, text in catalog(lang).items():
        params = {name: f"<{name}>" for name in placeholders(text)}
        try:
            out = fill(text, params)  # as the bot fills it (counting forms: `{n:|day|days}`)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            pytest.fail(f"{lang}:{key} does not format: {exc!r}")
        assert all(value in out for value in params.values()), f"{lang}:{key}"
        assert out.strip(), f"{lang}:{key} is empty"


# --- keys the code refers to -------------------------------------------------------------------


@cache
def source_trees() -> tuple[ast.Module, ...]:
    return tuple(ast.parse(p.read_text("utf-8"), str(p)) for p in sorted(BOT.rglob("*.py")))


def literal_keys() -> set[str]:
    """String literals in bot/ shaped like a catalog key (`reply.added`, `error.closed`, ...)."""
    prefixes = KEY_PREFIXES | {key.split(".", 1)[0] for lang in LANGS for key in catalog(lang)}
    shape = re.compile(rf"(?:{'|'.join(sorted(prefixes))})\.[a-z0-9_][a-z0-9_.-]*")
    return {
        node.value
        for tree in source_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and shape.fullmatch(node.value)
    }


def event_kinds() -> set[str]:
    """Literal `kind`s the code records: EventRecord's field, or any bot/ function's `kind: str` (or
    `kind: EventKind`) parameter (such as a handler's event helper), given positionally or by keyword,
    as a string or as a member of EventKind."""
    where = {"EventRecord": [f.name for f in fields(EventRecord)].index("kind")}
    for tree in source_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [*node.args.posonlyargs, *node.args.args]
                if args and args[0].arg in ("self", "cls"):
                    args = args[1:]
                for i, arg in enumerate(args):
                    if (
                        arg.arg == "kind"
                        and isinstance(arg.annotation, ast.Name)
                        and arg.annotation.id in ("str", "EventKind")
                    ):
                        where[node.name] = i
    kinds: set[str] = set()
    for tree in source_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in where:
                continue
            values = [kw.value for kw in node.keywords if kw.arg == "kind"]
            values += node.args[where[name] : where[name] + 1]
            kinds |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
            kinds |= {
                EventKind[v.attr].value
                for v in values
                if isinstance(v, ast.Attribute)
                and isinstance(v.value, ast.Name)
                and v.value.id == "EventKind"
            }
    return kinds


def referenced_keys() -> dict[str, str]:
    """Every key the code may ask for, with where the need comes from."""
    refs = {key: "a literal in bot/" for key in literal_keys()}
    warnings = {key.split(".", 1)[1] for key in refs if key.startswith("warning.")}
    refs |= {f"stage.{s}": "Stage" for s in Stage}
    refs |= {f"kind.{k}": "Kind" for k in Kind}
    refs |= {f"hint.{t}": "ArgType" for t in ArgType}
    refs |= {spec.help_key: "GRAMMAR" for spec in GRAMMAR}
    refs |= {arg.help_key: "GRAMMAR" for spec in GRAMMAR for arg in spec.args}
    # Timelines name ladder steps and warning codes (an event's `step`) by their stepname.
    refs |= {f"stepname.{code}": "profiles.toml or a warning" for code in {*all_step_codes(), *warnings}}
    refs |= {f"step.{code}": "profiles.toml" for code in all_step_codes()}
    refs |= {f"event.{kind}": "a recorded event kind" for kind in event_kinds()}
    return refs


def test_collection_sees_the_code() -> None:
    """Guards the collectors themselves: they must find what the core is known to use."""
    assert {"reply.added", "error.unknown_gig", "warning.unfunded_work", "draft.label"} <= literal_keys()
    assert {"created", "stage", "reminder", "skipped", "warning"} <= event_kinds()


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_code_uses_exists(lang: str) -> None:
    texts = catalog(lang)
    slots = advice().slots  # an advice slot is read through its wordings (checked above)
    missing = {key: why for key, why in referenced_keys().items() if key not in texts and key not in slots}
    assert missing == {}, f"{lang} lacks keys the code asks for"


def test_every_advice_wording_has_its_texts_and_no_text_is_orphaned() -> None:
    """A wording in advice.toml needs a catalog text; a catalog text under an advice slot needs a wording
    that reads it, so that no variant is written that no situation can ever say."""
    slots = advice().slots
    for slot, variants in slots.items():
        for variant in variants:
            prefix = f"{slot}.{variant.key}." if variant.key else f"{slot}."
            assert any(k.startswith(prefix) for k in catalog(LANGS[0])), (
                f"{slot}: no text for {variant.key!r}"
            )
    for key in catalog(LANGS[0]):
        slot = next((s for s in slots if key.startswith(f"{s}.")), None)
        if slot is None:
            continue
        rest = key.removeprefix(f"{slot}.").split(".")
        keys = {v.key for v in slots[slot]}
        assert len(rest) == 1 or rest[0] in keys, f"{key}: no wording of {slot} is called {rest[0]!r}"


# --- language -----------------------------------------------------------------------------------


def prose(text: str) -> str:
    """The words of a text, without placeholders and `code`."""
    return PLACEHOLDER.sub("", CODE_SPAN.sub("", text))


def kept_name(word: str, texts: Mapping[str, str]) -> bool:
    """A name Japanese writes as is (Upwork): one word that Japanese prose elsewhere uses too."""
    return not re.search(r"\s", word) and any(word in t and JAPANESE.search(t) for t in texts.values())


def test_japanese_texts_are_japanese_and_english_ones_are_not() -> None:
    ja = catalog("ja")
    for key, text in ja.items():
        words = prose(text).strip()
        if any(ch.isalpha() for ch in words) and not kept_name(words, ja):
            assert JAPANESE.search(words), f"ja:{key} has no Japanese: {text!r}"
    for key, text in catalog("en").items():
        assert not JAPANESE.search(prose(text)), f"en:{key} contains Japanese: {text!r}"


# The Freelance Act has one short name in every Japanese text; the formal name may be written out in full.
LAW_NAME = "フリーランス新法"


def test_japanese_texts_call_the_freelance_act_by_one_name() -> None:
    for key, text in catalog("ja").items():
        for name in re.findall(r"フリーランス[^\s、。「」（）・]{0,3}法", text):
            assert name == LAW_NAME, f"ja:{key} calls the Act {name!r}, elsewhere {LAW_NAME!r}"


# "a" or "an" before a placeholder: the article cannot agree with a word it does not know ("a early-...").
ARTICLE_BEFORE_PLACEHOLDER = re.compile(r"\b[Aa]n? \{")


def test_no_english_text_puts_an_article_before_a_placeholder() -> None:
    for key, text in catalog("en").items():
        assert not ARTICLE_BEFORE_PLACEHOLDER.search(text), f"en:{key}: reword it, the article is unknown"


def test_commands_are_kept_as_code_in_both_languages() -> None:
    for key, text in catalog(LANGS[0]).items():
        for lang in LANGS[1:]:
            assert Counter(COMMAND.findall(catalog(lang)[key])) == Counter(COMMAND.findall(text)), (
                f"{lang}:{key} must name the same `/gig` commands in backticks as en"
            )


def test_japanese_drafts_are_polite() -> None:
    """A draft is pasted to a client or to support as is: every sentence in です・ます form."""
    drafts = {k: t for k, t in catalog("ja").items() if k.endswith(".draft")}
    assert drafts
    for key, text in drafts.items():
        sentences = [s.strip() for s in text.split("。")[:-1]]
        assert sentences, f"ja:{key} has no full sentence"
        for sentence in sentences:
            assert POLITE_END.search(sentence), f"ja:{key}: not polite: {sentence!r}"


# --- reminders as the user receives them --------------------------------------------------------

NOW = datetime.fromisoformat("2026-12-04T10:00:00+09:00")
SINCE = NOW - timedelta(days=9)
DEADLINE = NOW + timedelta(days=3, hours=5)
# What the spec says a reminder must tell, by step and wording, as the words each language uses for it.
MUST_SAY = {
    ("termination_request", ""): {"en": "condition change", "ja": "条件変更"},
    ("support_inquiry", ""): {"en": "do NOT request early termination", "ja": "契約途中終了リクエストは"},
    ("payment_deadline", ""): {"en": "Freelance Act", "ja": "フリーランス新法"},
    ("payment_deadline", "unfunded"): {"en": "Freelance Act", "ja": "フリーランス新法"},
    ("payment_deadline", "abroad"): {"en": "abroad", "ja": "海外"},
}


def reminders() -> Iterator[tuple[str, Situation, str, str]]:
    """Every step each situation plans, in each language, with the track it belongs to."""
    for situation in situations():
        for step, track in planned(situation):
            for lang in LANGS:
                yield lang, situation, step, track


@pytest.mark.parametrize(("lang", "situation", "step", "track"), list(reminders()))
def test_every_reminder_renders(lang: str, situation: Situation, step: str, track: str) -> None:
    user = UserRecord(1, "test", "u1", lang=lang)
    gig = gig_in(situation, SINCE)
    message = compose.reminder(user, gig, step, NOW, track=track, deadline=DEADLINE)
    assert message.title
    assert "#7" in message.title
    assert message.body
    # The ladder's reminders and the user's own payment follow-ups can be snoozed; a fixed date cannot.
    follow_up = step in ("payment_followup", "payment_demand")
    expected = (
        compose.REMINDER_BUTTONS
        if track == "ladder"
        else compose.FOLLOW_UP_BUTTONS
        if follow_up
        else compose.OTHER_BUTTONS
    )
    assert [a.key for a in message.actions] == list(expected)
    text = message.text()
    if lang == "ja":
        assert JAPANESE.search(message.body)
    if step == "deadline_notice":
        assert message.draft
        # the draft speaks to the client in the gig's language (an Upwork client reads English)
        assert when(gig.draft_language(lang), DEADLINE, user.tz) in message.draft
    request = track.removeprefix("request:") if track.startswith("request:") else ""
    wording = advice().choose(f"step.{step}", situation.facts(catchup=False, request=request))
    must = MUST_SAY.get((step, wording.key))
    if must:
        assert must[lang] in text
