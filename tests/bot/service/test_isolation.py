"""Two users in one workspace, and one user id in two workspaces, never see or touch each other's gigs."""

from __future__ import annotations

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.service import Actor, Service
from bot.service.overview import overview
from storage import SqlStore
from tests.bot.harness import body, dump, gig_row, jst, ok, pending, queued, refused, reminders

ALICE = Actor("slack:T1", "U1", "alice")
BOB = Actor("slack:T1", "U2", "bob")
ALICE_DISCORD = Actor("discord:G9", "U1", "alice")  # the same external id, another workspace


async def three_people(service: Service) -> None:
    await ok(service, ALICE, '/gig add "Alice LP" client:ACME stage:contracted')
    await ok(service, ALICE, '/gig add "Alice Logo" client:Globex')
    await ok(service, BOB, '/gig add "Bob Banner" client:Initech stage:delivered')
    await ok(service, ALICE_DISCORD, '/gig add "Discord API" client:Hooli stage:contracted')


async def test_lists_and_details_are_private(service: Service, store: SqlStore, clock: VirtualClock) -> None:
    await three_people(service)
    listings = {
        a.name + a.workspace: body(await ok(service, a, "/gig list all")) for a in (ALICE, BOB, ALICE_DISCORD)
    }
    assert "Alice LP" in listings["aliceslack:T1"]
    assert "Alice Logo" in listings["aliceslack:T1"]
    assert not any(t in listings["aliceslack:T1"] for t in ("Bob Banner", "Discord API"))
    assert "Bob Banner" in listings["bobslack:T1"]
    assert not any(t in listings["bobslack:T1"] for t in ("Alice LP", "Alice Logo", "Discord API"))
    assert "Discord API" in listings["alicediscord:G9"]
    assert not any(t in listings["alicediscord:G9"] for t in ("Alice LP", "Alice Logo", "Bob Banner"))

    # Each owner numbers from 1, and #1 means their own #1.
    assert "Alice LP" in body(await ok(service, ALICE, "/gig show 1"))
    assert "Bob Banner" in body(await ok(service, BOB, "/gig show 1"))
    assert "Discord API" in body(await ok(service, ALICE_DISCORD, "/gig show 1"))
    for other in (BOB, ALICE_DISCORD):
        error = await refused(service, other, "/gig timeline 2 json")
        assert error.body == i18n.t("en", "error.unknown_gig", id=2)

    for who in (ALICE, BOB, ALICE_DISCORD):
        view = await overview(store, who, clock.now(), include_closed=True)
        assert view.user is not None
        assert (view.user.workspace, view.user.external_id) == (who.workspace, who.external_id)
    titles = {g.title for g in (await overview(store, ALICE_DISCORD, clock.now())).gigs}
    assert titles == {"Discord API"}


async def test_changes_touch_only_the_owners_gig(service: Service, store: SqlStore) -> None:
    await three_people(service)
    bob_before = await gig_row(store, BOB, 1)
    discord_before = await gig_row(store, ALICE_DISCORD, 1)
    discord_plan = await pending(store, ALICE_DISCORD, 1)
    await ok(service, ALICE, "/gig heard 1")
    await ok(service, ALICE, "/gig funded 1")
    await ok(service, ALICE, "/gig settings tz:America/New_York nudge:2bd")
    await ok(service, ALICE, "/gig withdraw 2")
    assert await gig_row(store, BOB, 1) == bob_before
    assert await gig_row(store, ALICE_DISCORD, 1) == discord_before
    assert await pending(store, ALICE_DISCORD, 1) == discord_plan
    assert "Asia/Tokyo" in body(await ok(service, ALICE_DISCORD, "/gig settings"))


async def test_reminders_reach_only_their_owner(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await three_people(service)
    await ok(service, ALICE_DISCORD, "/gig settings lang:ja")
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 2
    sent = sorted((r.workspace, r.address, r.gig, r.step, r.message.lang) for r in await reminders(store))
    assert sent == [
        ("discord:G9", "U1", 1, "nudge", "ja"),
        ("slack:T1", "U1", 1, "nudge", "en"),
    ]
    discord = next(r for r in await reminders(store) if r.workspace == "discord:G9")
    assert "Hooli" in discord.message.text()
    assert "ACME" not in discord.message.text()
    # Every stored reply went to the person who ran the command, in their workspace.
    for row in await queued(store):
        assert (row.workspace, row.address) in {
            (a.workspace, a.external_id) for a in (ALICE, BOB, ALICE_DISCORD)
        }


async def test_forgetting_one_keeps_the_others(service: Service, store: SqlStore) -> None:
    await three_people(service)
    before = await dump(store)
    await ok(service, ALICE, "/gig forget-me confirm")
    after = await dump(store)
    assert len(after["users"]) == len(before["users"]) - 1
    assert {r[1] for r in after["users"]} == {"slack:T1", "discord:G9"}
    assert "Discord API" in body(await ok(service, ALICE_DISCORD, "/gig list"))
    assert "Bob Banner" in body(await ok(service, BOB, "/gig list"))
    error = await refused(service, ALICE, "/gig show 1")
    assert error.body == i18n.t("en", "error.unknown_gig", id=1)
