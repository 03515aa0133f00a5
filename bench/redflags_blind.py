"""Score a training choice on a batch that was blind when the tree was checked out: the proxy for text
nobody tuned on that the test split must not become.

A batch of messages scored blind, before its rules were read off it, joins train afterwards; the commit
before it joined holds rules and a corpus that never saw it. In a checkout of that commit, this fits the
model as `bench.redflags_train` would with the given configuration, chooses its limits on the
out-of-fold scores in several ways (as configured; rules alone; thresholds lower or higher in the flat
range, with a wider tolerance, without vetoes, or for the model's own F1 as if rules missed more), and
scores the batch with each.
Cross-validation alone cannot judge such choices: it reads rules written against the very messages it
scores, so the rules miss little there and the model's limits look right at any height.

    git worktree add /tmp/before 0c1284e && cp bench/redflags_blind.py /tmp/before/bench/
    mkdir /tmp/held && cp tests/bot/protection/corpus/train_en_buyers.jsonl ... /tmp/held/
    cd /tmp/before && python -m bench.redflags_blind /tmp/held --l2 3e-3

The held files must be named train_*.jsonl (they are read as train, in their own directory).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench._redflags_corpus import Split, load
from bench.redflags import evaluate
from bench.redflags_train import (
    add_config_arguments,
    checking_with,
    choose,
    config_from,
    corpus,
    fit,
    folds,
    out_of_fold,
)
from bot.protection.model import Limits
from bot.protection.redflags import flag_codes
from bot.protection.text import LANGUAGES

# Ways to choose the limits, as changes to the configuration given (None: no model at all).
LIMITS: dict[str, dict[str, Any] | None] = {
    "as configured": {},
    "rules alone": None,
    "lean 0": {"lean": 0.0},
    "lean 1": {"lean": 1.0},
    "tolerance 0.01, lean 0": {"tolerance": 0.01, "lean": 0.0},
    "tolerance 0.02, lean 0": {"tolerance": 0.02, "lean": 0.0},
    "no vetoes": {"veto": False},
    "alone": {"alone": True},
    "alone, lean 0": {"alone": True, "lean": 0.0},
    "alone, tolerance 0.01, lean 0": {"alone": True, "tolerance": 0.01, "lean": 0.0},
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("held", type=Path, help="a directory of the batch's train_*.jsonl files")
    add_config_arguments(parser)
    args = parser.parse_args(argv)
    config = config_from(args)
    train_set, dev = corpus()
    samples = train_set + dev
    flags = flag_codes()
    scores, _ = out_of_fold(samples, flags, config, folds(samples))
    judge = fit(samples, flags, config)
    held = load((Split.TRAIN,), directory=args.held)
    print(f"{len(samples)} train and dev messages; {len(held)} held in {args.held}; {config}")
    for name, changes in LIMITS.items():
        if changes is None:  # thresholds no score reaches and no vetoes: the rules alone
            limits = {lang: Limits((99.0,) * len(flags)) for lang in LANGUAGES}
        else:
            limits = choose(flags, samples, scores, dataclasses.replace(config, **changes))
        with checking_with(dataclasses.replace(judge, limits=limits)):
            figures = evaluate(held)
        by_lang = ", ".join(
            f"{lang} {t.precision:.3f} / {t.recall:.3f}" for lang, t in sorted(figures.by_lang.items())
        )
        print(f"limits {name}: flags P / R {by_lang}")


if __name__ == "__main__":
    main()
