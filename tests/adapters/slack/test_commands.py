"""`/gig` through Slack: every grammar command as typed text, replies ephemeral in channels and
ordinary messages in the app's DM, acknowledged before the work is done."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text as sql

from bot.commands.grammar import command, command_names
from tests.adapters.slack.conftest import OWNER, Slack, shown

SETUP = 'add "Logo design" client:ACME stage:contracted'

# One happy path per grammar command, each after SETUP (and its PRELUDE); a reply must contain the fragment.
CASES = [
    (
        'add "Site map" client:Beta platform:upwork stage:funded amount:500 url:https://example.com/j/1',
        'Added #2 "Site map" for Beta',
    ),
    ("list", "#1 Logo design (ACME)"),
    ("list all", "#1 Logo design (ACME)"),
    ("show 1", "Client: ACME"),
    ("heard 1 they answered at last", "Noted: the client replied on #1"),
    ("sent #1 asked about the deposit", "You are still waiting for the reply"),
    ("move 1 funded", "is now escrow funded"),
    ("funded 1", "is now escrow funded"),
    ("delivered 1", "is now delivered"),
    ("accepted 1", "is now accepted"),
    ("terminate 1", "is now terminated"),
    ("withdraw 2", "is now withdrawn"),
    ("done 1 nudge", 'Marked "friendly nudge" as done on #1'),
    ("snooze 1 1w", "Snoozed #1"),
    ("log 1 2.5 wireframes", "Logged 2.5 h on #1"),
    ("change 1 new colour scheme", "Recorded a scope change on #1"),
    ("timeline 1 csv", "at,kind,step,text"),
    ("settings tz:Europe/Berlin hours:08-18", "Saved. Time zone Europe/Berlin"),
    ("help", "gigwatch watches how long your clients stay silent"),
    ("help snooze", "/gig snooze ID DURATION"),
    ("forget-me", "It cannot be undone"),
    ("forget-me confirm", "everything stored about you has been deleted"),
    ("check Please contact me on LINE before the contract", "Warning signs found"),
    ("vet ACME verified:yes rating:4.8 projects:20", "ACME: 90/100"),
    (
        "report ACME retaliatory_review gig:1",
        'Your report of ACME as "left a retaliatory rating" is recorded',
    ),
    ("reports ACME", "No reports in this workspace."),
    ("unreport 1", "Report #1 removed."),
    ("digest #freelancers weekly", "I will post a community digest to #freelancers"),
    ("incoming 1 termination", "ACME sent an early-termination request"),
    ("settle 1 rate:3000", "Settlement for #1 Logo design (ACME)"),
    ("paid 1 amount:1000", "Recorded a payment on #1"),
    ("terms 1 pay_by:2026-12-31", "Saved the payment terms of #1"),
    ("money", "Nothing is owed to you"),
    ("export csv", "gigwatch-gigs.csv is in your DM with gigwatch"),
    ("edit 1 client:Globex amount:60000", 'Updated #1 "Logo design": client name, amount.'),
    ("delete 1 confirm", 'Deleted #1 "Logo design"'),
    ("rating 1", "#1 Logo design (ACME): an unfair rating"),
    ("calendar", "Your private calendar feed:\nhttps://gigwatch.example.com/calendar/"),
]
PRELUDE = {  # what a case needs besides SETUP
    "unreport 1": "report ACME retaliatory_review gig:1",
    "withdraw 2": 'add "Pitch" client:Beta',  # withdrawing is for an offer without a contract
    "rating 1": "accepted 1",
}


def ephemeral_texts(slack: Slack) -> list[str]:
    """What the person saw of each ephemeral reply."""
    replies = slack.fake.of("response_url")
    assert all(r["response_type"] == "ephemeral" for r in replies)
    assert all(r["replace_original"] is False for r in replies)
    return [shown(r) for r in replies]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_each_command_replies_ephemerally_in_a_channel(slack: Slack, text: str, expected: str) -> None:
    spec = command(text.split()[0])
    assert spec is not None
    if spec.admin:
        slack.fake.admins.add(OWNER)  # users.info says the user is a workspace admin
    await slack.command(SETUP)
    assert "Added #1" in ephemeral_texts(slack)[0]
    if text in PRELUDE:
        await slack.command(PRELUDE[text])
    before = len(slack.fake.of("response_url"))
    publishes = len(slack.fake.of("views.publish"))

    response = await slack.command(text)

    assert response.status == 200
    replies = ephemeral_texts(slack)[before:]
    assert replies, "the command was answered"
    assert any(expected in r for r in replies), replies
    assert not any(r.startswith(":x:") for r in replies)
    assert not slack.fake.of("chat.postMessage"), "nothing public in the channel"
    home = slack.fake.of("views.publish")
    assert len(home) == publishes + 1, "the Home tab follows each command"
    assert home[-1]["user_id"] == OWNER


def test_every_grammar_command_has_a_case() -> None:
    assert {text.split()[0] for text, _ in CASES} == set(command_names())


async def test_replies_in_the_app_dm_are_ordinary_messages(slack: Slack) -> None:
    await slack.command(SETUP, channel="D0001")  # the fake opens D0001 as the app's DM with U0001

    posted = slack.fake.of("chat.postMessage")
    assert [p["channel"] for p in posted] == ["D0001", "D0001"]  # the reply and the escrow tip
    assert "Added #1" in shown(posted[0])
    assert not slack.fake.of("response_url")
    assert slack.fake.of("conversations.open") == [{"users": OWNER}]

    await slack.command("list", channel="D0001")
    assert len(slack.fake.of("conversations.open")) == 1, "the app's DM id is cached"
    assert "#1 Logo design" in shown(slack.fake.of("chat.postMessage")[-1])


async def test_the_evidence_pack_and_the_export_arrive_as_files_in_the_dm(slack: Slack) -> None:
    """A file cannot be ephemeral: typed in a channel, the documents are shared in the app's DM and the
    ephemeral reply says where; typed in the DM, they are simply there."""
    await slack.command('add "<b>Logo</b>" client:"Kite & Co" platform:direct stage:funded')
    await slack.command("delivered 1")
    before = len(ephemeral_texts(slack))
    await slack.command("timeline 1 pack")

    markdown, page = slack.fake.shared_files()
    assert (markdown["name"], page["name"]) == ("gig-1-evidence.md", "gig-1-evidence.html")
    assert markdown["channel"] == page["channel"] == "D" + OWNER[1:]
    assert markdown["content"].startswith("# Evidence pack: #1 <b>Logo</b> (Kite & Co)\n")
    assert "## Whom to contact" in markdown["content"]
    assert "&lt;b&gt;Logo&lt;/b&gt;" in page["content"]
    assert "<b>" not in page["content"]
    assert ephemeral_texts(slack)[before:] == [
        "gig-1-evidence.md is in your DM with gigwatch.",
        "gig-1-evidence.html is in your DM with gigwatch.",
    ]
    assert not slack.fake.of("chat.postMessage"), "nothing public in the channel"

    await slack.command("export csv", channel="D0001")
    exported = slack.fake.shared_files()[-1]
    assert (exported["name"], exported["channel"]) == ("gigwatch-gigs.csv", "D0001")
    assert exported["content"].startswith("number,title,client,platform,stage")
    assert len(ephemeral_texts(slack)) == before + 2, "in the app's DM, no ephemeral notice"


async def test_a_timeline_the_note_calls_a_file_arrives_as_that_file(slack: Slack) -> None:
    """Past 100 events the core sends a note ("here it is as the file gig-1.json") with the export
    attached: Slack shares the file, whole, in the DM, instead of blocks a posted message refuses
    (more than about 12,000 characters) or that a reply cuts at 50 blocks."""
    await slack.command(SETUP)
    for day in range(60):
        await slack.command(f"log 1 1 wireframes and a call with the client about the colours, day {day}")

    await slack.command("timeline 1 json", channel="D0001")
    (note,) = slack.fake.of("chat.postMessage")
    assert shown(note).startswith("The timeline of #1 has 121 events")
    assert "day 59" not in json.dumps(note)
    (exported,) = slack.fake.shared_files()
    assert (exported["name"], exported["channel"]) == ("gig-1.json", "D0001")
    logs = [e for e in json.loads(exported["content"])["events"] if e["kind"] == "log"]
    assert len(logs) == 60

    before = len(ephemeral_texts(slack))
    await slack.command("timeline 1 csv")  # in a channel: the note there, the file in the DM
    assert ephemeral_texts(slack)[before:] == [
        ephemeral_texts(slack)[before],
        "gig-1.csv is in your DM with gigwatch.",
    ]
    assert ephemeral_texts(slack)[before].startswith("The timeline of #1 has 121 events")
    csv = slack.fake.shared_files()[-1]
    assert (csv["name"], csv["channel"]) == ("gig-1.csv", "D" + OWNER[1:])
    assert "day 59" in csv["content"]


async def test_a_long_timeline_sent_later_from_the_outbox_is_the_note_and_its_file(slack: Slack) -> None:
    await slack.command(SETUP)
    for day in range(60):
        await slack.command(f"log 1 1 wireframes and a call with the client, day {day}")
    slack.fake.fail("response_url", 404, "expired_url")

    await slack.command("timeline 1 csv")
    slack.clock.advance(61)
    assert await slack.deliver() == 1

    (note,) = slack.fake.of("chat.postMessage")
    assert note["channel"] == OWNER
    assert shown(note).startswith("The timeline of #1 has 121 events")
    (exported,) = slack.fake.shared_files()
    assert (exported["name"], exported["channel"]) == ("gig-1.csv", "D" + OWNER[1:])
    assert "day 59" in exported["content"]


async def test_an_export_too_long_for_a_posted_message_is_posted_as_its_file(slack: Slack) -> None:
    await slack.command(SETUP)
    for day in range(30):
        await slack.command(f"log 1 1 {'wireframes, colours and a long call with the client ' * 8} day {day}")

    await slack.command("timeline 1 json", channel="D0001")

    (exported,) = slack.fake.shared_files()
    assert (exported["name"], exported["channel"]) == ("gig-1.json", "D0001")
    assert len([e for e in json.loads(exported["content"])["events"] if e["kind"] == "log"]) == 30
    assert not slack.fake.of("chat.postMessage")

    await slack.command("timeline 1 json")  # a response_url takes it: shown inline, as before
    assert "day 29" in shown(slack.fake.of("response_url")[-1])


async def test_a_dm_between_people_stays_ephemeral(slack: Slack) -> None:
    await slack.command("list", channel="D0777")  # a DM of U0001 with someone else, not with the app

    assert not slack.fake.of("chat.postMessage")
    assert "no open gigs" in ephemeral_texts(slack)[0]


async def test_bad_input_gets_an_error_and_changes_nothing(slack: Slack) -> None:
    await slack.command("show 99")
    await slack.command("frobnicate 1")
    await slack.command('add "Unclosed client:ACME')
    await slack.command("list")

    errors, _, _, listing = ephemeral_texts(slack)
    assert errors.startswith(":x:")
    assert "You have no gig #99" in errors
    assert "frobnicate" in ephemeral_texts(slack)[1]
    assert "is not closed" in ephemeral_texts(slack)[2]
    assert "no open gigs" in listing


async def test_the_users_slack_locale_reaches_the_core(slack: Slack) -> None:
    slack.fake.locales["U0009"] = "ja-JP"
    await slack.command("list", user="U0009")
    await slack.command("help", user="U0009")

    async with slack.store.transaction() as tx:
        user = await tx.user("slack:T0001", "U0009")
    assert user is not None
    assert user.locale == "ja-JP"
    assert user.language == "ja"
    assert user.name == "person-u0009"
    assert len(slack.fake.of("users.info")) == 1, "users.info is cached"
    assert slack.fake.of("users.info")[0]["include_locale"] in ("1", "true", True)
    home = slack.fake.of("views.publish")[-1]["view"]
    assert home["blocks"][0]["text"]["text"] == "進行中の案件"


async def test_only_workspace_admins_pass_the_organiser_check(slack: Slack) -> None:
    slack.fake.admins.add("U0009")  # users.info says is_admin

    await slack.command("reports", user=OWNER)
    await slack.command("reports", user="U0009")

    member, admin = ephemeral_texts(slack)
    assert "Only workspace admins can use `reports`" in member
    assert "Only workspace admins" not in admin


async def test_a_long_reply_is_split_into_blocks_slack_accepts(slack: Slack) -> None:
    await slack.command(SETUP)
    note = "wireframes & <notes> " * 45
    for _ in range(8):
        await slack.command(f"log 1 1 {note}")

    await slack.command("timeline 1 json")

    reply = slack.fake.of("response_url")[-1]
    assert all(b["elements"][0]["type"] == "rich_text_preformatted" for b in reply["blocks"])
    pieces = [b["elements"][0]["elements"][0]["text"] for b in reply["blocks"]]
    assert len(pieces) > 1
    assert all(len(p) <= 3000 for p in pieces)
    timeline = json.loads("".join(pieces))
    logs = [e for e in timeline["events"] if e["kind"] == "log"]
    assert len(logs) == 8
    assert logs[-1]["data"]["note"] == note.strip(), "whole, unescaped once read back"
    assert len(reply["text"]) <= 3000


async def test_a_reply_slack_would_not_take_comes_later_as_a_dm(slack: Slack) -> None:
    slack.fake.fail("response_url", 404, "expired_url")  # a response_url past its 30 minutes

    await slack.command(SETUP)
    assert not slack.fake.of("chat.postMessage")

    slack.clock.advance(61)  # the outbox leaves an inline reply to the interaction for a minute
    assert await slack.deliver() == 2  # the reply and the escrow tip
    dms = slack.fake.of("chat.postMessage")
    assert [d["channel"] for d in dms] == [OWNER, OWNER]
    assert "Added #1" in shown(dms[0])


async def test_a_file_slack_would_not_take_comes_later_in_the_dm(slack: Slack) -> None:
    slack.fake.fail("files.getUploadURLExternal", 500, {"ok": False, "error": "internal_error"})
    await slack.command("export csv")
    assert not slack.fake.shared_files()

    slack.clock.advance(61)
    assert await slack.deliver() == 1
    (exported,) = slack.fake.shared_files()
    assert (exported["name"], exported["channel"]) == ("gigwatch-gigs.csv", "D" + OWNER[1:])
    assert exported["content"].startswith("number,title")


async def test_a_broken_database_gets_an_apology_not_silence(slack: Slack) -> None:
    async with slack.store.engine.begin() as conn:
        await conn.execute(sql("DROP TABLE pending_steps"))

    await slack.command(SETUP)

    (reply,) = ephemeral_texts(slack)
    assert reply.startswith(":x: Something went wrong")
