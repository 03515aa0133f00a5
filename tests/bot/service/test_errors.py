"""Spec section 4: bad input gets a short error in the user's language that says what was wrong and how
to write it, and changes nothing (every table of the schema is compared before and after)."""

from __future__ import annotations

import string

import pytest

from bot.clock import VirtualClock
from bot.commands.grammar import command, usage
from bot.commands.vocab import Vocab, listing
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Actor, Service
from storage import SqlStore
from tests.bot.harness import JAPANESE, dump, gig_row, jst, ok, refused
from tests.conftest import actor

ALICE = actor("alice")  # English: no language set and no locale
BOB = actor("bob")  # Japanese: `settings lang:ja`
USERS = {"en": ALICE, "ja": BOB}


async def two_users(service: Service, engine: Engine, clock: VirtualClock) -> None:
    """Both: #1 contracted, #2 delivered, #3 accepted, #4 funded on Upwork. Alice also has #5.
    A reminder has gone out, so the outbox and the events are not empty."""
    await ok(service, BOB, "/gig settings lang:ja")
    for who in (ALICE, BOB):
        await ok(service, who, '/gig add "LP design" client:ACME stage:contracted')
        await ok(service, who, "/gig add 「バナー制作」 client:株式会社サンプル stage:delivered")
        await ok(service, who, '/gig add "Logo" client:Globex stage:accepted')
        await ok(service, who, '/gig add "API" client:Hooli platform:upwork stage:funded')
    await ok(service, ALICE, '/gig add "Secret" client:Umbrella stage:contracted')
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 3


LONG_LINE = "/gig change 1 " + "scope " * 2001
# (command, error key, how to write it: "usage:COMMAND" or "hint:TYPE" or "")
BAD = [
    ("/gig frobnicate 1", "error.unknown_command", ""),
    ("/gig client:ACME", "error.unknown_command", ""),
    ("/gig contracted 1", "error.unknown_command", ""),
    ("/gig help frobnicate", "error.unknown_command", ""),
    ('/gig add "X" client:Y colour:red', "error.unknown_option", "usage:add"),
    ("/gig show 1 verbose:yes", "error.unknown_option", "usage:show"),
    ("/gig settings nudge:2bd teleport:1d", "error.unknown_option", "usage:settings"),
    ('/gig add "X" client:Y client:Z', "error.duplicate_option", "usage:add"),
    ("/gig show", "error.missing_arg", "usage:show"),
    ("/gig heard", "error.missing_arg", "usage:heard"),
    ("/gig snooze 1", "error.missing_arg", "usage:snooze"),
    ('/gig add "X"', "error.missing_arg", "usage:add"),
    ("/gig done 1", "error.missing_arg", "usage:done"),
    ("/gig change 1", "error.missing_arg", "usage:change"),
    ("/gig show 1 2", "error.extra_args", "usage:show"),
    ("/gig list 2", "error.extra_arg_option", "usage:list"),  # the page, written without `page:`
    ("/gig paid 1 200", "error.note_option", "usage:paid"),  # a part payment, written without `amount:`
    ("/gig show 99", "error.unknown_gig", ""),
    ("/gig terminate 99 confirm", "error.unknown_gig", ""),
    ("/gig show abc", "error.bad_value", "hint:gig"),
    ("/gig show #0", "error.bad_value", "hint:gig"),
    ('/gig add "X" client:Y since:2026-02-30', "error.bad_value", "hint:time"),
    ('/gig add "X" client:Y since:someday', "error.bad_value", "hint:time"),
    ('/gig add "X" client:Y since:20/11', "error.bad_value", "hint:day_month"),
    ('/gig add "X" client:Y since:3', "error.bad_value", "hint:time"),
    ("/gig log 1 abc", "error.bad_value", "hint:hours_logged"),
    ('/gig add "X" client:Y since:2026-11-20T25:00', "error.bad_value", "hint:time"),
    ('/gig add "X" client:Y since:2027-01-01', "error.future_since", ""),
    ('/gig add "X" client:Y since:2020-01-01', "error.too_old_since", ""),
    ("/gig snooze 1 5x", "error.bad_value", "hint:duration"),
    ("/gig snooze 1 0d", "error.bad_value", "hint:duration"),
    ("/gig snooze 1 9999w", "error.bad_value", "hint:duration"),
    ("/gig snooze 1 -3d", "error.bad_value", "hint:duration"),
    (f'/gig add "{"x" * 201}" client:Y', "error.too_long", ""),
    (f"/gig add X client:{'y' * 101}", "error.too_long", ""),
    (f"/gig add X client:Y url:https://example.com/{'a' * 500}", "error.too_long", ""),
    (f"/gig sent 1 {'n' * 1001}", "error.too_long", ""),
    (LONG_LINE, "error.too_long", ""),
    ('/gig add "X" client:Y stage:closed', "error.bad_value", "hint:stage"),
    ('/gig add "X" client:Y platform:fiverr', "error.bad_value", "hint:platform"),
    ('/gig add "X" client:Y amount:-5', "error.bad_value", "hint:amount"),
    ('/gig add "X" client:Y amount:nan', "error.bad_value", "hint:amount"),
    ('/gig add "X" client:Y amount:1e9', "error.bad_value", "hint:amount"),  # float() reads it as a billion
    ('/gig add "X" client:Y amount:1_000', "error.bad_value", "hint:amount"),
    ("/gig log 1 1e2", "error.bad_value", "hint:hours_logged"),
    ('/gig add "X" client:Y price:500', "error.unknown_option", "usage:add"),
    ("/gig paid 1 amount:-500", "error.bad_value", "hint:amount_paid"),  # what was received, not the fee
    ('/gig add "X" client:Y Studio', "error.unquoted_value", ""),
    ('/gig add "X client:Y', "error.unbalanced_quote", ""),
    ("/gig move 1 done", "error.bad_value", "hint:stage"),
    ("/gig done 1 fly", "error.bad_value", "hint:step"),
    ("/gig done 4 platform_nudge", "error.step_not_in_ladder", ""),
    ("/gig log 1 0", "error.bad_value", "hint:hours_logged"),
    ("/gig log 1 1000", "error.bad_value", "hint:hours_logged"),
    ("/gig timeline 1 pdf", "error.bad_value", "hint:choice"),
    ("/gig funded 4", "error.same_stage", ""),
    ("/gig sent 3", "error.closed", ""),
    ("/gig snooze 3 1d", "error.nothing_pending", ""),
    ("/gig settings tz:Mars/Olympus", "error.bad_value", "hint:tz"),
    ("/gig settings tz:../../etc/passwd", "error.bad_value", "hint:tz"),
    ("/gig settings hours:25-26", "error.bad_value", "hint:hours"),
    ("/gig settings hours:20-09", "error.bad_value", "hint:hours_overnight"),  # a night: not one range
    ("/gig settings hours:09-09", "error.bad_value", "hint:hours"),
    ("/gig settings days:funday", "error.bad_value", "hint:days"),
    ("/gig settings days:fri-mon", "error.bad_value", "hint:days"),
    ("/gig settings holidays:XX", "error.bad_value", "hint:holidays"),
    ("/gig settings lang:fr", "error.bad_value", "hint:lang"),
    ("/gig settings nudge:3months", "error.bad_value", "hint:offset"),
    ("/gig settings nudge:nudge+1d", "error.bad_value", "hint:offset"),
]


def fixed_parts(lang: str, key: str) -> list[str]:
    """The words of an error's template around its placeholders: what any rendering of it contains."""
    template = i18n.catalog(lang)[key]
    return [lit.strip() for lit, _, _, _ in string.Formatter().parse(template) if lit.strip()]


# Hints that list a choice's words, in the user's language.
CHOICES = {"stage": Vocab.STAGE, "platform": Vocab.PLATFORM, "lang": Vocab.LANG, "choice": Vocab.FORMAT}


def how(lang: str, spec: str) -> str:
    kind, _, name = spec.partition(":")
    if kind == "usage":
        found = command(name)
        assert found is not None
        return usage(found, lang)
    return i18n.t(lang, f"hint.{name}", choices=listing(CHOICES[name], lang) if name in CHOICES else "")


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_bad_input_changes_nothing(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore, lang: str
) -> None:
    await two_users(service, engine, clock)
    before = await dump(store)
    for text, key, hint in BAD:
        error = await refused(service, USERS[lang], text)
        assert await dump(store) == before, text
        assert error.lang == lang
        assert (JAPANESE.search(error.body) is not None) is (lang == "ja"), (text, error.body)
        for part in fixed_parts(lang, key):
            assert part in error.body, (text, key, part, error.body)
        if hint:
            assert how(lang, hint) in error.body, (text, error.body)
        assert len(error.body) < 600, text  # short, even when the input was not


# An option named in words rather than by its key: in a command that has the option, an error that names
# it; without the word being taken into a title or a note (`paid` would close the gig as paid in full).
OPTION_IN_WORDS = [
    ("/gig add X client:Y ステージ:契約済み", "ステージ", "stage", "add"),
    ("/gig add 「X」 クライアント:鈴木", "クライアント", "client", "add"),
    ("/gig paid 2 金額:5000", "金額", "amount", "paid"),
    ("/gig terms 1 支払期日:12/31", "支払期日", "pay_by", "terms"),
    ("/gig add X client:Y price:500", "price", "amount", "add"),
]


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_option_named_in_words_is_refused_with_its_key(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore, lang: str
) -> None:
    await two_users(service, engine, clock)
    before = await dump(store)
    for text, written, key, name in OPTION_IN_WORDS:
        error = await refused(service, USERS[lang], text)
        assert await dump(store) == before, text
        found = command(name)
        assert found is not None
        suggest = i18n.t(lang, "suggest.code_sentence", words=f"`{key}:`")
        fill = {"command": name, "option": written, "suggest": suggest, "usage": usage(found, lang)}
        expected = i18n.t(lang, "error.unknown_option", **fill)
        assert error.text() == expected, (text, error.text())


async def test_words_with_a_colon_stay_in_a_note_that_has_no_such_option(service: Service) -> None:
    """`金額:未定` in a note, or a title like `見積:ABC`, is text where the command has no such option."""
    await ok(service, BOB, "/gig settings lang:ja")
    await ok(service, BOB, "/gig add 見積:ABC client:山田 stage:contracted")
    await ok(service, BOB, "/gig sent 1 金額:未定です")
    await ok(service, BOB, "/gig change 1 納期:12/10に延長")
    shown = await ok(service, BOB, "/gig show 1")
    assert "見積:ABC" in shown.replies[0].message.text()


async def test_a_yes_or_no_option_is_named_as_a_noun(service: Service) -> None:
    """`funded:` answers whether the escrow was funded: the error names it as a thing, in both languages."""
    en = await refused(service, ALICE, '/gig add "X" client:Y stage:delivered funded:maybe')
    assert '"maybe" is not a valid escrow status (`funded:`)' in en.text(), en.text()
    await ok(service, BOB, "/gig settings lang:ja")
    ja = await refused(service, BOB, '/gig add "X" client:Y stage:delivered funded:たぶん')
    assert "「たぶん」は仮払いの有無（`funded:`）として正しくありません" in ja.text(), ja.text()


SOMEONE_ELSES = [
    "/gig show 5",
    "/gig heard 5",
    "/gig sent 5 hello",
    "/gig move 5 funded",
    "/gig funded 5",
    "/gig terminate 5 confirm",
    "/gig done 5 nudge",
    "/gig snooze 5 1d",
    "/gig log 5 2",
    "/gig change 5 new colours",
    "/gig timeline 5 json",
]


async def test_someone_elses_id_reads_as_unknown(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    """Alice has a #5, Bob does not: Bob learns nothing about it and changes nothing."""
    await two_users(service, engine, clock)
    before = await dump(store)
    for text in SOMEONE_ELSES:
        error = await refused(service, BOB, text)
        assert await dump(store) == before, text
        assert error.body == i18n.t("ja", "error.unknown_gig", id=5), text


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_terminate_after_delivery_is_refused_until_confirmed(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore, lang: str
) -> None:
    await two_users(service, engine, clock)
    who = USERS[lang]
    before = await dump(store)
    outcome = await service.execute(who, "/gig terminate 2")
    assert await dump(store) == before
    [reply] = outcome.replies
    assert reply.outbox_id is None
    warning = reply.message
    assert (warning.kind, warning.step, warning.gig, warning.lang) == (
        Kind.WARNING,
        "termination_after_delivery",
        2,
        lang,
    )
    assert warning.body == i18n.t(
        lang, "warning.termination_after_delivery.text", gig=2, support=i18n.t(lang, "support.crowdworks")
    )

    await ok(service, who, "/gig terminate 2 confirm")
    gig = await gig_row(store, who, 2)
    assert (gig["stage"], gig["waiting_since"]) == ("terminated", None)
    assert gig["closed_at"] == int(clock.now().timestamp())


@pytest.mark.parametrize(("locale", "lang"), [(None, "en"), ("ja-JP", "ja"), ("en-US", "en")])
async def test_newcomer_errors_store_nothing(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore, locale: str | None, lang: str
) -> None:
    """Someone whose first command is wrong is not even created; the platform's locale picks the language."""
    await two_users(service, engine, clock)
    before = await dump(store)
    carol = Actor("test", "carol", "Carol", locale=locale)
    for text in ("/gig show 1", "/gig frobnicate", "/gig snooze 1 5x"):
        error = await refused(service, carol, text)
        assert error.lang == lang
        assert (JAPANESE.search(error.body) is not None) is (lang == "ja")
    assert await dump(store) == before
