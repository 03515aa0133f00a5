"""Hostile input through every adapter's entry into the core: crashes and state changes on error.

    .venv/bin/python -m bench.fuzz                          # 100,000 inputs on SQLite
    .venv/bin/python -m bench.fuzz --inputs 5000 --seed 7   # a quick run, reproducible

Each input goes where an adapter would hand it over (bench._hostile draws them from the grammar):
- text (65 %): a command line, as Slack's slash command, the console, a button or the simulator
  send it, through `Core.command`;
- discord (25 %): typed options, bound by the Discord adapter's own `appcommands.parse` and run
  (or refused) exactly as its handler does;
- slack form (10 %): the add form's fields, bound by the Slack adapter's `add_command`.
The person sending it gets a hostile display name now and then, too.

Counted:
- crashes: an exception out of the entry, a command the core had to apologise for (an internal
  failure), or a reply a platform could not encode (a lone surrogate in it);
- state changes on error: a refused command during which a transaction committed a write (every
  statement is watched), or after which any table's size or any row of the sender's own differs
  from before (compared for one input in twenty);
- dirty stored text: after the run, text in any table with a lone surrogate or a control character
  other than newline and tab.
The database starts afresh every 5,000 inputs, so it stays the size of a real user's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text, event, func, select

from adapters.base import Core
from adapters.discord.appcommands import parse as bind_options
from adapters.slack.app import add_command
from bench import _hostile
from bench._machine import header, sqlite_database
from bot.clock import VirtualClock
from bot.errors import CommandError
from bot.messages import Kind, Message
from bot.service import Actor, Outcome, Service
from storage import SqlStore, open_store
from storage.schema import events, gigs, metadata, outbox, pending_steps, reports, users

FRESH_EVERY = 5_000
SNAPSHOTS = 0.05  # the share of inputs whose tables are also compared row by row
START = datetime(2026, 11, 20, 9, tzinfo=UTC)
_DIRTY = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Tally:
    inputs: Counter[str] = field(default_factory=Counter)
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    state_changes: list[str] = field(default_factory=list)
    dirty: list[str] = field(default_factory=list)


async def deliver(message: Message) -> str | None:
    """What every platform does with a reply: encode it (strictly) as UTF-8 JSON."""
    json.dumps({"text": message.text()}, ensure_ascii=False).encode("utf-8")
    return None


class Writes:
    """Counts transactions that committed a write (INSERT, UPDATE or DELETE): a refused command
    must commit none. Statements that a rollback undid do not count."""

    def __init__(self, store: SqlStore) -> None:
        self.committed = 0
        self._dirty: set[int] = set()
        engine = store.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _statement(self, conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self._dirty.add(id(conn))

    def _commit(self, conn: Any) -> None:
        if id(conn) in self._dirty:
            self._dirty.discard(id(conn))
            self.committed += 1

    def _rollback(self, conn: Any) -> None:
        self._dirty.discard(id(conn))


async def state(store: SqlStore, actor: Actor) -> tuple[Any, ...]:
    """What a refused command of `actor` could have changed: every table's size, and every row of
    the sender's own (a command only ever touches its own user's rows, which the suite's isolation
    tests hold it to)."""
    async with store.engine.connect() as conn:
        sizes = [
            tuple(
                (
                    await conn.execute(
                        select(func.count(), func.max(t.primary_key.columns[0])).select_from(t)
                    )
                ).one()
            )
            for t in metadata.tables.values()
        ]
        me = (
            await conn.execute(
                select(users).where(
                    users.c.workspace == actor.workspace, users.c.external_id == actor.external_id
                )
            )
        ).first()
        own: list[Any] = [tuple(me) if me else None]
        if me is not None:
            for table in (gigs, events, pending_steps, outbox, reports):
                q = select(table).where(table.c.user_id == me.id).order_by(table.c.id)
                own.append([tuple(r) for r in await conn.execute(q)])
    return (sizes, own)


def sender(rng: random.Random) -> Actor:
    return Actor("slack:T1", f"U{rng.randint(1, 5)}", _hostile.hostile(rng) if rng.random() < 0.1 else "ann")


async def one(core: Core, actor: Actor, rng: random.Random, tally: Tally) -> Outcome | None:
    roll = rng.random()
    if roll < 0.65:
        tally.inputs["text"] += 1
        return await core.command(actor, _hostile.command_text(rng), deliver)
    if roll < 0.9:
        tally.inputs["discord"] += 1
        chosen = _hostile.spec(rng)
        try:
            parsed = bind_options(chosen, _hostile.option_values(rng, chosen))
        except CommandError as exc:
            return await core.refuse(actor, exc, chosen.name, deliver)
        return await core.command(actor, parsed, deliver)
    tally.inputs["slack form"] += 1
    try:
        parsed = add_command(_hostile.form_values(rng))
    except CommandError:
        return None  # answered in the form itself: nothing reaches the core
    return await core.command(actor, parsed, deliver)


async def run_batch(url: str, rng: random.Random, count: int, tally: Tally) -> None:
    store = await open_store(url)
    try:
        clock = VirtualClock(START)
        core = Core(Service(store, clock), store, clock, changed=lambda: None)
        writes = Writes(store)
        for _ in range(count):
            clock.advance(rng.choice((1, 60, 3600)))
            actor = sender(rng)
            committed = writes.committed
            before = await state(store, actor) if rng.random() < SNAPSHOTS else None
            try:
                outcome = await one(core, actor, rng, tally)
            except Exception as exc:
                tally.crashes.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            if outcome is None:
                tally.refused += 1
                continue
            if outcome.fault is not None:
                tally.crashes.append(f"fault {outcome.fault}: {outcome.replies[0].message.body[:80]}")
            if any(r.message.kind is Kind.ERROR for r in outcome.replies):
                tally.refused += 1
                if writes.committed != committed or (
                    before is not None and await state(store, actor) != before
                ):
                    tally.state_changes.append(str(outcome.command))
        tally.dirty += await dirty_text(store)
    finally:
        await store.engine.dispose()


async def dirty_text(store: SqlStore) -> list[str]:
    found: list[str] = []
    async with store.engine.connect() as conn:
        for table in metadata.tables.values():
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for row in await conn.execute(select(*columns)) if columns else []:
                found += [f"{table.name}: {v[:60]!r}" for v in row if isinstance(v, str) and _DIRTY.search(v)]
    return found


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (the seed is printed)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    header("hostile input through every adapter's entry")
    print(f"seed: {seed}", flush=True)
    rng, tally = random.Random(seed), Tally()
    started = time.perf_counter()
    left = args.inputs
    while left > 0:
        async with sqlite_database() as url:
            await run_batch(url, rng, min(FRESH_EVERY, left), tally)
        left -= FRESH_EVERY
        done = args.inputs - max(0, left)
        print(
            f"  {done:,} inputs, {len(tally.crashes)} crashes, {len(tally.state_changes)} state changes",
            flush=True,
        )
    took = time.perf_counter() - started
    total = sum(tally.inputs.values())
    print(
        f"inputs: {total:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(tally.inputs.items()))}); "
        f"refused: {tally.refused:,}; {total / took:,.0f} inputs/s"
    )
    print(f"crashes: {len(tally.crashes)}")
    print(f"state changes on error: {len(tally.state_changes)}")
    print(f"dirty stored text: {len(tally.dirty)}")
    for line in (tally.crashes + tally.state_changes + tally.dirty)[:20]:
        print(f"  {line}")
    if tally.crashes or tally.state_changes or tally.dirty:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
