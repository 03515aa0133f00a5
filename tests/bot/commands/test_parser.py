"""The grammar-driven parser: how text becomes a typed command, and how bad text is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import compose
from bot.commands.parser import parse, tokenize
from bot.domain.stages import Stage
from bot.errors import CommandError


def test_quotes_of_several_scripts_group_words_also_after_a_key() -> None:
    cmd = parse('/gig add 「LP制作 第2弾」 client:"Big Co" stage:contracted')
    assert cmd.name == "add"
    assert cmd.args["title"] == "LP制作 第2弾"
    assert cmd.args["client"] == "Big Co"
    assert cmd.args["stage"] is Stage.CONTRACTED


def test_unquoted_title_words_join_and_full_width_input_is_normalised() -> None:
    cmd = parse("gig add LP design client：ACME amount:８００００ since:３d")
    assert cmd.args["title"] == "LP design"
    assert cmd.args["client"] == "ACME"
    assert cmd.args["amount"] == 80000
    assert cmd.args["since"].ago == timedelta(days=3)


def test_a_note_keeps_links_and_prose_colons_but_a_misspelt_option_is_refused() -> None:
    note = parse("/gig change 1 colours: red, see https://example.test/brief")
    assert note.args["description"] == "colours: red, see https://example.test/brief"
    with pytest.raises(CommandError) as err:
        parse("/gig add LP client:ACME platfrom:lancers")
    assert err.value.key == "error.unknown_option"
    assert err.value.params["option"] == "platfrom"


def test_a_flag_word_is_a_flag_before_the_note_and_text_inside_it() -> None:
    assert parse("/gig terminate 2 confirm").args == {"id": 2, "confirm": True}
    inside = parse("/gig terminate 2 client asked me to confirm").args
    assert inside == {"id": 2, "note": "client asked me to confirm"}


def test_a_plain_choice_error_lists_the_choices_in_the_users_language() -> None:
    with pytest.raises(CommandError) as err:
        parse("/gig timeline #1 pdf")
    assert err.value.key == "error.bad_value"
    assert "md, csv, json" in compose.error("en", err.value.key, dict(err.value.params)).body
    japanese = compose.error("ja", err.value.key, dict(err.value.params)).body
    assert "md、csv、json、証拠資料のいずれか" in japanese


def test_a_left_over_word_that_one_option_takes_is_offered_as_that_option() -> None:
    """`/gig list 2` means page 2: the error says how to write it, in each language."""
    with pytest.raises(CommandError) as err:
        parse("/gig list 2")
    assert err.value.key == "error.extra_arg_option"
    for lang in ("en", "ja"):
        assert "`page:2`" in compose.error(lang, err.value.key, dict(err.value.params)).body


@pytest.mark.parametrize(
    ("text", "option"),
    [("/gig paid 1 200", "amount"), ("/gig delivered 1 3d", "since")],
)
def test_a_lone_word_in_a_note_that_an_option_takes_is_asked_about_not_stored(text: str, option: str) -> None:
    """`/gig paid 1 200` closed the gig as paid in full with "200" as its note; the user meant a part
    payment. A lone word that one missing option takes is asked about; in quotes, or among other words,
    it is a note."""
    with pytest.raises(CommandError) as err:
        parse(text)
    assert err.value.key == "error.note_option"
    extra = text.rsplit(" ", 1)[1]
    for lang in ("en", "ja"):
        assert f"`{option}:{extra}`" in compose.error(lang, err.value.key, dict(err.value.params)).body
    assert parse('/gig paid 1 "200"').args == {"id": 1, "note": "200"}
    assert parse("/gig paid 1 200 via bank").args == {"id": 1, "note": "200 via bank"}


def test_active_hours_across_midnight_are_refused_with_the_way_to_write_them() -> None:
    with pytest.raises(CommandError) as err:
        parse("/gig settings hours:22-06")
    assert err.value.params["hint"] == "hint.hours_overnight"
    english = compose.error("en", err.value.key, dict(err.value.params)).body
    assert "cross midnight" in english
    assert "00-24" in english
    assert "a valid active hours" not in english


@pytest.mark.parametrize(
    ("written", "hours"),
    [("2.5", 2.5), ("3", 3.0), ("90m", 1.5), ("2h", 2.0), ("2時間", 2.0), ("90分", 1.5), ("２ｈ", 2.0)],
)
def test_hours_worked_are_a_number_of_hours_or_a_span(written: str, hours: float) -> None:
    assert parse(f"/gig log 1 {written} wireframe").args == {"id": 1, "hours": hours, "note": "wireframe"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("/gig log 1 2x", "error.bad_value"),
        ("/gig frobnicate 1", "error.unknown_command"),
        ("/gig show", "error.missing_arg"),
        ("/gig show one", "error.bad_value"),
        ("/gig show 1 2", "error.extra_args"),
        ('/gig add "LP client:ACME', "error.unbalanced_quote"),
        ("/gig add LP client:A client:B", "error.duplicate_option"),
        ("/gig snooze 1 3y", "error.bad_value"),
        ("/gig add " + "x" * 201 + " client:A", "error.too_long"),
        ("/gig add LP client:A since:2026-13-01", "error.bad_value"),
        ("/gig settings tz:Mars/Olympus", "error.bad_value"),
        ("/gig settings nudge:soon", "error.bad_value"),
    ],
)
def test_bad_text_is_refused_with_the_reason(text: str, key: str) -> None:
    with pytest.raises(CommandError) as err:
        parse(text)
    assert err.value.key == key


def test_a_word_after_an_unquoted_text_option_that_could_be_its_value_is_asked_about() -> None:
    """`"Logo" client:Hoshi Studio` once stored client "Hoshi" and title "Logo Studio": a word after an
    unquoted text value that could only join a text closed in quotes (or nothing) may be the value's."""
    for text in (
        '/gig add "Logo" client:Hoshi Studio',
        "/gig add 「ロゴ」 client:星 スタジオ stage:funded",
        "/gig edit 1 client:Hoshi Studio",
        "/gig terms 1 work:logo design fee:50000",
        "/gig add Translation client:Bolt KK amount:120000",  # "Hello Bolt," opened every draft
        "/gig add LP制作 client:山田 商事 stage:funded",
    ):
        with pytest.raises(CommandError) as err:
            parse(text)
        assert err.value.key == "error.unquoted_value", text
    params = dict(parse_error('/gig add "Logo" client:Hoshi Studio').params)
    assert compose.error("en", "error.unquoted_value", params).body == (
        'Is "Studio" part of `client:`? Put a value with spaces in quotes, like `client:"Hoshi Studio"`.'
    )
    # Where the words can only be the text's, or the value is quoted, nothing is asked.
    assert parse("/gig add client:Hoshi Logo design").args["title"] == "Logo design"
    assert parse('/gig add Logo client:"Hoshi Studio" stage:funded').args["client"] == "Hoshi Studio"
    assert parse("/gig add Logo client:A stage:funded design").args["title"] == "Logo design"
    assert parse('/gig add "Logo" client:Hoshi "Studio"').args["title"] == "Logo Studio"


def parse_error(text: str) -> CommandError:
    with pytest.raises(CommandError) as err:
        parse(text)
    return err.value


def test_tokenize_marks_quoted_values_and_keys() -> None:
    tokens = tokenize("a key:\"b c\" 'd'")
    assert [(t.key, t.value, t.quoted) for t in tokens] == [
        (None, "a", False),
        ("key", "b c", True),
        (None, "d", True),
    ]


def test_option_names_in_any_case_or_width_and_colons_in_prose() -> None:
    assert parse("/gig add LP Client:ACME Stage:契約").args["stage"] is Stage.CONTRACTED
    assert parse("/gig add LP ｃｌｉｅｎｔ：ACME ＳＴＡＧＥ：funded").args["stage"] is Stage.FUNDED
    # a "key" that is no option name is text: a Japanese label with a colon, a time of day
    assert parse("/gig heard 1 メモ：明日10:30に電話").args["note"] == "メモ：明日10:30に電話"
    assert parse("/gig sent 1 call at 10:30").args["note"] == "call at 10:30"


def test_check_reads_its_option_only_as_a_first_or_last_word_that_it_can_take() -> None:
    """Pasted text keeps its own words: a `gig:` inside it, a `Note:` or `LINE:abc`, a heading
    "Gig:Logo", a Japanese sentence run together with `gig:1`; only a gig id first or last is the option."""
    assert parse("/gig check gig:3 Move to LINE").args == {"text": "Move to LINE", "gig": 3}
    assert parse("/gig check Move to LINE\ngig:#3").args == {"text": "Move to LINE", "gig": 3}
    for pasted in (
        "Re gig:3 move to LINE",
        "Note: move to LINE",
        "LINE:abc\nAdd me",
        "Gig:Logo design, move to LINE",
        "LINEで連絡ください。gig:1は参考まで",
        "備考：gig:2の件です",
    ):
        assert parse(f"/gig check {pasted}").args == {"text": pasted}, pasted
    assert parse("/gig check gig:2 LINEで連絡ください。gig:1は参考まで").args == {
        "text": "LINEで連絡ください。gig:1は参考まで",
        "gig": 2,
    }
    with pytest.raises(CommandError) as twice:
        parse("/gig check gig:2 Move to LINE gig:3")
    assert twice.value.key == "error.duplicate_option"
