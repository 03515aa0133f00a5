"""Whether a change to the red-flag check left every output as it was: what the check says of each message of
train, dev and the outside set (never test), written to a file at one commit and compared at another.

A speed-up of the check must not move a flag, a quote, a span or a score by one bit; this records all of
them (findings and what funding cleared, with and without a funded gig and the talk room's rule; the rules'
own spans, gaps, cleared, firm and unpaid flags; the rules' verdicts; the funding claim; the model's
scores as exact float reprs), one JSON line per message, plus the two timed pastes:

    git stash; PYTHONPATH=. .venv/bin/python -m bench.redflags_same write /tmp/before.jsonl; git stash pop
    PYTHONPATH=. .venv/bin/python -m bench.redflags_same compare /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench._redflags_corpus import Split, load
from bench.redflags import timed_message
from bot.protection import redflags
from bot.protection.model import model
from bot.protection.text import fold, sentences


def _messages() -> Iterator[tuple[str, str]]:
    """(id, text) of every train, dev and outside message, then the timed pastes."""
    for sample in load((Split.TRAIN, Split.DEV, Split.OUTSIDE)):
        yield f"{sample.source}:{sample.id}", sample.text
    for lang in ("ja", "en"):
        yield f"timed:{lang}", timed_message(lang)


def outcome(text: str) -> dict[str, Any]:
    """Everything the check says of one message, as plain JSON values."""
    out: dict[str, Any] = {}
    for funded, outside_contact, claims in ((False, True, True), (True, False, True), (False, True, False)):
        found, cleared = redflags.check_funded(
            text, funded=funded, outside_contact=outside_contact, claims=claims
        )
        out[f"check {funded} {outside_contact} {claims}"] = [
            [[f.code, list(f.quotes)] for f in found],
            sorted(cleared),
        ]
    _, rules, context = redflags._rules()
    folded = fold(text)
    where = redflags.Where(folded.text, sentences(folded.text), model().char_grams(folded.text)[0])
    spans, gaps, cleared_by_rules, firm, unpaid = redflags._rule_spans(text, folded, where, rules, context)
    out["rule_spans"] = [
        sorted((k, v) for k, v in spans.items()),
        sorted((k, [[m.span(), at] for m, at in v]) for k, v in gaps.items()),
        sorted(cleared_by_rules),
        sorted(firm),
        sorted(unpaid),
    ]
    out["verdicts"] = [sorted(s) for s in redflags.rule_verdicts(text)]
    out["claim"] = redflags.funding_claim(text)
    judge = model()
    _, read, chars = judge.char_grams(folded.text)
    out["scores"] = [repr(s) for s in judge.logits(read, chars, read=True)]
    out["scores_plain"] = [repr(s) for s in judge.logits(folded.text)]
    return json.loads(json.dumps(out))  # tuples as lists, as read back from the file


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("mode", choices=["write", "compare"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "write":
        with args.file.open("w", encoding="utf-8") as out:
            for key, text in _messages():
                out.write(json.dumps({"id": key, "outcome": outcome(text)}, ensure_ascii=False) + "\n")
        return
    before = {row["id"]: row["outcome"] for row in map(json.loads, args.file.read_text("utf-8").splitlines())}
    compared = differ = 0
    for key, text in _messages():
        compared += 1
        now = outcome(text)
        if before.get(key) != now:
            differ += 1
            print(f"differs: {key}", file=sys.stderr)
    missing = len(before) - compared
    print(f"{compared} messages compared, {differ} differ, {missing} recorded but not compared")
    if differ or missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
