"""The red-flag check on its labelled corpus: at least 0.9 precision and recall, as bench/redflags.py prints.

The corpus (corpus.jsonl beside this file) holds scams and innocent look-alikes in equal numbers, in
Japanese and English, with every flag represented in both languages."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.redflags import CORPUS, evaluate, load, main
from bot.protection.redflags import flag_codes


def test_corpus_is_large_balanced_and_covers_every_flag_in_both_languages() -> None:
    samples = load()
    assert len(samples) >= 60
    assert len({s.id for s in samples}) == len(samples)
    innocent = sum(1 for s in samples if not s.flags)
    assert innocent * 2 == len(samples), "half of the corpus must be innocent look-alikes"
    assert {s.lang for s in samples} == {"en", "ja"}
    per_lang = Counter(s.lang for s in samples)
    assert min(per_lang.values()) >= 60
    covered = Counter((code, s.lang) for s in samples for code in s.flags)
    for code in flag_codes():
        for lang in ("en", "ja"):
            assert covered[(code, lang)] >= 5, f"{code} has too few {lang} examples"
    assert {code for s in samples for code in s.flags} == set(flag_codes())


def test_precision_and_recall_are_at_least_0_9() -> None:
    scores = evaluate(load())
    assert scores.overall.precision >= 0.9
    assert scores.overall.recall >= 0.9
    for lang, tally in scores.by_lang.items():
        assert tally.precision >= 0.9, lang
        assert tally.recall >= 0.9, lang
    assert scores.messages.precision >= 0.9
    assert scores.messages.recall >= 0.9


def test_benchmark_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    main([])
    out = capsys.readouterr().out
    assert CORPUS.name in out
    scores = evaluate(load())
    assert f"all flags{'':<13} {scores.overall.precision:>9.3f} {scores.overall.recall:>7.3f}" in out
    for code in flag_codes():
        assert code in out
