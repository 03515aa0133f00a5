"""Spec section 4: bad input gets a clear error in the user's language and changes nothing (every table
compared before and after). An amount written in another currency than the gig's, and a link that is not
an http(s) link, are bad input; a fee corrected below what already came in is said plainly."""

from __future__ import annotations

import pytest

from bot.service import Service
from storage import SqlStore
from tests.bot.harness import JAPANESE, body, dump, ok, refused
from tests.conftest import actor

USERS = {"en": actor("alice"), "ja": actor("bob")}


async def _setup(service: Service, lang: str) -> None:
    """#1 a yen gig on CrowdWorks (funded, fee 50,000), #2 a dollar gig on Upwork."""
    who = USERS[lang]
    await ok(service, who, f"/gig settings lang:{lang} platform:crowdworks")
    await ok(service, who, '/gig add "LP" client:ACME stage:funded amount:¥50,000')
    await ok(service, who, '/gig add "API" client:Hooli platform:upwork stage:funded amount:$500')


# A currency mark that disagrees with the gig's currency: (command, the words the error must hold).
MISMATCHED = [
    ('/gig add "X" client:Y amount:$500', "currency:USD"),
    ('/gig add "X" client:Y platform:upwork amount:¥500', "currency:JPY"),
    ('/gig add "X" client:Y currency:JPY rate:$30', "currency:USD"),
    ("/gig edit 1 amount:$700", "currency:USD"),
    ("/gig edit 2 amount:50000円", "currency:JPY"),
    ("/gig paid 1 amount:$300", "#1"),
    ("/gig paid 2 amount:¥300", "#2"),
    ("/gig terms 1 fee:$700", "#1"),
]
CURRENCY_NAMES = {"en": ("US dollars", "Japanese yen"), "ja": ("米ドル", "日本円")}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_amount_in_another_currency_is_refused(service: Service, store: SqlStore, lang: str) -> None:
    await _setup(service, lang)
    before = await dump(store)
    for text, named in MISMATCHED:
        error = await refused(service, USERS[lang], text)
        assert await dump(store) == before, text
        assert (JAPANESE.search(error.body) is not None) is (lang == "ja"), (text, error.body)
        assert named in error.body, (text, error.body)
        for name in CURRENCY_NAMES[lang]:  # both currencies, named as the user's language names them
            assert name in error.body, (text, error.body)


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_an_amount_in_the_gigs_currency_is_taken(service: Service, lang: str) -> None:
    await _setup(service, lang)
    who = USERS[lang]
    await ok(service, who, '/gig add "X" client:Y amount:¥500')
    await ok(service, who, '/gig add "X" client:Y amount:500円')
    await ok(service, who, '/gig add "X" client:Y currency:USD amount:$500')
    await ok(service, who, "/gig edit 2 amount:$600")
    shown = body(await ok(service, who, "/gig paid 1 amount:¥20,000"))
    assert "20,000" in shown
    with pytest.raises(AssertionError):  # a mark that names no currency is still no number
        await ok(service, who, "/gig paid 1 amount:€300")


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_link_must_be_an_http_link(service: Service, store: SqlStore, lang: str) -> None:
    await _setup(service, lang)
    who = USERS[lang]
    before = await dump(store)
    for text in (
        '/gig add "X" client:Y url:javascript:alert(1)',
        '/gig add "X" client:Y url:notaurl',
        '/gig add "X" client:Y url:ftp://example.com/a',
        "/gig edit 1 url:javascript:alert(1)",
        "/gig edit 1 url:https://",
    ):
        error = await refused(service, who, text)
        assert await dump(store) == before, text
        assert (JAPANESE.search(error.body) is not None) is (lang == "ja"), (text, error.body)
        assert "https://" in error.body, (text, error.body)
    await ok(service, who, "/gig edit 1 url:https://crowdworks.jp/public/jobs/123")
    await ok(service, who, '/gig add "X" client:Y url:HTTP://example.com')


@pytest.mark.parametrize(
    ("lang", "word", "meant"),
    [
        ("ja", "ヘルプ", "help"),
        ("ja", "いちらん", "list"),
        ("ja", "納品", "delivered"),
        ("ja", "退会", "forget-me"),
        ("en", "overview", "list"),
        ("en", "commands", "help"),
    ],
)
async def test_a_command_named_in_words_is_suggested(
    service: Service, lang: str, word: str, meant: str
) -> None:
    await ok(service, USERS[lang], f"/gig settings lang:{lang}")
    error = await refused(service, USERS[lang], f"/gig {word}")
    suggested = {"en": f"Did you mean `/gig {meant}`?", "ja": f"`/gig {meant}` のことですか？"}[lang]
    assert suggested in error.body, error.body


FEE_BELOW = {
    "en": ("30,000", "10,000", "20,000 more than the corrected fee"),
    "ja": ("30,000円", "10,000円", "20,000円多い"),
}


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_a_fee_corrected_below_what_was_paid_is_said(service: Service, lang: str) -> None:
    await _setup(service, lang)
    who = USERS[lang]
    await ok(service, who, "/gig paid 1 amount:30000")
    said = body(await ok(service, who, "/gig edit 1 amount:10000"))
    for part in FEE_BELOW[lang]:
        assert part in said, said
    assert (JAPANESE.search(said) is not None) is (lang == "ja"), said
    # a fee still above what came in says nothing of the kind
    said = body(await ok(service, who, "/gig edit 1 amount:40000"))
    assert FEE_BELOW[lang][2] not in said, said
    assert "10,000" not in said, said
