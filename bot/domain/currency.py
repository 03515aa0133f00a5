"""Currencies fees are recorded in: those the platform profiles use (bot/domain/profiles.toml)."""

from __future__ import annotations

from functools import cache

from bot.domain.tracks import profiles


@cache
def currencies() -> tuple[str, ...]:
    """Every currency some platform pays in (ISO 4217 codes), JPY first: the bot's first audience."""
    found = {p.currency for p in profiles().values()}
    return tuple(sorted(found, key=lambda c: (c != "JPY", c)))
