"""A conversation that feels native in Japanese, through the real Service and database: input in the
user's own words, errors that name the argument in Japanese with an example that fits it, "did you
mean", settings in Japanese words, help that fits a DM, and the language kept after forget-me."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.commands.grammar import GRAMMAR
from bot.commands.parser import parse
from bot.i18n import catalog as i18n
from bot.messages import Kind
from bot.service import Service
from storage import SqlStore
from tests.bot.harness import JAPANESE, body, dump, gig_row, jst, ok, pending, refused
from tests.conftest import actor

AIKO = actor("aiko")
BEN = actor("ben")
CODE_SPAN = re.compile(r"`[^`]*`")


async def japanese(service: Service) -> None:
    await ok(service, AIKO, "/gig settings lang:日本語")


async def test_the_issues_refused_inputs_are_understood(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    await japanese(service)
    added = await ok(
        service, AIKO, "/gig add 「LP制作」 client:山田商事 stage:契約済み platform:ランサーズ since:11/20"
    )
    assert all(r.message.lang == "ja" for r in added.replies)
    gig = await gig_row(store, AIKO, 1)
    assert (gig["stage"], gig["platform"]) == ("contracted", "lancers")
    assert gig["waiting_since"] == int(jst(2026, 11, 20).timestamp())  # 11/20: this year's, the most recent
    await ok(service, AIKO, "/gig add ロゴ client:佐藤 platform:らんさーず since:３日前")
    assert (await gig_row(store, AIKO, 2))["waiting_since"] == int(
        (clock.now() - timedelta(days=3)).timestamp()
    )
    await ok(service, AIKO, "/gig add バナー client:鈴木 since:昨日")
    assert (await gig_row(store, AIKO, 3))["waiting_since"] == int(jst(2026, 11, 19).timestamp())

    before = (await pending(store, AIKO, 1))[0].due
    await ok(service, AIKO, "/gig snooze 1 3日")
    assert (await pending(store, AIKO, 1))[0].due >= clock.now() + timedelta(days=3)
    await ok(service, AIKO, "/gig snooze 1 1週間")
    assert (await pending(store, AIKO, 1))[0].due >= max(before, clock.now() + timedelta(days=7))

    saved = body(await ok(service, AIKO, "/gig settings days:月-金 hours:9時〜20時 nudge:2営業日"))
    assert "稼働日 月〜金" in saved
    assert "通知時間帯 9:00〜20:00" in saved
    assert "催促メッセージは2営業日後" in saved
    await ok(service, AIKO, "/gig vet 山田商事 verified:はい")
    reported = body(await ok(service, AIKO, "/gig report 山田商事 バックレ"))
    assert "「音信不通」" in reported
    await ok(service, AIKO, "/gig add 「LP」 client:田中 stage:契約済み")
    received = body(await ok(service, AIKO, "/gig incoming 4 途中終了"))
    assert received.startswith("#4に記録しました")
    done = body(await ok(service, AIKO, "/gig done 1 催促"))
    assert "「催促メッセージ」" in done
    # 明日 is understood, and refused for what it means: since: cannot be in the future
    error = await refused(service, AIKO, "/gig add X client:Y since:明日")
    assert error.text() == i18n.t("ja", "error.future_since")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the hours of `log` are hours worked: the example is a number of hours, never an amount
        (
            "/gig log 1 abc",
            "「abc」は作業時間として正しくありません。0より大きく744以下の時間数を指定してください（例：2.5、90分）。",
        ),
        (
            "/gig add X client:Y since:20/11",
            "「20/11」は返信が途絶えた時点（`since:`）として正しくありません。"
            "月/日の順に書いてください。11月20日なら 11/20、または 2026-11-20 です。",
        ),
        (
            "/gig add X client:Y stage:けいやk",
            "「けいやk」はステージ（`stage:`）として正しくありません。"
            "相談中、契約済み、仮払い済み、納品済み、検収済み、支払い済み、途中終了、辞退のいずれかを指定してください。"
            "「契約済み」のことですか？",
        ),
        (
            "/gig add X client:Y platfrom:lancers",
            "`add` に「platfrom」というオプションはありません。`platform:` のことですか？"
            "使い方：`/gig add タイトル client:クライアント名 "
            "[platform:プラットフォーム] [stage:ステージ] "
            "[since:日時] [amount:数値] [rate:数値] [url:URL] [pay_by:日付] [funded:yes|no] "
            "[currency:JPY|USD] [lang:ja|en]`",
        ),
        (
            "/gig lst",
            "「lst」というコマンドはありません。`/gig list` のことですか？`/gig help` で一覧を確認できます。",
        ),
        (
            "/gig 納品済み 1",
            "「納品済み」というコマンドはありません。`/gig delivered` のことですか？"
            "`/gig help` で一覧を確認できます。",
        ),
        (
            "/gig snooze 1 そのうち",
            "「そのうち」は期間として正しくありません。"
            "3日、1週間、2時間、90分（または 3d、2w）、「明日」「3日後」「来週」、"
            "あるいは 12/3、12月3日、来週月曜、明日15時 のようなこれから先の日や日時で指定してください。",
        ),
        ("/gig show", "`show` には案件番号の指定が必要です。使い方：`/gig show ID`"),
        # codes in the handlers' refusals are named in Japanese too
        (
            "/gig incoming 1 返金",
            "回答期限のあるマイルストーンに入金した資金の返金リクエストはUpworkの機能です。"
            "#1のプラットフォームはクラウドワークスです。"
            "クラウドワークスでクライアントから届くのは次の申請です：途中終了。",
        ),
        (
            "/gig done 1 自動支払い",
            "「自動支払いの確認」はクラウドワークスの対応ステップに含まれていません。",
        ),
        (
            "/gig report 山田 失礼",
            "「失礼」は通報の理由として正しくありません。"
            "音信不通、未払い、支払い遅延、外部誘導、仕様変更、報復評価、詐欺のいずれかを指定してください。",
        ),
    ],
)
async def test_errors_read_as_japanese_and_change_nothing(
    service: Service, store: SqlStore, text: str, expected: str
) -> None:
    await japanese(service)
    await ok(service, AIKO, "/gig add LP client:ACME stage:contracted")
    before = await dump(store)
    error = await refused(service, AIKO, text)
    assert error.text() == expected
    assert await dump(store) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "/gig log 1 abc",
            '"abc" is not a valid number of hours worked: hours between 0 and 744, like 2.5 or 90m.',
        ),
        (
            "/gig lst",
            'I don\'t know the command "lst". Did you mean `/gig list`? `/gig help` lists the commands.',
        ),
        (
            "/gig add X client:Y stage:contrcted",
            '"contrcted" is not a valid stage (`stage:`): one of negotiating, contracted, funded, delivered, '
            "accepted, paid, terminated, withdrawn. Did you mean contracted?",
        ),
        (
            "/gig settings hour:9-18",
            '`settings` has no option "hour". Did you mean `hours:`? '
            "Usage: `/gig settings [tz:TZ] [lang:ja|en] "
            "[hours:HOURS] [days:DAYS] [holidays:HOLIDAYS] [platform:PLATFORM] [weekly:on|off] "
            "[STEP:OFFSET]`",
        ),
    ],
)
async def test_english_errors_suggest_too(service: Service, text: str, expected: str) -> None:
    await ok(service, BEN, "/gig add LP client:ACME stage:contracted")
    assert (await refused(service, BEN, text)).text() == expected


@pytest.mark.parametrize("lang", ["en", "ja"])
async def test_help_fits_a_dm_and_every_command_shows_distinct_examples_that_work(
    service: Service, lang: str
) -> None:
    who = AIKO if lang == "ja" else BEN
    if lang == "ja":
        await japanese(service)
    overview = body(await ok(service, who, "/gig"))
    assert overview == body(await ok(service, who, "/gig help"))
    assert len(overview) <= 800
    commands = re.findall(r"`(/gig [^`]+)`", overview)
    assert len([c for c in commands if c not in ("/gig help add", "/gig help all")]) == 5
    for line in commands:
        parse(line)
    for spec in GRAMMAR:
        shown = body(await ok(service, who, f"/gig help {spec.name}"))
        assert i18n.t(lang, spec.help_key) in shown
        header = i18n.t(lang, "help.examples")
        examples = re.findall(r"^`(/gig [^`]+)`$", shown.split(f"\n{header}\n", 1)[1], re.M)
        assert len(examples) == (2 if spec.args else 1), spec.name  # `/gig money` has one form
        assert len(set(examples)) == len(examples), f"{spec.name} shows an example twice"
        for example in examples:
            assert parse(example).name == spec.name, example
        assert len(shown) <= 800, spec.name
        if lang == "ja":
            assert JAPANESE.search(CODE_SPAN.sub("", shown)), spec.name
    if lang == "ja":  # placeholders in Japanese
        assert body(await ok(service, who, "/gig help add")).startswith(
            "`/gig add タイトル client:クライアント名"
        )


async def test_forgotten_user_is_answered_in_the_language_the_platform_reports(
    service: Service, store: SqlStore
) -> None:
    """After forget-me nothing is stored; the next reply's language is the platform's locale (Slack's
    users.info, Discord's interaction, the terminal), which the adapter passes with every command."""
    hanako = actor("hanako")
    platform_ja = type(hanako)("test", "hanako", "Hanako", locale="ja-JP")
    await ok(service, hanako, "/gig settings lang:ja")
    gone = await ok(service, hanako, "/gig forget-me confirm")
    assert gone.replies[0].message.lang == "ja"
    assert (await dump(store))["users"] == []
    listed = await ok(service, platform_ja, "/gig list")
    assert listed.replies[0].message.lang == "ja"
    assert listed.replies[0].message.kind is Kind.REPLY


async def test_a_since_without_a_year_typed_in_january_is_last_years(
    service: Service, clock: VirtualClock, store: SqlStore
) -> None:
    clock.set(datetime(2027, 1, 2, 10, 0, tzinfo=jst(2027, 1, 2).tzinfo))
    await japanese(service)
    await ok(service, AIKO, "/gig add LP client:ACME stage:contracted since:12/30")
    assert (await gig_row(store, AIKO, 1))["waiting_since"] == int(jst(2026, 12, 30).timestamp())
    await ok(service, AIKO, "/gig add Logo client:ACME stage:contracted since:12月30日 15時")
    assert (await gig_row(store, AIKO, 2))["waiting_since"] == int(jst(2026, 12, 30, 15).timestamp())
