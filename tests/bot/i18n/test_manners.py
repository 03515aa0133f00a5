"""Manners of the Japanese texts: a client is named with 様 wherever a text addresses or mentions
them (a command to type, in `code`, keeps the name as the user wrote it)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.i18n.catalog import catalog

CODE_SPAN = re.compile(r"`[^`]*`")
JA = Path(__file__).parents[3] / "bot" / "i18n" / "ja"
REVIEWED = sorted(JA.glob("*.toml"))


def _texts(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for name, value in table.items():
        if isinstance(value, Mapping):
            yield from _texts(value, f"{prefix}{name}.")
        elif isinstance(value, str):
            yield f"{prefix}{name}", value


def _reviewed() -> dict[str, str]:
    return {
        f"{path.stem}:{key}": text
        for path in REVIEWED
        for key, text in _texts(tomllib.loads(path.read_text("utf-8")))
    }


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


def test_no_japanese_text_calls_the_user_anata_as_a_topic_or_object() -> None:
    """A native writer leaves the reader unnamed: 「案件一覧」, not 「あなたの案件」; 「記録されている経緯と
    食い違います」, not 「あなたの経緯の記録と」; 「〜が支払われます」, not 「あなたへ支払われます」;
    「ご自身に★1の評価がつきます」, not 「あなたに」. A contrast that needs the word (「あなた専用」)
    stays."""
    texts = _reviewed()
    assert len(texts) > 500
    odd = {k: t for k, t in texts.items() if re.search(r"あなた[のはをへに]", t)}
    assert odd == {}


def test_no_japanese_text_drops_into_plain_style() -> None:
    """Messages to the user are in です/ます; a sentence ending in だ or である breaks the register."""
    texts = _reviewed()
    odd = {k: t for k, t in texts.items() if re.search(r"(?<!ま)(?:だ|である|だった|であった)[。！？]", t)}
    assert odd == {}
