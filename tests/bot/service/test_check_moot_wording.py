"""A check whose first sign settles the message says of each later sign that nothing is left to look into;
the second such sign points back to the first in a sentence that reads as people write it."""

from __future__ import annotations

import pytest

from tests.bot.service import stories
from tests.bot.service.stories import LANGS, at, say

# A fee asked of the reader (it settles the message), then bait pay, then work told only after joining.
FEE = {
    "en": "Easy work from your phone, $900 per week! First pay the $40 registration fee. "
    "Details after you join.",
    "ja": "スマホだけの簡単作業で月収50万円！まずは登録料5,000円をお振込みください。"
    "お仕事の内容は登録後にお伝えします。",
}
# What the third sign's advice says, after the item's "What to do:" label.
AGAIN = {
    "en": "What to do: Nothing to look into here either, as with sign 2.",
    "ja": "対処法：2番と同じく、こちらも調べるまでもありません。",
}


@pytest.mark.parametrize("code", LANGS)
async def test_a_second_moot_sign_points_back_in_a_natural_sentence(code: str) -> None:
    """The third sign's advice read 'What to do: As for sign 2: nothing to look into.', two clipped
    phrases run together; it now says 'Nothing to look into here either, as with sign 2.'"""
    lines = [say("u", f"/gig check {FEE[code]}", at(12, 1, 10))]
    text = (await stories.replies_at(code, lines, at(12, 1, 11)))[at(12, 1, 10)]
    assert text.splitlines().count(AGAIN[code]) == 1, text
