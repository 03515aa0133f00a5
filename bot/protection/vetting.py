"""Scoring a client on the reliability signals of domain.md and on what the community reported.

The weights are data (vetting.toml); this module only applies them, so every point of a score can
be explained in a sentence.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Band:
    points: int
    level: str
    min: float | None = None
    max: float | None = None

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    low: float
    high: float
    whole: bool
    bands: tuple[Band, ...]

    def valid(self, value: float) -> bool:
        return self.low <= value <= self.high and (not self.whole or value == int(value))

    def band(self, value: float) -> Band:
        return next(b for b in self.bands if b.holds(value))


@dataclass(frozen=True, slots=True)
class Weights:
    base: int
    verdicts: tuple[tuple[str, int], ...]  # (verdict, lowest score), best first
    signals: tuple[Signal, ...]
    community: Mapping[str, int]

    def signal(self, name: str) -> Signal:
        return next(s for s in self.signals if s.name == name)


@dataclass(frozen=True, slots=True)
class Scored:
    """One signal's contribution: its value, level (good, fair, poor) and points."""

    name: str
    value: float
    level: str
    points: int


@dataclass(frozen=True, slots=True)
class Vetting:
    score: int  # 0..100
    verdict: str  # good, mixed, risky, or unknown when nothing was given and nothing reported
    signals: tuple[Scored, ...]
    reported: tuple[tuple[str, int, int], ...]  # (reason, members, points)
    missing: tuple[str, ...]  # signals not given


def load_weights(raw: Mapping[str, Any]) -> Weights:
    signals = tuple(
        Signal(
            name,
            float(spec["range"][0]),
            float(spec["range"][1]),
            bool(spec.get("whole", False)),
            tuple(Band(b["points"], b["level"], b.get("min"), b.get("max")) for b in spec["bands"]),
        )
        for name, spec in raw["signals"].items()
    )
    verdicts = tuple(sorted(raw["verdicts"].items(), key=lambda kv: -kv[1]))
    return Weights(int(raw["base"]), verdicts, signals, dict(raw["community"]))


@cache
def weights() -> Weights:
    text = resources.files("bot.protection").joinpath("vetting.toml").read_text("utf-8")
    return load_weights(tomllib.loads(text))


def vet(values: Mapping[str, float], reported: Mapping[str, int]) -> Vetting:
    """Score the given signals and the community's reports (reason -> members who reported it).

    Values must already be valid (Signal.valid): the command refuses anything else.
    """
    w = weights()
    scored = []
    for signal in w.signals:
        if signal.name in values:
            band = signal.band(values[signal.name])
            scored.append(Scored(signal.name, values[signal.name], band.level, band.points))
    reasons = tuple((r, n, w.community.get(r, 0)) for r, n in reported.items() if n > 0)
    total = w.base + sum(s.points for s in scored) + sum(p for _, _, p in reasons)
    score = max(0, min(100, total))
    if not scored and not reasons:
        verdict = "unknown"
    else:
        verdict = next((name for name, lowest in w.verdicts if score >= lowest), "risky")
    missing = tuple(s.name for s in w.signals if s.name not in values)
    return Vetting(score, verdict, tuple(scored), reasons, missing)
