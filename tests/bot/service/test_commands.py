"""Spec section 4, the commands that succeed: what each one stores, replies and schedules; the
timeline in Markdown, CSV and JSON; settings and language; help; and forget-me leaving no row behind."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import datetime

from sqlalchemy import String, Text, select

from bot.clock import VirtualClock
from bot.commands.grammar import GRAMMAR, command, usage
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Actor, Service
from storage import SqlStore
from storage.schema import metadata, users
from tests.bot.harness import (
    JAPANESE,
    body,
    dump,
    gig_row,
    history,
    jst,
    ok,
    pending,
    queued,
    refused,
    reminders,
)
from tests.conftest import actor

ALICE = actor("alice")
BOB = actor("bob")


def next_en(step: str, when: datetime) -> str:
    return i18n.t(
        "en",
        "reply.next_step",
        step=i18n.t("en", f"stepname.{step}"),
        when=i18n.when("en", when, "Asia/Tokyo"),
    )


async def test_add_replies_with_the_owners_own_sequential_id(service: Service, store: SqlStore) -> None:
    first = await ok(
        service, ALICE, '/gig add "LP design" client:ACME stage:contracted amount:50,000 url:https://x.test/1'
    )
    assert [r.message.gig for r in first.replies] == [1, 1]
    assert first.replies[0].message.text() == i18n.t(
        "en",
        "reply.added",
        gig=1,
        title="LP design",
        client="ACME",
        stage=i18n.t("en", "label.contracted.text"),
        next=next_en("nudge", jst(2026, 11, 24, 18)),
    )
    assert first.replies[1].message.body == i18n.t("en", "tip.contracted.text", gig=1)
    await ok(service, ALICE, '/gig add "Logo" client:Globex')
    bob = await ok(service, BOB, '/gig add "Banner" client:Initech')
    assert bob.replies[0].message.gig == 1  # numbering is per owner
    gig = await gig_row(store, ALICE, 2)
    assert (gig["number"], gig["stage"], gig["platform"]) == (2, "negotiating", "crowdworks")
    assert (await gig_row(store, ALICE, 1))["amount"] == 50000
    assert (await ok(service, ALICE, "/gig show #2")).replies[0].message.gig == 2
    # Every reply is in the outbox (delivered in the interaction, kept for the dispatcher otherwise).
    assert [r.outbox_id is not None for r in first.replies] == [True, True]


async def test_list_and_show(service: Service, clock: VirtualClock, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP design" client:ACME stage:contracted since:2026-11-18T10:00')
    await ok(service, ALICE, '/gig add "Logo" client:Globex stage:funded')
    await ok(service, ALICE, '/gig add "Old" client:Hooli stage:accepted')
    clock.set(jst(2026, 11, 23, 12))
    listing = body(await ok(service, ALICE, "/gig list"))
    lines = listing.splitlines()
    assert lines[0] == i18n.t("en", "reply.list_header", count=2)
    assert lines[1] == i18n.t(
        "en",
        "reply.list_row",
        gig=1,
        title="LP design",
        client="ACME",
        stage=i18n.t("en", "label.contracted.text"),
        silence=i18n.t("en", "reply.silent_days", days=5),
        # The nudge (due Thu 19 10:00) went out when the gig was added, 32 hours late: what follows is
        # planned from then, so the platform nudge moves from Tue 24 10:00 to Wed 25 18:00.
        next=next_en("platform_nudge", jst(2026, 11, 25, 18)),
    )
    assert lines[2].startswith("#2 Logo (Globex)")
    assert i18n.t("en", "reply.not_waiting") in lines[2]
    assert "Old" not in listing
    assert "#3 Old (Hooli)" in body(await ok(service, ALICE, "/gig list all"))

    shown = body(await ok(service, ALICE, "/gig show 1")).splitlines()
    assert shown[0] == "#1 LP design"
    assert "ACME" in shown[1]
    assert i18n.t("en", "reply.show_history") in shown
    ladder = shown[shown.index(i18n.t("en", "reply.show_ladder")) + 1 :]
    # The nudge went out when the gig was added (since: made it overdue); the rest is still to come.
    assert ladder == [
        f"- {i18n.when('en', jst(y, m, d, h), 'Asia/Tokyo')}  {i18n.t('en', f'stepname.{s}')}"
        for s, (y, m, d, h) in [
            ("platform_nudge", (2026, 11, 25, 18)),
            ("deadline_notice", (2026, 11, 30, 18)),
            ("termination_request", (2026, 12, 3, 18)),
            ("termination_followup", (2026, 12, 10, 18)),
        ]
    ]
    history_lines = shown[
        shown.index(i18n.t("en", "reply.show_history")) + 1 : shown.index(i18n.t("en", "reply.show_ladder"))
    ]
    assert len(history_lines) == 2  # created, then the nudge delivered at once
    assert i18n.t("en", "event.reminder", step=i18n.t("en", "stepname.nudge")) in history_lines[1]
    assert i18n.t("en", "reply.show_no_ladder") in body(await ok(service, ALICE, "/gig show 2"))


async def test_done_log_and_change_are_evidence_only(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    plan = await pending(store, ALICE, 1)
    done = await ok(service, ALICE, "/gig done 1 nudge sent the reminder on the platform")
    # a nudge is a message to the client: it also counts as `sent`, and the gig was already waiting; the
    # nudge the user sent is not suggested again, and the rest of the ladder keeps its dates
    rest = plan[1:]
    assert [p.step for p in plan][:2] == ["nudge", "platform_nudge"]
    assert body(done) == "\n".join(
        [
            i18n.t("en", "reply.done", gig=1, step_name=i18n.t("en", "stepname.nudge")),
            i18n.t("en", "reply.done_sent_waiting", since=i18n.when("en", clock.now(), "Asia/Tokyo")),
            i18n.t(
                "en",
                "reply.done_taken",
                next=i18n.t(
                    "en",
                    "reply.next_step",
                    step=i18n.t("en", "stepname.platform_nudge"),
                    when=i18n.when("en", rest[0].due, "Asia/Tokyo"),
                ),
            ),
        ]
    )
    assert await pending(store, ALICE, 1) == rest
    change = await ok(service, ALICE, "/gig change 1 the client now wants a red theme")
    advice = i18n.t("en", "tip.scope_change.text")  # a fee for the change, agreed in writing
    assert body(change) == i18n.t("en", "reply.changed", gig=1, title="LP", count=1, advice=advice)
    assert await pending(store, ALICE, 1) == rest

    logged = await ok(service, ALICE, "/gig log 1 2.5 wireframe")
    assert [(r.message.kind, r.message.step) for r in logged.replies] == [
        (Kind.REPLY, None),
        (Kind.WARNING, "unfunded_work"),
    ]
    assert logged.replies[0].message.body == i18n.t("en", "reply.logged", gig=1, hours="2.5", total="2.5")
    await ok(service, ALICE, "/gig funded 1")
    logged = await ok(service, ALICE, "/gig log 1 3")
    assert [r.message.kind for r in logged.replies] == [Kind.REPLY]
    assert logged.replies[0].message.body == i18n.t("en", "reply.logged", gig=1, hours="3", total="5.5")
    events = [(e.kind, e.step, e.data) for e in await history(store, ALICE, 1)]
    assert events[1:5] == [
        ("done", "nudge", {"note": "sent the reminder on the platform"}),
        ("change", None, {"description": "the client now wants a red theme"}),
        ("log", None, {"hours": 2.5, "note": "wireframe"}),
        ("warning", "unfunded_work", {}),
    ]


async def test_delivering_before_escrow_warns(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    outcome = await ok(service, ALICE, "/gig delivered 1")
    assert [(r.message.kind, r.message.step) for r in outcome.replies] == [
        (Kind.REPLY, None),  # moved
        (Kind.REPLY, None),  # the Freelance Act's last payment day
        (Kind.WARNING, "unfunded_work"),
    ]
    assert [r.outbox_id is not None for r in outcome.replies] == [True, True, True]
    # Honest advice: the platform cannot release what was never deposited; no promise of support paying.
    warning = outcome.replies[2].message.body
    assert warning == i18n.t(
        "en",
        "warning.unfunded_work.handed_over.text",
        gig=1,
        platform="CrowdWorks",
        to_fund=i18n.t("en", "to_fund.agreed"),
    )
    assert "complete the acceptance" not in warning
    await ok(service, ALICE, '/gig add "Logo" client:ACME stage:funded')
    outcome = await ok(service, ALICE, "/gig move 2 delivered")
    assert [r.message.kind for r in outcome.replies] == [Kind.REPLY, Kind.REPLY]


async def test_closing_stops_the_ladder(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    for stage in ("contracted", "delivered", "negotiating"):
        await ok(service, ALICE, f'/gig add "Job" client:ACME stage:{stage}')
    await ok(service, ALICE, "/gig terminate 1")
    await ok(service, ALICE, "/gig accepted 2")
    await ok(service, ALICE, "/gig withdraw 3")
    for n in (1, 2, 3):
        assert await pending(store, ALICE, n) == []
        assert (await gig_row(store, ALICE, n))["closed_at"] is not None
    clock.set(jst(2027, 3, 1, 12))
    assert await engine.tick() == 0
    assert await engine.next_due() is None
    # A closed gig can be reopened, once confirmed: it is news from the client, so waiting starts again.
    await refused(service, ALICE, "/gig move 3 negotiating")
    await ok(service, ALICE, "/gig move 3 negotiating confirm")
    assert [p.step for p in await pending(store, ALICE, 3)] == ["withdraw_suggestion"]
    assert (await gig_row(store, ALICE, 3))["closed_at"] is None


async def test_timeline_in_three_formats(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add 「LP, "v2"」 client:ACME stage:contracted')
    clock.set(jst(2026, 11, 24, 18))
    await engine.tick()
    clock.set(jst(2026, 11, 25, 9, 30))
    await ok(service, ALICE, "/gig sent 1 asked again (any news?), see https://example.com/m/1")
    await ok(service, ALICE, '/gig change 1 =HYPERLINK("http://evil") | new | colours')
    await ok(service, ALICE, "/gig heard 1")
    kinds = ["created", "reminder", "sent", "change", "heard"]

    data = json.loads((await ok(service, ALICE, "/gig timeline 1 json")).replies[0].message.body)
    assert (data["gig"], data["title"], data["client"], data["stage"], data["platform"]) == (
        1,
        'LP, "v2"',
        "ACME",
        "contracted",
        "crowdworks",
    )
    assert [e["kind"] for e in data["events"]] == kinds
    assert [e["at"] for e in data["events"]] == [
        "2026-11-20T18:00+09:00",
        "2026-11-24T18:00+09:00",
        "2026-11-25T09:30+09:00",
        "2026-11-25T09:30+09:00",
        "2026-11-25T09:30+09:00",
    ]
    assert data["events"][1]["step"] == "nudge"
    assert data["events"][2]["data"]["note"] == "asked again (any news?), see https://example.com/m/1"
    assert data["events"][3]["data"]["description"] == '=HYPERLINK("http://evil") | new | colours'

    reply = (await ok(service, ALICE, "/gig timeline 1 csv")).replies[0].message
    assert reply.extra == {"format": "csv"}
    rows = list(csv.reader(io.StringIO(reply.body)))
    assert rows[0] == ["at", "kind", "step", "text"]
    assert [r[1] for r in rows[1:]] == kinds
    assert [r[0] for r in rows[1:]] == [e["at"] for e in data["events"]]
    assert [r[2] for r in rows[1:]] == ["", "nudge", "", "", ""]
    assert [r[3] for r in rows[1:]] == [e["text"] for e in data["events"]]
    assert all(not r[3].startswith(("=", "+", "-", "@")) for r in rows[1:])
    assert all(datetime.fromisoformat(r[0]).utcoffset() is not None for r in rows[1:])

    markdown = (await ok(service, ALICE, "/gig timeline 1")).replies[0].message.body
    assert markdown == (await ok(service, ALICE, "/gig timeline 1 md")).replies[0].message.body
    lines = markdown.splitlines()
    assert lines[0] == i18n.t("en", "timeline.title", gig=1, title='LP, "v2"', client="ACME")
    table = [line for line in lines if line.startswith("| ")][1:]
    assert len(table) == len(kinds)
    assert table[0].startswith("| 2026-11-20 18:00+09:00 | ")
    assert all(line.count(" | ") == 1 for line in table)  # a "|" in user text cannot add a column
    assert "\\| new \\| colours" in table[3]


async def test_settings_and_japanese(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    shown = body(await ok(service, ALICE, "/gig settings"))
    assert shown == (
        "Your settings: time zone Asia/Tokyo, language English, active hours 09:00-20:00, working days "
        "mon-fri, holidays JP, platform CrowdWorks, weekly plan off. Offsets: platform defaults."
    )
    saved = await ok(
        service, ALICE, "/gig settings lang:ja platform:lancers hours:10-19 days:mon-sat nudge:2bd"
    )
    # Every value in Japanese words: no code, no ASCII punctuation in the sentence.
    assert body(saved) == (
        "保存しました。タイムゾーン Asia/Tokyo、言語 日本語、通知時間帯 10:00〜19:00、"
        "稼働日 月〜土、祝日 JP、プラットフォーム ランサーズ、週間予定 オフ。"
        "ステップの時期：催促メッセージは2営業日後。"
    )
    # Japanese quotes and a full-width colon parse; the default platform is now Lancers.
    added = await ok(service, ALICE, "/gig add 「LP制作 第2弾」 client：株式会社サンプル stage:contracted")
    assert all(r.message.lang == "ja" and JAPANESE.search(r.message.body) for r in added.replies)
    gig = await gig_row(store, ALICE, 1)
    assert (gig["title"], gig["client"], gig["platform"]) == ("LP制作 第2弾", "株式会社サンプル", "lancers")
    # 2 bd with Saturdays working: Fri 18:00 -> Sun 00:00 -> Mon 18:00 (Mon 23 is a holiday) -> Tue 18:00.
    assert (await pending(store, ALICE, 1))[0].due == jst(2026, 11, 24, 18)
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1
    [reminder] = await reminders(store)
    assert reminder.message.lang == "ja"
    assert JAPANESE.search(reminder.message.text())
    assert "株式会社サンプル" in (reminder.message.draft or "")
    assert reminder.message.actions[0].label == i18n.t("ja", "action.heard")
    timeline = body(await ok(service, ALICE, "/gig timeline 1")).splitlines()
    assert timeline[0] == i18n.t(
        "ja", "timeline.title", gig=1, title="LP制作 第2弾", client="株式会社サンプル"
    )
    reminded = i18n.t("ja", "event.reminder", step=i18n.t("ja", "stepname.nudge"))
    assert timeline[-1] == f"| 2026-11-24 18:00+09:00 | {reminded} |"


async def test_help_in_both_languages(service: Service) -> None:
    overview = body(await ok(service, ALICE, "/gig help"))
    assert overview.startswith(i18n.t("en", "help.intro"))
    assert len(overview) <= 800  # fits a DM
    assert body(await ok(service, ALICE, "/gig")) == overview  # a bare /gig is help
    everything = body(await ok(service, ALICE, "/gig help all"))
    assert all(f"`{usage(spec)}`" in everything for spec in GRAMMAR)
    one = body(await ok(service, ALICE, "/gig help snooze"))
    spec = command("snooze")
    assert spec is not None
    assert one == "`/gig snooze ID DURATION`\n" + i18n.t("en", "help.snooze") + (
        "\nExamples:\n`/gig snooze 1 3d`\n`/gig snooze 2 1 week`"
    )
    await ok(service, ALICE, "/gig settings lang:ja")
    japanese = body(await ok(service, ALICE, "/gig help"))
    assert japanese.startswith(i18n.t("ja", "help.intro"))
    assert len(japanese) <= 800
    everything = body(await ok(service, ALICE, "/gig help すべて"))
    assert all(i18n.t("ja", spec.help_key) in everything for spec in GRAMMAR)
    assert body(await ok(service, ALICE, "/gig help snooze")) == (
        "`/gig snooze ID 期間`\n"
        + i18n.t("ja", "help.snooze")
        + "\n例：\n`/gig snooze 1 3日`\n`/gig snooze 2 1週間`"
    )
    # The platform's locale picks Japanese for someone who set no language.
    hanako = Actor("test", "hanako", "Hanako", locale="ja-JP")
    assert i18n.t("ja", "help.intro") in body(await ok(service, hanako, "/gig help"))


async def test_forget_me_leaves_no_row_behind(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    forgotten = Actor("test", "U0FORGET42", "Forget Me")
    for who in (forgotten, BOB):
        await ok(service, who, "/gig settings nudge:2bd lang:ja")
        await ok(service, who, '/gig add "LP" client:ACME stage:contracted')
        await ok(service, who, '/gig add "Logo" client:Globex stage:delivered')
        await ok(service, who, "/gig log 1 2 wireframe")
        await ok(service, who, "/gig report ACME retaliatory_review gig:1")
    clock.set(jst(2026, 11, 25, 18))
    assert await engine.tick() == 2
    for who in (forgotten, BOB):  # an organiser's digest (its first post and the admin's id)
        await ok(service, replace(who, is_admin=True), f"/gig digest #room-{len(who.name)}")
    async with store.engine.begin() as conn:
        uid = (await conn.execute(select(users.c.id).where(users.c.external_id == "U0FORGET42"))).scalar_one()
    before = await dump(store)
    owned = [t for t in metadata.sorted_tables if "user_id" in t.columns]
    for table in owned:  # every table that records something about a user has a row of theirs
        index = list(table.columns.keys()).index("user_id")
        assert any(r[index] == uid for r in before[table.name]), table.name

    asked = await ok(service, forgotten, "/gig forget-me")
    assert body(asked) == i18n.t("ja", "reply.forget_ask")
    done = await ok(service, forgotten, "/gig forget-me confirm")
    assert body(done) == i18n.t("ja", "reply.forgotten")
    assert [r.outbox_id for r in done.replies] == [None]

    after = await dump(store)
    async with store.engine.begin() as conn:
        for table in metadata.sorted_tables:
            for column in table.columns:
                if column.name == "user_id" or (table is users and column.name == "id"):
                    q = select(table).where(column == uid)
                elif isinstance(column.type, String | Text):
                    q = select(table).where(column.contains("U0FORGET42"))
                else:
                    continue
                assert (await conn.execute(q)).first() is None, (table.name, column.name)
    # Bob's rows are untouched.
    for table in owned:
        index = list(table.columns.keys()).index("user_id")
        kept = [r for r in before[table.name] if r[index] != uid]
        assert kept
        assert [r for r in after[table.name] if r[index] != uid] == kept
    assert len(after["gigs"]) == 2
    # Coming back starts from nothing: English defaults, gig numbers from 1.
    again = await ok(service, forgotten, '/gig add "New" client:ACME')
    assert again.replies[0].message.lang == "en"
    assert again.replies[0].message.gig == 1
    assert (await queued(store))[-1].address == "U0FORGET42"
