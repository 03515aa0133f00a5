"""Which platform a pasted message names (profiles.toml `named`), every name of every platform."""

from __future__ import annotations

import pytest

from bot.domain.tracks import profiles
from bot.protection.mentions import named_marketplace

NAMES = [(name, word) for name, prof in profiles().items() for word in prof.named]


def test_every_marketplace_has_names_and_direct_has_none() -> None:
    assert {name for name, _ in NAMES} == {n for n, p in profiles().items() if n != "direct"}


@pytest.mark.parametrize(("platform", "word"), NAMES)
def test_each_name_is_found_in_a_sentence_in_any_width_or_case(platform: str, word: str) -> None:
    assert named_marketplace(f"Let's keep talking on {word} please.")[0] == platform
    assert named_marketplace(f"今後は「{word.upper()}」のメッセージでお願いします。")[0] == platform
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    assert named_marketplace(f"{wide}で契約しましょう")[0] == platform


@pytest.mark.parametrize(
    "text",
    [
        "We hire freelancers for our blog.",  # a Latin name inside a longer word names nothing
        "Crowdworkshop ideas",
        "Leave Lancers and Upwork, I pay directly.",  # two platforms: neither is sure
        "LINEで連絡ください",
        "",
    ],
)
def test_no_single_platform_named(text: str) -> None:
    assert named_marketplace(text)[0] is None
