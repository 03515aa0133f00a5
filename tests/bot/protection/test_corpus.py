"""The labelled corpus of `/gig check`, its frozen split, and the figures bench/redflags.py prints.

The corpus (corpus/*.jsonl beside this file) holds scams and innocent look-alikes in about equal
numbers, in Japanese and English. Its split into train, dev and test is decided by the message id alone
(bench/_redflags_corpus.py); the first 220 messages (tuned.jsonl), which the rules were written against,
are train only. The blind outside set (outside_*.jsonl) is a split of its own that only `--outside` scores."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench._redflags_corpus import (
    CORPUS_DIR,
    CORPUS_SPLITS,
    FIRST_FLAGS,
    TUNED,
    Sample,
    Split,
    load,
    outside,
    split_of,
    train_only,
)
from bench.redflags import evaluate, main
from bench.redflags_train import corpus, folds
from bot.protection.redflags import flag_codes


def test_corpus_is_large_balanced_and_covers_every_flag_in_both_languages() -> None:
    samples = load()
    assert len(samples) >= 900
    assert len({s.id for s in samples}) == len(samples), "message ids are unique across files"
    per_lang = Counter(s.lang for s in samples)
    assert set(per_lang) == {"en", "ja"}
    assert per_lang["ja"] >= 500
    assert per_lang["en"] >= 400
    innocent = sum(1 for s in samples if not s.flags)
    assert 0.4 <= innocent / len(samples) <= 0.6, "about half of the corpus is innocent look-alikes"
    assert {code for s in samples for code in s.flags} <= set(flag_codes())
    covered = Counter((code, s.lang) for s in samples for code in s.flags)
    for code in flag_codes():
        for lang in ("en", "ja"):
            assert covered[(code, lang)] >= 30, f"{code} has too few {lang} examples"


def test_the_split_is_frozen_by_message_id() -> None:
    # The rule itself, pinned: these ids fall where they fall, today and after any change to the corpus.
    pinned = {"x0": Split.TRAIN, "x1": Split.TRAIN, "x2": Split.DEV, "x5": Split.TEST, "x8": Split.TEST}
    assert {i: split_of(i) for i in pinned} == pinned
    shares = Counter(split_of(f"id-{n}") for n in range(20_000))
    assert abs(shares[Split.TEST] / 20_000 - 0.45) < 0.01
    assert abs(shares[Split.DEV] / 20_000 - 0.15) < 0.01
    samples = load()
    for sample in samples:
        expected = Split.TRAIN if train_only(sample.source) else split_of(sample.id)
        assert sample.split is expected
    assert {s.split for s in samples if train_only(s.source)} == {Split.TRAIN}
    assert train_only(TUNED)
    assert train_only("train_ja_chat.jsonl")
    assert not train_only("ja_written.jsonl")
    assert sorted(s.id for s in load((Split.TRAIN, Split.DEV, Split.TEST))) == sorted(s.id for s in samples)


def test_the_tuned_messages_stay_at_least_0_9() -> None:
    """The 220 messages the rules were first written against: the figure that must not regress. They
    were labelled for the first seven flags only, so only those are counted on them."""
    scores = evaluate((s for s in load((Split.TRAIN,)) if s.source == TUNED), FIRST_FLAGS)
    assert scores.overall.precision >= 0.9
    assert scores.overall.recall >= 0.9
    for lang, tally in scores.by_lang.items():
        assert tally.precision >= 0.9, lang
        assert tally.recall >= 0.9, lang
    assert scores.messages.precision >= 0.9
    assert scores.messages.recall >= 0.9


def test_benchmark_prints_every_split_and_refuses_test_errors(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--runs", "20"])
    out = capsys.readouterr().out
    assert CORPUS_DIR.name in out
    for split in CORPUS_SPLITS:
        assert f"== {split} split" in out
    assert "== outside split" not in out
    scores = evaluate(load((Split.TEST,)))
    assert f"all flags{'':<19} {scores.overall.precision:>9.3f} {scores.overall.recall:>7.3f}" in out
    for code in flag_codes():
        assert code in out
    assert "time of one check, 2000 characters (ja)" in out
    assert "train and dev are in-sample" in out
    assert "cross-validated over" in out
    with pytest.raises(SystemExit):
        main(["--split", "test", "--show-errors"])
    assert "never shown" in capsys.readouterr().err
    main(["--split", "dev", "--show-errors", "--runs", "20"])
    out = capsys.readouterr().out
    test_ids = {s.id for s in load((Split.TEST,))}
    listed = {line.split(" ", 1)[0] for line in out.splitlines() if " [" in line and "labelled" in line}
    assert not listed & test_ids


def test_the_benchmark_can_leave_the_test_split_out(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--no-test", "--show-errors", "--runs", "20"])
    out = capsys.readouterr().out
    assert "== train split" in out
    assert "== dev split" in out
    assert "== test split" not in out
    assert "== outside split" not in out
    with pytest.raises(SystemExit):
        main(["--no-test", "--split", "test"])


def _write(path: Path, rows: list[tuple[str, list[str]]]) -> None:
    lines = [json.dumps({"id": i, "lang": "en", "flags": f, "text": f"message {i}"}) for i, f in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_the_outside_set_never_reaches_train_dev_test_or_the_trainer(tmp_path: Path) -> None:
    """The blind set is measured, never tuned on: whatever its ids' hashes, it is its own split."""
    # Ids whose hashes fall in each of train, dev and test, in a corpus file and in an outside file.
    ids = {"x0": Split.TRAIN, "x2": Split.DEV, "x5": Split.TEST}
    _write(tmp_path / "ja_written.jsonl", [(i, []) for i in ids])
    _write(tmp_path / "outside_en.jsonl", [("ox0", []), ("ox5", []), ("ox4", []), ("ox9", ["vague_job"])])
    assert {s.id: s.split for s in load(directory=tmp_path)} == ids
    assert [s.id for s in load(list(Split), tmp_path) if s.split is Split.OUTSIDE] == [
        "ox0",
        "ox5",
        "ox4",
        "ox9",
    ]
    assert {split_of(i) for i in ("ox0", "ox5", "ox4")} == set(CORPUS_SPLITS)
    assert outside("outside_ja.jsonl")
    assert not outside("ja_outside.jsonl")
    assert not train_only("outside_ja.jsonl")

    # The real outside files: present, and in no other split, the trainer's input included.
    blind = load((Split.OUTSIDE,))
    assert {s.source for s in blind} == {
        "outside_en.jsonl",
        "outside_ja.jsonl",
        "outside_en_fresh.jsonl",
        "outside_ja_fresh.jsonl",
    }
    assert {s.split for s in blind} == {Split.OUTSIDE}
    blind_ids = {s.id for s in blind}
    assert len(blind_ids) == len(blind)
    assert not blind_ids & {s.id for s in load(CORPUS_SPLITS)}
    assert not blind_ids & {s.id for s in load()}
    train_set, dev = corpus()
    assert not blind_ids & {s.id for s in train_set + dev}
    assert {s.split for s in train_set} == {Split.TRAIN}
    assert {s.split for s in dev} == {Split.DEV}


def test_the_benchmark_scores_the_outside_set_alone_and_never_lists_its_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "train_en.jsonl", [("t1", []), ("t2", ["vague_job"])])
    _write(tmp_path / "en_written.jsonl", [("x0", []), ("x5", [])])
    _write(tmp_path / "outside_en.jsonl", [("ob1", []), ("ob2", ["vague_job"]), ("ob3", [])])
    main(["--outside", "--runs", "20"], tmp_path)
    out = capsys.readouterr().out
    assert "== outside split: 3 messages (2 innocent)" in out
    for split in CORPUS_SPLITS:
        assert f"== {split} split" not in out
    main(["--runs", "20", "--show-errors"], tmp_path)
    out = capsys.readouterr().out
    assert "== outside split" not in out
    assert not [line for line in out.splitlines() if line.startswith("ob")]
    for argv in (["--outside", "--show-errors"], ["--outside", "--split", "dev"], ["--split", "outside"]):
        with pytest.raises(SystemExit):
            main(argv, tmp_path)
    err = capsys.readouterr().err
    assert "never shown" in err
    assert "alone" in err


def test_cross_validation_folds_keep_near_duplicates_together_and_spread_every_file() -> None:
    """A message and those sharing a long sentence with it are scored by one fold's model, which has
    seen none of them; each corpus file has its share in every fold."""
    shared = "Please send the deposit to our account before we begin the work."
    copies = [Sample(f"a{n}", "en", f"Hi {n}. {shared}", frozenset(), "en_written.jsonl") for n in range(3)]
    others = [
        Sample(f"b{n}", "en", f"Message number {n} about a logo.", frozenset(), "train_en_chat.jsonl")
        for n in range(10)
    ]
    fold_of = folds([*copies, *others], 5)
    assert len(set(fold_of[:3])) == 1
    assert sorted(Counter(fold_of[3:]).values()) == [2] * 5
