"""A gig's situation is made from a plain tuple of its fields (GigRecord.situation_key), by which labels
are also cached: every field of Situation must be in it, in order, or a new fact would be left at its
default and labels worded for one situation would be shown for another."""

from __future__ import annotations

from dataclasses import astuple, fields
from datetime import datetime

import pytest

from bot.domain.facts import Situation, situation_of
from tests.bot.situations import gig_in, situations

SINCE = datetime.fromisoformat("2026-11-20T18:00:00+09:00")


def test_every_situation_comes_back_from_its_gig_through_the_key() -> None:
    for situation in situations():
        gig = gig_in(situation, SINCE)
        key = gig.situation_key()
        assert len(key) == len(fields(Situation))
        assert key == astuple(situation)
        assert gig.situation() == situation
        assert gig.situation() is situation_of(key)  # one instance per situation


def test_a_key_short_of_a_field_is_refused() -> None:
    situation = next(iter(situations()))
    with pytest.raises(TypeError):
        situation_of(astuple(situation)[:-1])  # type: ignore[arg-type]
