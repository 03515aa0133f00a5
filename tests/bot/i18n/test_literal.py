"""What people typed is marked inside message texts (so each platform shows it literally), only while
messages are composed; plain text (console, simulator, exports, a test's expected value) has no marks."""

from __future__ import annotations

from bot.i18n import catalog as i18n
from bot.service import Actor, Service

HOSTILE = "**bold** `code` [x](https://evil.test) <@1> :smile:"


def test_marks_come_only_while_composing() -> None:
    plain = i18n.t("en", "reply.heard_not_waiting", gig=1, title=HOSTILE)
    assert i18n.OPEN not in plain
    with i18n.marking():
        marked = i18n.t("en", "reply.heard_not_waiting", gig=1, title=HOSTILE)
    assert i18n.plain(marked) == plain
    assert (HOSTILE, True) in i18n.segments(marked)
    assert all(not typed for piece, typed in i18n.segments(marked) if piece != HOSTILE)


def test_marks_cannot_be_forged_or_nested() -> None:
    forged = f"a{i18n.CLOSE}b{i18n.OPEN}c"
    assert i18n.literal(forged) == f"{i18n.OPEN}abc{i18n.CLOSE}"
    assert i18n.literal("") == ""
    assert i18n.segments(f"x{i18n.literal(i18n.literal('y'))}z") == [("x", False), ("y", True), ("z", False)]
    assert i18n.segments(f"{i18n.OPEN}unclosed") == [("unclosed", True)]
    assert i18n.segments(f"stray{i18n.CLOSE}close") == [("strayclose", False)]


async def test_replies_mark_titles_clients_and_notes(service: Service) -> None:
    alice = Actor("test", "alice", "alice")
    await service.execute(alice, f'/gig add "{HOSTILE}" client:"*ACME*" stage:contracted')
    shown = await service.execute(alice, "/gig heard 1 ~~note~~ ||spoiler||")
    (reply,) = shown.replies
    typed = [piece for piece, is_typed in i18n.segments(reply.message.body) if is_typed]
    assert typed == [HOSTILE]
    listed = (await service.execute(alice, "/gig show 1")).replies[0].message.body
    assert {HOSTILE, "*ACME*", "~~note~~ ||spoiler||"} <= {p for p, t in i18n.segments(listed) if t}
    assert i18n.OPEN not in reply.message.text()
