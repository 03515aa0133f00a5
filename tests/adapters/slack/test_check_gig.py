"""`/gig check` with its `gig:` option through Slack: the option as the first or last word of the pasted
text reaches the check, a pasted text's own `word:` pairs stay its words, help shows the option, and the
message shortcut, which knows no gig, keeps the general advice."""

from __future__ import annotations

from bot.i18n.catalog import catalog
from tests.adapters.slack.conftest import Slack, shown
from tests.adapters.slack.test_messages import dm_message, shortcut

EN, JA = catalog("en"), catalog("ja")
JA_USER = "U0009"
MOVE_EN = "Let's move to Chatwork for the files."
MOVE_JA = "ファイルのやり取りはChatworkに移りましょう。"
FUNDED_EN = EN["check.gig.funded_move.text"].format(gig=1, title="LP", client="ACME", platform="CrowdWorks")
FUNDED_JA = JA["check.gig.funded_move.text"].format(
    gig=1, title="ロゴ", client="カイト", platform=JA["platform.crowdworks"]
)
CLEAN_EN = "\n\n".join([EN["check.clean_gig"], FUNDED_EN])
CLEAN_JA = "\n\n".join([JA["check.clean_gig"], FUNDED_JA])
WARNED_EN = ":warning: " + EN["check.found"].format(count=1)
WARNED_JA = ":warning: " + JA["check.found"].format(count=1)


def last(slack: Slack) -> str:
    return shown(slack.fake.of("response_url")[-1])


async def funded_gigs(slack: Slack) -> None:
    """A funded CrowdWorks gig #1 for an English and for a Japanese user."""
    slack.fake.locales[JA_USER] = "ja-JP"
    await slack.command('add "LP" client:ACME stage:funded')
    await slack.command('add "ロゴ" client:カイト stage:funded', user=JA_USER)


async def test_the_option_first_or_last_reaches_the_check_in_either_language(slack: Slack) -> None:
    await funded_gigs(slack)
    for text in (f"check gig:1 {MOVE_EN}", f"check {MOVE_EN} gig:1", f'check gig:"1" {MOVE_EN}'):
        await slack.command(text)
        assert last(slack) == CLEAN_EN, text
    for text in (f"check gig:1 {MOVE_JA}", f"check {MOVE_JA}\ngig:1", f"check gig：1 {MOVE_JA}"):
        await slack.command(text, user=JA_USER)
        assert last(slack) == CLEAN_JA, text
    # typed in the app's Messages tab, the same
    await slack.event(dm_message(f"check {MOVE_EN} gig:1"))
    assert shown(slack.fake.of("chat.postMessage")[-1]) == CLEAN_EN


async def test_a_pasted_texts_own_word_pairs_stay_its_words(slack: Slack) -> None:
    """`gig:1` inside the text, a first line `Note: ...` or `LINE:abc`, a `Gig:` heading: the message's
    words, checked as written (the move to Chatwork warned of, as for a gig not named), never an option
    nor an unknown-option error."""
    await funded_gigs(slack)
    pasted = [
        f"Re gig:1 {MOVE_EN}",
        f"{MOVE_EN} See gig:1 above.",
        f"Note: {MOVE_EN}",
        f"LINE:abc123\n{MOVE_EN}",
        f"Gig: logo design\n{MOVE_EN}",
        f"Gig:Logo\n{MOVE_EN}",
        f"{MOVE_EN}\nNote:",
    ]
    for text in pasted:
        await slack.command(f"check {text}")
        answer = last(slack)
        assert answer.startswith(WARNED_EN), text
        assert "“move to Chatwork”" in answer, text
        assert "About #1" not in answer, text
    await slack.command(f"check 備考: {MOVE_JA} gig:1は参考まで", user=JA_USER)
    answer = last(slack)
    assert answer.startswith(WARNED_JA)
    assert "#1（" not in answer


async def test_the_option_alone_is_no_text_to_check(slack: Slack) -> None:
    await funded_gigs(slack)
    await slack.command("check gig:1")
    assert last(slack).startswith(":x: ")
    assert "`/gig check TEXT [gig:ID]`" in last(slack)
    await slack.command("check gig:1", user=JA_USER)
    assert last(slack).startswith(":x: ")
    assert "`/gig check 本文 [gig:ID]`" in last(slack)


async def test_help_shows_the_option_in_either_language(slack: Slack) -> None:
    slack.fake.locales[JA_USER] = "ja-JP"
    await slack.command("help check")
    assert last(slack).startswith("`/gig check TEXT [gig:ID]`\n" + EN["help.check"])
    await slack.command("help check", user=JA_USER)
    assert last(slack).startswith("`/gig check 本文 [gig:ID]`\n" + JA["help.check"])


async def test_the_shortcut_knows_no_gig_and_says_nothing_of_one(slack: Slack) -> None:
    """A message that starts or ends with `gig:1` is someone's message, not an option: even with a funded
    gig #1 the shortcut gives the general advice and speaks of no gig."""
    await funded_gigs(slack)
    await slack.interact(shortcut(slack, f"gig:1 {MOVE_EN}"))
    await slack.interact(shortcut(slack, f"{MOVE_JA} gig:1", user=JA_USER))
    en, ja = (shown(r) for r in slack.fake.of("response_url")[-2:])
    assert en.startswith(WARNED_EN)
    assert ja.startswith(WARNED_JA)
    assert "About #1" not in en
    assert "#1（" not in ja
