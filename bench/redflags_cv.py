"""Cross-validated precision and recall of `/gig check` on train and dev: how the trainer's choices
(bench/redflags_train.py: hyperparameters, thresholds, vetoes) do on messages they were not made on.

The train and dev messages are dealt into folds (near-duplicates together, every corpus file spread over
all folds). For each fold, a model is fitted on the other folds; its thresholds and vetoes are chosen, as
the trainer chooses them, on the out-of-fold scores of the other folds only (`--choose-on dev`: on their
dev messages only, as the trainer did before); and the fold's messages are then scored by the check
itself, rules and that model, exactly as `/gig check` runs. The pooled figures are the honest estimate
of the shipped model, whose dev figures are in-sample (it is fitted on dev). They still flatter the
rules, which were written from train and dev messages. The test split and the outside set are never
read.

    .venv/bin/python -m bench.redflags_cv                 # the trainer's configuration, about 2 minutes
    .venv/bin/python -m bench.redflags_cv --l2 3e-3 --no-veto --choose-on dev
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bench.redflags import LANGS, Scores, show
from bench.redflags_train import (
    FOLDS,
    Config,
    add_config_arguments,
    config_from,
    corpus,
    estimate,
    folds,
    out_of_fold,
)
from bot.protection.redflags import flag_codes


def cross_validate(config: Config, k: int = FOLDS, choose_on: str = "oof", verbose: bool = False) -> Scores:
    """The check's scores pooled over the folds, each scored by a model and thresholds chosen without it."""
    flags = flag_codes()
    train_set, dev = corpus()
    samples = train_set + dev
    fold_of = folds(samples, k)
    scores, models = out_of_fold(samples, flags, config, fold_of)
    return estimate(samples, fold_of, scores, models, config, choose_on, verbose)


def weakest(scores: Scores, count: int = 6) -> list[str]:
    """The flag kinds per language with the lowest precision or recall."""
    rows = sorted(scores.by_lang_flag.items(), key=lambda kv: min(kv[1].precision, kv[1].recall))
    return [f"{flag} {lang} {t.precision:.3f}/{t.recall:.3f}" for (lang, flag), t in rows[:count]]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--choose-on", choices=("oof", "dev"), default="oof")
    parser.add_argument("--verbose", action="store_true", help="print each fold's thresholds and vetoes")
    add_config_arguments(parser)
    args = parser.parse_args(argv)
    config = config_from(args)
    print(f"{args.folds}-fold cross-validation on train and dev, choosing on {args.choose_on}; {config}")
    scores = cross_validate(config, args.folds, args.choose_on, args.verbose)
    show(f"out of fold, pooled over {args.folds} folds", scores)
    summary = "  ".join(
        f"{lang} {scores.by_lang[lang].precision:.3f}/{scores.by_lang[lang].recall:.3f}" for lang in LANGS
    )
    print(f"\nCV flags {summary}  all {scores.overall.precision:.3f}/{scores.overall.recall:.3f}")
    print("weakest: " + "; ".join(weakest(scores)))


if __name__ == "__main__":
    main()
