"""Choices in the user's words: every alias the catalogs declare, in both languages, reaches its code
through the vocabulary and through the parser; case, width, kana script and 済/済み never matter;
Discord's menus and the hints list the same words."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest

from bot.commands.grammar import GRAMMAR, Arg, ArgType, CommandSpec
from bot.commands.parser import parse
from bot.commands.vocab import (
    LABEL_TABLES,
    Vocab,
    aliases,
    codes,
    label,
    label_key,
    labels,
    listing,
    lookup,
    matching,
    nearest,
    spellings,
    table,
)
from bot.domain.stages import Stage
from bot.i18n import catalog as i18n

CHOICES = (
    Vocab.STAGE,
    Vocab.STEP,
    Vocab.PLATFORM,
    Vocab.REASON,
    Vocab.REQUEST,
    Vocab.YESNO,
    Vocab.FORMAT,
    Vocab.CADENCE,
    Vocab.LANG,
)


def every_alias() -> Iterator[tuple[Vocab, str, str, str]]:
    """(vocabulary, code, language, alias) for every alias in the catalogs."""
    for vocab in Vocab:
        for code in codes(vocab):
            for lang in i18n.LANGS:
                for word in aliases(vocab, code, lang):
                    yield vocab, code, lang, word


ALIASES = list(every_alias())


def test_every_code_has_its_aliases_and_label_in_every_language() -> None:
    for vocab in Vocab:
        for code in codes(vocab):
            for lang in i18n.LANGS:
                assert f"alias.{vocab}.{code}" in i18n.word_lists(lang), (vocab, code, lang)
                key = label_key(vocab, code)
                if vocab in LABEL_TABLES:
                    assert key is not None, (vocab, code)
                    assert i18n.has(lang, key), (vocab, code, lang)
    declared = {k for lang in i18n.LANGS for k in i18n.word_lists(lang) if k.startswith("alias.")}
    known = {f"alias.{v}.{c}" for v in Vocab for c in codes(v)}
    assert declared == known, "an alias list for a code no vocabulary has"
    # Japanese users get Japanese words for every choice they pick
    for vocab in CHOICES:
        assert all(aliases(vocab, code, "ja") for code in codes(vocab)), vocab


def test_no_word_means_two_codes_of_one_vocabulary() -> None:
    for vocab in Vocab:
        built = table(vocab)
        assert set(built.values()) == set(codes(vocab)), vocab


@pytest.mark.parametrize(
    ("vocab", "code", "lang", "word"), ALIASES, ids=[f"{v}-{c}-{w}" for v, c, _, w in ALIASES]
)
def test_every_alias_means_its_code_however_it_is_written(
    vocab: Vocab, code: str, lang: str, word: str
) -> None:
    assert lookup(vocab, word) == code
    assert lookup(vocab, word.upper()) == code
    assert lookup(vocab, unicodedata.normalize("NFKC", word).translate(FULL_WIDTH)) == code
    assert lookup(vocab, f" {word} ") == code
    hiragana = "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in word)
    katakana = "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in word)
    assert lookup(vocab, hiragana) == code
    assert lookup(vocab, katakana) == code


FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def test_labels_and_codes_are_accepted_and_so_are_the_with_or_without_done_variants() -> None:
    assert lookup(Vocab.STAGE, "契約済み・仮払い前") == "contracted"  # the bot's own label, as written
    assert lookup(Vocab.STAGE, "合意済み・作業前") == "contracted"  # ... as it reads for a direct client
    assert lookup(Vocab.STAGE, "contracted, escrow not funded") == "contracted"
    assert lookup(Vocab.STAGE, "契約済み") == lookup(Vocab.STAGE, "契約済") == lookup(Vocab.STAGE, "契約")
    assert lookup(Vocab.STAGE, "仮払い済") == lookup(Vocab.STAGE, "かりばらいずみ") == "funded"
    assert lookup(Vocab.STAGE, "ESCROW FUNDED") == "funded"
    assert lookup(Vocab.STAGE, "escrow-funded") == "funded"
    assert lookup(Vocab.PLATFORM, "ﾗﾝｻｰｽﾞ") == "lancers"  # half-width katakana
    assert lookup(Vocab.PLATFORM, "ＣＲＯＷＤＷＯＲＫＳ") == "crowdworks"
    assert lookup(Vocab.REASON, "late-payment") == lookup(Vocab.REASON, "Late Payment") == "late_payment"
    assert lookup(Vocab.STAGE, "done") is None  # funded, delivered or accepted? none: no guess
    for vocab in Vocab:
        for code in codes(vocab):
            assert lookup(vocab, code) == code
            for lang in i18n.LANGS:
                if label_key(vocab, code):
                    assert lookup(vocab, label(vocab, code, lang)) == code, (vocab, code, lang)


def choice_args() -> Iterator[tuple[CommandSpec, Arg]]:
    for spec in GRAMMAR:
        for arg in spec.args:
            if arg.vocab is not None:
                yield spec, arg


def sample_line(spec: CommandSpec, arg: Arg, value: str) -> str:
    """A command line that gives `arg` the value and every other required argument a plain one."""
    parts = [f"/gig {spec.name}"]
    for other in spec.args:
        if other is arg:
            text = f'"{value}"'
            parts.append(f"{arg.name}:{text}" if arg.keyword else text)
        elif other.required:
            plain = {ArgType.GIG: "1", ArgType.TEXT: "x"}.get(
                other.type, other.choices[0] if other.choices else "1"
            )
            parts.append(f"{other.name}:{plain}" if other.keyword else plain)
    return " ".join(parts)


@pytest.mark.parametrize(("spec", "arg"), list(choice_args()), ids=lambda x: getattr(x, "name", ""))
def test_every_spelling_of_every_choice_parses_through_the_grammar(spec: CommandSpec, arg: Arg) -> None:
    assert arg.vocab is not None
    for code in arg.choices:
        for word in spellings(arg.vocab, code):
            value = parse(sample_line(spec, arg, word)).args[arg.name]
            assert value == (Stage(code) if arg.type is ArgType.STAGE else code), (spec.name, word)


def test_the_issues_examples_parse() -> None:
    assert parse("/gig add LP client:A stage:契約済み").args["stage"] is Stage.CONTRACTED
    assert parse("/gig add LP client:A platform:ランサーズ").args["platform"] == "lancers"
    assert parse("/gig add LP client:A platform:らんさーず").args["platform"] == "lancers"
    assert parse("/gig vet 山田 verified:はい").args["verified"] == "yes"
    assert parse("/gig report 山田 バックレ").args["reason"] == "ghosted"
    assert parse("/gig incoming 1 途中終了").args["request"] == "termination"
    assert parse("/gig settings days:月-金").args["days"] == frozenset(range(5))
    assert parse("/gig done 1 催促").args["step"] == "nudge"
    assert parse("/gig timeline 1 ＣＳＶ").args["format"] == "csv"
    assert parse("/gig digest #general 停止").args["cadence"] == "off"
    assert parse("/gig settings lang:日本語").args["lang"] == "ja"
    assert parse("/gig list すべて").args == {"all": True}
    assert parse("/gig terminate 2 確認").args == {"id": 2, "confirm": True}
    assert parse("/gig incoming 1 返金 回答済み").args == {"id": 1, "request": "refund", "answered": True}
    assert parse("/gig settings holidays:なし").args == {"holidays": None}
    assert parse("/gig settings nudge:既定").args == {"nudge": None}


def test_discord_and_the_hints_list_the_same_words_in_each_language() -> None:
    assert labels(Vocab.PLATFORM, "ja") == (
        ("crowdworks", "クラウドワークス"),
        ("lancers", "ランサーズ"),
        ("coconala", "ココナラ"),
        ("upwork", "Upwork"),
        ("direct", "直接取引"),
    )
    assert labels(Vocab.STAGE, "en")[1] == ("contracted", "contracted")
    assert (
        listing(Vocab.STAGE, "ja")
        == "相談中、契約済み、仮払い済み、納品済み、検収済み、支払い済み、途中終了、辞退"
    )
    assert (
        listing(Vocab.STAGE, "en")
        == "negotiating, contracted, funded, delivered, accepted, paid, terminated, withdrawn"
    )
    assert listing(Vocab.YESNO, "ja") == "はい、いいえ"
    # Discord's autocomplete finds a choice by any of its words
    assert matching(Vocab.STEP, "催促") == ("nudge", "platform_nudge", "acceptance_nudge")
    assert matching(Vocab.STEP, "termination") == ("termination_request", "termination_followup")
    assert matching(Vocab.STEP, "") == codes(Vocab.STEP)


@pytest.mark.parametrize(
    ("vocab", "typed", "expected"),
    [
        (Vocab.STAGE, "contrcted", ["contracted"]),
        (Vocab.STAGE, "けいやk", ["contracted"]),
        (Vocab.PLATFORM, "lanser", ["lancers"]),
        (Vocab.PLATFORM, "くらうど", ["crowdworks"]),
        (Vocab.REASON, "ghostd", ["ghosted"]),
        (Vocab.REASON, "みばら", ["unpaid"]),
        (Vocab.STEP, "nuge", ["nudge"]),
        (Vocab.STAGE, "xyz", []),
    ],
)
def test_the_nearest_codes_of_a_word_nobody_declared(vocab: Vocab, typed: str, expected: list[str]) -> None:
    assert lookup(vocab, typed) is None
    assert nearest(vocab, typed)[:1] == expected
