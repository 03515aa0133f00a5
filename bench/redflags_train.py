"""Train the statistical half of `/gig check` on the train split, choose its thresholds on dev, and write
bot/protection/redflags_model.json.

One logistic regression per flag over binary character n-grams (1 to 4 characters) and Latin word n-grams
(1 and 2 words) of the folded text,
scaled by 1/sqrt(n-gram count), fitted by plain stochastic gradient descent with L2 and balanced classes:
a few seconds of pure Python, no numpy. N-grams seen in fewer than MIN_DF train messages are left out,
and so are all but the MAX_GRAMS heaviest, which keeps the file small and the check fast. Each flag's
threshold is the lowest that gives (about) the best F1 for "rule or model" on dev, and where it helps on
dev, a veto: a score at or below which the model overrules a rule's match. The test split and the blind
outside set are never read.

    .venv/bin/python -m bench.redflags_train
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench._redflags_corpus import Sample, Split, load
from bot.protection import model as model_module
from bot.protection.model import SCALE_POWER, Model, ngrams, word_grams
from bot.protection.redflags import flag_codes, rule_verdicts
from bot.protection.text import fold

SIZES = (1, 2, 3, 4)
WORDS = (1, 2)
MIN_DF = 2
EPOCHS = 30
RATE = 0.5
L2 = 1e-3  # chosen on dev with 5,292 train messages (was 3e-3 by cross-validation on 1,288)
KEEP = 0.02  # smaller weights are dropped
MAX_GRAMS = 20_000  # the heaviest n-grams are kept (of ~105,000): chosen on dev, see docs/benchmarks.md
SEED = 11
INNOCENT = 2.0  # innocent look-alikes weigh more: a false alarm on them is what erodes trust
BALANCE = 1.0  # positives weigh (negatives / positives) ** BALANCE
TOLERANCE = 0.02  # about one dev message of a flag (some 30 positives: one is ~0.02 of F1)
GRID = [x / 10 for x in range(-30, 61)]
VETO_GRID = [x / 2 for x in range(-16, 1)]  # where the model may overrule a rule: -8 to 0 on the logit
OUT = Path(model_module.__file__).with_name(model_module.MODEL_FILE)


def _grams(text: str) -> set[str]:
    return ngrams(text, SIZES) | word_grams(text, WORDS)


def _features(samples: Sequence[Sample], vocab: dict[str, int]) -> list[tuple[list[int], float]]:
    rows = []
    for s in samples:
        grams = _grams(fold(s.text).text)
        # In vocabulary order, not the set's (which changes with the hash seed): sums in a fixed order.
        known = sorted(vocab[g] for g in grams if g in vocab)
        rows.append((known, len(grams) ** -SCALE_POWER if grams else 0.0))
    return rows


def train(
    samples: Sequence[Sample], flags: Sequence[str]
) -> tuple[list[str], list[list[float]], list[float]]:
    """Vocabulary, weights [feature][flag] and biases, fitted on the given (train) messages."""
    df: Counter[str] = Counter()
    for s in samples:
        df.update(_grams(fold(s.text).text))
    grams = sorted(g for g, n in df.items() if n >= MIN_DF)
    vocab = {g: i for i, g in enumerate(grams)}
    rows = _features(samples, vocab)
    labels = [[1.0 if f in s.flags else 0.0 for f in flags] for s in samples]
    known = [[s.knows(f) for f in flags] for s in samples]
    positives = [max(1.0, sum(y[k] for y in labels)) for k in range(len(flags))]
    balance = [((len(samples) - p) / p) ** BALANCE for p in positives]
    weights = [[0.0] * len(flags) for _ in grams]
    bias = [0.0] * len(flags)
    weight = [INNOCENT if not s.flags else 1.0 for s in samples]
    order = list(range(len(samples)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = RATE / (1 + epoch * 0.2)
        for i in order:
            idx, scale = rows[i]
            for k in range(len(flags)):
                if not known[i][k]:
                    continue  # a flag the message was never labelled for teaches nothing
                z = bias[k] + scale * sum(weights[j][k] for j in idx)
                p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
                y = labels[i][k]
                g = (p - y) * (balance[k] if y else weight[i])
                bias[k] -= rate * g * 0.1
                step = rate * g * scale
                for j in idx:
                    w = weights[j]
                    w[k] -= step + rate * L2 * w[k]
    return grams, weights, bias


def fit(samples: Sequence[Sample], flags: Sequence[str]) -> Model:
    """A model fitted on the samples, its n-grams cut to the heaviest, thresholds still at zero."""
    grams, weights, bias = train(samples, flags)
    ranked = sorted(zip(grams, weights, strict=True), key=lambda gw: -max(abs(x) for x in gw[1]))
    kept = {g: [x if abs(x) >= KEEP else 0.0 for x in w] for g, w in ranked[:MAX_GRAMS]}
    return Model.build(flags, SIZES, bias, [0.0] * len(flags), kept, WORDS)


def thresholds(
    flags: Sequence[str], samples: Sequence[Sample], scores: Sequence[tuple[float, ...]]
) -> list[float]:
    """Per flag, the lowest threshold with (about) the best F1 for "rule or model" on dev.
    Not on train scored out of fold: the rules were written from the train messages (and from dev's
    misses), so the model would look needless there; the lowest threshold that dev cannot tell from the
    best keeps the model catching the wordings no rule knows on text nobody tuned on."""
    ruled = [rule_verdicts(s.text) for s in samples]
    chosen = []
    for k, flag in enumerate(flags):
        f1s = [_f1(flag, k, samples, ruled, scores, limit, None) for limit in GRID]
        best_f1 = max(f1s)
        # The lowest threshold within TOLERANCE of the best F1: dev is small, and where it cannot tell
        # thresholds apart, a miss costs the user more than a second look at a message.
        best = min(limit for limit, f1 in zip(GRID, f1s, strict=True) if f1 >= best_f1 - TOLERANCE)
        chosen.append(best)
        print(f"{flag:<22} threshold {best:+.1f}  dev F1 (rule or model) {best_f1:.3f}")
    return chosen


def vetoes(
    flags: Sequence[str],
    samples: Sequence[Sample],
    scores: Sequence[tuple[float, ...]],
    limits: Sequence[float],
) -> list[float | None]:
    """Per flag, the score at or below which the model overrules a rule's match, with (about) the best F1
    on dev; None where overruling does not help by more than TOLERANCE. The lowest veto within
    TOLERANCE of the best is taken (the fewest rule matches overruled), and never one above the flag's
    threshold, so a score the model would raise the flag on is never a veto."""
    ruled = [rule_verdicts(s.text) for s in samples]
    chosen: list[float | None] = []
    for k, flag in enumerate(flags):
        candidates = [None, *(v for v in VETO_GRID if v <= limits[k])]
        f1s = [_f1(flag, k, samples, ruled, scores, limits[k], veto) for veto in candidates]
        best_f1 = max(f1s)
        if best_f1 <= f1s[0] + TOLERANCE:
            chosen.append(None)
            print(f"{flag:<22} no veto (dev F1 {f1s[0]:.3f})")
            continue
        veto = min(v for v, f1 in zip(candidates[1:], f1s[1:], strict=True) if f1 >= best_f1 - TOLERANCE)
        chosen.append(veto)
        print(f"{flag:<22} veto {veto:+.1f}  dev F1 {f1s[0]:.3f} -> {best_f1:.3f}")
    return chosen


def _f1(
    flag: str,
    k: int,
    samples: Sequence[Sample],
    ruled: Sequence[tuple[frozenset[str], frozenset[str]]],
    scores: Sequence[tuple[float, ...]],
    limit: float,
    veto: float | None,
) -> float:
    """F1 of one flag on the samples, decided as the check decides: a rule's match unless the model's
    score is at or below the veto, or else the model's score above the threshold where no rule
    cleared the flag."""
    tp = fp = fn = 0
    for s, (raised, cleared), score in zip(samples, ruled, scores, strict=True):
        by_rule = flag in raised and (veto is None or score[k] > veto)
        hit = by_rule or (flag not in cleared and score[k] > limit)
        wanted = flag in s.flags
        tp += hit and wanted
        fp += hit and not wanted
        fn += wanted and not hit
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def corpus() -> tuple[list[Sample], list[Sample]]:
    """The messages the model learns from (train) and is tuned on (dev): never test, never outside."""
    return load((Split.TRAIN,)), load((Split.DEV,))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    flags = flag_codes()
    train_set, dev = corpus()
    print(f"training on {len(train_set)} train messages, {len(flags)} flags")
    judge = fit(train_set, flags)
    scores = [judge.logits(fold(s.text).text) for s in dev]
    limits = thresholds(flags, dev, scores)
    judge = Model.build(
        flags, SIZES, judge.bias, limits, judge.rows, WORDS, vetoes(flags, dev, scores, limits)
    )
    args.out.write_text(json.dumps(judge.to_json(), ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"wrote {args.out} ({len(judge.rows)} n-grams, {args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
