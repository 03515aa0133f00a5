"""Money and records through the simulator and the service, in English and Japanese: what clients owe,
the written terms and the request for the missing ones, the evidence pack, the user's own history with
a client, and the CSV export with its import."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any

import pytest

from bot.compose import handover, platform_name
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Service
from bot.service.pack import SECTIONS
from bot.service.transfer import COLUMNS, import_gigs
from storage import SqlStore
from tests.bot.harness import body, dump, gig_row, ok, refused, reminders
from tests.conftest import actor, simulate_records

T0 = "2026-11-20T18:00:00+09:00"  # Friday


def at(month: int, day: int, hour: int = 18, year: int = 2026) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:00:00+09:00"


def say(user: str, text: str, when: str = T0) -> dict[str, Any]:
    return {"at": when, "user": user, "text": text}


def lang(user: str, code: str) -> dict[str, Any]:
    return {"at": T0, "user": user, "settings": {"lang": code}}


def end(when: str) -> dict[str, Any]:
    return {"at": when, "end": True}


def replies(records: list[dict[str, Any]], user: str = "ken") -> list[str]:
    return [r["text"] for r in records if r["to"] == user and r["kind"] == "reply"]


LANGS = ("en", "ja")
# Three clients' gigs: a direct one in yen, an Upwork one in dollars by default, a CrowdWorks one in
# dollars by choice; one more is paid and one never delivered, so neither is owed.
MONEY_SCRIPT = [
    say("ken", '/gig add "Site" client:Studio platform:direct stage:funded amount:50000'),
    # no funded milestone: Upwork releases nothing by itself 14 days after the delivery, the client owes it
    say("ken", '/gig add "App" client:Globex platform:upwork stage:contracted amount:1200.5'),
    say("ken", '/gig add "Logo" client:studio stage:funded amount:300 currency:USD'),
    say("ken", '/gig add "Banner" client:Initech platform:direct stage:funded amount:20000'),
    say("ken", '/gig add "Draft" client:Initech platform:direct stage:funded'),
    say("ken", "/gig delivered 1", at(11, 24, 10)),
    say("ken", "/gig delivered 2", at(11, 24, 11)),
    say("ken", "/gig delivered 3", at(11, 25, 10)),
    say("ken", "/gig delivered 4", at(11, 25, 11)),
    say("ken", "/gig paid 4", at(11, 26, 10)),
    say("ken", "/gig terms 1 pay_by:12/10", at(11, 26, 11)),
    say("ken", "/gig money", at(12, 14, 10)),
]


@pytest.mark.parametrize("code", LANGS)
async def test_money_lists_what_is_owed_per_client_with_totals_per_currency(code: str) -> None:
    records = await simulate_records([lang("ken", code), *MONEY_SCRIPT, end(at(12, 15))])
    owed = replies(records)[-1]
    lines = owed.splitlines()
    assert lines[0] == i18n.t(code, "money.header", count=3)
    yen, dollars = (
        ("¥50,000", ("$1,200.50", "$300", "$1,500.50"))
        if code == "en"
        else ("50,000円", ("1,200.50ドル", "300ドル", "1,500.50ドル"))
    )
    # Studio and studio are one client, named as first written; Globex after them; Initech owes nothing.
    assert lines[1] == i18n.t(code, "money.client", client="Studio")
    agreed = i18n.date(code, date(2026, 12, 10))
    assert (
        lines[2].strip()
        == i18n.t(
            code,
            "money.row_late",
            gig=1,
            title="Site",
            owed=yen,
            delivered=i18n.t(code, "money.delivered_ago", days=20),
            payday=agreed,
        ).strip()
    )
    logo = i18n.t(
        code,
        "money.row",
        gig=3,
        title="Logo",
        # delivered with the escrow funded: held until the client accepts, as the row says
        owed=i18n.t(code, "money.held_escrow", owed=dollars[1], platform=platform_name(code, "crowdworks")),
        delivered=i18n.t(code, "money.delivered_ago", days=19),
        payday=i18n.date(code, date(2027, 1, 23)),
    )
    assert lines[3].strip() == logo.strip()
    assert lines[4] == i18n.t(code, "money.client", client="Globex")
    assert dollars[0] in lines[5]
    assert "Initech" not in owed
    assert "Banner" not in owed
    assert "Draft" not in owed
    sep = i18n.t(code, "report.list_sep")
    assert lines[6] == i18n.t(code, "money.total", total=sep.join((yen, dollars[2])))
    if code == "ja":
        assert "Studio様" in owed
        assert "円" in owed
        assert "¥" not in owed
        assert "$" not in owed


async def test_nothing_owed_says_so_and_a_currency_must_be_known() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "Site" client:Studio platform:direct stage:funded amount:50000'),
            say("ken", "/gig money", at(11, 21)),
            say("ken", '/gig add "Logo" client:ACME currency:EUR', at(11, 21)),
            say("ken", '/gig add "Logo" client:ACME currency:円 stage:delivered', at(11, 22)),
            say("ken", "/gig money", at(11, 23)),
            end(at(11, 24)),
        ]
    )
    texts = replies(records)
    assert texts[2] == i18n.t("en", "money.none")
    errors = [r["text"] for r in records if r["kind"] == "error"]
    assert len(errors) == 1
    assert "EUR" in errors[0]
    assert "JPY" in errors[0]
    assert i18n.t("en", "money.unknown", count=1) in texts[-1]  # "円" is yen, in any language
    # The one gig owed has no amount: the total says it counts only the recorded amounts, not "¥0 owed".
    assert "Total owed, counting only the gigs with an amount recorded: ¥0" in texts[-1]
    assert "Total owed: " not in texts[-1]


@pytest.mark.parametrize("code", LANGS)
async def test_terms_show_what_is_missing_and_draft_a_request(code: str) -> None:
    records = await simulate_records(
        [
            lang("ken", code),
            say("ken", '/gig add "LP" client:ACME platform:direct stage:contracted'),
            say("ken", '/gig terms 1 work:"Landing page" fee:80000 deliver_by:12/20 method:振込', at(11, 21)),
            say("ken", "/gig terms 1 pay_by:2027-01-15 inspect_by:12/25 place:email", at(11, 22)),
            end(at(11, 23)),
        ]
    )
    partial = next(
        r for r in records if r["kind"] == "reply" and i18n.t(code, "terms.saved", gig=1) in r["text"]
    )
    text = partial["text"]
    assert i18n.t(code, "terms.item", name=i18n.t(code, "term.work"), value="Landing page") in text
    fee = "¥80,000" if code == "en" else "80,000円"
    assert i18n.t(code, "terms.item", name=i18n.t(code, "term.fee"), value=fee) in text
    sep = i18n.t(code, "report.list_sep")
    names = sep.join(i18n.t(code, f"term.{item}") for item in ("pay_by", "inspect_by", "place"))
    assert i18n.t(code, "terms.missing", names=names) in text
    draft = text.split(i18n.t(code, "draft.label"), 1)[1]
    greeting = "ACME様" if code == "ja" else "Hello ACME,"
    assert draft.strip().startswith(greeting)
    for item in ("pay_by", "inspect_by", "place"):
        assert i18n.t(code, "terms.ask_item", name=i18n.t(code, f"termask.{item}")) in draft
    assert i18n.t(code, "termask.work") not in draft
    complete = replies(records)[-1]
    saved = i18n.t(code, "reply.terms_saved", gig=1, **handover(code, "direct"))
    assert complete.startswith(saved)  # not delivered: no payday yet
    assert i18n.t(code, "terms.complete") in complete
    assert i18n.t(code, "draft.label") not in complete


async def test_bad_terms_are_refused_and_change_nothing(service: Service, store: SqlStore) -> None:
    ken = actor("ken")
    await ok(service, ken, '/gig add "LP" client:ACME platform:direct stage:contracted')
    await ok(service, ken, "/gig terms 1 deliver_by:12/20")
    before = await dump(store)
    error = await refused(service, ken, "/gig terms 1 inspect_by:12/10 method:cash")
    assert "10 Dec" in error.text()
    assert "20 Dec" in error.text()
    error = await refused(service, ken, "/gig terms 1 fee:0")
    assert error.kind is Kind.ERROR
    await refused(service, ken, "/gig terms 1 deliver_by:someday")
    assert await dump(store) == before


async def test_terms_feed_the_legal_payment_day_and_money(service: Service, store: SqlStore) -> None:
    ken = actor("ken")
    await ok(service, ken, '/gig add "LP" client:ACME platform:direct stage:delivered')
    reply = body(await ok(service, ken, "/gig terms 1 fee:45000 pay_by:12/01"))
    assert "Tue 1 Dec 2026" in reply
    assert i18n.t("en", "basis.agreed") in reply
    row = await gig_row(store, ken, 1)
    assert row["amount"] == 45000
    assert row["pay_by"] == "2026-12-01"
    assert "¥45,000" in body(await ok(service, ken, "/gig money"))


# --- the evidence pack -------------------------------------------------------------------------------

PACK_SCRIPT = [
    say("ken", '/gig add "<script>alert(1)</script> LP" client:"A&B <Co>" stage:contracted amount:80000'),
    say("ken", "/gig funded 1", at(11, 21, 10)),
    say("ken", "/gig log 1 4 <b>wireframes</b>", at(11, 21, 11)),
    say("ken", '/gig change 1 "new colours & fonts"', at(11, 22, 11)),
    say("ken", "/gig delivered 1", at(11, 24, 10)),
    say("ken", "/gig accepted 1", at(12, 2, 10)),
    say("ken", "/gig timeline 1 pack", at(12, 3, 10)),
]


@pytest.mark.parametrize("code", LANGS)
async def test_the_evidence_pack_has_every_section_in_markdown_and_a_printable_page(code: str) -> None:
    records = await simulate_records([lang("ken", code), *PACK_SCRIPT, end(at(12, 4))])
    markdown, page = replies(records)[-2:]
    title = i18n.t(code, "pack.title", gig=1, title="<script>alert(1)</script> LP", client="A&B <Co>")
    assert markdown.startswith(f"# {title}\n")
    for name in SECTIONS:
        heading = i18n.t(code, f"section.{name}")
        assert f"\n## {heading}\n" in markdown
        assert f'<section id="{name}"><h2>{html.escape(heading)}</h2>' in page
    when = {
        "en": ("Sat 21 Nov 2026", "Tue 24 Nov 2026", "Wed 2 Dec 2026"),
        "ja": ("2026年11月21日（土）", "2026年11月24日（火）", "2026年12月2日（水）"),
    }[code]
    for key, day in zip(("funded", "delivered", "accepted"), when, strict=True):
        assert f"- {i18n.t(code, f'pack.date.{key}', when=day)}\n" in markdown
    assert i18n.t(code, "pack.date.contract", when=i18n.date(code, date(2026, 11, 20))) in markdown
    assert i18n.t(code, "pack.hours", hours="4", count=1) in markdown
    assert i18n.t(code, "pack.changes", count=1) in markdown
    assert "new colours & fonts" in markdown
    # Accepted on CrowdWorks: the platform pays from the escrow, so no reminder is left to come.
    upcoming = markdown.split(f"## {i18n.t(code, 'section.upcoming')}\n", 1)[1].split("\n## ", 1)[0]
    assert upcoming.strip() == f"- {i18n.t(code, 'reply.no_next_step')}"
    # Everything typed is escaped on the page: no markup of the user's survives.
    assert "<script>" not in page
    assert "<b>" not in page
    assert "A&B" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; LP" in page
    assert "A&amp;B &lt;Co&gt;" in page
    assert "new colours &amp; fonts" in page
    assert page.startswith("<!doctype html>")
    assert f'<html lang="{code}">' in page
    # CrowdWorks: its support first, then the public desk.
    support = i18n.t(code, "contact.support", support=i18n.t(code, "support.crowdworks"))
    desk = i18n.t(code, "contact.freelance_desk")
    assert markdown.index(support) < markdown.index(desk)
    if code == "ja":
        assert "A&B <Co>様" in markdown
        assert "80,000円" in markdown


async def test_the_pack_lists_the_reminders_still_to_come_in_order() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "LP" client:ACME stage:contracted'),
            say("ken", "/gig timeline 1 pack", at(11, 20, 19)),
            end(at(11, 21)),
        ]
    )
    markdown = replies(records)[-2]
    upcoming = markdown.split("## Reminders still to come\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in upcoming.splitlines() if line]
    # The CrowdWorks ladder of a contracted gig, from Friday 18:00: the weekend and Monday's holiday
    # do not count as business days.
    assert lines[:2] == [
        f"- Tue 24 Nov 2026 18:00  {i18n.t('en', 'stepname.nudge')}",
        f"- Thu 26 Nov 2026 18:00  {i18n.t('en', 'stepname.platform_nudge')}",
    ]
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("platform", "contacts"),
    [("direct", ("freelance_desk",)), ("upwork", ("support",)), ("lancers", ("support", "freelance_desk"))],
)
async def test_the_pack_names_whom_to_contact_by_platform(platform: str, contacts: tuple[str, ...]) -> None:
    records = await simulate_records(
        [
            say("ken", f"/gig add LP client:ACME platform:{platform} stage:funded"),
            say("ken", "/gig timeline 1 pack", at(11, 21)),
            end(at(11, 22)),
        ]
    )
    markdown = replies(records)[-2]
    section = markdown.split(f"## {i18n.t('en', 'section.contacts')}", 1)[1]
    found = tuple(
        code
        for code in ("support", "freelance_desk")
        if i18n.t(
            "en", f"contact.{code}", support=i18n.first("en", (f"support.{platform}", "support.generic"))
        )
        in section
    )
    assert found == contacts
    assert (i18n.t("en", "pack.client_abroad") in section) == (platform == "upwork")


# --- own history in vet ------------------------------------------------------------------------------


async def test_vet_adds_the_users_own_history_with_the_client() -> None:
    records = await simulate_records(
        [
            say("ken", '/gig add "A" client:ACME stage:contracted'),
            say("ken", "/gig funded 1", at(11, 23, 18)),  # 3 days after the contract
            say("ken", "/gig delivered 1", at(11, 24, 18)),
            say("ken", "/gig accepted 1", at(11, 29, 18)),  # 5 days after delivery
            say("ken", '/gig add "B" client:acme stage:contracted', at(11, 30, 10)),
            say("ken", "/gig funded 2", at(12, 1, 10)),  # 1 day
            say("ken", "/gig vet Acme", at(12, 1, 11)),
            say("ken", "/gig vet Globex", at(12, 1, 11)),
            end(at(12, 2)),
        ]
    )
    acme, globex = replies(records)[-2:]
    assert i18n.t("en", "history.gigs", count=2, open=1, numbers="#1, #2") in acme
    assert i18n.t("en", "history.fund", days="2", count=2) in acme  # whole days read without ".0"
    assert i18n.t("en", "history.accept", days="5", count=1) in acme
    # Twice the silence lasted until a ladder reminder: the acceptance nudge of #1, the funding nudge of #2.
    assert i18n.t("en", "history.silent", count=2) in acme
    assert i18n.t("en", "history.none") in globex
    # Both gigs ran on CrowdWorks (the default): the footer speaks of its escrow.
    assert acme.endswith(i18n.t("en", "vet.footer"))


async def test_vet_averages_keep_a_tenth_of_a_day_and_drop_a_bare_zero() -> None:
    """Accepted the same hour reads "0", not "0.0"; a day and a half keeps its tenth."""
    records = await simulate_records(
        [
            say("ken", '/gig add "A" client:ACME stage:contracted'),
            say("ken", "/gig funded 1", at(11, 22, 6)),  # a day and a half after the contract
            say("ken", "/gig delivered 1", at(11, 24, 18)),
            say("ken", "/gig accepted 1", at(11, 24, 18)),
            say("ken", "/gig vet Acme", at(11, 25, 11)),
            end(at(11, 26)),
        ]
    )
    acme = replies(records)[-1]
    assert i18n.t("en", "history.fund", days="1.5", count=1) in acme
    assert i18n.t("en", "history.accept", days="0", count=1) in acme


async def test_vet_footer_follows_the_platform_of_the_users_gigs_with_the_client() -> None:
    """A client the user only ever dealt with directly has no escrow to wait for: the closing advice says
    what to do instead; one seen on two platforms, or never, gets the user's own platform's."""
    records = await simulate_records(
        [
            say("ken", '/gig add "A" client:Hoshi platform:direct stage:funded'),
            say("ken", '/gig add "B" client:Hoshi platform:direct stage:contracted'),
            say("ken", '/gig add "C" client:Mori platform:direct stage:funded'),
            say("ken", '/gig add "D" client:Mori platform:lancers stage:funded'),
            say("ken", "/gig vet Hoshi"),
            say("ken", "/gig vet Mori"),
            say("ken", "/gig vet Nobody"),
            lang("rin", "ja"),
            say("rin", '/gig add "E" client:星 platform:direct stage:funded'),
            say("rin", "/gig vet 星"),
            end(at(11, 21)),
        ]
    )
    hoshi, mori, nobody = replies(records, "ken")[-3:]
    assert hoshi.endswith(i18n.t("en", "vet.direct.footer"))
    assert mori.endswith(i18n.t("en", "vet.footer"))
    assert nobody.endswith(i18n.t("en", "vet.footer"))
    assert replies(records, "rin")[-1].endswith(i18n.t("ja", "vet.direct.footer"))


# --- export and import -------------------------------------------------------------------------------


async def test_export_then_import_round_trips(service: Service, store: SqlStore) -> None:
    ken, amy = actor("ken"), actor("amy")
    for text in (
        '/gig add "=SUM(A1)" client:"\'Quoted" platform:direct stage:delivered amount:50000.5 rate:3000 url:https://x.test',
        '/gig add "App, v2" client:Globex platform:upwork stage:funded currency:JPY',
        '/gig terms 1 work:"LP, hero" pay_by:none deliver_by:12/20 inspect_by:12/24 method:-cash place:@mail',
        "/gig paid 1 amount:1000",
        '/gig add "Old" client:Initech stage:negotiating',
        "/gig withdraw 3",
    ):
        await ok(service, ken, text)
    exported = await ok(service, ken, "/gig export csv")
    [message] = [r.message for r in exported.replies]
    assert message.filename() == "gigwatch-gigs.csv"
    csv_text = message.body
    assert csv_text.splitlines()[0] == ",".join(COLUMNS)
    assert "'=SUM(A1)" in csv_text  # no formula runs in a spreadsheet
    assert "'-cash" in csv_text
    report = await import_gigs(store, service.clock.now(), "test", "amy", csv_text)
    assert report.errors == []
    assert report.imported == 3
    again = (await ok(service, amy, "/gig export csv")).replies[0].message.body
    assert again == csv_text
    row = await gig_row(store, amy, 1)
    assert row["title"] == "=SUM(A1)"
    assert row["client"] == "'Quoted"
    assert row["paid_amount"] == 1000
    assert row["pay_by"] == "none"
    assert (await gig_row(store, amy, 2))["currency"] == "JPY"
    # The same file again changes nothing: every row is already one of amy's gigs.
    before = await dump(store)
    twice = await import_gigs(store, service.clock.now(), "test", "amy", csv_text)
    assert (twice.imported, twice.already, twice.errors) == (0, 3, [])
    assert await dump(store) == before


async def test_an_imported_gig_silent_for_long_gets_its_reminder_at_once(
    service: Service, store: SqlStore
) -> None:
    """Catch-up on import: the most advanced step due is queued now, those it passes are recorded."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        title="LP",
        client="ACME",
        platform="crowdworks",
        stage="contracted",
        created_at="2026-11-02T10:00:00+09:00",
        stage_since="2026-11-02T10:00:00+09:00",
        waiting_since="2026-11-02T10:00:00+09:00",
    )
    text = ",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n"
    report = await import_gigs(store, service.clock.now(), "test", "amy", text)
    assert report.imported == 1
    [sent] = await reminders(store)
    assert (sent.address, sent.step) == ("amy", "deadline_notice")
    timeline = (await ok(service, actor("amy"), "/gig timeline 1 json")).replies[0].message.body
    assert [(e["kind"], e["step"]) for e in json.loads(timeline)["events"]][:4] == [
        ("imported", None),
        ("skipped", "nudge"),
        ("skipped", "platform_nudge"),
        ("reminder", "deadline_notice"),
    ]


async def test_an_import_with_bad_rows_reports_each_by_line_and_imports_nothing(
    service: Service, store: SqlStore
) -> None:
    await ok(
        service, actor("ken"), '/gig add "Site" client:Studio platform:direct stage:delivered amount:100'
    )
    good = (await ok(service, actor("ken"), "/gig export csv")).replies[0].message.body
    header, row = good.splitlines()
    bad = [
        row,
        row.replace(",direct,", ",ebay,"),
        row.replace(",delivered,", ",lost,"),
        row,
        row.replace("Site", "", 1),
        row.replace(",100,", ",-5,"),
        row.replace("2026-11-20T18:00:00+09:00", "2030-01-01T00:00:00+09:00", 1),
    ]
    before = await dump(store)
    report = await import_gigs(store, service.clock.now(), "test", "amy", "\n".join([header, *bad]) + "\n")
    assert [line for line, _ in report.errors] == [3, 4, 6, 7, 8]
    assert "platform" in report.errors[0][1]
    assert "stage" in report.errors[1][1]
    assert report.imported == 0
    assert await dump(store) == before  # not even the user was created
    missing = await import_gigs(store, service.clock.now(), "test", "amy", "title,client\nA,B\n")
    assert missing.errors
    assert missing.errors[0][0] == 1
    assert re.search(r"missing columns: number|platform", missing.errors[0][1])


async def test_terms_of_a_closed_gig_are_shown_not_changed_and_abroad_is_said(
    service: Service, store: SqlStore
) -> None:
    ken = actor("ken")
    await ok(service, ken, '/gig add "App" client:Globex platform:upwork stage:funded amount:900')
    shown = body(await ok(service, ken, "/gig terms 1"))
    assert i18n.t("en", "terms.abroad") in shown
    assert "$900" in shown
    await ok(service, ken, "/gig paid 1")
    assert i18n.t("en", "terms.header", gig=1, title="App", client="Globex") in body(
        await ok(service, ken, "/gig terms 1")
    )
    before = await dump(store)
    await refused(service, ken, "/gig terms 1 method:wire")
    assert await dump(store) == before
