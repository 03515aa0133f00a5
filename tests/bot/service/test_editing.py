"""Editing and guarding gigs, per-gig draft language, manners and an unfair rating, through the real
Service, Engine and database: each guard refuses and changes nothing, edit re-plans what it must,
delete leaves nothing behind, a Japanese user's Upwork gig gets a Japanese reminder around an English
draft, the deadline a draft names is the ladder's own (rounded), and clients are named with 様."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.service import Service
from storage import SqlStore
from storage.schema import gigs, pending_steps
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
AIKO = actor("aiko")


async def unchanged(service: Service, store: SqlStore, text: str) -> str:
    """Run a command that must be refused and leave every table as it was; returns the error."""
    before = await dump(store)
    error = await refused(service, ALICE if "aiko" not in text else AIKO, text)
    assert await dump(store) == before
    return error.text()


# --- stage guards --------------------------------------------------------------------------------


async def test_withdraw_after_a_contract_points_to_terminate(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    error = await unchanged(service, store, "/gig withdraw 1")
    assert "`/gig terminate 1`" in error
    await ok(service, ALICE, "/gig terminate 1")


async def test_terminate_in_negotiation_points_to_withdraw(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME')
    error = await unchanged(service, store, "/gig terminate 1")
    assert "`/gig withdraw 1`" in error
    assert "`/gig withdraw 1`" in await unchanged(service, store, "/gig move 1 terminated")
    await ok(service, ALICE, "/gig withdraw 1")


async def test_a_redo_moves_back_to_funded_and_says_what_the_delivery_date_does(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:funded')
    clock.set(jst(2026, 11, 22, 18))
    await ok(service, ALICE, "/gig delivered 1")
    delivered = (await gig_row(store, ALICE, 1))["delivered_at"]
    clock.set(jst(2026, 11, 23, 18))
    redo = body(await ok(service, ALICE, "/gig funded 1 the client asked for a redo"))
    row = await gig_row(store, ALICE, 1)
    assert (row["stage"], row["delivered_at"]) == ("funded", delivered)  # the first delivery still counts
    assert i18n.day("en", jst(2026, 11, 22, 18), "Asia/Tokyo", now=jst(2026, 11, 23, 18)) in redo
    assert "still counts for the payment" in redo


async def test_reopening_a_closed_gig_needs_confirm(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    await ok(service, ALICE, "/gig paid 1")
    error = await unchanged(service, store, "/gig move 1 delivered")
    assert "`confirm`" in error
    await unchanged(service, store, "/gig delivered 1")
    await ok(service, ALICE, "/gig delivered 1 confirm")
    row = await gig_row(store, ALICE, 1)
    assert (row["stage"], row["closed_at"]) == ("delivered", None)
    assert [p.step for p in await pending(store, ALICE, 1)][:1] == ["acceptance_nudge"]


async def test_settings_that_put_a_ladder_out_of_order_are_refused(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    # a nudge after the platform's contact request (CrowdWorks: 3 business days)
    nudge_after_request = i18n.t(
        "en",
        "error.ladder_order",
        platform="CrowdWorks",
        earlier=i18n.t("en", "stepname.nudge"),
        later=i18n.t("en", "stepname.platform_nudge"),
    )
    assert await unchanged(service, store, "/gig settings nudge:5bd") == nudge_after_request
    # weekends only: 3 business days would come after a step counted as 7 calendar days, and the planner
    # keeps the order itself (the later step follows a business day after), so the week is accepted
    await ok(service, ALICE, "/gig settings days:sat,sun")
    await ok(service, ALICE, "/gig settings days:mon-fri")
    # refused, the language set alongside is not taken: the whole reply is in the language stored
    assert await unchanged(service, store, "/gig settings lang:ja nudge:5bd") == nudge_after_request
    await ok(service, ALICE, "/gig settings days:mon-sat nudge:2bd")


async def test_done_on_a_message_to_the_client_counts_as_sent(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    await ok(service, ALICE, "/gig heard 1")
    assert await pending(store, ALICE, 1) == []
    clock.set(jst(2026, 11, 20, 20))
    # a request to the platform is evidence only: the gig still waits for nothing
    done = await ok(service, ALICE, "/gig done 1 platform_nudge")
    assert body(done) == i18n.t("en", "reply.done", gig=1, step_name=i18n.t("en", "stepname.platform_nudge"))
    assert (await gig_row(store, ALICE, 1))["waiting_since"] is None
    done = await ok(service, ALICE, "/gig done 1 nudge asked for the escrow")
    assert len(done.replies) == 1
    assert "\nIt was a message to the client, so it also counts as writing to them: now waiting" in body(done)
    assert (await gig_row(store, ALICE, 1))["waiting_since"] == int(clock.now().timestamp())
    # the nudge the user sent starts the silence: the ladder goes on from the step after it
    assert next(p.step for p in await pending(store, ALICE, 1)) == "platform_nudge"
    assert [e.kind for e in await history(store, ALICE, 1)][-2:] == ["done", "done"]


# --- edit and delete -----------------------------------------------------------------------------


async def test_edit_corrects_what_was_typed_and_is_recorded(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted amount:30000')
    plan = await pending(store, ALICE, 1)
    edited = body(await ok(service, ALICE, '/gig edit 1 title:"LP design" client:Globex amount:45000'))
    assert edited == i18n.t(
        "en", "reply.edited", gig=1, title="LP design", fields="title, client name, amount"
    )
    row = await gig_row(store, ALICE, 1)
    assert (row["title"], row["client"], row["amount"]) == ("LP design", "Globex", 45000)
    assert await pending(store, ALICE, 1) == plan  # nothing that plans reminders changed
    assert (await history(store, ALICE, 1))[-1].kind == "edited"
    edited_line = 'Edited: title from "LP" to "LP design"; client name from "ACME" to "Globex"; amount from'
    assert edited_line + " ¥30,000 to ¥45,000" in body(await ok(service, ALICE, "/gig show 1"))
    assert "Nothing changed" in body(await ok(service, ALICE, "/gig edit 1 client:Globex"))
    assert "/gig edit 1 client:ACME" in await unchanged(service, store, "/gig edit 1")
    await unchanged(service, store, "/gig edit 1 platform:nowhere")
    await unchanged(service, store, "/gig edit 2 title:X")


async def test_edit_corrects_the_currency_a_fee_is_paid_in(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:funded amount:1200')
    await ok(service, ALICE, "/gig delivered 1")
    assert "¥1,200" in body(await ok(service, ALICE, "/gig money"))
    await ok(service, ALICE, "/gig edit 1 currency:USD")
    assert (await gig_row(store, ALICE, 1))["currency"] == "USD"
    owed = body(await ok(service, ALICE, "/gig money"))
    assert "$1,200" in owed
    assert "¥" not in owed
    await unchanged(service, store, "/gig edit 1 currency:EUR")


async def test_a_new_platform_replans_from_the_start_of_waiting_without_repeating_a_step(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 1  # the CrowdWorks nudge
    clock.set(jst(2026, 11, 25, 10))
    edited = await ok(service, ALICE, "/gig edit 1 platform:upwork")
    assert edited.reminders == 0
    assert "follow the new platform's ladder" in body(edited)
    # Upwork's ladder counted from the same silence (Fri 20 Nov 18:00), the nudge already taken
    steps = await pending(store, ALICE, 1)
    assert [p.step for p in steps] == ["deadline_notice", "termination_request"]
    assert steps[0].nominal == jst(2026, 12, 1, 18)  # 6 business days, Mon 23 Nov being a holiday
    assert (await gig_row(store, ALICE, 1))["platform"] == "upwork"


async def test_delete_asks_then_leaves_nothing_of_the_gig(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    await ok(service, ALICE, '/gig add "Logo" client:Globex stage:contracted')
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 2  # a reminder for each, queued in the outbox
    asked = body(await ok(service, ALICE, "/gig delete 1"))
    assert "`/gig delete 1 confirm`" in asked
    gig_id = (await gig_row(store, ALICE, 1))["id"]
    deleted = await ok(service, ALICE, "/gig delete 1 confirm")
    assert body(deleted) == i18n.t("en", "reply.deleted", number=1, title="LP")
    async with store.engine.begin() as conn:
        assert (await conn.execute(select(gigs).where(gigs.c.id == gig_id))).first() is None
        steps = (await conn.execute(select(pending_steps.c.gig_id))).scalars().all()
    assert gig_id not in steps
    assert steps  # the other gig keeps its plan
    about = [sent.message.gig for sent in await queued(store)]
    assert 1 not in about
    assert 2 in about
    assert "You have no gig #1" in await unchanged(service, store, "/gig show 1")
    listed = body(await ok(service, ALICE, "/gig list all"))
    assert "Logo" in listed
    assert "LP" not in listed.replace("Logo", "")


# --- the language of drafts ----------------------------------------------------------------------


async def test_an_upwork_gig_of_a_japanese_user_has_an_english_draft_in_a_japanese_reminder(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, AIKO, "/gig settings lang:日本語")
    await ok(service, AIKO, "/gig add 「LP」 client:ACME platform:upwork stage:契約済み")
    await ok(service, AIKO, "/gig add 「ロゴ」 client:山田商事 platform:upwork stage:契約済み lang:日本語")
    await ok(service, AIKO, "/gig add Banner client:Globex stage:契約済み lang:英語")
    assert [(await gig_row(store, AIKO, n))["lang"] for n in (1, 2, 3)] == ["en", "ja", "en"]
    assert "クライアント宛ての文案：英語" in body(await ok(service, AIKO, "/gig show 1"))
    clock.set(jst(2026, 11, 24, 18))
    assert await engine.tick() == 3
    drafts = {}
    for sent in await reminders(store):
        message = sent.message
        assert message.lang == "ja"
        assert message.title
        assert JAPANESE.search(message.title)
        assert JAPANESE.search(message.body)
        assert message.draft
        drafts[sent.gig] = i18n.plain(message.draft)
        # the draft's label says its language where it is not the reader's
        english = message.draft_lang == "en"
        assert ("そのまま使える文面（英語）：" in message.text()) == english
    assert not JAPANESE.search(drafts[1])
    assert drafts[1].startswith("Hello ACME")
    assert drafts[2].startswith("山田商事様")
    assert not JAPANESE.search(drafts[3])
    assert drafts[3].startswith("Hello Globex")
    # the language can be corrected, and the next draft follows it
    edited = body(await ok(service, AIKO, "/gig edit 1 lang:ja"))
    assert "文案は日本語で作成します" in edited
    seen = len(await reminders(store))
    clock.set(jst(2026, 12, 1, 18))
    await engine.tick()
    notice = next(r.message for r in (await reminders(store))[seen:] if r.gig == 1)
    assert notice.step == "deadline_notice"
    assert notice.draft
    assert i18n.plain(notice.draft).startswith("ACME様")


async def test_the_deadline_a_draft_names_is_the_ladders_own_rounded_up(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    clock.set(jst(2026, 11, 20, 18, 7))
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:contracted')
    termination = next(p for p in await pending(store, ALICE, 1) if p.step == "termination_request")
    assert termination.nominal == jst(2026, 12, 4, 18, 30)  # 9 business days after 18:07, rounded up
    clock.set(jst(2026, 12, 1, 18, 10))
    await engine.tick()
    notice = next(r.message for r in await reminders(store) if r.step == "deadline_notice")
    assert notice.draft
    assert i18n.when("en", termination.nominal, "Asia/Tokyo") in notice.draft
    assert termination.due == termination.nominal  # the ladder does what the draft announces, then


# --- manners -------------------------------------------------------------------------------------


async def test_japanese_texts_name_the_client_with_sama(
    service: Service, engine: Engine, clock: VirtualClock, store: SqlStore
) -> None:
    await ok(service, AIKO, "/gig settings lang:ja")
    added = body(await ok(service, AIKO, "/gig add 「LP制作」 client:山田商事様 stage:契約済み"))
    assert (await gig_row(store, AIKO, 1))["client"] == "山田商事"  # the honorific is the texts' to add
    texts = [added, body(await ok(service, AIKO, "/gig list")), body(await ok(service, AIKO, "/gig show 1"))]
    clock.set(jst(2026, 12, 1, 18))
    await engine.tick()
    texts += [r.message.text() for r in await reminders(store)]
    for text in texts:
        assert "山田商事様" in text
        assert "山田商事様様" not in text
        assert not re.search(r"山田商事(?!様)", text), text


# --- an unfair rating ----------------------------------------------------------------------------


async def test_rating_is_refused_before_the_contract_ends(service: Service, store: SqlStore) -> None:
    await ok(service, ALICE, '/gig add "LP" client:ACME stage:delivered')
    error = await unchanged(service, store, "/gig rating 1")
    assert "after acceptance or a termination" in error


async def test_rating_gives_steps_a_factual_inquiry_in_the_gigs_language_and_the_timeline(
    service: Service, store: SqlStore
) -> None:
    await ok(service, AIKO, "/gig settings lang:ja")
    await ok(service, AIKO, "/gig add 「LP」 client:ACME platform:upwork stage:delivered")
    await ok(service, AIKO, "/gig accepted 1")
    await ok(service, AIKO, "/gig add 「ロゴ」 client:山田商事 stage:契約済み")
    await ok(service, AIKO, "/gig terminate 2")
    await ok(service, AIKO, "/gig add 「バナー」 client:佐藤 platform:direct stage:delivered")
    await ok(service, AIKO, "/gig accepted 3")

    upwork = (await ok(service, AIKO, "/gig rating 1")).replies[0].message
    assert upwork.lang == "ja"
    assert JAPANESE.search(upwork.body)
    assert "Upworkのサポート" in upwork.body
    assert upwork.draft
    assert not JAPANESE.search(upwork.draft)
    assert i18n.plain(upwork.draft).startswith("Hello Upwork Support")
    assert upwork.attachment
    assert upwork.attachment.startswith("## Timeline of #1 LP (ACME)")

    crowdworks = (await ok(service, AIKO, "/gig rating 2")).replies[0].message
    assert "クラウドワークスの事務局" in crowdworks.body
    assert crowdworks.draft
    assert "（クラウドワークスの事務局へのお問い合わせ）" in crowdworks.draft  # addressed to its own support
    assert "クライアント様" in crowdworks.draft
    assert crowdworks.attachment
    assert crowdworks.attachment.startswith("## #2 ロゴ（山田商事様）の経緯")

    direct = (await ok(service, AIKO, "/gig rating 3")).replies[0].message
    assert direct.draft
    assert i18n.plain(direct.draft).startswith("佐藤様")  # to the client: there is no platform
    assert not re.search("事務局|サポート|プラットフォーム", f"{direct.body}{direct.draft}")


async def test_rating_on_a_direct_gig_says_there_is_no_platform_rating_and_what_helps(
    service: Service, store: SqlStore
) -> None:
    """A direct client rates nothing when the job ends: no platform rules, and no refusal by stage (a
    review of the work can appear anywhere, at any time)."""
    await ok(service, AIKO, "/gig settings lang:ja")
    await ok(service, AIKO, "/gig add 「記事」 client:山田 platform:direct stage:delivered")
    await ok(service, ALICE, '/gig add "Copy" client:Nu platform:direct stage:funded')
    ja = (await ok(service, AIKO, "/gig rating 1")).replies[0].message
    en = (await ok(service, ALICE, "/gig rating 1")).replies[0].message
    assert "評価の仕組みがなく" in ja.body
    assert "検収完了後か途中終了後" not in ja.body
    assert "has no platform rating" in en.body
    assert "after acceptance or a termination" not in en.body
    for message in (ja, en):
        assert message.attachment  # the record of what happened is what helps
        assert not re.search("事務局|サポート|support", f"{message.body}{message.draft}")
