"""Restart safety: the real process is killed with SIGKILL at random moments while reminders fall due,
and restarted each time. In the end every reminder was delivered, and a reminder was delivered twice
only where a kill fell inside its send (printed, not yet marked sent): at most once per kill."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

from tests.adapters.runtime.process import PATIENCE, Bot, environment, now, seed

GIGS = 70
SPACING = 0.4  # seconds between due times: the reminders fall due over the whole run
ROUNDS = 15


async def test_sigkill_at_random_moments_loses_nothing_and_repeats_at_most_once_per_kill(
    tmp_path: Path,
) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    start = now()
    await seed(db, [start + timedelta(seconds=1 + n * SPACING) for n in range(GIGS)])
    env = environment(db, GIGWATCH_LEASE_SECONDS="2")  # a send cut short by a kill is retried 2 s later
    rng = random.Random()
    seed_value = rng.randrange(1 << 30)
    rng.seed(seed_value)
    printed: list[dict[str, object]] = []
    cut_short: Counter[object] = Counter()  # the gig each killed process printed last: maybe not marked sent

    for _ in range(ROUNDS):
        bot = Bot(["console", "--json", "--linger", "3600"], env, tmp_path)
        bot.close_stdin()  # input ends at once; the bot stays for what falls due
        await asyncio.sleep(rng.uniform(0.8, 3.0))
        bot.kill()
        records = bot.records()
        printed += records
        if records:
            cut_short[records[-1]["gig"]] += 1

    last = Bot(["console", "--json", "--linger", "5"], env, tmp_path)
    last.close_stdin()
    assert last.finish(PATIENCE) == 0
    printed += last.records()

    reminders = Counter((r["gig"], r["step"]) for r in printed if r["kind"] == "reminder")
    assert {step for _, step in reminders} == {"nudge"}
    assert sorted(int(gig) for gig, _ in reminders) == list(range(1, GIGS + 1)), f"seed {seed_value}"
    # Sends are one at a time and a row is marked sent before the next is printed, so only the last
    # reminder a killed process printed can come again: at most once per kill, never anything else.
    repeated = {gig: n - 1 for (gig, _), n in reminders.items() if n > 1}
    assert all(n <= cut_short[gig] for gig, n in repeated.items()), (repeated, cut_short, seed_value)
    assert sum(repeated.values()) <= ROUNDS
    assert [r for r in printed if r["kind"] != "reminder"] == []
