"""Precision and recall of `/gig check` on the labelled corpus, per flag, per language and overall.

A (message, flag) pair is a true positive when the check raises a flag the message is labelled with,
a false positive when it raises one the message is not labelled with, and a false negative when it
misses a label. The corpus holds as many innocent look-alikes as scams, in Japanese and English.

    .venv/bin/python -m bench.redflags
    .venv/bin/python -m bench.redflags --show-errors
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench._machine import header
from bot.protection.redflags import check, flag_codes

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "bot" / "protection" / "corpus.jsonl"


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    lang: str
    text: str
    flags: frozenset[str]


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
    messages: Tally = field(default_factory=Tally)  # flagged or not, whatever the flags
    errors: list[tuple[Sample, frozenset[str]]] = field(default_factory=list)


def load(path: Path = CORPUS) -> list[Sample]:
    samples = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            samples.append(Sample(row["id"], row["lang"], row["text"], frozenset(row["flags"])))
    return samples


def evaluate(samples: Iterable[Sample]) -> Scores:
    scores = Scores(by_flag={code: Tally() for code in flag_codes()})
    for sample in samples:
        found = frozenset(f.code for f in check(sample.text))
        lang = scores.by_lang.setdefault(sample.lang, Tally())
        for code in found | sample.flags:
            hit, wanted = code in found, code in sample.flags
            for tally in (scores.overall, scores.by_flag[code], lang):
                tally.tp += hit and wanted
                tally.fp += hit and not wanted
                tally.fn += wanted and not hit
        scores.messages.tp += bool(found) and bool(sample.flags)
        scores.messages.fp += bool(found) and not sample.flags
        scores.messages.fn += not found and bool(sample.flags)
        if found != sample.flags:
            scores.errors.append((sample, found))
    return scores


def _row(name: str, t: Tally) -> str:
    return f"{name:<22} {t.precision:>9.3f} {t.recall:>7.3f} {t.tp:>4} {t.fp:>4} {t.fn:>4}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list the messages judged wrongly")
    args = parser.parse_args(argv)
    samples = load()
    header("red-flag check: precision and recall on the labelled corpus")
    innocent = sum(1 for s in samples if not s.flags)
    langs = ", ".join(sorted({s.lang for s in samples}))
    print(f"corpus: {CORPUS.name}, {len(samples)} messages ({innocent} innocent look-alikes), {langs}")
    flag_codes()  # the rules compile once, before the clock starts
    started = time.perf_counter()
    scores = evaluate(samples)
    elapsed = time.perf_counter() - started
    print(f"{'':<22} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for code, tally in scores.by_flag.items():
        print(_row(code, tally))
    for lang, tally in sorted(scores.by_lang.items()):
        print(_row(f"language {lang}", tally))
    print(_row("messages (any flag)", scores.messages))
    print(_row("all flags", scores.overall))
    print(f"time: {elapsed * 1000 / len(samples):.3f} ms per message")
    if args.show_errors:
        for sample, found in scores.errors:
            print(f"{sample.id}: labelled {sorted(sample.flags)}, found {sorted(found)}: {sample.text}")


if __name__ == "__main__":
    main()
