"""The check's faster internals read a message as the plain ones did: character n-grams built from one
list of its characters, word n-grams found by a pattern led by a word's letters, and folded positions
looked up through what was dropped instead of copied, give what the straightforward versions (written
out here) give on every train and dev message and on texts of odd characters. They hold whatever the
rules and the model weigh; the test split is never read here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bench._redflags_corpus import Split, load
from bot.protection.model import ngrams, word_grams
from bot.protection.text import Folded, fold

ROOT = Path(__file__).resolve().parents[3]
ODD = [
    "",
    "a",
    "a b c d e",
    "'a' b'c  d e f",
    "é a b",
    "a\nb c",
    "  Ｌ Ｉ Ｎ Ｅ  で 連絡 ",
    "ｶﾞｲﾄﾞ\u3099 を「購入」してください…\r\n",
    "😀 l.i.n.e 😀\x00 s k y p e",
    "x\udfffy send your passport",
]


def _texts() -> list[str]:
    return [s.text for s in load((Split.TRAIN, Split.DEV))] + ODD


def _plain_word_grams(text: str, sizes: tuple[int, ...]) -> set[str]:
    """Runs of n words from every word start, tried at every position."""
    grams: set[str] = set()
    for n in sizes:
        run = rf"(?<![a-z0-9'])(?=([a-z0-9']+(?: [a-z0-9']+){{{n - 1}}}))" if n > 1 else r"[a-z0-9']+"
        grams.update(re.findall(run, text))
    return grams


def _plain_drop(folded: Folded, dropped: list[int]) -> list[tuple[int, int]]:
    """Where each kept character came from, copied out."""
    gone = set(dropped)
    return [folded.source(i, i + 1) for i in range(len(folded.text)) if i not in gone]


def test_word_ngrams_are_those_found_at_every_position() -> None:
    for text in _texts():
        for folded in (fold(text).text, text.lower()):
            for sizes in ((1,), (2,), (3,), (1, 2)):
                assert word_grams(folded, sizes) == _plain_word_grams(folded, sizes), (folded[:40], sizes)
    assert word_grams("ab cd", (2,)) == {"ab cd"}  # not "b cd": a run starts where a word does


def test_character_ngrams_are_every_slice_of_the_text() -> None:
    for text in _texts()[::2]:
        folded = fold(text).text
        for sizes in ((1, 2, 3, 4), (2, 4), (3,)):
            plain = {folded[i : i + n] for n in sizes for i in range(len(folded) - n + 1)}
            assert ngrams(folded, sizes) == plain


def test_a_folded_character_points_where_it_came_from_after_characters_are_dropped() -> None:
    for text in _texts()[::3]:
        folded = fold(text)
        n = len(folded.text)
        for dropped in ([], [0], list(range(0, n, 3)), list(range(1, n, 2)), [n - 1] if n else []):
            kept = folded.drop(dropped)
            assert [kept.source(i, i + 1) for i in range(len(kept.text))] == _plain_drop(folded, dropped)
            if len(kept.text) > 2:
                assert kept.source(1, len(kept.text)) == (
                    kept.source(1, 2)[0],
                    kept.source(len(kept.text) - 1, len(kept.text))[1],
                )


TIED = """
from bot.protection.model import Limits, Model
weights = {c: (1.0,) for c in "abcdefghijklmnopqrstuvwxyz"}
judge = Model.build(("a",), (1,), (0.0,), {"en": Limits((0.0,))}, weights)
print("".join(judge.evidence("a", set("abcdefghijklmnopqrstuvwxyz"), top=5)))
"""


def test_the_evidence_of_a_flag_does_not_depend_on_the_hash_seed() -> None:
    """Evidence is what the model's quote is chosen by: n-grams of equal weight came in the order of
    their set, so the quoted sentence changed from one process to the next."""
    seen = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", TIED], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        seen.add(run.stdout.strip())
    assert seen == {"abcde"}


def test_a_category_spelled_out_as_first_characters_holds_every_character_it_matches() -> None:
    """The class of first characters a search skips to spells `\\d`, `\\s` and `\\w` out as ranges: it
    holds every character the category matches (the same ones in the Basic Multilingual Plane, all
    beyond it), so no match is skipped, and the rules' searches find what the plain patterns find."""
    from bot.protection.prefilter import _spelled, fast_search

    for category in (r"\d", r"\s", r"\w"):
        plain, spelled = re.compile(category), re.compile(f"[{_spelled(category)}]")
        for code in range(sys.maxunicode + 1):
            char = chr(code)
            if plain.match(char):
                assert spelled.match(char), (category, hex(code))
            elif code < 0x10000:
                assert not spelled.match(char), (category, hex(code))
    texts = [
        "pay 300 usd",
        "pay ٣٠٠ usd or ５００ usd",
        "earn 𝟓𝟎𝟎 usd a day, 500 usd",
        "no digits here at all",
        "x\u00a0 y_z 12",
    ]
    for source in (r"(?:\d{3,} ?usd|earn|pay)", r"\d+|\s\w", r"(?:\w+ )?\d", r"\b\d{1,2}[- ]?min|just"):
        plain_pattern, fast = re.compile(source), fast_search(re.compile(source))
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain_pattern.finditer(text)]
