"""Score a training choice on a batch that was blind when the tree was checked out: the proxy for text
nobody tuned on that the test split must not become.

A batch of messages scored blind, before its rules were read off it, joins train afterwards; the commit
before it joined holds rules and a corpus that never saw it. In a checkout of that commit, this fits the
model as `bench.redflags_train` would with the given configuration (thresholds and vetoes chosen on
out-of-fold scores), also with the thresholds chosen for the model's own F1 at the lowest of the flat
range (`alone`, `lean 0`: a model that expects rules to miss), and scores the batch with each.
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
from bot.protection.redflags import flag_codes


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
    limits_by = {"as configured": config, "alone, lean 0": dataclasses.replace(config, alone=True, lean=0.0)}
    for name, chosen in limits_by.items():
        with checking_with(dataclasses.replace(judge, limits=choose(flags, samples, scores, chosen))):
            figures = evaluate(held)
        by_lang = ", ".join(
            f"{lang} {t.precision:.3f} / {t.recall:.3f}" for lang, t in sorted(figures.by_lang.items())
        )
        print(f"limits {name}: flags P / R {by_lang}")


if __name__ == "__main__":
    main()
