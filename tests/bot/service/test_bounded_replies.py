"""Interactive replies stay the size of what they show, however long the user's history: `list` pages
20 gigs at a time and says how to see more, `show` lists the latest events and points to the timeline,
and a long timeline arrives as a file under a short note."""

from __future__ import annotations

from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Actor, Service
from bot.service.gigs import LIST_PAGE, SHOW_EVENTS
from bot.service.timeline import INLINE_EVENTS
from storage import SqlStore
from tests.bot.harness import dump, history, ok, refused
from tests.conftest import actor

ALICE = actor("alice")
BOB = actor("bob")
AIKO = Actor("test", "aiko", "aiko", locale="ja-JP")


async def add_gigs(service: Service, who: Actor, count: int) -> None:
    for n in range(1, count + 1):
        await ok(service, who, f'/gig add "Job {n}" client:ACME stage:contracted')


async def test_list_pages_twenty_gigs_at_a_time_with_the_next_page_named(service: Service) -> None:
    await add_gigs(service, ALICE, 60)
    first = (await ok(service, ALICE, "/gig list")).replies[0].message.text().splitlines()
    assert first[0] == i18n.t("en", "reply.list_header_page", count=60, first=1, last=20)
    assert len(first) == LIST_PAGE + 2  # the header, 20 gigs, how to see more
    assert [line.split(" ", 1)[0] for line in first[1:-1]] == [f"#{n}" for n in range(1, 21)]
    assert first[-1] == i18n.t("en", "reply.list_more", page=1, pages=3, command="/gig list page:2")
    second = (await ok(service, ALICE, "/gig list page:2")).replies[0].message.text().splitlines()
    assert second[1].startswith("#21 ")
    assert second[-1] == i18n.t("en", "reply.list_more", page=2, pages=3, command="/gig list page:3")
    last = (await ok(service, ALICE, "/gig list page:3")).replies[0].message.text().splitlines()
    assert last[0] == i18n.t("en", "reply.list_header_page", count=60, first=41, last=60)
    assert len(last) == LIST_PAGE + 1  # nothing more to see
    assert last[-1].startswith("#60 ")


async def test_a_short_list_is_one_page_without_paging(service: Service) -> None:
    await add_gigs(service, ALICE, 3)
    lines = (await ok(service, ALICE, "/gig list")).replies[0].message.text().splitlines()
    assert lines[0] == i18n.t("en", "reply.list_header", count=3)
    assert len(lines) == 4


async def test_closed_gigs_page_with_all_kept_in_the_next_command(service: Service) -> None:
    await add_gigs(service, ALICE, LIST_PAGE + 1)
    await ok(service, ALICE, "/gig terminate 1 confirm")  # 20 open gigs: one page
    assert "page:2" not in (await ok(service, ALICE, "/gig list page:1")).replies[0].message.text()
    lines = (await ok(service, ALICE, "/gig list all")).replies[0].message.text().splitlines()
    assert lines[-1] == i18n.t("en", "reply.list_more", page=1, pages=2, command="/gig list all page:2")


async def test_a_page_out_of_range_is_refused_and_changes_nothing(service: Service, store: SqlStore) -> None:
    await add_gigs(service, ALICE, 21)
    await ok(service, BOB, '/gig add "Only" client:ACME')  # one page: no "fill 1 pages"
    before = await dump(store)
    assert (await refused(service, ALICE, "/gig list page:3")).body == i18n.t(
        "en", "error.no_page", page=3, pages=2
    )
    assert (await refused(service, BOB, "/gig list page:2")).body == (
        "There is no page 2: the last page of your gigs is page 1."
    )
    for page in ("0", "1.5"):
        assert (await refused(service, ALICE, f"/gig list page:{page}")).body == i18n.t(
            "en", "error.bad_page", page=page
        )
    assert await dump(store) == before


async def test_japanese_paging_reads_in_japanese(service: Service) -> None:
    await add_gigs(service, AIKO, 21)
    lines = (await ok(service, AIKO, "/gig list")).replies[0].message.text().splitlines()
    assert lines[0] == "案件一覧（21件中1〜20件目）："
    assert lines[-1] == "2ページ中1ページ目です。続きは `/gig list page:2` で表示します。"


async def test_show_keeps_the_latest_events_and_points_to_the_timeline(
    service: Service, store: SqlStore
) -> None:
    await add_gigs(service, ALICE, 1)
    for n in range(30):
        await ok(service, ALICE, f'/gig sent 1 "draft {n}"')
    events = await history(store, ALICE, 1)
    assert len(events) == 31  # added, then 30 messages sent
    text = (await ok(service, ALICE, "/gig show 1")).replies[0].message.text()
    earlier = i18n.t("en", "reply.show_earlier", count=31 - SHOW_EVENTS, gig=1)
    assert earlier in text
    shown = text.split(earlier, 1)[1].split(i18n.t("en", "reply.show_ladder"), 1)[0]
    assert [line.rsplit(" ", 1)[-1] for line in shown.strip().splitlines()] == [f"{n}" for n in range(20, 30)]
    short = (await ok(service, ALICE, '/gig add "Small" client:ACME')).replies[0].message.gig
    assert "/gig timeline" not in (await ok(service, ALICE, f"/gig show {short}")).replies[0].message.text()


async def test_a_long_timeline_arrives_as_a_file_under_a_short_note(service: Service) -> None:
    await add_gigs(service, ALICE, 2)
    for n in range(INLINE_EVENTS):
        await ok(service, ALICE, f'/gig sent 1 "draft {n}"')
    await ok(service, ALICE, '/gig sent 2 "draft"')
    short = (await ok(service, ALICE, "/gig timeline 2 csv")).replies[0].message
    assert short.attachment is None
    assert short.body.splitlines()[0] == "at,kind,step,text"
    long = (await ok(service, ALICE, "/gig timeline 1 csv")).replies[0].message
    assert long.kind is Kind.REPLY
    assert long.extra == {"format": "csv"}
    assert long.body == i18n.t("en", "timeline.file", gig=1, count=INLINE_EVENTS + 1, file="gig-1.csv")
    assert long.attachment is not None
    rows = long.attachment.splitlines()
    assert len(rows) == 1 + INLINE_EVENTS + 1  # the header, the creation, every message sent
    assert rows[-1].endswith(f"draft {INLINE_EVENTS - 1}")
