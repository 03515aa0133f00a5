"""How a core message is laid out for Discord's limits: content up to 2000 characters, an embed up to
4096, a file beyond, and exports always as a file. Checked on the payload discord.py builds."""

from __future__ import annotations

import json
import re
from typing import Any

from discord import MessageFlags
from discord.http import handle_message_parameters

from adapters.discord.render import render
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message


def payload(message: Message) -> tuple[dict[str, Any], dict[str, bytes]]:
    """What discord.py would send for the rendered message: its JSON and its files."""
    kwargs = render(message)
    if kwargs.pop("suppress_embeds", False):  # as discord.py's send turns it into the message's flags
        kwargs["flags"] = MessageFlags(suppress_embeds=True)
    params = handle_message_parameters(**kwargs)
    body = params.payload
    if body is None:  # with files, the JSON travels as the multipart field payload_json
        body = json.loads(next(p["value"] for p in params.multipart or [] if p["name"] == "payload_json"))
    attached = {f.filename: f.fp.getvalue() for f in params.files or []}  # type: ignore[attr-defined]
    return body, attached


def reply(body: str, kind: Kind = Kind.REPLY, **extra: Any) -> Message:
    return Message(kind=kind, lang="en", body=body, gig=3, **extra)


def test_a_short_reply_is_plain_content() -> None:
    body, files = payload(reply("Added #3."))
    assert body["content"] == "Added #3."
    assert body["allowed_mentions"] == {"parse": []}
    assert files == {}


def test_a_long_reply_goes_in_an_embed_and_a_very_long_one_also_as_a_file() -> None:
    long = "\n".join(f"#{i} a gig with a long enough title" for i in range(80))
    body, files = payload(reply(long[:3000]))
    assert body["embeds"][0]["description"] == long[:3000]
    assert files == {}
    body, files = payload(reply(long * 2))
    shown = body["embeds"][0]["description"]
    assert len(shown) <= 4096
    assert shown.endswith(" a gig with a long enough title\n…"), "cut between lines"
    assert files == {"gig-3.txt": (long * 2).encode()}


def test_an_export_is_a_file_named_by_its_format() -> None:
    body, files = payload(reply("at,kind\n2026-11-20,created\n", extra={"format": "csv"}))
    assert files == {"gig-3.csv": b"at,kind\n2026-11-20,created\n"}
    assert not body.get("content")


def test_a_long_export_is_its_file_under_the_note_that_introduces_it() -> None:
    export = "at,kind\n" + "2026-11-20,sent\n" * 500
    note = "The timeline of #3 has 500 events, too many for a message: here it is as the file gig-3.csv."
    body, files = payload(reply(note, attachment=export, extra={"format": "csv"}))
    assert files == {"gig-3.csv": export.encode()}
    assert body["content"] == note


def test_errors_and_warnings_are_marked() -> None:
    body, _ = payload(reply("You have no gig #9.", Kind.ERROR))
    assert body["content"] == "❌ You have no gig #9."
    body, _ = payload(reply("Careful: #3 is not funded yet.", Kind.WARNING))
    assert body["embeds"][0]["description"] == "⚠️ Careful: #3 is not funded yet."


def test_a_draft_too_long_for_a_field_is_shown_whole_under_the_text() -> None:
    draft = "Hello ACME,\n" + "I am following up on the design. " * 40
    body, files = payload(reply("Time to nudge.", Kind.REMINDER, title="#3 LP", draft=draft))
    card = body["embeds"][0]
    assert not card.get("fields")
    assert card["description"] == f"Time to nudge.\n\n**Draft to send:**\n```\n{draft}\n```"
    assert files == {}


def test_a_draft_too_long_even_for_the_description_is_cut_in_its_field_and_attached_whole() -> None:
    draft = "Hello ACME,\n" + "I am following up on the design. " * 130
    body, files = payload(reply("Time to nudge.", Kind.REMINDER, title="#3 LP", draft=draft))
    (field,) = body["embeds"][0]["fields"]
    assert len(field["value"]) <= 1024
    assert field["value"].startswith("```\nHello ACME,")
    assert field["value"].endswith("…\n```")
    assert draft.encode() in files["gig-3.txt"]


HOSTILE = (
    "```x``` **bold** __u__ ~~strike~~ ||spoiler|| :smile: [link](https://evil.test) <t:0:R> <:e:1>"
    "\n# head\n-# sub\n> quote\n1. list"
)


def test_typed_text_is_shown_literally_and_catalog_code_stays() -> None:
    """One rule: every markdown character of what people typed goes behind a backslash (Discord hides
    it), so the text reads as typed; the catalog's `code` spans render, commands in Discord's form."""
    body = f"Added {i18n.literal(HOSTILE)}. Run `/gig funded 3`."
    sent, _ = payload(reply(body))
    content = sent["content"]
    assert content.startswith(
        "Added \\`\\`\\`x\\`\\`\\` \\*\\*bold\\*\\* \\_\\_u\\_\\_ \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\|"
    )
    assert "\\:smile: \\[link\\](https://evil.test) \\<t\\:0:R> \\<\\:e:1>" in content
    assert "\n\\# head\n\\-# sub\n\\> quote\n1\\. list." in content
    assert content.endswith(". Run `/gig-stage funded id:3`.")
    assert i18n.OPEN not in content
    assert unescaped(content) == f"Added {HOSTILE}. Run `/gig-stage funded id:3`."


def unescaped(text: str) -> str:
    """What Discord shows: a backslash before punctuation is hidden (its markdown's escape rule)."""
    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", text)


def test_a_draft_is_pasted_as_typed_only_a_fence_inside_is_broken() -> None:
    draft = f"Hello {i18n.literal('*ACME* ```')},\nthe **new** design."
    sent, _ = payload(reply("Time to nudge.", Kind.REMINDER, title=i18n.literal("#3 **LP**"), draft=draft))
    card = sent["embeds"][0]
    assert card["title"] == "\\#3 \\*\\*LP\\*\\*"
    (field,) = card["fields"]
    assert field["value"] == "```\nHello *ACME* `\u200b``,\nthe **new** design.\n```"


def test_a_typed_backtick_inside_a_catalog_code_span_cannot_end_it() -> None:
    sent, _ = payload(reply(f"Unknown `{i18n.literal('a`b')}` command."))
    assert sent["content"] == "Unknown `aˋb` command."


def test_a_longer_backtick_run_in_a_draft_cannot_close_its_block() -> None:
    for run in ("````", "`````", "``````", "```````"):
        draft = f"Hello {i18n.literal(f'ACME {run} **x**')},\nthanks."
        sent, _ = payload(reply("Time to nudge.", Kind.REMINDER, title="#3", draft=draft))
        (field,) = sent["embeds"][0]["fields"]
        assert field["value"].startswith("```\n")
        assert field["value"].endswith("\n```")
        inner = field["value"][4:-4]
        assert "```" not in inner, run
        assert inner.replace("\u200b", "") == f"Hello ACME {run} **x**,\nthanks."
