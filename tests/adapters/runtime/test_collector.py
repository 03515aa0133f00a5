"""The garbage collector as the runtime sets it once started: an engine batch's objects are freed by
reference counting before a young-generation collection would scan them (adapters.runtime.collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.runtime.collector import YOUNG_THRESHOLD, settle_collector
from bot.clock import VirtualClock
from bot.engine import Engine
from bot.service import Service
from tests.bot.harness import ok
from tests.conftest import actor

DAY = 86_400


@pytest.fixture
def collector() -> Iterator[list[int]]:
    """The runtime's settings, and the generation of each collection made meanwhile; restored after."""
    saved = gc.get_threshold()
    made: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            made.append(info["generation"])

    settle_collector()
    gc.callbacks.append(seen)
    try:
        yield made
    finally:
        gc.callbacks.remove(seen)
        gc.unfreeze()
        gc.set_threshold(*saved)


def test_settled_collector_freezes_start_up_and_waits_longer(collector: list[int]) -> None:
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD


async def test_a_full_engine_batch_runs_without_a_collection(
    service: Service, engine: Engine, clock: VirtualClock, collector: list[int]
) -> None:
    """A batch of 500 due steps (the engine's default) stays below the threshold: its objects go by
    reference counting, never scanned by a collection that finds nothing to free."""
    await ok(service, actor("warm"), '/gig add "warm-up" client:ACME stage:contracted')
    clock.advance(DAY * 4)  # Fri 18:00 to Tue 18:00: its nudge is due
    assert await engine.tick() == 1  # what a first delivery loads (calendars, holidays) is loaded
    alice = actor("alice")
    for n in range(engine.batch):
        await ok(service, alice, f'/gig add "LP {n}" client:ACME stage:contracted')
    clock.advance(DAY)  # a business day later, within active hours: every new gig's nudge is due
    gc.collect()
    collector.clear()
    assert await engine.tick() >= engine.batch
    assert collector == []
