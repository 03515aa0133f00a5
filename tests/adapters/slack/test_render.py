"""Escaping and splitting: any text fits Slack's block limits, and no entity is ever cut in half."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.render import POSTED_TEXT, chunks, clip, escape, message_blocks, text_size, unescape
from bot.messages import Kind, Message

TEXT = st.text(alphabet=st.sampled_from("ab &<>\n日"), max_size=400)
ENTITY_START = re.compile(r"&(?!amp;|lt;|gt;)")


@given(TEXT, st.integers(min_value=5, max_value=60))
def test_chunks_fit_and_keep_every_character(text: str, limit: int) -> None:
    pieces = chunks(text, limit)

    assert all(len(p) <= limit for p in pieces)
    assert not any(ENTITY_START.search(p) for p in pieces), "an entity was cut"
    assert not any(c in p for p in pieces for c in "<>")
    assert "".join(unescape(p) for p in pieces).replace("\n", "") == text.replace("\n", "")


@given(TEXT, st.integers(min_value=5, max_value=60))
def test_clip_fits_and_marks_a_cut(text: str, limit: int) -> None:
    clipped = clip(text, limit)

    assert len(clipped) <= limit
    assert not ENTITY_START.search(clipped)
    if clipped == escape(text):
        return
    assert clipped.endswith("…")
    assert text.startswith(unescape(clipped[:-1]))


@given(TEXT)
def test_unescape_undoes_escape_in_one_pass(text: str) -> None:
    assert unescape(escape(text)) == text
    assert unescape("&amp;lt;") == "&lt;"


def test_a_posted_message_keeps_within_the_text_slack_takes_and_marks_the_cut() -> None:
    body = "\n".join(f"#{i} a gig with a long enough title, waiting on the client" for i in range(400))
    message = Message(kind=Kind.REPLY, lang="en", body=body)

    posted = message_blocks(message, budget=POSTED_TEXT)
    assert text_size(posted) <= POSTED_TEXT
    assert posted[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "…"}]}
    assert text_size(message_blocks(message)) > POSTED_TEXT, "a response_url takes it all"
