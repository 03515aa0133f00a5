"""Community features through the simulator and the service: reports shown only once two members made
them, floods and hostile client names, admin-only moderation, the weekly digest at 09:00 local time
with nobody named, workspace scoping, and forgetting a reporter."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import VirtualClock
from bot.engine import Engine
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.protection.clients import REASONS, CommunityTerms
from bot.service import Actor, Service
from storage import SqlStore
from tests.bot.harness import body, last_outbox_id, ok, queued, refused
from tests.bot.service.test_protection import T0, at, end, ja, only, replies_to, say
from tests.conftest import actor, simulate_records

BERLIN = ZoneInfo("Europe/Berlin")


def texts_to(records: list[dict[str, Any]], user: str) -> str:
    return "\n".join(r["text"] for r in records if r["to"] == user)


async def test_reports_show_once_two_members_made_them_and_never_who(database_url: str) -> None:
    records = await simulate_records(
        [
            say("alice", '/gig add "LP" client:"ACME Inc." stage:contracted since:3d'),  # silent since Tue
            say("alice", '/gig report "ACME Inc." ghosted gig:1'),
            say("carol", "/gig vet acme"),
            say("carol", '/gig add "Site" client:ACME'),
            say("bob", "/gig report ａｃｍｅ unpaid", at(21, 10)),
            say("carol", "/gig vet A C M E", at(21, 11)),
            say("dave", '/gig add "Banner" client:"acme, ltd."', at(21, 12)),
            say("alice", "/gig timeline 1 json", at(21, 13)),
            end(at(21, 14)),
        ],
        database_url,
    )
    carol = replies_to(records, "carol")
    assert i18n.t("en", "vet.community_none", min=2) in carol[0]["text"]
    assert [r["kind"] for r in carol[1:3]] == ["reply", "reply"]  # the add: no warning yet
    reasons = f"{i18n.t('en', 'reason.ghosted')} (1), {i18n.t('en', 'reason.unpaid')} (1)"
    community = i18n.t("en", "vet.community", members=2, reasons=reasons, points="-40")
    assert community in carol[-1]["text"]
    [warning] = only(records, to="dave", kind="warning")
    assert warning["step"] == "client_reported"
    assert warning["text"] == i18n.t(  # a CrowdWorks gig still to be funded: its wording
        "en", "warning.client_reported.text", members=2, client="acme, ltd.", reasons=reasons
    )
    others = texts_to(records, "carol") + texts_to(records, "dave")
    assert "alice" not in others
    assert "bob" not in others
    timeline = replies_to(records, "alice")[-1]["text"]
    assert '"kind": "report"' in timeline
    assert i18n.t("en", "event.report", reason="ghosted") in timeline


async def test_a_report_flood_from_one_member_shows_nothing_and_stops(database_url: str) -> None:
    reasons = (
        "ghosted",
        "unpaid",
        "late_payment",
        "offplatform",
        "scope_creep",
        "retaliatory_review",
        "scam",
    )
    flood = [say("mallory", f"/gig report Globex {r}") for r in reasons]
    flood += [say("mallory", f"/gig report Client{i} scam") for i in range(4)]
    records = await simulate_records(
        [
            *flood,
            say("mallory", "/gig report GLOBEX ghosted"),
            say("carol", "/gig vet Globex"),
            say("mallory", "/gig report Initech scam", at(21, 17)),
            say("mallory", "/gig report Initech scam", at(21, 18, 1)),
            say("mallory", "/gig report Initech ghosted", at(21, 18, 1)),
            end(at(22)),
        ],
        database_url,
    )
    mallory = replies_to(records, "mallory")
    assert [r["kind"] for r in mallory[:10]] == ["reply"] * 10
    assert mallory[10]["text"] == i18n.t("en", "error.report_limit", limit=10)  # the 11th within 24 h
    assert mallory[11]["text"] == i18n.t(
        "en", "error.report_duplicate", client="GLOBEX", reason=i18n.t("en", "reason.ghosted")
    )
    assert mallory[12]["text"] == i18n.t("en", "error.report_limit", limit=10)  # still within 24 h
    assert [r["kind"] for r in mallory[13:]] == ["reply", "reply"]  # more than a day later
    [vetted] = replies_to(records, "carol")
    assert i18n.t("en", "vet.community_none", min=2) in vetted["text"]  # one member alone is never shown


async def test_hostile_client_names_cannot_ping_and_change_nothing() -> None:
    hostile = "<!channel> @everyone <@U123> <#C1|general>"
    records = await simulate_records(
        [
            say("alice", f'/gig report "{hostile}" scam'),
            say("bob", f'/gig report "{hostile}" scam'),
            say("bob", '/gig report "' + "A" * 10_000 + '" scam'),
            say("bob", '/gig report "@@@ <>" scam'),
            say("bob", "/gig report Globex stole"),
            say("carol", f'/gig vet "{hostile}"'),
            say("org", "/gig digest #general", admin=True),
            say("org", "/gig reports", at(20, 18, 1), admin=True),
            end(at(23, 10)),
        ]
    )
    bob_errors = [r["text"] for r in only(records, to="bob", kind="error")]
    assert bob_errors == [
        "The client name is too long (at most 100 characters).",
        i18n.t("en", "error.bad_client"),
        f'"stole" is not a valid reason: one of {", ".join(REASONS)}.',
    ]
    shown = [r for r in records if r["to"] in ("carol", "org", "general")]
    assert {r["kind"] for r in shown} >= {"reply", "digest"}
    for r in shown:
        assert not {"<", ">", "@"} & set(r["text"]), r["text"]
    listing = replies_to(records, "org")[-1]["text"]
    assert listing.count("!channel everyone U123 #C1|general") == 2
    assert "AAAA" not in listing


async def test_admin_commands_are_refused_to_members_in_both_languages() -> None:
    records = await simulate_records(
        [
            say("alice", "/gig report Globex ghosted"),
            say("bob", "/gig reports"),
            say("bob", "/gig unreport 1"),
            say("bob", "/gig digest #freelance"),
            ja("aiko"),
            say("aiko", "/gig reports Globex"),
            say("org", "/gig reports Globex", admin=True),
            say("org", "/gig unreport 1.5", admin=True),
            say("org", "/gig unreport 99", admin=True),
            say("org", "/gig unreport 1", admin=True),
            say("org", "/gig reports", admin=True),
            say("org", "/gig digest #freelance off", admin=True),
            say("org", "/gig digest <!channel>", admin=True),
            end(at(21)),
        ]
    )
    bob = replies_to(records, "bob")
    assert [r["text"] for r in bob] == [
        i18n.t("en", "error.admin_only", command=name) for name in ("reports", "unreport", "digest")
    ]
    assert replies_to(records, "aiko")[-1]["text"] == i18n.t("ja", "error.admin_only", command="reports")
    listed, fraction, unknown, removed, empty, no_digest, mention = replies_to(records, "org")
    assert listed["text"].splitlines()[1] == i18n.t(
        "en", "report.row", id=1, client="Globex", reason=i18n.t("en", "reason.ghosted"), date="Fri 20 Nov"
    )
    assert fraction["text"] == (
        '"1.5" is not a valid report number: write the report\'s number that `/gig reports` shows, like 12.'
    )
    assert unknown["text"] == i18n.t("en", "error.unknown_report", id=99)
    assert removed["text"] == i18n.t("en", "report.removed", id=1)
    assert empty["text"] == i18n.t("en", "report.none")
    assert no_digest["text"] == i18n.t("en", "error.no_digest", channel="#freelance")
    assert mention["text"] == i18n.t("en", "error.bad_channel", channel="<!channel>")
    assert only(records, kind="digest") == []


async def test_weekly_digest_at_nine_in_the_admins_zone_names_nobody(database_url: str) -> None:
    """The admin (Berlin) sets the digest on Fri 20 Nov; it is posted Mon 23 Nov 09:00 Berlin time
    (17:00 in Tokyo) with the week's replies, then weekly until it is turned off."""
    records = await simulate_records(
        [
            {"at": T0, "user": "org", "settings": {"tz": "Europe/Berlin"}},
            say("org", "/gig digest #freelance weekly", admin=True),
            # silence from Wed 18 18:00: the nudge (1 bd, Thu 19 18:00) is overdue and delivered at once
            say("alice", '/gig add "Alpha landing page" client:ACME stage:contracted since:2d'),
            say("bob", '/gig add "Bravo logo" client:Globex'),
            # delivered Sun 15 18:00: the acceptance nudge (3 bd) is overdue and delivered at once
            say("carol", '/gig add "Charlie banner" client:Hooli stage:delivered since:5d'),
            say("alice", "/gig report Initech ghosted"),
            say("bob", "/gig report initech ghosted"),
            say("alice", "/gig heard 1", at(21, 12)),  # 66 h of silence, after the nudge
            say("bob", "/gig heard 1", at(21, 18)),  # 24 h, before any reminder
            say("carol", "/gig heard 1", at(22, 10)),  # 160 h, after the acceptance nudge
            say("org", "/gig digest #freelance off", at(31, 12), admin=True),
            end(at(38)),
        ],
        database_url,
    )
    digests = only(records, kind="digest")
    assert [(datetime.fromisoformat(r["at"]), r["to"]) for r in digests] == [
        (datetime(2026, 11, 23, 9, tzinfo=BERLIN), "freelance"),
        (datetime(2026, 11, 30, 9, tzinfo=BERLIN), "freelance"),
    ]
    first, second = (r["text"] for r in digests)
    assert first.startswith(i18n.t("en", "digest.title", start="Mon 16 Nov", end="Sun 22 Nov"))
    for line in (
        i18n.t("en", "digest.members", members=3, gigs=3),
        i18n.t("en", "digest.replies", count=3),
        i18n.t("en", "digest.replied_at", step=i18n.t("en", "digest.before_any"), count=1),
        i18n.t("en", "digest.replied_at", step=i18n.t("en", "stepname.nudge"), count=1),
        i18n.t("en", "digest.replied_at", step=i18n.t("en", "stepname.acceptance_nudge"), count=1),
        i18n.t("en", "digest.median", duration=i18n.t("en", "digest.days", n="2.8")),  # 66 h
        i18n.t("en", "digest.reported_row", client="Initech", reasons="ghosted (2)", members=2),
    ):
        assert line in first.splitlines(), line
    assert i18n.t("en", "digest.no_replies") in second
    for private in ("alice", "bob", "carol", "org", "Alpha", "Bravo", "Charlie", "ACME", "Globex", "Hooli"):
        assert private not in first + second
    assert replies_to(records, "org")[-1]["text"] == i18n.t("en", "digest.stopped", channel="#freelance")


async def test_digest_in_japanese_at_nine_tokyo_time() -> None:
    records = await simulate_records(
        [
            ja("org"),
            say("org", "/gig digest <#C0123|雑談>", admin=True),
            end(at(24)),
        ]
    )
    scheduled = replies_to(records, "org")[-1]["text"]
    first = i18n.when("ja", datetime.fromisoformat(at(23, 9)), "Asia/Tokyo")
    assert scheduled == i18n.t("ja", "digest.scheduled", channel="<#C0123>", tz="Asia/Tokyo", first=first)
    [digest] = only(records, kind="digest")
    assert (digest["at"], digest["to"]) == (at(23, 9), "C0123")
    assert digest["text"].startswith(
        i18n.t("ja", "digest.title", start="11月16日（月）", end="11月22日（日）")
    )
    assert i18n.t("ja", "digest.members_none") in digest["text"]
    assert i18n.t("ja", "digest.reported_none", min=2) in digest["text"]


async def test_reports_stay_in_their_workspace_and_go_with_the_reporter(service: Service) -> None:
    """Service-level: two workspaces never see each other's reports; forget-me removes a reporter's."""
    alice, bob = Actor("slack:T1", "U1", "alice"), Actor("slack:T1", "U2", "bob")
    admin = Actor("slack:T1", "U9", "org", is_admin=True)
    other_admin = Actor("slack:T2", "U9", "org", is_admin=True)
    outsider = Actor("slack:T2", "U3", "dave")
    await ok(service, alice, "/gig report ACME ghosted")
    await ok(service, bob, "/gig report ACME unpaid")
    assert i18n.t("en", "vet.community_none", min=2) in body(await ok(service, outsider, "/gig vet ACME"))
    assert body(await ok(service, other_admin, "/gig reports")) == i18n.t("en", "report.none")
    error = await refused(service, other_admin, "/gig unreport 1")
    assert error.body == i18n.t("en", "error.unknown_report", id=1)
    assert i18n.t("en", "reason.unpaid") in body(await ok(service, admin, "/gig reports"))

    await ok(service, bob, "/gig forget-me confirm")
    listing = body(await ok(service, admin, "/gig reports"))
    assert i18n.t("en", "reason.unpaid") not in listing
    assert i18n.t("en", "reason.ghosted") in listing
    assert i18n.t("en", "vet.community_none", min=2) in body(await ok(service, alice, "/gig vet ACME"))


async def test_the_digest_and_vet_name_the_operators_member_threshold(
    store: SqlStore, clock: VirtualClock
) -> None:
    """A community that shows reports only once three members made them (`min_members = 3`) was told
    "two or more members" by the digest and "fewer than two members" by `/gig vet`: both now name the
    setting, in Japanese and English."""
    terms = CommunityTerms(min_members=3)
    service, engine = Service(store, clock, community_terms=terms), Engine(store, clock, terms=terms)
    org_ja = Actor("test", "org_ja", "org_ja", is_admin=True)
    org_en = Actor("test", "org_en", "org_en", is_admin=True)
    await ok(service, org_ja, "/gig settings lang:ja")
    await ok(service, org_ja, "/gig digest #jp")
    await ok(service, org_en, "/gig digest #en")
    for member in ("alice", "bob"):  # two members: below this community's threshold
        await ok(service, actor(member), "/gig report ACME ghosted")
    vetted = body(await ok(service, actor("carol"), "/gig vet ACME"))
    assert "Community: this client has not been reported by 3 members or more" in vetted, vetted
    await ok(service, actor("dave"), "/gig settings lang:ja")
    vetted = body(await ok(service, actor("dave"), "/gig vet ACME"))
    assert "コミュニティ：このクライアントを通報したメンバーは3人未満のため" in vetted, vetted

    clock.set(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Asia/Tokyo")))
    await engine.tick()
    digests = {d.address: d.message.body for d in await queued(store, Kind.DIGEST)}
    assert "3人以上のメンバーが通報したクライアントはいません。" in digests["channel:#jp"].splitlines()
    assert "No client has been reported by 3 members or more." in digests["channel:#en"].splitlines()
    for text in digests.values():
        assert "2人以上" not in text
        assert "two or more" not in text

    await ok(service, actor("carol"), "/gig report ACME unpaid")  # the third member: now shown
    after = await last_outbox_id(store)
    clock.set(datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("Asia/Tokyo")))
    await engine.tick()
    digests = {d.address: d.message.body for d in await queued(store, Kind.DIGEST, after=after)}
    assert "3人以上のメンバーが通報したクライアント：" in digests["channel:#jp"].splitlines()
    assert "Clients reported by 3 members or more:" in digests["channel:#en"].splitlines()


NUMBER_AS_CLIENT = {
    "en": (
        'No report was filed: "1" reads as gig #1',
        '`/gig report "ACME Inc." unpaid gig:1`',
        '"#7" is a number',
    ),
    "ja": (
        "通報はしていません。「1」は案件#1の番号",
        '`/gig report "ACME Inc." unpaid gig:1`',
        "「#7」は番号",
    ),
}


async def test_a_gig_number_written_as_the_client_files_no_report(database_url: str) -> None:
    """`/gig report 1 unpaid` filed a report against a client named "1", which counted against nobody the
    member worked with and stood in the workspace's records: the gig meant is asked about, with the
    command that names its client, and a number that is no gig of theirs is refused as no name."""
    records = await simulate_records(
        [
            {"at": T0, "user": "ja_user", "settings": {"lang": "ja"}},
            *(say(user, '/gig add "LP" client:"ACME Inc." stage:funded') for user in ("alice", "ja_user")),
            *(say(user, "/gig report 1 unpaid", at(21, 11)) for user in ("alice", "ja_user")),
            *(say(user, "/gig report #7 unpaid", at(21, 12)) for user in ("alice", "ja_user")),
            say("bob", "/gig vet 1", at(21, 13)),
            end(at(21, 14)),
        ],
        database_url,
    )
    for user, lang in (("alice", "en"), ("ja_user", "ja")):
        gig_number, command, no_name = NUMBER_AS_CLIENT[lang]
        [asked, refused_number] = [r for r in replies_to(records, user) if r["at"] >= at(21, 11)]
        assert asked["kind"] == "error"
        assert gig_number in asked["text"]
        assert command in asked["text"]
        assert refused_number["kind"] == "error"
        assert no_name in refused_number["text"]
    vetted = replies_to(records, "bob")[-1]["text"]
    assert i18n.t("en", "vet.community_none", min=2) in vetted  # nothing was stored against "1"
