"""Precision and recall of `/gig check` per split, language and flag, and the CPU time of one check.

A (message, flag) pair is a true positive when the check raises a flag the message is labelled with,
a false positive when it raises one the message is not labelled with, and a false negative when it
misses a label; "messages" counts a message as flagged or not, whatever the flags. The split (train,
dev, test) is frozen by message id in bench/_redflags_corpus.py. The shipped model is fitted on train and
dev, so both are in-sample: the honest estimate on the corpus proper is the cross-validated one the
trainer stores with the model (bench/redflags_cv.py), printed after them, and the test split. Errors
can be listed for train and dev only: the test split is scored, never read. The blind outside set
(`outside_*.jsonl`) is scored only with `--outside`, alone, and its errors are never listed.

    .venv/bin/python -m bench.redflags                      # train, dev, test, and the time of one check
    .venv/bin/python -m bench.redflags --split dev --show-errors
    .venv/bin/python -m bench.redflags --no-test --show-errors   # train and dev, while tuning
    .venv/bin/python -m bench.redflags --outside            # the blind set, once, at the end of a round
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TypeVar

from adapters.runtime.collector import settle_collector
from bench._machine import header
from bench._redflags_corpus import CORPUS_DIR, CORPUS_SPLITS, Sample, Split, load
from bot.protection.model import MODEL_FILE
from bot.protection.redflags import check, flag_codes

TIMED_CHARS = 2_000
TIMED_RUNS = 1_000
LANGS = ("ja", "en")
K = TypeVar("K")


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(slots=True)
class Scores:
    overall: Tally = field(default_factory=Tally)
    by_flag: dict[str, Tally] = field(default_factory=dict)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    by_lang_flag: dict[tuple[str, str], Tally] = field(default_factory=dict)
    messages: Tally = field(default_factory=Tally)  # flagged or not, whatever the flags
    messages_by_lang: dict[str, Tally] = field(default_factory=dict)
    errors: list[tuple[Sample, frozenset[str]]] = field(default_factory=list)


def evaluate(samples: Iterable[Sample], codes: Iterable[str] | None = None) -> Scores:
    """Scores of the check on the samples, counting the given flags only (all by default)."""
    counted = frozenset(flag_codes() if codes is None else codes)
    scores = Scores(by_flag={code: Tally() for code in flag_codes() if code in counted})
    for sample in samples:
        # A flag the message was never labelled for (the first 220 predate two flags) is not scored.
        found = frozenset(f.code for f in check(sample.text) if sample.knows(f.code)) & counted
        sample = replace(sample, flags=sample.flags & counted)
        lang = scores.by_lang.setdefault(sample.lang, Tally())
        for code in found | sample.flags:
            hit, wanted = code in found, code in sample.flags
            per = scores.by_lang_flag.setdefault((sample.lang, code), Tally())
            for tally in (scores.overall, scores.by_flag.setdefault(code, Tally()), lang, per):
                tally.tp += hit and wanted
                tally.fp += hit and not wanted
                tally.fn += wanted and not hit
        for tally in (scores.messages, scores.messages_by_lang.setdefault(sample.lang, Tally())):
            tally.tp += bool(found) and bool(sample.flags)
            tally.fp += bool(found) and not sample.flags
            tally.fn += not found and bool(sample.flags)
        if found != sample.flags:
            scores.errors.append((sample, found))
    return scores


def _row(name: str, t: Tally) -> str:
    return f"{name:<28} {t.precision:>9.3f} {t.recall:>7.3f} {t.tp:>4} {t.fp:>4} {t.fn:>4}"


def merge(parts: Iterable[Scores]) -> Scores:
    """The scores of several disjoint sets of messages, pooled (the folds of a cross-validation)."""
    pooled = Scores()
    for part in parts:
        _add(pooled.overall, part.overall)
        _add(pooled.messages, part.messages)
        _add_each(pooled.by_flag, part.by_flag)
        _add_each(pooled.by_lang, part.by_lang)
        _add_each(pooled.by_lang_flag, part.by_lang_flag)
        _add_each(pooled.messages_by_lang, part.messages_by_lang)
        pooled.errors += part.errors
    return pooled


def _add(into: Tally, tally: Tally) -> None:
    into.tp += tally.tp
    into.fp += tally.fp
    into.fn += tally.fn


def _add_each(into: dict[K, Tally], tallies: dict[K, Tally]) -> None:
    for key, tally in tallies.items():
        _add(into.setdefault(key, Tally()), tally)


def report(split: Split, samples: list[Sample]) -> Scores:
    scores = evaluate(samples)
    innocent = sum(1 for s in samples if not s.flags)
    show(f"{split} split: {len(samples)} messages ({innocent} innocent)", scores)
    return scores


def show(title: str, scores: Scores) -> None:
    print(f"\n== {title}")
    print(f"{'':<28} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for lang in LANGS:
        if lang in scores.by_lang:
            print(_row(f"language {lang}", scores.by_lang[lang]))
            print(_row(f"messages {lang}", scores.messages_by_lang[lang]))
    for code, tally in scores.by_flag.items():
        print(_row(code, tally))
        for lang in LANGS:
            if (lang, code) in scores.by_lang_flag:
                print(_row(f"  {code[:20]} {lang}", scores.by_lang_flag[(lang, code)]))
    print(_row("messages (any flag)", scores.messages))
    print(_row("all flags", scores.overall))


def cross_validated() -> str:
    """The shipped model's cross-validated figures, as the trainer stored them beside its weights."""
    raw = json.loads(resources.files("bot.protection").joinpath(MODEL_FILE).read_text("utf-8"))
    stored = raw.get("cross_validated")
    if stored is None:
        return "\nno cross-validated figures stored with the model (retrain: python -m bench.redflags_train)"
    figures = ", ".join(f"{lang} {p:.3f} / {r:.3f}" for lang, (p, r) in stored["flags"].items())
    return (
        f"\ntrain and dev are in-sample (the model is fitted on both); cross-validated over "
        f"{stored['messages']} train and dev messages, {stored['folds']} folds (bench/redflags_cv.py), "
        f"flags P / R: {figures}"
    )


def timed_message(lang: str, directory: Path = CORPUS_DIR) -> str:
    """A 2,000-character paste in one language, made of train messages (scams and look-alikes)."""
    texts = [s.text for s in load((Split.TRAIN,), directory) if s.lang == lang]
    joined = ("\n" if lang == "ja" else "\n\n").join(texts)
    while len(joined) < TIMED_CHARS:
        joined += "\n" + joined
    return joined[:TIMED_CHARS]


def time_check(text: str, runs: int = TIMED_RUNS) -> tuple[float, float]:
    """Median and 99th percentile CPU time of one check, in milliseconds."""
    check(text)  # rules and model load once, before the clock starts
    settle_collector()  # as the runtime does once started (adapters.runtime.collector)
    spent = []
    for _ in range(runs):
        started = time.process_time()
        check(text)
        spent.append((time.process_time() - started) * 1000)
    cuts = statistics.quantiles(spent, n=100)
    return statistics.median(spent), cuts[98]


def main(argv: Sequence[str] | None = None, directory: Path = CORPUS_DIR) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=[s.value for s in CORPUS_SPLITS], help="score one split only")
    parser.add_argument(
        "--no-test", action="store_true", help="score train and dev only (while tuning: test is scored once)"
    )
    parser.add_argument(
        "--show-errors", action="store_true", help="list the messages judged wrongly (train and dev only)"
    )
    parser.add_argument(
        "--outside",
        action="store_true",
        help="score the blind outside set only (outside_*.jsonl, never tuned on)",
    )
    parser.add_argument("--runs", type=int, default=TIMED_RUNS, help="timed checks per language")
    args = parser.parse_args(argv)
    if args.outside and args.split:
        parser.error("--outside scores the outside set alone: leave --split out")
    if args.outside and args.show_errors:
        parser.error("the errors of the outside set are never shown: it must stay blind")
    splits = [Split.OUTSIDE] if args.outside else [Split(args.split)] if args.split else list(CORPUS_SPLITS)
    if args.no_test:
        if args.split == Split.TEST:
            parser.error("--no-test and --split test contradict each other")
        splits = [s for s in splits if s != Split.TEST]
    if args.show_errors and args.split == Split.TEST:
        parser.error("the errors of the test split are never shown: tune on train, check on dev")
    header("red-flag check: precision and recall on the labelled corpus, CPU time of one check")
    files = ", ".join(sorted(p.name for p in directory.glob("*.jsonl")))
    print(f"corpus: {directory.name}/ ({files}); split frozen by message id (bench/_redflags_corpus.py)")
    errors: list[tuple[Sample, frozenset[str]]] = []
    for split in splits:
        scores = report(split, load((split,), directory))
        if split in (Split.TRAIN, Split.DEV):
            errors += scores.errors
    print(cross_validated())
    for lang in LANGS:
        median, p99 = time_check(timed_message(lang, directory), args.runs)
        print(
            f"time of one check, {TIMED_CHARS} characters ({lang}): p50 {median:.2f} ms, p99 {p99:.2f} ms CPU"
        )
    if args.show_errors:
        for sample, found in errors:
            labelled, raised = sorted(sample.flags), sorted(found)
            print(f"{sample.id} [{sample.split}]: labelled {labelled}, found {raised}: {sample.text}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
