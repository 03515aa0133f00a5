"""The fast reading of a message gives what the plain one gives: the check's character n-grams read as
integers from the text's UTF-16 form (bot.protection.model.coded_ngrams) must raise the same flags with
the same quotes and the same scores as the n-grams read as strings, on the train and dev messages and on
texts of odd characters (beyond the BMP, NUL, lone surrogates). Test messages are never read here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench._redflags_corpus import Split, load
from bot.protection.model import CODES, Model, coded_ngrams, model, ngrams, word_grams
from bot.protection.redflags import _check
from bot.protection.text import fold

ROOT = Path(__file__).resolve().parents[3]
ODD = [
    "",
    "a",
    "ab",
    "abc",
    "abcd",
    "abcde",
    "\x00",
    "a\x00b\x00c\x00d",
    "😀",
    "😀😀a😀b",
    "LINEで連絡ください😀🙏 お願いします𠮷",
    "\ud800",
    "x\udfffy\ud800z send your passport",
    "Send me your ID on WhatsApp 👍\r\nthen we start 🙂",
    "ｶﾞｲﾄﾞ\u3099 を購入してください。\x00",
]


def _samples() -> list[str]:
    """Every train and dev message, and each with odd characters added (the test split is not read)."""
    texts = [s.text for s in load((Split.TRAIN, Split.DEV))]
    return texts + [f"😀{t}\x00 {t[: len(t) // 2]}🙏\ud800" for t in texts[::7]] + ODD


def test_coded_ngrams_are_the_string_ngrams_one_to_one() -> None:
    for text in [fold(t).text for t in _samples()[::5]] + ODD:
        for sizes in ((1, 2, 3, 4), (1, 2, 3), (2, 4), (3,), (4,), (1,)):
            strings = ngrams(text, sizes)
            coded = coded_ngrams(text, sizes)
            assert coded is not None
            assert len(coded) == len(strings), (text, sizes)
            # The model's and the rules' n-grams are coded alike: each string found is found coded.
            plain = {g for g in strings if not any(c == "\x00" or c >= "\ud800" for c in g)}
            assert {CODES.gram(g) for g in plain} <= coded
    assert coded_ngrams("abcdef", (5,)) is None  # longer than four: read as strings


def test_the_check_reads_the_same_whether_its_ngrams_are_integers_or_strings() -> None:
    judge = model()
    differ = []
    for text in _samples():
        folded = fold(text).text
        coded = coded_ngrams(folded, judge.sizes)
        assert coded is not None
        if judge.coded_logits(folded, coded) != judge.logits(folded) or _check(text, True) != _check(
            text, False
        ):
            differ.append(text[:40])
    assert not differ


def test_word_ngrams_start_at_word_starts_and_overlap() -> None:
    assert word_grams("a b c d", (3,)) == {"a b c", "b c d"}
    assert word_grams("it's a b-c d", (2,)) == {"it's a", "a b", "c d"}
    assert word_grams("ab cd", (2,)) == {"ab cd"}  # not "b cd": a run starts where a word does
    assert word_grams("送金 bank transfer で", (2,)) == {"bank transfer"}
    assert word_grams("x  y", (2,)) == set()  # two spaces part them


TIED = """
from bot.protection.model import Model
judge = Model.build(("a",), (1,), (0.0,), (0.0,), {c: (1.0,) for c in "abcdefghijklmnopqrstuvwxyz"})
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


@pytest.mark.parametrize("text", ["send 😀 id", "\x00\x00", "ab"])
def test_a_tiny_model_scores_coded_ngrams_as_it_scores_strings(text: str) -> None:
    tiny = Model.build(("a",), (1, 2), (0.5,), (0.0,), {"ab": (2.0,), "\x00": (1.0,), "😀": (-1.0,)}, (1,))
    coded = coded_ngrams(text, tiny.sizes)
    assert coded is not None
    assert tiny.coded_logits(text, coded) == tiny.logits(text)
