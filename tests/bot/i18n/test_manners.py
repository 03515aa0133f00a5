"""Manners of the Japanese texts: a client is named with 様 wherever a text addresses or mentions
them (a command to type, in `code`, keeps the name as the user wrote it)."""

from __future__ import annotations

import re

from bot.i18n.catalog import catalog

CODE_SPAN = re.compile(r"`[^`]*`")


def test_every_japanese_text_naming_the_client_says_sama() -> None:
    naming = {k: CODE_SPAN.sub("", t) for k, t in catalog("ja").items() if "{client}" in t}
    assert len(naming) > 50  # the drafts, reminders, replies and reports that name a client
    bare = {k: t for k, t in naming.items() if re.search(r"\{client\}(?!様)", t)}
    assert bare == {}


def test_no_japanese_text_calls_a_platform_message_a_written_document() -> None:
    """書面 is a document (an email counts, for a direct client's terms); a message on a platform is
    asked to state things, not to be made into 書面 (「メッセージで書面にしてもらいましょう」)."""
    odd = {k: t for k, t in catalog("ja").items() if re.search(r"メッセージ[^。、]{0,4}で書面", t)}
    assert odd == {}
