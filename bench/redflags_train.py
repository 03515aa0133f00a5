"""Train the statistical half of `/gig check` on train and dev, choose its thresholds and vetoes by
cross-validation, and write bot/protection/redflags_model.json.

One logistic regression per flag over binary character n-grams (1 to 4 characters) and Latin word n-grams
(1 and 2 words) of the folded text, scaled by 1/sqrt(n-gram count), fitted by plain stochastic gradient
descent with L2 and balanced classes (numpy here, about ten seconds a fit; the check runs without it).
N-grams seen in fewer than `min_df` messages are left out, and so are all but the `max_grams` heaviest,
which keeps the file small and the check fast.

How the choices are made: by FOLDS-fold cross-validation over train and dev together (bench/redflags_cv.py),
never on the test split or the outside set, which are never read. Dev alone (371 messages) chose the
thresholds and vetoes before, and overfitted them (dev recall 1.000, test 0.81-0.88). Now every train
and dev message is scored by a model fitted without its fold (a message and its near-duplicates share a
fold), and on those pooled out-of-fold scores, combined with the rules as the check combines them, each
flag gets the middle one of the thresholds within TOLERANCE of the best F1 (Config.lean), and a veto (a
score at or below which the model overrules a rule's match) where it lifts that F1 by more than
TOLERANCE, each language on its own messages. With one set of limits for both languages, TOLERANCE 0.005
was the best of 0 to 0.02 (the best F1 itself, 0, gave up recall on the files that feed test, where rules
miss more); chosen per language on 9,485 messages, F1 is flat from 0 to 0.005 and 0.0025 is the one where
precision and recall meet (docs/benchmarks.md, "Limits per language"); vetoes lift precision out of
fold; Config's L2, epochs, n-gram cap, min_df and class weights sat at a flat optimum and stayed
(docs/benchmarks.md, "Cross-validated choices").
The shipped model is then fitted once on all of train and dev, so the dev figures of bench.redflags are
in-sample; the cross-validated figure is stored with it, and bench.redflags prints it.

    .venv/bin/python -m bench.redflags_train          # six fits: one to two minutes
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bench._redflags_corpus import Sample, Split, load
from bench.redflags import Scores, evaluate, merge
from bot.protection import model as model_module
from bot.protection import redflags
from bot.protection.model import SCALE_POWER, Limits, Model, blank, ngrams, word_grams
from bot.protection.redflags import flag_codes, rule_verdicts, unnamed
from bot.protection.text import LANGUAGES, fold, language, sentences

if TYPE_CHECKING:
    import numpy as np

SIZES = (1, 2, 3, 4)
WORDS = (1, 2)
SEED = 11
KEEP = 0.02  # smaller weights are dropped
FOLDS = 5
NEAR = 25  # messages sharing a sentence this long (folded) are near-duplicates: one fold holds them all
TOLERANCE = 0.0025  # of F1, pooled out of fold: one or two messages of a flag in a language
GRID = [x / 10 for x in range(-30, 61)]
VETO_GRID = [x / 2 for x in range(-16, 1)]  # where the model may overrule a rule: -8 to 0 on the logit
LENGTH_GRID = (0, 100, 200, 400, 800)  # the shortest text (folded characters) a veto applies in
OUT = Path(model_module.__file__).with_name(model_module.MODEL_FILE)

Verdicts = tuple[frozenset[str], frozenset[str]]  # what the rules raise, and what they saw and cleared


@dataclass(frozen=True, slots=True)
class Config:
    """The hyperparameters, each chosen by cross-validation (bench/redflags_cv.py)."""

    l2: float = 1e-3
    epochs: int = 30
    rate: float = 0.5
    min_df: int = 2
    # The heaviest n-grams are kept. 80,000 over 20,000 once the corpus passed 12,000 messages (5-fold,
    # same rules: F1 ja 0.920 -> 0.928, en 0.916 -> 0.920; 40,000 half-way; 160,000 and word 3-grams no
    # better).
    max_grams: int = 80_000
    sizes: tuple[int, ...] = SIZES  # of the character n-grams
    words: tuple[int, ...] = WORDS  # of the Latin word n-grams
    # Innocent look-alikes weigh more: a false alarm on them is what erodes trust. 3 over 2 once the corpus
    # held the blind money and job look-alikes (cross-validated en 0.890 / 0.933 -> 0.896 / 0.931, ja
    # 0.893 / 0.921 -> 0.895 / 0.919).
    innocent: float = 3.0
    balance: float = 1.0  # positives weigh (negatives / positives) ** balance
    veto: bool = True  # whether the model may overrule a rule's match at all
    tolerance: float = TOLERANCE  # thresholds and vetoes: chosen among those within this of the best F1
    alone: bool = False  # thresholds for the model's own F1, not for rule or model
    # Where among the thresholds within `tolerance` of the best F1 a flag's threshold lies: 0 the lowest
    # (recall), 1 the highest (precision). The middle once the corpus passed 18,000 messages: the lowest had
    # drifted to thresholds that raised a payment flag on a direct client's fee request, and out of fold
    # F1 is flat across the range (en 0.927/0.930 at 0, 0.938/0.923 at 0.5, 0.945/0.914 at 1; ja
    # 0.934/0.940, 0.944/0.931, 0.953/0.921).
    lean: float = 0.5
    languages: bool = True  # thresholds and vetoes per language, each chosen on its own messages


@cache
def _folded(text: str) -> str:
    return fold(text).text


@cache
def _read(text: str) -> str:
    """The folded text as the model reads it (the [model] unnamed names blanked)."""
    return blank(_folded(text), unnamed())


@cache
def _grams(text: str, sizes: tuple[int, ...], words: tuple[int, ...]) -> frozenset[str]:
    read = _read(text)
    return frozenset(ngrams(read, sizes) | word_grams(read, words))


@cache
def verdicts(text: str) -> Verdicts:
    return rule_verdicts(text)


def train(
    samples: Sequence[Sample], flags: Sequence[str], config: Config
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary, weights [feature, flag] and biases, fitted on the given messages."""
    import numpy as np  # here, not above: the corpus and fold helpers serve the tests without it

    df: Counter[str] = Counter()
    for s in samples:
        df.update(_grams(s.text, config.sizes, config.words))
    grams = sorted(g for g, n in df.items() if n >= config.min_df)
    vocab = {g: i for i, g in enumerate(grams)}
    rows = []
    for s in samples:
        present = _grams(s.text, config.sizes, config.words)
        # In vocabulary order, not the set's (which changes with the hash seed): sums in a fixed order.
        known_grams = np.array(sorted(vocab[g] for g in present if g in vocab), dtype=np.intp)
        rows.append((known_grams, len(present) ** -SCALE_POWER if present else 0.0))
    labels = np.array([[f in s.flags for f in flags] for s in samples], dtype=float)
    # A flag the message was never labelled for teaches nothing: no gradient, no decay.
    known = np.array([[s.knows(f) for f in flags] for s in samples], dtype=float)
    positives = np.maximum(1.0, labels.sum(axis=0))
    balance = ((len(samples) - positives) / positives) ** config.balance
    weight = np.array([config.innocent if not s.flags else 1.0 for s in samples])
    gain = np.where(labels > 0, balance, weight[:, None]) * known
    weights = np.zeros((len(grams), len(flags)))
    bias = np.zeros(len(flags))
    order = list(range(len(samples)))
    rng = random.Random(SEED)
    for epoch in range(config.epochs):
        rng.shuffle(order)
        rate = config.rate / (1 + epoch * 0.2)
        shrink = 1 - rate * config.l2 * known
        for i in order:
            idx, scale = rows[i]
            sub = weights[idx]
            z = bias + scale * sub.sum(axis=0)
            g = (1 / (1 + np.exp(-np.clip(z, -30.0, 30.0))) - labels[i]) * gain[i]
            bias -= rate * 0.1 * g
            weights[idx] = sub * shrink[i] - (rate * scale) * g
    return grams, weights, bias


def fit(samples: Sequence[Sample], flags: Sequence[str], config: Config) -> Model:
    """A model fitted on the samples, its n-grams cut to the heaviest, thresholds still at zero."""
    import numpy as np

    grams, weights, bias = train(samples, flags, config)
    heaviest = np.argsort(-np.abs(weights).max(axis=1), kind="stable")[: config.max_grams]
    kept = {grams[j]: [float(x) if abs(x) >= KEEP else 0.0 for x in weights[j]] for j in heaviest}
    unset = {lang: Limits((0.0,) * len(flags)) for lang in LANGUAGES}
    return Model.build(flags, config.sizes, [float(b) for b in bias], unset, kept, config.words, unnamed())


def scores_of(judge: Model, samples: Sequence[Sample]) -> list[tuple[float, ...]]:
    """The model's logits for each message, as the check computes them (weights as stored)."""
    return [judge.logits(_folded(s.text)) for s in samples]


def folds(samples: Sequence[Sample], k: int = FOLDS) -> list[int]:
    """The fold of each message. Messages sharing a sentence of NEAR characters or more (pooled
    sentences, copies across files) form one group, and a group stays in one fold, so no fold is scored
    on a sentence its model learnt. Groups are dealt per corpus file, in an order fixed by their ids'
    hashes, each to the fold holding the fewest messages of that file so far: every fold has its share of
    every file (tuned.jsonl and each train-only file included) and of dev."""
    parent = list(range(len(samples)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, s in enumerate(samples):
        text = _folded(s.text)
        for start, end in sentences(text):
            sentence = text[start:end].strip()
            if len(sentence) >= NEAR:
                parent[root(i)] = root(first.setdefault(sentence, i))
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for i in range(len(samples)):
        groups[root(i)].append(i)
    by_file: defaultdict[str, list[list[int]]] = defaultdict(list)
    for members in groups.values():
        by_file[samples[members[0]].source + samples[members[0]].split].append(members)
    fold_of = [0] * len(samples)
    for name in sorted(by_file):
        ordered = sorted(by_file[name], key=lambda g: hashlib.sha256(samples[g[0]].id.encode()).digest())
        sizes = [0] * k
        for members in sorted(ordered, key=len, reverse=True):  # the largest first, so sizes even out
            j = sizes.index(min(sizes))
            sizes[j] += len(members)
            for i in members:
                fold_of[i] = j
    return fold_of


def out_of_fold(
    samples: Sequence[Sample], flags: Sequence[str], config: Config, fold_of: Sequence[int]
) -> tuple[list[tuple[float, ...]], list[Model]]:
    """Each message's scores by the model fitted on the other folds, and those models (one per fold)."""
    scores: list[tuple[float, ...]] = [()] * len(samples)
    models = []
    for j in range(max(fold_of) + 1):
        judge = fit([s for s, f in zip(samples, fold_of, strict=True) if f != j], flags, config)
        held = [i for i, f in enumerate(fold_of) if f == j]
        for i, row in zip(held, scores_of(judge, [samples[i] for i in held]), strict=True):
            scores[i] = row
        models.append(judge)
    return scores, models


def thresholds(
    flags: Sequence[str],
    samples: Sequence[Sample],
    scores: Sequence[tuple[float, ...]],
    tolerance: float = TOLERANCE,
    verbose: bool = False,
    alone: bool = False,
    lean: float = 0.5,
) -> list[float]:
    """Per flag, a threshold within `tolerance` of the best F1 for "rule or model" on the samples (pooled
    out-of-fold scores), `lean` of the way from the lowest such threshold to the highest. F1 is flat
    there: the lowest keeps the model catching wordings no rule knows, but as the corpus grew it drifted
    to scores that raise a flag on innocent text; the middle holds up against noise either way."""
    ruled = [verdicts(s.text) for s in samples]
    if alone:  # the model's own best F1, where rules still clear what they clear
        ruled = [(frozenset(), cleared) for _, cleared in ruled]
    chosen = []
    for k, flag in enumerate(flags):
        f1s = [_f1(flag, k, samples, ruled, scores, limit, None) for limit in GRID]
        best_f1 = max(f1s)
        near = [limit for limit, f1 in zip(GRID, f1s, strict=True) if f1 >= best_f1 - tolerance]
        best = near[round(lean * (len(near) - 1))]
        chosen.append(best)
        if verbose:
            print(f"{flag:<22} threshold {best:+.1f}  F1 (rule or model) {best_f1:.3f}")
    return chosen


def vetoes(
    flags: Sequence[str],
    samples: Sequence[Sample],
    scores: Sequence[tuple[float, ...]],
    limits: Sequence[float],
    tolerance: float = TOLERANCE,
    verbose: bool = False,
) -> tuple[list[float | None], list[int]]:
    """Per flag, the score at or below which the model overrules a rule's match and the shortest text
    it does so in, with (about) the best F1 on the samples; no veto where overruling does not help by
    more than `tolerance`. Of the pairs within `tolerance` of the best, the one that overrules the fewest
    of the samples' rule matches is taken, and never a veto above the flag's threshold, so a score the
    model would raise the flag on is never a veto."""
    ruled = [verdicts(s.text) for s in samples]
    lengths = [len(_folded(s.text)) for s in samples]
    chosen: list[float | None] = []
    froms: list[int] = []
    for k, flag in enumerate(flags):
        none = _f1(flag, k, samples, ruled, scores, limits[k], None, 0, lengths)
        pairs = [(v, n) for v in VETO_GRID if v <= limits[k] for n in LENGTH_GRID]
        f1s = [_f1(flag, k, samples, ruled, scores, limits[k], v, n, lengths) for v, n in pairs]
        best_f1 = max([none, *f1s])
        if best_f1 <= none + tolerance:
            chosen.append(None)
            froms.append(0)
            if verbose:
                print(f"{flag:<22} no veto (F1 {none:.3f})")
            continue
        near = [pair for pair, f1 in zip(pairs, f1s, strict=True) if f1 >= best_f1 - tolerance]
        veto, shortest = min(near, key=lambda p: (_overruled(k, ruled, flag, scores, lengths, *p), p))
        chosen.append(veto)
        froms.append(shortest)
        if verbose:
            print(f"{flag:<22} veto {veto:+.1f} from {shortest} chars  F1 {none:.3f} -> {best_f1:.3f}")
    return chosen, froms


def _overruled(
    k: int,
    ruled: Sequence[Verdicts],
    flag: str,
    scores: Sequence[tuple[float, ...]],
    lengths: Sequence[int],
    veto: float,
    shortest: int,
) -> int:
    """How many of the rules' matches of the flag a veto overrules."""
    return sum(
        flag in raised and score[k] <= veto and length >= shortest
        for (raised, _), score, length in zip(ruled, scores, lengths, strict=True)
    )


def choose(
    flags: Sequence[str],
    samples: Sequence[Sample],
    scores: Sequence[tuple[float, ...]],
    config: Config,
    verbose: bool = False,
) -> dict[str, Limits]:
    """Per language (as the check tells it), thresholds, and vetoes if the configuration allows them,
    chosen on the samples' scores: on that language's messages, or on all of them for every language."""
    told = [language(_folded(s.text)) for s in samples]
    chosen = {}
    for lang in LANGUAGES:
        mine = [i for i, t in enumerate(told) if t == lang or not config.languages]
        if verbose:
            print(f"{lang if config.languages else 'both languages'}: {len(mine)} messages")
        chosen[lang] = _limits(flags, [samples[i] for i in mine], [scores[i] for i in mine], config, verbose)
        if not config.languages:
            return dict.fromkeys(LANGUAGES, chosen[lang])
    return chosen


def _limits(
    flags: Sequence[str],
    samples: Sequence[Sample],
    scores: Sequence[tuple[float, ...]],
    config: Config,
    verbose: bool,
) -> Limits:
    limits = thresholds(flags, samples, scores, config.tolerance, verbose, config.alone, config.lean)
    if not config.veto:
        return Limits(tuple(limits))
    chosen, froms = vetoes(flags, samples, scores, limits, config.tolerance, verbose)
    return Limits(tuple(limits), tuple(chosen), tuple(froms))


@contextmanager
def checking_with(judge: Model) -> Iterator[None]:
    """`/gig check` with this model in place of the shipped one, for as long as the block runs."""
    names = vars(redflags)  # the check looks its model up by this name at each call
    shipped = names["model"]
    names["model"] = lambda: judge
    try:
        yield
    finally:
        names["model"] = shipped


def estimate(
    samples: Sequence[Sample],
    fold_of: Sequence[int],
    scores: Sequence[tuple[float, ...]],
    models: Sequence[Model],
    config: Config,
    choose_on: str = "oof",
    verbose: bool = False,
) -> Scores:
    """The check's figures pooled over the folds: each fold scored by `/gig check` itself with the model
    fitted without it, and thresholds and vetoes chosen without it, on the other folds' out-of-fold
    scores (`choose_on="dev"`: on their dev messages only, as the trainer chose before)."""
    flags = models[0].flags
    parts = []
    for j, judge in enumerate(models):
        others = [i for i, f in enumerate(fold_of) if f != j]
        chosen_on = [i for i in others if choose_on == "oof" or samples[i].split == Split.DEV]
        limits = choose(
            flags, [samples[i] for i in chosen_on], [scores[i] for i in chosen_on], config, verbose
        )
        judge = dataclasses.replace(judge, limits=limits)
        with checking_with(judge):
            parts.append(evaluate(s for s, f in zip(samples, fold_of, strict=True) if f == j))
    return merge(parts)


def summary(scores: Scores) -> dict[str, list[float]]:
    """Flags' precision and recall per language, as stored with the model and printed by bench.redflags."""
    return {lang: [round(t.precision, 3), round(t.recall, 3)] for lang, t in sorted(scores.by_lang.items())}


def _f1(
    flag: str,
    k: int,
    samples: Sequence[Sample],
    ruled: Sequence[Verdicts],
    scores: Sequence[tuple[float, ...]],
    limit: float,
    veto: float | None,
    shortest: int = 0,
    lengths: Sequence[int] = (),
) -> float:
    """F1 of one flag on the samples, decided as the check decides: a rule's match unless the model's
    score is at or below the veto in a text of at least `shortest` folded characters (`lengths`, one
    per sample), or else the model's score above the threshold where no rule cleared the flag. (A firm
    rule's match, which the check never overrules, counts as any other here: such rules are few and
    narrow.)"""
    tp = fp = fn = 0
    sized = lengths or [0] * len(samples)
    for s, (raised, cleared), score, length in zip(samples, ruled, scores, sized, strict=True):
        if not s.knows(flag):
            continue
        vetoed = veto is not None and score[k] <= veto and length >= shortest
        hit = (flag in raised and not vetoed) or (flag not in cleared and score[k] > limit)
        wanted = flag in s.flags
        tp += hit and wanted
        fp += hit and not wanted
        fn += wanted and not hit
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def corpus() -> tuple[list[Sample], list[Sample]]:
    """The messages the model learns from and is cross-validated on (train and dev): never test, never
    outside."""
    return load((Split.TRAIN,)), load((Split.DEV,))


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """An option per hyperparameter (--l2 3e-3, --no-veto...), each defaulting to the chosen value."""
    for field in dataclasses.fields(Config):
        if field.type == "bool" and getattr(Config(), field.name):
            parser.add_argument(f"--no-{field.name}", dest=field.name, action="store_false")
        elif field.type == "bool":
            parser.add_argument(f"--{field.name}", action="store_true", default=None)
        elif field.type == "tuple[int, ...]":  # "--sizes 2,3,4"
            parser.add_argument(f"--{field.name}", type=_ints, default=None)
        else:
            kind = type(getattr(Config(), field.name))
            parser.add_argument(f"--{field.name.replace('_', '-')}", type=kind, default=None)


def _ints(value: str) -> tuple[int, ...]:
    return tuple(int(v) for v in value.split(",") if v)


def config_from(args: argparse.Namespace) -> Config:
    given = {f.name: getattr(args, f.name) for f in dataclasses.fields(Config)}
    return dataclasses.replace(Config(), **{name: v for name, v in given.items() if v is not None})


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    add_config_arguments(parser)
    args = parser.parse_args(argv)
    flags, config = flag_codes(), config_from(args)
    train_set, dev = corpus()
    samples = train_set + dev
    fold_of = folds(samples)
    print(f"{len(samples)} train and dev messages, {len(flags)} flags, {FOLDS} folds; {config}")
    scores, models = out_of_fold(samples, flags, config, fold_of)
    honest = summary(estimate(samples, fold_of, scores, models, config))
    print(f"cross-validated flags (precision, recall): {honest}")
    limits = choose(flags, samples, scores, config, verbose=True)
    judge = fit(samples, flags, config)
    judge = dataclasses.replace(judge, limits=limits)
    # The figure to trust, stored beside the weights: the check reads only what it needs.
    honesty = {"folds": FOLDS, "messages": len(samples), "flags": honest}
    stored = {**judge.to_json(), "cross_validated": honesty}
    # ASCII only (\u escapes): the check reads the file into one string, which for text beyond Latin-1
    # takes 2 or 4 bytes a character, and the process keeps the memory of its largest string (80,000
    # n-grams: 37 MiB of resident memory loaded from UTF-8, 17 MiB from ASCII).
    args.out.write_text(json.dumps(stored, ensure_ascii=True, separators=(",", ":")), "ascii")
    print(f"wrote {args.out} ({len(judge.packed)} n-grams, {args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
