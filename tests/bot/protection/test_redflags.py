"""The red-flag check's reading of a message: normalisation, clause scope and negation, the message's
context (escrow already funded), the model's quotes, and the fast whole-text search of the rules."""

from __future__ import annotations

import re

import pytest

from bench._redflags_corpus import Sample
from bench.redflags_train import Config, thresholds
from bot.protection.model import Limits, Model, model, ngrams, word_grams
from bot.protection.prefilter import fast_search, needs
from bot.protection.redflags import (
    QUOTE_CHARS,
    check,
    flag_codes,
    load_reply_plan,
    load_rules,
    rule_verdicts,
    where_of,
)
from bot.protection.text import LANGUAGES, fold, language


def codes(text: str) -> list[str]:
    return [f.code for f in check(text)]


def unset(flags: int) -> dict[str, Limits]:
    """Thresholds at zero and no vetoes, in every language."""
    return {lang: Limits((0.0,) * flags) for lang in LANGUAGES}


def whole_words(quote: str, text: str) -> bool:
    """Whether the quote is in the text and, where the text has spaces, not cut inside a word."""
    if " " not in text:
        return quote in text
    return re.search(rf"(?<!\w){re.escape(quote)}(?!\w)", text) is not None


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("「ＬＩＮＥ」で連絡", "lineで連絡"),  # brackets that only frame a word are dropped
        ("“Telegram” me", "telegram me"),
        ("don’t", "don't"),  # typographic apostrophes read as ASCII
        ("ｺｳﾆｭｳｼﾃｸﾀﾞｻｲ", "こうにゅうしてください"),
        ("*send* your `password` **now**", "send your password now"),  # a chat's bold and code marks
    ],
)
def test_folding_drops_framing_quotes_and_unifies_apostrophes(text: str, folded: str) -> None:
    assert fold(text).text == folded


def test_a_quote_keeps_the_senders_brackets_whole_and_words_in() -> None:
    """Both brackets or neither: "ＬＩＮＥ」で連絡ください" would misquote the sender with a stray 」."""
    [finding] = [f for f in check("「ＬＩＮＥ」で連絡ください") if f.code == "offplatform_contact"]
    assert finding.quotes == ("「ＬＩＮＥ」で連絡ください",)


@pytest.mark.parametrize(
    ("request_text", "prohibition"),
    [
        ("Please send your password and your passport scan.", "Never send your password or passport scan."),
        ("You need to buy the starter kit first.", "You don't need to buy the starter kit first."),
        ("パスワードを送ってください。", "パスワードは送らないでください。"),
        ("身分証の画像を送ってください。", "身分証の画像を送っていただく必要はありません。"),
        ("教材を購入してください。", "教材の購入、登録料のお支払いは一切ございません。"),
    ],
)
def test_a_prohibition_is_not_a_request(request_text: str, prohibition: str) -> None:
    assert codes(request_text)
    assert not rule_verdicts(prohibition)[0]
    assert not codes(prohibition)  # nor does the model raise what the rules cleared


def test_a_cleared_look_alike_cannot_be_raised_by_the_model() -> None:
    flagged, cleared = rule_verdicts("We never need your password or your ID card.")
    assert not flagged
    assert "personal_info" in cleared


def test_negation_reaches_only_its_own_clause_in_english() -> None:
    assert codes("Don't worry, just send your passport scan and your home address.") == ["personal_info"]


def test_a_client_who_pays_a_fee_is_not_asking_for_one() -> None:
    found = codes("ココナラだと手数料が引かれるので、PayPalで直接お支払いしますね。")
    assert found == ["offplatform_payment"]
    assert "purchase_request" in codes("登録手数料として3,000円をお支払いください。")
    # Paying the worker by bank transfer is off the platform, not a fee the worker pays.
    assert codes("I will pay you by bank transfer to avoid the CrowdWorks fee.") == ["offplatform_payment"]
    assert "purchase_request" in codes("Send $30 for account verification first, then you get paid.")
    # "We pay" as a time is no client covering the fee, nor is paying the worker back for it.
    assert codes("Before we pay, you need to pay a $50 registration fee.") == ["purchase_request"]
    assert "purchase_request" in codes(
        "Pay the $40 activation fee now and we will pay you back with your first salary."
    )
    assert codes("We will pay the registration fee for you.") == []


def test_talking_about_scams_is_not_running_one() -> None:
    assert not rule_verdicts("Write an article on how to avoid scams that ask for an upfront fee.")[0]
    assert not rule_verdicts("副業詐欺の手口として「最初に教材を購入」させる例を解説してください。")[0]


@pytest.mark.parametrize(
    "text",
    [
        "I have funded the milestone. Feel free to add me on Skype for quick questions.",
        "仮払いが完了しました。以降の連絡はチャットワークでお願いします。",
        "Do not start until the milestone is funded; after that, send the first draft.",
        "契約後、仮払いを確認してから作業を開始してください。",
    ],
)
def test_escrow_funded_anywhere_clears_the_before_escrow_flags(text: str) -> None:
    assert not {"offplatform_contact", "work_before_escrow"} & set(codes(text))


def test_escrow_still_to_come_does_not_clear_them() -> None:
    assert "work_before_escrow" in codes("Please start the logo now; the contract will come later next week.")
    assert "work_before_escrow" in codes("Start today, before the escrow is funded, and send me a draft.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I can pay you a lot more if we skip Upwork. Western Union is fine.", "offplatform_payment"),
        ("サイトを通さず、直接お振込みでお支払いしたいです。", "offplatform_payment"),
        ("Easy task, good pay. Details will be shared after you accept the offer.", "vague_job"),
        ("お仕事の内容は契約後にお伝えします。", "vague_job"),
        ("Write 2 sample articles for free; if they are good we hire you long term.", "work_before_escrow"),
        (
            "テストなので報酬はありませんが、合格者には継続で依頼します。記事を1本書いてください。",
            "work_before_escrow",
        ),
    ],
)
def test_the_new_flags_and_unpaid_trials(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Urgent: 60 data entry workers needed, apply today.", "mass_recruiting"),
        ("Openings: unlimited. Everyone who applies gets accepted.", "mass_recruiting"),
        ("Step 1: buy our starter guide for $39. Step 2: get jobs.", "info_product"),
        ("Once the demo works we'll sign the contract.", "work_before_escrow"),
        ("Escrow comes next month. In the meantime please start on the banner.", "work_before_escrow"),
        ("First task: proofread 3 pages for free as a test.", "work_before_escrow"),
        ("What you'll be doing is confidential for now.", "vague_job"),
        ("Please share your tax ID and a bank statement.", "personal_info"),
        ("Tell me the verification code you just received.", "personal_info"),
        ("成果物の納品確認後に契約を締結いたします。", "work_before_escrow"),
        ("登録料2,000円でどなたでも始められます。", "purchase_request"),
        ("サイトの決済は使わないで、直で送金させてください。", "offplatform_payment"),
    ],
)
def test_rules_read_general_wordings(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "We'll send you the product sample for free.",  # a gift, not unpaid work
        "Once the paid trial is approved we'll sign the full contract.",
        "受講料は19,800円です。",  # a course's fee is an info product, not a purchase request
        "登録料は無料です。",
        "お支払いはサイトの決済でお願いします。",
    ],
)
def test_their_look_alikes_are_left_alone(text: str) -> None:
    raised = rule_verdicts(text)[0]
    assert not raised & {"work_before_escrow", "purchase_request", "offplatform_payment"}


def test_every_flag_quotes_the_words_that_raised_it() -> None:
    text = "Hi! Simple online work, very easy. We can talk more once you are hired, I promise."
    for finding in check(text):
        assert finding.quotes
        assert all(q and (q in text or q.rstrip("…") in text) for q in finding.quotes)


def test_a_bare_short_word_is_not_quoted_beside_a_telling_one() -> None:
    [finding] = check("Before I hire you, please do a free test: design 3 logos.")
    assert finding.quotes == ("Before I hire", "please do a free test")


def test_the_model_alone_quotes_the_sentence_with_its_evidence() -> None:
    judge = model()
    assert judge.flags == flag_codes()
    assert len(judge.packed) <= Config().max_grams  # the trainer keeps only the heaviest
    folded = fold("Our accountant prefers to settle by bank transfer outside the site to save fees.").text
    scores = judge.logits(folded)
    assert len(scores) == len(judge.flags)
    k = judge.flags.index("offplatform_payment")
    assert scores[k] > judge.logits(fold("Please deliver the logo by Friday.").text)[k]
    evidence = judge.evidence("offplatform_payment", judge.features(folded)[0])
    assert evidence
    assert all(g in folded for g in evidence)


def test_a_model_file_must_have_one_weight_per_flag() -> None:
    with pytest.raises(ValueError, match="one weight per flag"):
        Model.build(("a", "b"), (1,), (0.0, 0.0), unset(2), {"x": (1.0,)})
    with pytest.raises(ValueError, match="one threshold per flag"):
        Model.build(("a", "b"), (1,), (0.0, 0.0), unset(1), {"x": (1.0, 1.0)})
    tiny = Model.build(("a",), (1, 2), (0.5,), unset(1), {"ab": (2.0,)})
    assert ngrams("abc", (1, 2)) == {"a", "b", "c", "ab", "bc"}
    assert tiny.logits("ab")[0] == pytest.approx(0.5 + 2.0 * 3**-0.5)
    assert tiny.raised(tiny.logits("ab"), "en") == ["a"]
    assert Model.from_json(tiny.to_json()) == tiny
    assert tiny.logits("xy") == tiny.bias  # no known n-gram: the bias alone
    many = Model.build(("a", "b"), (1,), (0.0, 0.0), unset(2), {c: (-999.999, 999.999) for c in "xyz"})
    assert many.logits("xyz") == pytest.approx((-2999.997 * 3**-0.5, 2999.997 * 3**-0.5))
    # Fields are as wide as the weights need, signed: large weights and borrows between flags sum exactly.
    signed = Model.build(
        ("a", "b", "c"), (1,), (0.0,) * 3, unset(3), {"x": (-5.0, 3.0, -1e4), "y": (2.0, -7.5, 1e4)}
    )
    assert signed.logits("x") == (-5.0, 3.0, -1e4)
    assert signed.logits("xy") == pytest.approx((-3.0 * 2**-0.5, -4.5 * 2**-0.5, 0.0))
    # Stored packed (weights to three decimals), loaded as they were.
    assert Model.from_json(signed.to_json()) == signed
    assert Model.from_json(signed.to_json()) != Model.build(
        ("a", "b", "c"), (1,), (0.0,) * 3, unset(3), {"x": (-5.0, 3.0, -1e4), "y": (2.0, -7.5, 9999.0)}
    )
    assert Model.build(("a",), (1,), (0.0,), unset(1), {"x": (0.12345,)}).logits("x") == (0.123,)


def test_the_model_reads_no_marketplace_name() -> None:
    """Which marketplace a message names is no evidence either way: the model scores the text with the
    name blanked, as it was trained, so a name common in the corpus's look-alikes does not overrule a rule."""
    judge = model()
    assert {"coconala", "upwork", "ここなら"} <= set(judge.unnamed)
    base = judge.logits(fold("Found you on Upwork. Do a free sample first.").text)
    for name in ("Coconala", "Lancers", "CrowdWorks", "Fiverr"):
        assert judge.logits(fold(f"Found you on {name}. Do a free sample first.").text) == base
    assert judge.logits(fold("ココナラで見ました").text) == judge.logits(fold("ランサーズで見ました").text)
    assert {f.code for f in check("Found you on Coconala. Do a free sample first.")} == {"work_before_escrow"}
    tiny = Model.build(("a",), (1,), (0.0,), unset(1), {"x": (1.0,), " ": (-1.0,)}, unnamed=("xyz",))
    assert tiny.logits("xyz") == tiny.logits(" ")
    assert Model.from_json(tiny.to_json()) == tiny


@pytest.mark.parametrize(
    "text",
    [
        "found you on coconala. do a free sample",
        "upworkupwork",
        "ここならで見ました、らんさーずでも",
        "plain text",
    ],
)
def test_one_pass_gives_the_rules_and_the_model_their_n_grams(text: str) -> None:
    """The rules' gates get every n-gram of the text (a superset may only search more), the model those
    of the text with the names blanked."""
    judge = model()
    gates, read, grams = judge.char_grams(text)
    assert read == judge.read(text)
    assert grams == ngrams(read, judge.sizes)
    assert gates >= ngrams(text, judge.sizes)


def test_word_grams_are_runs_of_words_apart_by_one_space_as_written() -> None:
    text = "pay by bank, transfer it before escrow"
    assert word_grams(text, (1, 2)) == {
        "pay", "by", "bank", "transfer", "it", "before", "escrow",
        "pay by", "by bank", "transfer it", "it before", "before escrow",
    }  # fmt: skip
    assert "bank transfer" not in word_grams(text, (2,))  # a comma parts them
    assert word_grams(text, ()) == set()
    tiny = Model.build(("a",), (1,), (0.0,), unset(1), {"by bank": (1.0,)}, (2,))
    assert tiny.features(text)[0] == {"by bank"}
    assert Model.from_json(tiny.to_json()) == tiny


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:(?<![a-z])line(?![a-z])|telegram|skype)",
        r"(?:registration|sign-?up) fee",
        r"[3-9]\d ?(?:名|人)",
        r"(?:a|b)?c",
        r"(?:simple|\d{2,} people)",  # a category among the first characters
        r"[\s$\w]x",
        r"x*",  # can match empty: left as it is
        r"[^。]{0,4}円",  # any character may start it: left as it is
        r"\binvoices?\b",  # one character leads every match
        r"(?:scams?\b|send|fraud|\bsafe|sent|s)",  # alternatives grouped by their first letter, in order
        r"(?:is|isn\x27t|is not|not) (?:legit|real)\b|(?:a|b)?c|(x)(?:a|b)",  # inner alternatives spread
        r"\b(?:do not|no|_a|é|\$5)\b|(?<![a-z])(?:line|x)|(?<=n)ot",  # looks back after the first letter
        r"a[^.]{0,9}(?:\bsend|share|\d+ x)",  # what follows a run is guarded by its first characters
        r"^(?>[\s\S]*?(?:no|is)\b)[\s\S]*(?:x|\$5)|[\s\S]*?(?:line)?(?:t|c)",
    ],
)
def test_the_fast_search_finds_the_same_matches(pattern: str) -> None:
    plain = re.compile(pattern)
    fast = fast_search(plain)
    texts = [
        "add me on line",
        "online only",
        "registration fee",
        "sign-up fee",
        "35名",
        "ac",
        "bc",
        "c",
        "",
        "3円",
        "we need 20 people, simple",
        "\tx $x éx",
        "invoice, invoices or no invoice",
        "a scam, sent, send, unsafe, safe scams",
        "is not legit, isn't real, not legit, xb",
        "do not, no, online line, not, _a x_a é xé $5 a$5 xx",
    ]
    for text in texts:
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]


def test_a_pattern_must_be_written_in_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        load_rules({"terms": {}, "vague_job": {"en": [{"all": ["Details after hiring"]}]}})
    with pytest.raises(ValueError, match="unknown flags"):
        load_rules({"terms": {}, "context": {"after_funding": ["nowhere"]}})


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:registration|sign-?up) fee", {frozenset({"registration fee", "signup fee", "sign-up fee"})}),
        (
            r"(?:(?<![a-z])line(?![a-z])|telegram) ?id",
            {frozenset({"line id", "lineid", "telegram id", "telegramid"})},
        ),
        (
            r"(?:send|share)\b[^.]{0,9}(?:password|passport)",
            {frozenset({"send", "share"}), frozenset({"password", "passport"})},
        ),
        (r"[3-9]\d ?(?:名|人)", {frozenset("3456789"), frozenset({"名", "人"})}),
        (r"(?:a|b)?c", {frozenset({"c"})}),
        (r"x*", set()),  # can match empty: says nothing
        (r"[^。]{0,4}円", {frozenset({"円"})}),
        (r"(?i)line", set()),  # case-insensitive: its strings would not be literal
    ],
)
def test_the_needed_strings_of_a_pattern(pattern: str, expected: set[frozenset[str]]) -> None:
    found = needs(re.compile(pattern))
    assert set(found) == expected
    texts = [
        "add me on line id",
        "telegram id",
        "send me your passport",
        "share it. password",
        "35名",
        "ac",
        "bc",
        "c",
        "3円",
        "registration fee",
        "LINE",
    ]
    for text in texts:
        if re.search(pattern, text):  # a text the pattern matches holds one string of each set
            assert all(any(s in text for s in need) for need in found)


def test_a_rule_reads_only_the_sentences_that_hold_its_needed_strings() -> None:
    filler = "We look forward to your proposal. " * 60
    assert codes(filler + "Please add me on Telegram to discuss. " + filler) == ["offplatform_contact"]
    assert not codes(filler)


@pytest.mark.parametrize(
    ("request_text", "prohibition"),
    [
        ("Please send the zorbs today.", "Please never send the zorbs."),
        ("ぞるぶを送ってください。", "ぞるぶは送らないでください。"),
    ],
)
def test_the_model_raises_nothing_from_inside_a_prohibition(
    monkeypatch: pytest.MonkeyPatch, request_text: str, prohibition: str
) -> None:
    flags = flag_codes()
    weights = {gram: tuple(100.0 if f == "vague_job" else 0.0 for f in flags) for gram in ("zorb", "ぞるぶ")}
    judge = Model.build(flags, (1, 2, 3, 4), (-1.0,) * len(flags), unset(len(flags)), weights)
    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge)
    assert codes(request_text) == ["vague_job"]  # a word no rule knows: the model alone raises it
    assert not codes(prohibition)


def test_the_model_overrules_a_rules_match_only_at_or_below_its_veto(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's match stands unless the flag has a veto in the text's language and the model scores the
    text at or below it: a word the model learnt as innocent ("zorb", "ぞるぶ") takes the LINE request's
    flag away, only where vetoed, and a veto of English texts leaves Japanese ones alone."""
    text, japanese = "Add me on LINE about the zorb.", "ぞるぶの件でLINEを追加してください。"
    assert "offplatform_contact" in codes(text)
    assert "offplatform_contact" in codes(japanese)
    flags = flag_codes()
    k = flags.index("offplatform_contact")
    weights = {g: tuple(-100.0 if i == k else 0.0 for i in range(len(flags))) for g in ("zorb", "ぞるぶ")}
    never = (None,) * len(flags)
    vetoed = tuple(-2.0 if i == k else None for i in range(len(flags)))
    zeros = (0.0,) * len(flags)

    def judge(en: tuple[float | None, ...], ja: tuple[float | None, ...] = never) -> Model:
        limits = {"en": Limits(zeros, en), "ja": Limits(zeros, ja)}
        return Model.build(flags, (1, 2, 3, 4), zeros, limits, weights)

    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge(never))
    assert "offplatform_contact" in codes(text)  # no veto: the rule stands whatever the model says
    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge(vetoed))
    assert "offplatform_contact" not in codes(text)
    assert "offplatform_contact" in codes("Add me on LINE about the job.")  # scored above the veto
    assert "offplatform_contact" in codes(japanese)  # English vetoes do not reach Japanese texts
    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge(never, vetoed))
    assert "offplatform_contact" not in codes(japanese)
    assert "offplatform_contact" in codes(text)
    assert Model.from_json(judge(vetoed).to_json()) == judge(vetoed)
    with pytest.raises(ValueError, match="vetoes"):
        judge((None,))


def test_the_model_overrules_a_rules_match_only_in_a_text_as_long_as_the_flags_veto_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A short text's score swings on a word or two, so a veto applies from the flag's `veto_from`
    length (folded characters) on: the same innocent-reading word overrules the LINE request in a long
    text and not in a short one."""
    short = "Add me on LINE about the zorb."
    long = short + " The brief, the schedule and the budget are all in the job post as usual." * 3
    flags = flag_codes()
    k = flags.index("offplatform_contact")
    weights = {"zorb": tuple(-100.0 if i == k else 0.0 for i in range(len(flags)))}
    zeros = (0.0,) * len(flags)
    vetoes = tuple(-2.0 if i == k else None for i in range(len(flags)))
    lengths = tuple(100 if i == k else 0 for i in range(len(flags)))
    limits = {"en": Limits(zeros, vetoes, lengths), "ja": Limits(zeros)}
    judge = Model.build(flags, (1, 2, 3, 4), zeros, limits, weights)
    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge)
    assert len(short) < 100 < len(long)
    assert "offplatform_contact" in codes(short)
    assert "offplatform_contact" not in codes(long)
    assert Model.from_json(judge.to_json()) == judge
    with pytest.raises(ValueError, match="veto_from"):
        Model.build(flags, (1,), zeros, {"en": Limits(zeros, vetoes, (0,))}, weights)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Please add me on LINE.", "en"),
        ("Our office is in 渋谷 (Shibuya), near the station; the brief is attached.", "en"),
        ("詳細はhttps://example.com/recruit/apply?id=abc123 からご確認ください。", "ja"),
        ("ＬＩＮＥ ＩＤ：ｗｏｒｋ＿ｍｉａ　追加してね", "ja"),
        ("Thanks! 🙏", "en"),
    ],
)
def test_a_text_is_told_the_language_it_is_mostly_written_in(text: str, lang: str) -> None:
    """Whose thresholds and vetoes apply: a Japanese name in English text, or a URL in Japanese, does not
    change the language."""
    assert language(fold(text).text) == lang


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We are recruiting 100 new 'digital assistants' this month.", "mass_recruiting"),
        ("300 remote assistants needed, apply now!", "mass_recruiting"),
        ("Vacancies: 150\nRequirements: none", "mass_recruiting"),
        ("Online jobs available for 500 people.", "mass_recruiting"),
        ("No headcount limit this time, everyone's in.", "mass_recruiting"),
        ("何人でも大歓迎です！", "mass_recruiting"),
        ("募集人数：無制限", "mass_recruiting"),
        ("先着300名様まで受付中です。", "mass_recruiting"),
        # The "no" after ため belongs to the next clause, not to the recruitment.
        ("一度に100名以上採用予定のため、選考はありません。", "mass_recruiting"),
        (
            "We test every candidate with a real client task; the test is not compensated.",
            "work_before_escrow",
        ),
        (
            "I'm asking each of you to design the poster first, and whoever's poster we pick gets the job.",
            "work_before_escrow",
        ),
        (
            "お試しで1本編集してみてください。報酬は出ませんが、実力を見るためのものです。",
            "work_before_escrow",
        ),
        ("ご契約の前にロゴのラフを2〜3案見せていただけますか？", "work_before_escrow"),
        ("お見積りの前に、トップページのデザインだけ作ってもらえますか？", "work_before_escrow"),
        ("無料トライアルで1本訳してください。", "work_before_escrow"),
        # Permission, not a prohibition: "問題ありません" says yes.
        ("契約処理の前に作業を開始していただいても問題ありません。", "work_before_escrow"),
        ("Beginners welcome, $1,000 for each 300-word article.", "too_good_to_be_true"),
        ("Tap your phone and make $10,000 a month!", "too_good_to_be_true"),
        ("経験・年齢不問、スマホで完結します。\n月収の目安：約70万円", "too_good_to_be_true"),
        ("Join the support plan ($100/month) and we'll walk you to your first client.", "info_product"),
        ("ライティングの研修費として、最初に3万円をお願いしています。", "info_product"),
        ("まずは無料ウェビナーをご覧ください。本当に稼げる方法がわかります。", "info_product"),
        ("After orientation, we'll assign your duties and your pay.", "vague_job"),
        ("Exact duties are shared after registration.", "vague_job"),
        ("案件名も報酬も応募前にはお出しできません。", "vague_job"),
        ("iTunesカード1万円分をコンビニで買ってコードを送ってください。", "purchase_request"),
        ("You must buy an iTunes card for the account setup.", "purchase_request"),
        ("ドメインとサーバーの費用は作業者負担です。", "purchase_request"),
        ("Please upload a copy of your health insurance card.", "personal_info"),
        ("Send a picture of your debit card front and back so we can pay you.", "personal_info"),
        ("契約前に住民票と印鑑証明書の原本を郵送してください。", "personal_info"),
        (
            "You'll buy the products yourself and we reimburse you after the review is posted.",
            "purchase_request",
        ),
        (
            "To take part, you need to buy our embroidery machine from our supplier for $480.",
            "purchase_request",
        ),
        (
            "当社指定のブラシ素材パック（4,800円）をご購入のうえ作業していただく必要があります。",
            "purchase_request",
        ),
        ("認定試験の受験料は7,500円で、お申し込み時にお振込みいただきます。", "purchase_request"),
        ("今後のお仕事も、すべて直接ご依頼したいと思っております。", "offplatform_payment"),
        (
            "研究費の都合で、このサイトでの支払いができません。\n報酬は事務から直接あなたの口座に振り込みます。",
            "offplatform_payment",
        ),
    ],
)
def test_rules_read_the_train_wordings_of_weak_flags(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # A course, kit or coaching fee alone is an info product, not a purchase (docs/labelling.md).
        ("You must buy our starter pack with templates and a style guide ($39).", "purchase_request"),
        ("講座の受講料49,800円をお振込みください。", "purchase_request"),
        ("Step 1: purchase the training video series ($59).", "purchase_request"),
        # A large batch with clear pay kept on the platform, and a team's size.
        (
            "We need 50 people for data labeling at $0.10 per image, paid through the platform's tracker.",
            "mass_recruiting",
        ),
        ("Our team of 40 writers will review your draft.", "mass_recruiting"),
        # A prohibition, an offer someone else made, a refusal.
        ("仮払い前の作業には報酬が発生しませんので、仮払いまでお待ちください。", "work_before_escrow"),
        (
            "他の方のご提案には「まず無料で3案作ります」というものもありましたが、契約したうえでお願いします。",
            "work_before_escrow",
        ),
        ("無料トライアルはございません。", "work_before_escrow"),
        # An e-mail password is personal data, not a move off the platform.
        ("Give me your email password so I can set up the tool.", "offplatform_contact"),
        # A client paying for support is not selling a course.
        ("保守サポート費用として月額1万円お支払いします。", "info_product"),
        ("The support plan of our hosting is paid by us.", "info_product"),
        # "Facebook" holds no e-book; a warning about courses sells none.
        ("Just share our post on your Facebook and earn $80 per share!", "info_product"),
        ("Honestly, don't pay for courses that promise $5k in a month.", "info_product"),
        # A refusal of direct dealing, and a tool promised for after escrow.
        ("直接取引はできかねますので、ご了承ください。", "offplatform_payment"),
        ("契約と仮払いが済めば、カカオトークでの連絡にも切り替えられます。", "offplatform_contact"),
        # The sender paying the deposit asks the worker for nothing.
        ("Great, let's continue by email. I'll pay the deposit by bank transfer.", "purchase_request"),
        # A heading that names the pay is no request to pay; nor is a salary, nor "write briefly".
        ("Pay: $22/hour, logged with the platform's time tracker.", "purchase_request"),
        ("Pay: $700/month for five posts a week.", "purchase_request"),
        (
            "素材パックは弊社が購入済みのものをお渡ししますので、ご購入いただく必要はございません。",
            "purchase_request",
        ),
        ("未経験の方は研修があります。給与は月給22万円からです。", "too_good_to_be_true"),
        ("報酬は1日18,000円です。ご応募時にご経験を簡単にお書きください。", "too_good_to_be_true"),
    ],
)
def test_look_alikes_of_the_broader_rules_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The worker named as the one who pays, a charge to settle, a price to buy or rent at.
        ("The drug screening costs $40, which applicants pay themselves.", "purchase_request"),
        ("The dispatch seat is $12/week, billed to you every Monday.", "purchase_request"),
        ("Each tutor buys their own whiteboard licence ($90).", "purchase_request"),
        ("Please settle the customs clearance charge so the parcel can be released.", "purchase_request"),
        ("All models are asked to rent the studio lights from our partner for $60.", "purchase_request"),
        ("New riders start with the $75 delivery bag.", "purchase_request"),
        ("Your ID badge costs $20 and is printed after payment.", "purchase_request"),
        ("A $30 weekly van rental comes out of your first payout.", "purchase_request"),
        # The job kept out of writing, the role left for a session, the rest explained in the group.
        ("I can't say much in a public post, message me.", "vague_job"),
        ("We'll go over the role and the earnings at tonight's online information session.", "vague_job"),
        ("Everything else we'll explain in the group chat.", "vague_job"),
        ("The deliverables are revealed only after onboarding.", "vague_job"),
    ],
)
def test_rules_read_fees_the_worker_pays_and_jobs_kept_back(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # The client pays, expenses are repaid against receipts, the platform's charge, an optional exam.
        ("The drug screening costs $40, which we cover.", "purchase_request"),
        ("Fuel is billed to you first and repaid against receipts each month.", "purchase_request"),
        ("The certification exam costs $300, but it's optional and we reimburse it.", "purchase_request"),
        ("Upwork charges a 10% service fee, which you pay on every contract.", "purchase_request"),
        ("Let me know if the app works on your end.", "purchase_request"),
        ("Please make the payment for invoice #42 by Friday.", "purchase_request"),
        # A post whose pay is written, a client's name under NDA, a hired worker's onboarding.
        ("I can't share the client's name here, but it's 20 blog posts at $60 each.", "vague_job"),
        ("Good pay: $30/hour for React work, 20 hours a week. Apply on the platform.", "vague_job"),
        ("Thanks for joining the team! We'll go over the tools at the onboarding session.", "vague_job"),
        (
            "I can't share the files publicly, the contract is signed so I'll upload them to the workspace.",
            "vague_job",
        ),
    ],
)
def test_look_alikes_of_the_fee_and_kept_back_rules_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Please install AnyDesk and send me the 9-digit code so I can set up your payment account.",
        "Download TeamViewer and share the ID and password; our technician will configure your wallet.",
        "アカウント設定はこちらで行いますので、AnyDeskをインストールして番号を教えてください。",
        "TeamViewerを起動して、表示されたIDとパスワードをお伝えください。",
    ],
)
def test_a_remote_access_install_is_a_request_for_personal_data(text: str) -> None:
    """Whoever "sets up your account" over AnyDesk holds the machine, its passwords and bank sessions."""
    assert "personal_info" in rule_verdicts(text)[0]


def test_a_warning_about_remote_access_tools_is_not_a_request() -> None:
    assert "personal_info" not in rule_verdicts("We will never ask you to install AnyDesk or TeamViewer.")[0]


@pytest.mark.parametrize(
    "text",
    [
        "請求書ありがとうございます。本日、記載の口座へ直接お振込いたしました。",
        "（直接のご依頼です）月末締めの翌月末払いで、ご指定口座へ直接お振込します。請求書をお送りください。",
        "We are a direct client (no platform). Please send an invoice with your bank details, paid by wire.",
        "As your direct client, we ask you to invoice us monthly; we pay by bank transfer within 14 days.",
    ],
)
def test_a_direct_client_paying_an_invoice_dodges_no_platform(text: str) -> None:
    assert "offplatform_payment" not in codes(text)
    assert "offplatform_payment" in rule_verdicts(text)[1]  # seen and cleared: the model cannot raise it


@pytest.mark.parametrize(
    "text",
    [
        "請求書をお送りいただければ、次回からはランサーズを通さず直接お振込いたします。",
        "Please send me an invoice; from now on I pay you by bank transfer outside Upwork to skip the fee.",
        "手数料がもったいないので、請求書払いで直接お振込させてください。",
    ],
)
def test_an_invoice_does_not_excuse_leaving_a_platform(text: str) -> None:
    assert "offplatform_payment" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # The client pays and wants to avoid the platform's fee: no fee for the worker to pay.
        "次回以降はシステム利用料の負担を避けるため、弊社より直接お振込させていただく形にできればと存じます。",
        "クラウドワークスを経由すると手数料が差し引かれてしまうため、ご指定の口座へ直接お振込させていただけないでしょうか。",
    ],
)
def test_a_client_paying_directly_is_not_a_purchase_request(text: str) -> None:
    assert "purchase_request" not in rule_verdicts(text)[0]
    assert "offplatform_payment" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Keigo refusals and "so that you do not" are prohibitions too.
        (
            "お支払いはココナラの決済のみです。直接のお振込はできかねますのでご了承ください。",
            "offplatform_payment",
        ),
        ("ログインの際に届く認証コードは、ご本人以外に絶対に教えないようお願いいたします。", "personal_info"),
        ("仮払い前の作業に対する報酬はお支払いいたしかねます。", "work_before_escrow"),
        # Advice on what to do if asked, and a story of one's own past, run no scam.
        ("応募者からLINE追加を求められたら通報してください。", "offplatform_contact"),
        ("If anyone asks you to pay a registration fee, report it to us.", "purchase_request"),
        (
            "They pay you a few dollars, then tell you to top up your account to unlock tasks.",
            "purchase_request",
        ),
        ("私も以前、仮払い前に納品して音信不通になったことがあります。", "work_before_escrow"),
    ],
)
def test_refusals_advice_and_stories_are_not_requests(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


def test_a_negative_that_belongs_to_the_match_is_not_a_prohibition() -> None:
    """A job withheld with "詳細をお伝えできかねます": the refusal is what the rule looks for."""
    text = "内容が機密に関わるため、こちらでは詳細をお伝えできかねます。まずはご契約ください。"
    assert "vague_job" in rule_verdicts(text)[0]


def test_dont_worry_or_dont_lose_forbids_nothing() -> None:
    text = (
        "For the next projects shall we work directly? "
        "I'll pay by bank transfer, so you don't lose 20% to the platform."
    )
    assert "offplatform_payment" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "スケジュールが差し迫っておりますため、仮払いに先立ってご着手いただけますと幸いです。",
            "work_before_escrow",
        ),
        (
            "仮払いの手続きが少し遅れておりますが、先に第1話の原稿をご納品いただけますでしょうか。",
            "work_before_escrow",
        ),
        (
            "採用可否の判断のため、バナーを5種類作成してお送りください。報酬は採用後の業務から発生いたします。",
            "work_before_escrow",
        ),
        (
            "Stage two is a practical task: build the full checkout flow. This stage is not compensated.",
            "work_before_escrow",
        ),
        (
            "Please start now and finish tonight; I will send the offer tomorrow morning.",
            "work_before_escrow",
        ),
        ("Our app pays you to like videos: $5 per like!", "too_good_to_be_true"),
        ("Crypto assistant wanted: earn 2% daily profit, guaranteed.", "too_good_to_be_true"),
        (
            "未経験の方を対象に、1日1時間程度のデータ確認業務で、月額固定45万円をお支払いいたします。",
            "too_good_to_be_true",
        ),
        ("スマートフォンでの簡単な操作のみで、日額2万円の報酬をお約束いたします。", "too_good_to_be_true"),
        ("Level 1 is free, but the VIP level needs a 50 USDT deposit.", "purchase_request"),
        ("直接取引にしたいので、メアド教えてください。", "offplatform_contact"),
        ("公式アカウントを友だち追加していただいた方にのみお伝えしています。", "offplatform_contact"),
        (
            "恐れ入りますが、代表の携帯（090-1111-2222）へお電話をいただけますでしょうか。",
            "offplatform_contact",
        ),
    ],
)
def test_rules_read_the_wordings_of_the_new_styles(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("未経験OKです！作業はExcelへの転記のみ、1件5円、マニュアルあります。", "info_product"),
        ("SAP導入経験10年以上のコンサルタントの方を想定しており、月額単価は120万円です。", "info_product"),
        ("Data entry, $14/hour. Training video provided, paid weekly via the platform.", "info_product"),
        ("Easy job with clear instructions. DM me for the details.", "offplatform_contact"),
        (
            "ご契約ありがとうございます。支払調書の作成のため、請求書にご氏名とご住所をご記載ください。",
            "personal_info",
        ),
        ("Please email these documents before the interview: a copy of your passport.", "work_before_escrow"),
        (
            "Small paid test: 300 words for $15. I create the contract and fund it first.",
            "work_before_escrow",
        ),
        ("ご契約の前にマイナンバーのご提出は不要です。請求書の宛名だけお知らせください。", "personal_info"),
    ],
)
def test_look_alikes_of_the_new_styles_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


def test_billing_details_with_a_birth_date_before_the_contract_are_still_personal_data() -> None:
    text = "請求書の宛先確認のため、ご自宅の住所と電話番号、生年月日を教えていただけますでしょうか。"
    assert "personal_info" in rule_verdicts(text)[0]


def test_a_course_fee_the_model_reads_twice_is_an_info_product_alone() -> None:
    """A course, kit or coaching fee alone is an info product (docs/labelling.md): the model's purchase
    beside it is dropped unless another payment is named."""
    found = codes(
        "Welcome to the team! Step 1: purchase the training video series ($59). Step 2: start earning!"
    )
    assert "info_product" in found
    assert "purchase_request" not in found
    both = codes("Buy our writing course ($99), then pay the $25 registration fee to unlock the job board.")
    assert {"info_product", "purchase_request"} <= set(both)


def test_a_contract_already_active_clears_the_before_escrow_flags() -> None:
    assert "offplatform_contact" not in codes(
        "The contract's active now, so feel free to text me on WhatsApp."
    )
    assert "offplatform_contact" in codes("Before we sign the contract, please text me on WhatsApp.")


@pytest.mark.parametrize(
    "text",
    [
        "Can you write a blog post for my site?",
        "Please design a logo for my cafe.",
        "Could you fix a bug in my React app?",
        "ホームページの修正をお願いできますか？",
        "猫のキャラクターを描いていただけませんか。",
    ],
)
def test_a_plain_request_for_work_is_not_work_before_escrow(text: str) -> None:
    """A short request that says nothing of pay, a contract, a trial or when to start is off the flag's
    subject: its model score is little more than the bias, and raising the flag there would teach users
    to ignore it."""
    assert "work_before_escrow" in rule_verdicts(text)[1]
    assert [f.code for f in check(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "Skip the fees: I will pay you directly with PayPal.",
        "I will pay you directly with PayPal, 20% more.",
        "Let's finish this one here, and for the rest of the series I'll just send it to your PayPal.",
    ],
)
def test_pay_that_does_not_wait_for_the_work_is_not_work_before_escrow(text: str) -> None:
    """Pay is the subject of work before escrow only when it waits for the work ("I pay once you
    deliver", "if I like it I pay"): a payment moved off the platform is that flag alone, and "PayPal"
    or "freelancers" do not hold the words "pay" or "free"."""
    assert [f.code for f in check(text)] == ["offplatform_payment"]


def test_a_flag_off_its_subject_is_cleared_only_where_no_rule_matched() -> None:
    """The subject gates the model alone: a rule's own match still raises the flag."""
    _, _, context = load_rules(
        {
            "work_before_escrow": {"en": [{"all": ["free sample"]}]},
            "context": {"topic": {"work_before_escrow": "free|unpaid"}},
        }
    )
    assert context.off_topic(where_of("please design a logo")) == {"work_before_escrow"}
    assert context.off_topic(where_of("a free sample first")) == set()
    assert [f.code for f in check("Send a free sample logo first, unpaid, then we hire.")] == [
        "work_before_escrow"
    ]


def test_a_subject_for_an_unknown_flag_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown flags"):
        load_rules({"context": {"topic": {"no_such_flag": "x"}}})


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/job/1",
        "Here is the brief: https://docs.google.com/document/d/abc123",
        "参考サイトです https://example.jp/works",
    ],
)
def test_a_link_to_a_brief_or_a_page_is_not_contact_off_the_platform(text: str) -> None:
    """A link names no way to reach anyone: off the subject of contact, the model alone cannot raise it."""
    assert "offplatform_contact" in rule_verdicts(text)[1]
    assert "offplatform_contact" not in [f.code for f in check(text)]


@pytest.mark.parametrize(
    "text", ["add me https://t.me/hr_office", "https://line.me/ti/p/abc", "LINEで連絡ください"]
)
def test_a_link_or_an_app_to_reach_someone_stays_on_the_subject(text: str) -> None:
    assert "offplatform_contact" in [f.code for f in check(text)]


@pytest.mark.parametrize(
    "text",
    [
        # Pay per unit far above the effort, with any of the ways Japanese posts state it.
        "データ入力です。1件につき5,000円、未経験の方でも3分ほどで終わります。",
        "日給16,000円、スマホのみで完結するお仕事です。",
        "報酬は毎日9000円から18000円、経験は問いません。",
        "在宅で月25万〜40万も目指せます。主婦の方も活躍中！",
        "月額四十万円、ご年齢・ご経験は一切問わずお任せできます。",
        "1時間あたり60ドル、スキル不要の簡単作業です。",
        "初心者歓迎、日記のような記事で1記事25,000円をお支払いします。",
        "ブログ初心者OK！文字単価6円でスタートできます。",
        # A "no" in a later sentence does not clear the sentence before it.
        "時給4,500円！ボタンを押すだけの作業です！\nノルマは一切ありません。",
    ],
)
def test_pay_far_above_the_effort_reads_in_every_unit(text: str) -> None:
    assert "too_good_to_be_true" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        # A video's length is not the effort; an expert's piece rate; audience sizes; a hard brief.
        "15分程度の動画のフル編集で、1本18,000円です。",
        "取材込みの記事なので1記事4万円です。初心者の方には難しい内容かと思います。",
        "月間40万PVのメディアです。未経験の方も歓迎します。",
        "バナー1枚4,000円で、初心者の方にはもう少し低い単価からお願いしています。",
        # A decimal rate is not joined into a big one; a post about scams runs none.
        "初心者歓迎、文字単価0.5〜0.9円からスタートです。",
        "「スマホだけで月80万」みたいな広告ばかりで嫌になる。",
    ],
)
def test_plausible_rates_lengths_and_audiences_are_not_too_good(text: str) -> None:
    assert "too_good_to_be_true" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "You can withdraw your Fiverr earnings to PayPal or a bank transfer, whichever costs less.",
        "Can I fund the milestone with PayPal on Upwork, not my card? It all stays on the platform.",
        "On Upwork, freelancers get paid via Payoneer or bank; the client's fee is the same.",
        "Please keep all payments on Upwork: the fee is worth the protection.",
    ],
)
def test_money_the_platform_moves_is_not_payment_off_it(text: str) -> None:
    assert "offplatform_payment" not in rule_verdicts(text)[0]


def test_keeping_only_the_contract_on_the_platform_still_pays_off_it() -> None:
    text = "Let's keep a small contract on Fiverr and I'll pay the rest by PayPal to save the fees."
    assert "offplatform_payment" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "お仕事の前に、弊社の研修（有料・2万5千円）を受けていただくのが条件です。",
        "トレーニングの費用は12000円で、修了後にお仕事をご紹介します。",
        "代表の電子書籍（980円）を購入して読んだ方を優先して採用しています。",
        "弊社のテンプレート集（9,800円）をお持ちの方に案件をお回ししています。",
        "稼ぐノウハウはこのコミュニティで共有しています。月額3,300円、初月無料です！",
    ],
)
def test_a_paid_training_book_or_pack_before_work_is_an_info_product(text: str) -> None:
    assert "info_product" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "最初の研修は2日間で、研修中も時給1,200円をお支払いします。",
        "新人研修は有給です。時給1,100円からのスタートになります。",
    ],
)
def test_paid_training_for_the_worker_is_not_an_info_product(text: str) -> None:
    assert "info_product" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Work with your phone only, every day you get 250-700 USD.", "too_good_to_be_true"),
        ("Just need 20 minutes, our company pay 300-600$ per day.", "too_good_to_be_true"),
        ("Make 4,000 USDT a month with no experience at all.", "too_good_to_be_true"),
        ("Remote assistant needed. The job description comes with the offer letter.", "vague_job"),
        ("I'll brief you on everything once you accept the contract.", "vague_job"),
        ("Rate to be decided after the first month, let's just start.", "vague_job"),
    ],
)
def test_amounts_in_any_currency_and_a_job_told_only_after_yes(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Senior ML engineer, 8+ years: 900 USD a day on a six-month contract.", "too_good_to_be_true"),
        ("The brief is attached: 12 product photos, white background, $15 per photo.", "vague_job"),
    ],
)
def test_expert_day_rates_and_a_concrete_brief_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


def test_a_polite_request_in_the_negative_is_not_a_prohibition() -> None:
    """〜いただけないでしょうか asks for something; only 〜ないでください forbids it."""
    text = "手数料がかかるので、次回からはご指定の口座へ直接お振込させていただけないでしょうか。"
    assert "offplatform_payment" in rule_verdicts(text)[0]
    assert "offplatform_payment" not in rule_verdicts("直接のお振込はしないでください。")[0]


@pytest.mark.parametrize(
    "text",
    [
        "次回はランサーズの直接依頼からご指名させてください！",
        "クラウドワークスのシステム手数料は、報酬から引かれる形でしょうか？",
        "提示額から手数料が引かれた額がお手元に届くことになります。",
    ],
)
def test_the_platforms_own_direct_request_and_fee_questions_are_not_direct_deals(text: str) -> None:
    assert "offplatform_payment" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("まずはLPを完成させてください。気に入ったら正式に発注します。", True),
        ("先に納品していただければ、確認後すぐにお振込いたします。", True),
        ("仮払いが完了しました。まずは構成案を作成して、ご納品後に検収いたします。", False),
        ("有償テストです。先に1本作成していただき、納品後に報酬をお支払いします。", False),
    ],
)
def test_the_whole_work_first_and_pay_once_it_pleases(text: str, flagged: bool) -> None:
    assert ("work_before_escrow" in rule_verdicts(text)[0]) is flagged


@pytest.mark.parametrize(
    "text",
    [
        "採用された方には、弊社指定のWebカメラ（9,980円）を購入していただきます。",
        "作業には弊社指定の編集ソフト（19,800円）が必要です。ご購入いただいた方から順にお仕事をお渡ししております。",
        "You need to buy our company laptop ($650) before the first shift.",
    ],
)
def test_equipment_or_software_to_buy_is_off_the_subject_of_an_info_product(text: str) -> None:
    """An info product sells learning or know-how: a camera, software or a laptop names none, so the model
    alone cannot read the purchase as a course."""
    assert "info_product" in rule_verdicts(text)[1]
    assert "info_product" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "私のnoteに案件獲得のコツをまとめているので、先に読んでおいてください。1,980円です。",
        "Join my mastermind ($499), then we can talk about working together.",
    ],
)
def test_know_how_or_a_mastermind_stays_on_the_subject_of_an_info_product(text: str) -> None:
    assert "info_product" not in rule_verdicts(text)[1]


def test_no_before_a_fee_is_a_prohibition_but_no_platform_fee_is_the_flag_itself() -> None:
    assert (
        "purchase_request" not in rule_verdicts("No exam fee, no registration fee. Just send your rate.")[0]
    )
    assert "purchase_request" in rule_verdicts("No problem, just pay the $50 registration fee first.")[0]
    dodge = "After you accept, I send the payment by bank transfer to you, no Upwork fee."
    assert "offplatform_payment" in rule_verdicts(dodge)[0]
    assert (
        "offplatform_payment"
        in rule_verdicts("I'd rather pay you in USDT to your wallet, not through Upwork.")[0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "I only pay through Upwork, it protects both of us. No PayPal please.",
        "Fees went up again, but let's keep all payments on the platform.",
        "We always pay through the site. No direct transfers, don't worry.",
    ],
)
def test_payment_kept_on_the_platform_clears_payment_off_it(text: str) -> None:
    """The sender's own rule of paying on the platform is the look-alike: the model cannot raise the flag
    from "PayPal" or "fees" beside it."""
    assert "offplatform_payment" in rule_verdicts(text)[1]
    assert "offplatform_payment" not in codes(text)


def test_keeping_only_the_contract_on_the_platform_is_not_payment_kept_on_it() -> None:
    text = "Let's keep the contract on Upwork at $5 and I'll pay the rest directly so we both save on fees."
    assert "offplatform_payment" in rule_verdicts(text)[0]


def test_an_address_asked_with_its_password_is_an_account_not_a_contact() -> None:
    text = "契約の手続きのため、ログインに使っているメールアドレスとパスワードを教えていただけますか。"
    raised, cleared = rule_verdicts(text)
    assert "personal_info" in raised
    assert "offplatform_contact" in cleared
    assert "offplatform_contact" in rule_verdicts("ご連絡用にメールアドレスを教えていただけますか。")[0]


@pytest.mark.parametrize(
    "text",
    [
        "契約成立・仮払い確認しました！チームのDiscordに招待しますね。",
        "仮払いありがとうございます！ここからはChatworkでやり取りしたいので、IDお送りしますね。",
        "Thanks for accepting the offer! The first milestone ($600) is funded. My WhatsApp: +34 612 555 019.",
        "Thanks for signing the contract! Here's my WhatsApp for urgent questions: +34 612 555 019.",
    ],
)
def test_escrow_confirmed_or_a_contract_thanked_for_is_funded(text: str) -> None:
    assert "offplatform_contact" in rule_verdicts(text)[1]
    assert "offplatform_contact" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "まだ仮払い前ですが、Chatworkでやり取りしたいので、IDお送りしますね。",
        "Thanks for your proposal! Here's my WhatsApp for questions: +34 612 555 019.",
    ],
)
def test_escrow_not_yet_funded_keeps_contact_off_the_platform(text: str) -> None:
    assert "offplatform_contact" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "検収完了しました！次の案件はLINEでご相談させてください。ID：mori_works55、契約はそのあとで作ります。",
        "Payment released, thanks! For the next project let's talk on Telegram first: @dana_builds."
        " I'll open the contract after that.",
    ],
)
def test_work_paid_out_funds_no_next_job_moved_off_the_platform(text: str) -> None:
    """Acceptance or a release is funding for the work done; contact moved for the next job still comes before
    its escrow."""
    assert "offplatform_contact" in codes(text)


def test_talk_kept_on_the_platform_and_an_address_for_invoices_are_not_contact_off_it() -> None:
    kept = "Please keep the conversation on Fiverr, I cannot use WhatsApp at work."
    assert "offplatform_contact" in rule_verdicts(kept)[1]
    assert "offplatform_contact" not in codes(kept)
    invoices = "Please send invoices to finance@corvidlabs.example with the SOW number."
    assert "offplatform_contact" not in codes(invoices)
    assert "offplatform_contact" in codes("Please email me at brandon.k.media@gmail.com for the details.")


@pytest.mark.parametrize(
    "text",
    [
        "Legitimate employers on our site will never ask you to pay a registration fee.",
        "Posts asking for 'registration fees' will be removed.",
    ],
)
def test_a_policy_or_a_warning_about_fees_is_a_mention(text: str) -> None:
    assert "purchase_request" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Earn $10,000 per month working 2 hours a day. Message me to find out how.", "vague_job"),
        ("Hi guys, 80 remote assistants wanted, send 'yes' for info.", "vague_job"),
        ("Let me know if you are free and I'll fill you in.", "vague_job"),
        ("Please start with a competitor analysis and we'll discuss payment later.", "vague_job"),
        ("Flexible remote role, details on request only.", "vague_job"),
        ("We can't share the project name or rate before you apply.", "vague_job"),
        ("You'll learn what the work is after you sign up on our portal.", "vague_job"),
        ("pls make the model first completely and send renders, then i will pay.", "work_before_escrow"),
        ("just send me rough sketches first lol, contract after.", "work_before_escrow"),
        (
            "Let's not create an order: just mix them, I'll send $300 via Venmo once I've listened.",
            "work_before_escrow",
        ),
        (
            "We're testing 4 animators. Each one makes a 15 second clip of our cat. Best one gets the job.",
            "work_before_escrow",
        ),
        ("Please draw one full character. Selected artists will receive a contract.", "work_before_escrow"),
    ],
)
def test_a_job_told_only_to_whoever_asks_and_work_as_the_way_to_be_chosen(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Visit our website to see the brief: 8 pages, $600, due Friday.", "vague_job"),
        ("First I'll fund the milestone, then please send the draft.", "work_before_escrow"),
        (
            "Please design the logo. The paid test ($50) is funded; the best one gets the job.",
            "work_before_escrow",
        ),
        ("I pay once the milestone is approved on Upwork.", "work_before_escrow"),
    ],
)
def test_a_described_job_and_a_funded_or_paid_test_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "何をするかは、まず友だち追加後にお伝えします。",
        "やることは入ってからのお楽しみ😉",
        "どうやって稼いでるか知りたい人はインスタのDMに「知りたい」って送ってね",
        "こちらはエンドクライアント様のご意向で、詳細をプラットフォーム上に書けない案件となります。",
        "案件：ひみつ🤫\n報酬：面談後に決定\n勤務地：どこでもOK",
        "ご依頼内容：とある業務\n金額：ご相談",
    ],
)
def test_a_japanese_job_told_only_after_joining_or_off_the_platform_is_vague(text: str) -> None:
    assert "vague_job" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "業務内容：商品説明文の作成\n報酬：1本1,200円（単価は面談後に相談も可）",
        "単価はトライアル合格者のレベルに応じてご相談します。1文字8円から。",
        "詳細は添付の指示書をご確認ください。",
    ],
)
def test_a_japanese_job_with_its_pay_stated_is_not_vague(text: str) -> None:
    assert "vague_job" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "契約の前に、パスポートの写真と、ご本人の顔写真を送ってください。",
        "ご応募の際は、身分証明書（運転免許証など）のコピーを添付してください。",
        "仮払い前の着手はトラブルのもとなので、入金確認が取れるまでお待ちくださいね。",
        "契約前に作業マニュアルをご確認いただき、作業内容にご納得いただけた場合のみ契約にお進みください。",
    ],
)
def test_papers_before_the_contract_and_a_wait_for_escrow_are_not_work_before_it(text: str) -> None:
    """Documents, photos or an ID sent before the contract are personal data, not work; 作業内容 names the
    work, it does not ask for it; お待ちください forbids starting."""
    assert "work_before_escrow" not in rule_verdicts(text)[0]


def test_work_promised_after_escrow_is_escrow_first() -> None:
    text = "短い有料テストです。報酬は500円、仮払い後に着手してください。LINEで質問も受け付けます。"
    assert "offplatform_contact" in rule_verdicts(text)[1]
    assert "work_before_escrow" in rule_verdicts("契約の前に、サンプル記事を1本書いて送ってください。")[0]
    assert (
        "work_before_escrow"
        in rule_verdicts("応募の際は、テストとして300字の記事を書いて添付してください。")[0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "「マニュアル代を払えば稼げる」みたいな案件、完全に情報商材なので無視で大丈夫です。",
        "まずはプログラムの修正を小さな契約（10,000円）として発注させていただきます。",
    ],
)
def test_a_warning_about_info_products_and_a_program_to_fix_are_not_one(text: str) -> None:
    assert "info_product" not in rule_verdicts(text)[0]
    assert "info_product" in rule_verdicts("まずは弊社の講座（29,800円）を受講していただきます。")[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "一日三十分、完全在宅、ノルマなし。\n報酬は日払いで最低でも一万五千円。\n資格も経験もいりません。",
            True,
        ),
        ("カンタン作業で初月から30万円💴 特別なスキルは一切いりません！", True),
        ("ボタンを押すだけです。\n１回２分程度の作業で、報酬は１回１,５００円となっております。", True),
        ("・スマホで指定のサイトを開いてスクショを撮る\n・1回 2,500円（作業時間 約1分）", True),
        ("商品の画像をInstagramにシェアするだけ。\n１シェアにつき５，０００円お支払いします。", True),
        ("10分程度の動画で、カット・テロップ・BGM入れまで。1本8,000円を考えております。", False),
        ("1本1,500円、1本あたり30分程度の記事作成です。未経験OK。", False),
    ],
)
def test_a_thousand_yen_for_minutes_of_easy_work_and_no_experience_needed(text: str, flagged: bool) -> None:
    """ "資格も経験もいりません" says no of the requirement, not of the pay; a task of a few minutes paid a
    thousand yen or more is far above any going rate, a video's length is not the time of the work."""
    assert ("too_good_to_be_true" in rule_verdicts(text)[0]) is flagged


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hey, just do the logo and I'll pay via Western Union after you deliver.", "work_before_escrow"),
        (
            "Let's close this contract early. I'll pay you directly after each chapter by bank transfer.",
            "work_before_escrow",
        ),
        (
            "Buy a $30 sample kit, film an unboxing video and send it. We refund you after we approve it.",
            "work_before_escrow",
        ),
        ("I help freelancers with no tech background make $10k/month.", "too_good_to_be_true"),
        (
            "採用前の簡単なテストとして、商品画像２０枚の背景切り抜きをお願いしたいです。",
            "work_before_escrow",
        ),
        ("試用期間として毎日記事を書いていただきます。試用期間中の報酬はありません。", "work_before_escrow"),
        ("今回はシステムを通さずに、納品していただいたらすぐPayPayで送金しますね。", "work_before_escrow"),
        (
            "契約する前にお試しで１本作ってほしいので、素材用にメールアドレスを教えてください。",
            "work_before_escrow",
        ),
    ],
)
def test_work_paid_only_after_delivery_or_a_trial_and_dollars_in_thousands(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We can do the next order outside Fiverr, I will pay you via Wise directly.", "work_before_escrow"),
        ("I will pay half upfront with Wise, half after delivery.", "work_before_escrow"),
        (
            "We have one vacancy for a part-time Python tutor, $35/hour, students aged 14-17.",
            "too_good_to_be_true",
        ),
        (
            "採用前に必ず「ベーシックコース」を修了していただき、その手順に沿って進めていただきます。",
            "work_before_escrow",
        ),
    ],
)
def test_a_next_order_a_paid_advance_a_tutor_and_a_course_are_not_those(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Our agency is taking in a big batch of new VAs, anyone can join, no test.",
        "Big design contest! Open to everyone, unlimited entries.",
        "Car wrap drivers wanted! We need 1,000 drivers nationwide.",
    ],
)
def test_everyone_taken_by_the_batch_is_mass_recruiting(text: str) -> None:
    assert "mass_recruiting" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Hello, we have a job for you, can you pay $10 for the application form?", True),
        ("Send $40 via Cash App for the equipment, we will add it back to your first paycheck.", True),
        ("Hiring 500 remote workers! All you need is to pay $20 for our worker app.", True),
        ("To continue receiving tasks this month, please renew your membership ($15).", True),
        ("You just need a small recharge to start the first set of tasks.", True),
        ("Ur CV is accepted. Kindly remit 35$ for document processing, then we send the offer.", True),
        ("Please wire $50 to activate your worker profile.", True),
        ("We will wire $500 to your account after approval.", False),
        ("I will remit 20000 yen for the article today.", False),
        ("I'll pay $500 for the logo once the milestone is approved.", False),
        ("We pay you $300 per article; please send your invoice with the draft.", False),
    ],
)
def test_money_asked_of_the_worker_with_its_price(text: str, flagged: bool) -> None:
    assert ("purchase_request" in rule_verdicts(text)[0]) is flagged


def test_a_bank_login_to_be_paid_is_off_the_subject_of_payment_off_the_platform() -> None:
    """Credentials asked "so I can pay you" name no platform, fee or way to move money: personal data only."""
    text = "Please send me your bank login so I can pay you"
    assert "offplatform_payment" in rule_verdicts(text)[1]
    assert codes(text) == ["personal_info"]
    assert "offplatform_payment" in codes("I will pay you by bank transfer to avoid the CrowdWorks fee.")


def test_a_described_job_clears_vague_job_but_no_task_is_none() -> None:
    """A task written out and its pay are no vague job (docs/labelling.md): the model may not raise it."""
    described = "Hi! Role: part-time receptionist at a dental clinic in Denver. Pay: $19/hour, in person."
    assert "vague_job" in rule_verdicts(described)[1]
    assert "vague_job" not in codes(described)
    hidden = "Buy the camera kit (~$180). Task: will explain after interview. Pay: negotiable."
    assert "vague_job" not in rule_verdicts(hidden)[1]


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Role: copywriter paid $5 per article", True),  # the amount inside the task's own line
        ("Job: details after hiring. Role: writing blog posts weekly. Pay: $30 each.", True),  # not the first
        ("Bonus $50 for the best entry. Task: photograph our bakery's cakes", True),  # the amount first
        ("Pay: $30. Task: explain later", False),
        ("Role: writer. $5", False),  # no task, only a word
    ],
)
def test_a_task_and_an_amount_anywhere_in_either_order_describe_a_job(text: str, described: bool) -> None:
    assert ("vague_job" in rule_verdicts(text)[1]) is described


@pytest.mark.parametrize(
    "text",
    [
        "Note from the hiring team: we will provide the laptop and the Adobe CC seat for the contract.",
        "Hosting: our DigitalOcean account is billed to the company.",
        "The ad spend is on our own Meta Ads account with our card, you just manage the campaigns.",
        "We'll ship two free kits to your studio for the shoot.",
    ],
)
def test_the_client_paying_for_what_the_work_needs_clears_purchase_request(text: str) -> None:
    """Who pays whom: the client buying or providing the tools is no purchase asked of the worker."""
    assert "purchase_request" in rule_verdicts(text)[1]
    assert "purchase_request" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Buy the laptop from our vendor first, we will provide a refund with your first paycheck.",
        "We will send you a cheque; buy the equipment from our supplier with it.",
        "We provide the tasks, you buy the starter kit ($60) to begin.",
    ],
)
def test_a_purchase_reimbursed_later_is_still_the_worker_paying(text: str) -> None:
    """A refund, a cheque or the worker's own purchase in the sentence: not the client paying."""
    assert "purchase_request" not in rule_verdicts(text)[1]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our company policy doesn't allow paying contractors outside the platform.", "offplatform_payment"),
        ("Someone is impersonating our HR team and asks for a $50 activation fee.", "purchase_request"),
        ("Got a weird message, someone offered $400/day and wanted me on Telegram.", "offplatform_contact"),
        ("The agency asking for a $30 certification test fee isn't legit.", "info_product"),
        ("You asked if you need to buy software for our project.", "purchase_request"),
    ],
)
def test_a_policy_a_warning_or_a_question_answered_is_a_mention(text: str, code: str) -> None:
    """Saying what the company does not allow, or telling of someone else's offer, runs no scam."""
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


@pytest.mark.parametrize(
    "text",
    [
        "We pay all our freelancers monthly, by bank transfer, on invoice.",
        "Please find attached invoice INV-0043. Payment is by bank transfer within 30 days.",
        "Our direct contract (we're a local client, not through any platform): we pay by bank transfer.",
    ],
)
def test_a_direct_client_paying_by_bank_transfer_is_no_payment_off_a_platform(text: str) -> None:
    """ "Freelancers" names no Lancers, and a client outside any platform dodges none."""
    assert "offplatform_payment" in rule_verdicts(text)[1]
    assert (
        "offplatform_payment"
        in rule_verdicts(
            "We pay all our freelancers on invoice, but let's skip Upwork's fee and use bank transfer."
        )[0]
    )


def test_a_large_recruitment_on_clear_terms_is_not_the_pitch() -> None:
    """A modest rate per hour or per unit and a contract anywhere in the post (docs/labelling.md), unless the
    post sells the work as easy or for anyone."""
    clear = (
        "We're hiring 120 seasonal customer service reps for the holidays.\n"
        "Position: chat support for a toy retailer. Pay: $15.50/hour, contracts through our agency."
    )
    assert "mass_recruiting" not in rule_verdicts(clear)[0]
    pitched = clear + "\nNo experience needed, anyone can do it!"
    assert "mass_recruiting" in rule_verdicts(pitched)[0]


def test_a_large_recruitment_at_a_modest_rate_per_task_is_not_the_pitch_in_japanese() -> None:
    """The rate may sit in another sentence than the head count; easy work or an app keeps the flag."""
    clear = "アンケートの回答者を200名募集しています。1件あたり5分程度、謝礼は50円です。"
    assert "mass_recruiting" not in rule_verdicts(clear)[0]
    assert "mass_recruiting" in rule_verdicts(clear + "誰でもできる簡単作業です。")[0]
    assert "mass_recruiting" in rule_verdicts(clear + "詳細は公式LINEでお送りします。")[0]


def test_scam_words_quoted_in_a_warning_are_cited_not_asked() -> None:
    """A quotation in a message that talks about scams elsewhere cites the scam; the same words unquoted, or
    an app name framed in brackets, still ask."""
    warning = "最近「詳細はLINEでお伝えします」と書かれたスカウトが届きます。見かけたら運営に通報しましょう。"
    raised, cleared = rule_verdicts(warning)
    assert "offplatform_contact" not in raised
    assert "offplatform_contact" in cleared
    unwarned = "「詳細はLINEでお伝えします」と書かれたスカウトが届きます。"
    assert "offplatform_contact" in rule_verdicts(unwarned)[0]
    framed = "「LINE」でお伝えします。見かけたら通報してください。"
    assert "offplatform_contact" in rule_verdicts(framed)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "これって詐欺でしょうか？こう来ました。\n「ご応募ありがとうございます。\n"
            "詳細はLINEでお伝えしますので、こちらのIDを追加してください。」",
            "offplatform_contact",
        ),
        (
            "これって大丈夫ですか？「はじめまして、お仕事のご依頼です。まずは作業を始める前に、"
            "会員登録料3,000円をお振込みください。3か月続けていただければ全額返金いたします。"
            "お振込先はこのあとお送りしますので、ご確認のほどよろしくお願いいたします。」",
            "purchase_request",
        ),
        (
            "Is this a scam? The client wrote: \u201cHi! Before we start, add me on Telegram "
            "@fastjobs_hr, we talk there.\nThe job details are shared in the group.\u201d",
            "offplatform_contact",
        ),
    ],
)
def test_a_clients_message_pasted_in_quotes_under_a_question_still_asks(text: str, code: str) -> None:
    """A freelancer asking "is this a scam?" above a pasted message is the check's main use: a quotation
    running over lines, or longer than a cited phrase, is the client's message, not words cited in a
    warning, so its requests count."""
    assert code in {f.code for f in check(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("先日、ＬＩＮＥ登録を求められたので応募を辞退しました。", "offplatform_contact"),
        ("弊社の社名を騙ってLINEでの連絡を求めるアカウントがあるそうです。", "offplatform_contact"),
        ("先方から手数料がもったいないから直接取引をというお話がありました。", "offplatform_payment"),
        ("入会後に3万円の講座を買わされる被害が続いています。", "info_product"),
    ],
)
def test_what_others_asked_reported_is_a_mention_in_japanese(text: str, code: str) -> None:
    """Someone else's request told after the fact, or a sender posing as a company, runs no scam."""
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


def test_a_pretext_against_impersonation_is_no_mention() -> None:
    """A scam's own pretext for asking an ID ("なりすまし防止のため") is no warning."""
    text = "なりすまし防止のため、身分証を持った顔写真をこちらにお送りください。"
    assert "personal_info" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("教材は弊社のお客様向けの商品で、ワーカーの方にご購入いただくものではありません。", "info_product"),
        ("私は有料の講座は買わずに、ブログで勉強しました。", "info_product"),
        ("有料の講座は特に必要ないと思います。", "info_product"),
        ("社内ルールで、外部での直接取引はできないことになっています。", "offplatform_payment"),
    ],
)
def test_a_japanese_no_said_with_mono_or_zuni_or_nai_is_a_prohibition(text: str, code: str) -> None:
    """The "ので" inside "ものではありません" ends no clause; "買わずに", "必要ない", "できない" say no."""
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


def test_a_promise_that_high_pay_is_no_dream_forbids_nothing() -> None:
    assert "too_good_to_be_true" in rule_verdicts("誰でもできる作業で、月収40万円も夢じゃありません。")[0]


@pytest.mark.parametrize(
    "text",
    [
        "業務委託契約への電子署名、確認いたしました。チームのSlackに招待しますので、メールアドレスを教えてください。",
        "仮払いも先ほど完了しました。ここからはChatworkでやり取りしましょう。",
        "検収完了いたしました。ファイルの共有はGoogleドライブで、連絡はメールでお願いします。",
        "契約書締結後、Slackに招待します。",
    ],
)
def test_a_contract_signed_or_work_accepted_clears_outside_tools(text: str) -> None:
    raised, cleared = rule_verdicts(text)
    assert "offplatform_contact" not in raised
    assert "offplatform_contact" in cleared


def test_a_contract_thanked_for_is_no_funded_escrow() -> None:
    """Escrow put off after the contract still leaves the work before funding: nothing is cleared."""
    text = "ご契約ありがとうございます。仮払いは来月になりますが、先に1本目を納品しておいてください。"
    assert "work_before_escrow" not in rule_verdicts(text)[1]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "弊社はクラウドソーシングを利用しておらず、フリーランスの方とは直接業務委託契約を結んでいます。"
            "お支払いは月末締め翌月末の銀行振込です。",
            "offplatform_payment",
        ),
        ("（当社とは直接の業務委託契約のため、PayPalではなく振込でのお支払いです）", "offplatform_payment"),
        ("請求書の送付先が変わりました。\nseikyu@example.co.jp 宛にどうぞ。", "offplatform_contact"),
    ],
)
def test_a_direct_client_neither_dodges_a_platform_nor_leaves_one(text: str, code: str) -> None:
    """A client with no platform pays on invoice and writes by mail: there is no platform to leave."""
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("弊社のお支払いはすべてランサーズのシステムを通して行います。", "offplatform_payment"),
        ("ご連絡はすべてランサーズ上でお願いします。", "offplatform_contact"),
        ("やり取りはこちらのトークルームでお願いします。", "offplatform_contact"),
    ],
)
def test_talk_or_payment_kept_on_the_platform_clears_the_flag_in_japanese(text: str, code: str) -> None:
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


def test_the_platform_named_with_de_wa_keeps_nothing_on_it() -> None:
    text = "お支払いはココナラ上では行わず、銀行振込で直接お願いします。"
    assert "offplatform_payment" not in rule_verdicts(text)[1]


def test_a_japanese_head_count_in_a_heading_reads_the_clear_terms_below_it() -> None:
    """The terms sit on other lines than the head count; "オンライン" is no LINE, "選ぶだけです" no "だけで"
    pitch, and 500 yen a task is no modest rate."""
    clear = "【募集】アンケートモニター 100名\n・1回答50円、オンラインで完結\n・ランサーズのタスク形式です"
    assert "mass_recruiting" not in rule_verdicts(clear)[0]
    proofreading = "大人数の募集です。\n1記事(約3,000字)あたり300円、仮払いは10本ごと。"
    assert "mass_recruiting" not in rule_verdicts(proofreading)[0]
    choose = "募集人数：40名\n写真を見て選択肢から選ぶだけです。\n報酬：1枚3円、タスク形式で完結します"
    assert "mass_recruiting" not in rule_verdicts(choose)[0]
    assert "mass_recruiting" in rule_verdicts("在宅スタッフ 200名\n1件 500円！")[0]


def test_a_japanese_pay_figure_is_not_read_across_a_line_end() -> None:
    """A heading layout puts the monthly fee on the line after a task's "月1回"."""
    post = "・配信結果の簡単なレポート（月1回）\n■報酬\n月額30,000円（固定）"
    assert "too_good_to_be_true" not in rule_verdicts(post)[0]
    assert "too_good_to_be_true" in rule_verdicts("簡単な作業で、1回30,000円です。")[0]


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("仮払い前の作業はお願いしておりませんので、ラフも仮払い後で大丈夫です。", False),
        ("仮払いは後でしますので、ラフを先に送ってください。", True),
        ("前回と同じく、納品後の請求書払い（銀行振込）でお願いできますか。", False),
        ("仮払いなしで進めてもらって、完成したら銀行振込で直接お支払いします。", True),
    ],
)
def test_escrow_waited_for_or_an_invoice_is_no_work_before_escrow(text: str, raised: bool) -> None:
    """Work "仮払い後で" waits for escrow and an invoice is a client's terms; "仮払いは後で", "仮払いなしで"
    put escrow off."""
    assert ("work_before_escrow" in rule_verdicts(text)[0]) is raised


def test_others_data_entered_as_the_work_is_no_personal_data_asked() -> None:
    work = "名刺画像から氏名・電話番号をExcelに入力していただく作業です。"
    assert "personal_info" not in rule_verdicts(work)[0]
    assert "personal_info" in rule_verdicts("ご本人の氏名と電話番号をこちらに入力してください。")[0]


def test_a_japanese_job_described_with_its_pay_is_not_vague() -> None:
    """The task written out after its heading and an amount clear the flag (the model cannot raise it); a
    heading that says nothing ("簡単なスマホ作業") does not."""
    described = "お仕事内容：通販サイトの商品説明文の作成（1本400字程度）\n報酬：1本1,500円\n納期：毎週月曜"
    assert "vague_job" in rule_verdicts(described)[1]
    assert "vague_job" not in rule_verdicts("お仕事内容：簡単なスマホ作業\n報酬：日給1万円")[1]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the draft! I'll send the rest by Venmo tonight. No need to open an order for it.",
        "Let's end the contract here. We'll pay you by bank transfer every month.",
        "I'll tip you via PayPal so nobody takes a cut.",
        "After this job we continue off-platform and I pay by wire.",
    ],
)
def test_paying_by_a_way_of_ones_own_beside_leaving_the_platform_is_offplatform_payment(text: str) -> None:
    """The way to pay and the platform or its fee left behind may sit in two sentences, or in words such as
    "nobody takes a cut" and "off-platform"."""
    assert "offplatform_payment" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our policy doesn't allow us to pay freelancers outside the platform.", "offplatform_payment"),
        ("We never ask freelancers to contact us outside this site.", "offplatform_payment"),
        ('If anyone messages you saying "details on Telegram", that\'s not us.', "offplatform_contact"),
        ("Some clients ask to go off-platform to save fees, but I'd rather not.", "offplatform_payment"),
        ("Several members report clients asking them to pay a $30 activation fee.", "purchase_request"),
        ("I'm not going to ask for a free sample.", "work_before_escrow"),
    ],
)
def test_a_prohibition_in_any_wording_or_others_requests_told_about_clear_the_flag(
    text: str, code: str
) -> None:
    """A rule that refuses ("doesn't allow us to", "not going to ask") or tells what other people ask runs no
    scam: the rules clear the flag, so the model cannot raise it either."""
    raised, cleared = rule_verdicts(text)
    assert code not in raised
    assert code in cleared


@pytest.mark.parametrize(
    "text",
    [
        "Make three logo ideas and email them to me. I choose one and pay.",
        "To test, please rewrite our About page. If it's good, we'll hire you.",
        "Fix the checkout bug on a branch, then I'll send the offer.",
    ],
)
def test_work_asked_now_with_the_contract_or_pay_waiting_on_it_is_work_before_escrow(text: str) -> None:
    assert "work_before_escrow" in rule_verdicts(text)[0]


def test_a_paid_test_or_a_payment_alone_is_not_work_before_escrow() -> None:
    """Pay waiting on nothing but a way off the platform is offplatform_payment only (tests/bot/service)."""
    paid = "We'll pay for the test: translate one page. If it fits, we'll send the contract."
    assert "work_before_escrow" not in rule_verdicts(paid)[0]
    payment = "We hire freelancers: skip the fees and I pay you directly by PayPal."
    assert "work_before_escrow" in rule_verdicts(payment)[1]  # hiring in general is off its subject
    assert codes(payment) == ["offplatform_payment"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Log in with your Google account and give me the 2FA codes as they come in.", "personal_info"),
        ("Text me your bank PIN.", "personal_info"),
        ("Forward the verification code to my email.", "personal_info"),
        ("Beginner-friendly, $5,000/month.", "too_good_to_be_true"),
        ("Easy work from home, $250+ every day.", "too_good_to_be_true"),
        ("Quick verification: send $5 via Cash App to our desk.", "purchase_request"),
        ("Registration is $25, payable by PayPal.", "purchase_request"),
        ("There is a one-time $20 portfolio review fee.", "purchase_request"),
        ("We'll go over what the job involves and the rate once you're on the team.", "vague_job"),
    ],
)
def test_rules_read_broader_english_wordings(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Monthly membership is just $49 and includes the video lessons.",
            "purchase_request",
        ),  # info product
        ("Please email me your Upwork password.", "offplatform_contact"),  # personal_info, not a way off
        ("Just send $1 via Cash App to verify. Then we send the contract.", "offplatform_payment"),  # 'send'
        ("Send the invoice to billing@acme.example.", "offplatform_contact"),
        ("All plans include a 14-day free trial.", "work_before_escrow"),  # a product's trial
    ],
)
def test_their_english_look_alikes_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


def test_escrow_shown_as_funded_clears_the_before_escrow_flags() -> None:
    text = (
        "We'd like a quick paid trial, and the contract comes later today. "
        "Please only start once the escrow shows as funded on your side."
    )
    assert "work_before_escrow" in rule_verdicts(text)[1]


@pytest.mark.parametrize(
    ("text", "code", "quote"),
    [
        ("Details on Telegram, payment weekly.", "offplatform_contact", "Details on Telegram"),
        (
            "Great portfolio. We can discuss the project via Skype.",
            "offplatform_contact",
            "discuss the project via Skype",
        ),
        (
            "We hire freelancers: skip the fees and I pay you directly by PayPal.",
            "offplatform_payment",
            "skip the fees",
        ),
    ],
)
def test_a_rules_matches_in_one_clause_are_quoted_as_one_phrase(text: str, code: str, quote: str) -> None:
    """ "on Telegram" alone or "lancers" cut out of "freelancers" tells a reader nothing."""
    quotes = [q for finding in check(text) if finding.code == code for q in finding.quotes]
    assert quotes[0].startswith(quote)
    starts = [text.index(q.rstrip("…")) for q in quotes]
    assert all(at == 0 or not text[at - 1].isalnum() for at in starts)  # no quote starts inside a word


@pytest.mark.parametrize(
    "text",
    [
        "Earn $700 a week, only 2 hours a day from home.",
        "Zero experience, phone only. Daily income: $90.",
        "Data entry, $150-$300 a day, no prior experience.",
        "Get $250 for each visit, visits take 30 minutes. Students welcome.",
    ],
)
def test_easy_work_for_high_pay_reads_ranges_weekly_sums_and_small_daily_hours(text: str) -> None:
    assert "too_good_to_be_true" in rule_verdicts(text)[0]


def test_a_modest_daily_pay_for_easy_work_is_not_too_good() -> None:
    text = "$45 a day during training, no prior experience needed."
    assert "too_good_to_be_true" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Before I hire, could we do a short video call? No prep needed.",
        "Before the contract, please send links to two apps you've shipped.",
        "No new writing is needed before the contract; a piece you already published is fine.",
    ],
)
def test_links_a_call_or_answers_asked_before_hiring_are_no_work_before_escrow(text: str) -> None:
    """Before the contract, a client may ask for what needs no work: links, a portfolio, a call, a wait."""
    assert "work_before_escrow" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Logo concepts are part of milestone 1 ($300, funded). Please draw 2 concepts; I'll choose one.",
        "Please wait for the contract, don't start yet. Then make 2 concepts and I choose one and pay.",
    ],
)
def test_a_milestone_written_as_funded_or_a_wait_for_it_clears_the_before_escrow_flags(text: str) -> None:
    """ "(…, funded)" and "don't start yet" promise escrow first, as "until the milestone is funded" does."""
    assert "work_before_escrow" in rule_verdicts(text)[1]
    assert "work_before_escrow" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "As part of our vendor onboarding, a code issuance fee of EUR 30 applies.",
        "The tester role needs a 0.02 ETH pass, minted on our site.",
        "A refundable $40 seat deposit holds your onboarding slot.",
        "Note: a 20 USDT activation deposit is needed first.",
        "Very simple work: you just fund your trading account with $300.",
        "To start, top up your task account with $50.",
        "To upgrade to VIP2 you deposit $300.",
        "The exam fee is $25, payable on our portal.",
    ],
)
def test_hr_step_fees_deposits_and_crypto_are_purchase_requests(text: str) -> None:
    """A fee named for a hiring step (issuance, seat, exam), a deposit or top-up, or crypto asked first."""
    assert "purchase_request" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Tier 2 membership is only $25 and unlocks our transcription tasks.",
        "Order the headset from our partner store (the cost is refunded after 30 days of service).",
        "Buy the plugin today, you get the money back after 3 articles.",
        "Please subscribe to the tool under your own name, about $40/month.",
        "I need you to buy 4 Google Play cards for a client gift.",
    ],
)
def test_a_price_that_opens_the_work_or_is_repaid_after_it_is_a_purchase_request(text: str) -> None:
    """Paying to get tasks, or paying now to be paid back after some work, is the worker paying first."""
    assert "purchase_request" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Let me know if you want a certification, we'll cover the exam fee directly.",
        "As in the contract, travel is reimbursed against receipts with the first milestone.",
        "We're a nonprofit and can only pay $35/hour for grant research.",
        "Tasks open on Monday at $12 per hour, paid through the platform.",
    ],
)
def test_fees_the_client_pays_and_expenses_under_a_contract_are_no_purchase_request(text: str) -> None:
    assert "purchase_request" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Pay rates and task types are posted in our Discord once you join.",
        "Register in the app to see the available tasks and earnings.",
        "Everything about the work and compensation is covered in the onboarding call.",
        "Before I share the role and compensation, please finish the onboarding form.",
        "I tell you how it works after you say yes.",
        "I'll explain everything if you're interested.",
        "Work content I will explain to you by voice call.",
        "Reply YES to receive more information.",
        "Job details and salary after the interview.",
        "Join our channel for job list and payment info.",
        "Are you interested in earning extra income from home? Reply Yes or No.",
        "Remote work open to all, daily payouts. DM 'INFO'",
        "Add me on Telegram @hr_anna for the details.",
    ],
)
def test_a_job_shown_only_inside_an_app_a_call_or_on_request_is_vague(text: str) -> None:
    """No task and no pay in the message: what the work is waits for an app, a call, a yes or a step."""
    assert "vague_job" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Role: illustrator for a picture book, $1,200 fixed; we'll settle the schedule on a call.",
        "The tasks are posted in the app once you join, at $12 per hour.",
        "Once you accept, I'll share the brief and the files; $400 fixed, funded in escrow.",
        "Thanks for the details, I'll send the contract today.",
        "Got another 'reply YES to receive more information' spam today, report it.",
        "The logo job is yours. Reply YES if the Friday deadline works for you.",
        "My coaching program opens next week. Comment 'ME' and I'll DM you.",
    ],
)
def test_a_described_job_with_only_the_schedule_or_brief_left_is_not_vague(text: str) -> None:
    assert "vague_job" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Please buy our style guide ($25) from our site before the first order.",
        "The manual with our formatting rules costs $45 and you pay once.",
        "Our handbook with the house rules costs $55, needed before any order.",
        "Before we put you on client projects you go through Ascend Academy. It's $297 one time.",
        "I went from $0 to $9k/month with this. My Copywriting Accelerator has 15 spots!\nJoin for $497.",
    ],
)
def test_guides_manuals_and_courses_sold_as_the_way_to_work_are_info_products(text: str) -> None:
    """A manual or guide with a price, or a course named in one sentence and priced and promised in others."""
    assert "info_product" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Style guide and glossary provided; the rate is $0.08/word.",
        "Please proofread our 40-page manual, $4 per page.",
        "I'm creating an online course and need an editor for the scripts. Budget $900 for the set.",
        "We pay for one course a year for contractors. It's $300 and we cover it.",
    ],
)
def test_work_on_a_manual_or_course_and_courses_the_client_pays_are_no_info_product(text: str) -> None:
    assert "info_product" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Email hr@northwind-jobs.example your password.", "Email hr@northwind-jobs.example your password"),
        ("Email jobs@acme.example with your login.", "Email jobs@acme.example with your login"),
        ("Message me your password on Telegram.", "Message me your password"),
        ("DM us your bank account number.", "DM us your bank account number"),
        ("田中さんにパスワードをメールしてください。", "パスワードをメールしてください"),
        ("ご住所と電話番号をメールしてください。", "住所と電話番号をメールしてください"),
    ],
)
def test_a_login_or_data_asked_by_email_or_chat_is_personal_data_too(text: str, quote: str) -> None:
    """An address between the verb and the data is no sentence end, and "message me", "DM me" and
    メールして ask as "send" does: the request is for the data, whatever way it is to come."""
    found = {f.code: f.quotes for f in check(text)}
    assert quote in found.get("personal_info", ())


@pytest.mark.parametrize(
    "text",
    [
        "Message me on Upwork about the password reset feature you will build.",
        "Email me at hr@acme.example. Your address on the invoice is fine.",
        "パスワード再設定の画面について、仕様をメールしてください。",
    ],
)
def test_an_address_or_a_message_about_a_feature_asks_for_no_personal_data(text: str) -> None:
    assert "personal_info" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much for the kind application and the lovely portfolio you sent, we will zorb soon.",
        "このたびはご応募いただき誠にありがとうございます弊社一同とても嬉しく思っておりまして近いうちにぞるぶの件で改めてご相談させてください。",
    ],
)
def test_a_sentence_too_long_to_quote_is_quoted_where_the_models_evidence_is(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """The model's flag quotes the words around its evidence, not the start of a long sentence that
    leaves it out ("Thank you so much for the kind application and the lovely…")."""
    flags = flag_codes()
    weights = {gram: tuple(100.0 if f == "vague_job" else 0.0 for f in flags) for gram in ("zorb", "ぞるぶ")}
    judge = Model.build(flags, (1, 2, 3, 4), (-1.0,) * len(flags), unset(len(flags)), weights)
    monkeypatch.setattr("bot.protection.redflags.model", lambda: judge)
    [finding] = check(text)
    [quote] = finding.quotes
    assert "zorb" in quote or "ぞるぶ" in quote
    assert quote in text
    assert len(quote) <= QUOTE_CHARS
    assert whole_words(quote, text)


@pytest.mark.parametrize(
    ("text", "code", "ends"),
    [
        (
            "Let's cancel the contract here and I'll pay you directly through PayPal, to save the 20% fee.",
            "offplatform_payment",
            ("cancel", "PayPal"),
        ),
        (
            "The job details and the pay will be explained after you accept the offer.",
            "vague_job",
            ("The job", "after you accept"),
        ),
    ],
)
def test_a_match_too_long_to_quote_keeps_both_its_ends_and_whole_words(
    text: str, code: str, ends: tuple[str, str]
) -> None:
    """A rule's match is telling at both ends ("cancel the contract" ... "through PayPal"): a quote too
    long for a reply is shortened in its middle, between words."""
    found = {f.code: f.quotes for f in check(text)}
    [quote] = found[code]
    head, _, tail = quote.partition(" … ")
    assert quote.startswith(ends[0])
    assert quote.endswith(ends[1])
    assert len(quote) <= QUOTE_CHARS
    assert tail
    assert whole_words(head, text)
    assert whole_words(tail, text)


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        (
            "弊社の執筆ルールを学んでいただくための研修動画（受講料19,800円）をご購入いただく必要がございます。",
            "info_product",
            "ご購入いただく必要がございます",
        ),
    ],
)
def test_a_lone_bare_word_is_quoted_with_its_clause(text: str, code: str, words: str) -> None:
    """A flag whose only quote would be one bare word (「受講料」) quotes its clause, which says what is
    asked of the reader."""
    found = {f.code: f.quotes for f in check(text)}
    [quote] = found[code]
    assert words in quote
    assert quote in text
    assert len(quote) <= QUOTE_CHARS


def test_the_reply_plan_names_known_flags_and_a_platform_may_have_its_own() -> None:
    raw = {"reply": {"settles": ["purchase_request"], "asks": ["vague_job"], "direct": {"settles": []}}}
    codes = flag_codes()
    assert load_reply_plan(raw, codes).moot(["purchase_request", "vague_job"]) == {"vague_job"}
    assert load_reply_plan(raw, codes, "direct").moot(["purchase_request", "vague_job"]) == set()
    assert load_reply_plan(raw, codes).moot(["vague_job"]) == set()  # nothing settles it
    with pytest.raises(ValueError, match="unknown flags"):
        load_reply_plan({"reply": {"settles": ["nowhere"]}}, codes)
    with pytest.raises(ValueError, match="both settle and ask"):
        load_reply_plan({"reply": {"settles": ["vague_job"], "asks": ["vague_job"]}}, codes)


@pytest.mark.parametrize(
    ("text", "code", "quote"),
    [
        ("Hi, and *send* your `password` ~now~ please.", "personal_info", "*send* your `password`"),
        (
            "**Earn $900 a day** with simple tasks!",
            "too_good_to_be_true",
            "**Earn $900 a day** with simple tasks",
        ),
        (
            "まずは*本名*と`パスワード`を送ってください。",
            "personal_info",
            "*本名*と`パスワード`を送ってください",
        ),
    ],
)
def test_a_quote_holds_both_marks_of_the_senders_markup_or_neither(text: str, code: str, quote: str) -> None:
    """A message pasted or shortcut from Slack or Discord keeps its *bold*, `code` and **bold**: a quote
    does not cut a pair ("send* your `password"); the _ inside "markus_hr" is no mark."""
    found = {f.code: f.quotes for f in check(text)}
    assert found[code] == (quote,)
    assert {f.code: f.quotes for f in check("Add me on Telegram @markus_hr.")} == {
        "offplatform_contact": ("Add me on Telegram",)
    }


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Add me on Telegram @markus_hr for details.", "Add me on Telegram @markus_hr for details"),
        ("For details, message me.", "For details, message me"),
    ],
)
def test_a_lone_quote_that_leans_on_the_words_before_it_comes_with_its_clause(text: str, quote: str) -> None:
    """ "for details" alone does not say that the job is told only to whoever makes contact."""
    found = {f.code: f.quotes for f in check(text)}
    assert found["vague_job"] == (quote,)


def test_a_japanese_quote_does_not_end_inside_a_kanji_word() -> None:
    """The kana after a match run on into the next kanji word only while that word ends in reach
    (「いただく必要があります」); one the reach would cut (「この案件は一|度」) is left out whole."""
    text = "手数料がもったいないのでこの案件は一度キャンセルしていただいて、今後は直接銀行振込で払います。"
    quotes = {f.code: f.quotes for f in check(text)}["offplatform_payment"]
    assert quotes[0].startswith("手数料がもったいないので")
    for quote in quotes:
        after = text[text.index(quote) + len(quote) :][:1]
        assert not ("\u4e00" <= quote[-1] <= "\u9fff" and "\u4e00" <= after <= "\u9fff"), quote


@pytest.mark.parametrize(
    ("text", "code", "quote"),
    [
        # a reason's ので, then a demonstrative that leans on the word left out (この案件)
        (
            "手数料がもったいないのでこの案件は一度キャンセルしていただいて、今後は直接銀行振込で払います。",
            "offplatform_payment",
            "手数料がもったいないので",
        ),
        # a noun's を before the verb left out (送って…)
        (
            "身分証の写真と銀行口座の情報を送っていただければその日のうちにお仕事をお渡しできます",
            "personal_info",
            "身分証の写真と銀行口座の情報",
        ),
        # a clause begun after ので (まずはこちらの契約を…)
        (
            "案件の詳細については契約後にお伝えしますのでまずはこちらの契約を承認していただきその後あらためてご説明させていただきます",
            "vague_job",
            "詳細については契約後にお伝えしますので",
        ),
        # a demonstrative before a katakana word (こちらのチャット), then the を it leaves
        (
            "お名前と住所と身分証の写真をこちらのチャットに送ってください。",
            "personal_info",
            "お名前と住所と身分証の写真",
        ),
        # an honorific ご of the verb left out (ご案内)
        (
            "LINEを追加していただいた方にだけご案内しております。",
            "offplatform_contact",
            "LINEを追加していただいた方にだけ",
        ),
    ],
)
def test_a_japanese_quote_does_not_end_on_words_that_lean_on_the_next(
    text: str, code: str, quote: str
) -> None:
    """A Japanese quote whose kana run on past the match stops before the words that belong to the next
    phrase it leaves out (a demonstrative, an honorific お/ご, a noun's を or の, a clause begun after
    ので), so it ends where a reader would: 「…ので」, not 「…のでこの」."""
    quotes = {f.code: f.quotes for f in check(text)}[code]
    assert quote in quotes, quotes


@pytest.mark.parametrize(
    ("text", "code", "quote"),
    [
        ("未経験でもスマホだけで月収50万円！今すぐご連絡ください", "too_good_to_be_true", "月収50万円"),
        (
            "まずはスタートマニュアル（7,700円）をご購入ください。",
            "info_product",
            "スタートマニュアル（7,700円）",
        ),
        ("オンラインサロンに入っていただくのが参加の条件です。", "info_product", "オンラインサロンに"),
    ],
)
def test_a_japanese_quote_holds_a_whole_katakana_word_and_its_yen(text: str, code: str, quote: str) -> None:
    """A match inside a katakana word (「サロン」 of 「オンラインサロン」) is quoted with the whole word, and
    a sum in 万 with its 円: 「月収50万円」, not 「月収50万」."""
    (found,) = [f.quotes for f in check(text) if f.code == code]
    assert any(q.startswith(quote) or quote in q for q in found), found
    for q in found:
        at = text.index(q)
        assert not (at and "\u30a1" <= text[at - 1] <= "\u30fa" and "\u30a1" <= q[0] <= "\u30fa"), q
        assert not q.endswith("万"), q


@pytest.mark.parametrize(
    ("text", "cleared"),
    [
        ("I have paid the deposit in advance, please start when ready.", "purchase_request"),
        ("I paid the deposit to your bank account yesterday.", "purchase_request"),
        ("The contract has started. Add me on Telegram.", "offplatform_contact"),
        ("I purchased your service. Please add me on LINE.", "offplatform_contact"),
        ("サービスを購入しました。今後はLINEでやり取りしましょう。", "offplatform_contact"),
    ],
)
def test_money_the_sender_already_put_in_is_no_request_to_pay_and_no_time_before_funding(
    text: str, cleared: str
) -> None:
    """A deposit the sender paid asks the worker for nothing; a contract that has started or the worker's
    service bought (on Coconala the purchase holds the money, as escrow does) is past funding."""
    assert cleared not in {f.code for f in check(text)}


def test_a_firm_rule_stands_where_the_model_reads_the_text_as_innocent() -> None:
    """The worker's own login asked for outright is never innocent: the model's veto does not apply."""
    assert "personal_info" in {f.code for f in check("Email jobs@acme.example with your login.")}
    assert "personal_info" in {f.code for f in check("Please send me your password and the code.")}
    assert "personal_info" not in {
        f.code for f in check("I will send you the password for the staging server.")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Your duties and salary will be communicated by your supervisor after your file is complete.",
        "I will share the specific tasks once we start.",
        "The projects vary a lot, so I will tell you about each one as it comes.",
        "How you earn, and how much, is covered inside the training once you are registered.",
        "You will get what you need after registration, including your job description and pay schedule.",
        "I will share everything in our group chat.",
    ],
)
def test_work_or_pay_told_only_later_in_other_words_is_a_vague_job(text: str) -> None:
    assert "vague_job" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("現在、全国から300名のパートナーを募っております。", True),
        ("【急募】アンケートモニター 500名\nスマホをお持ちの方ならどなたでも。", True),
        ("ママ在宅ワーカー1000名計画、始動します！", True),
        ("在宅ワーカーさんを常時大量に募集しております。", True),
        ("継続案件のため50名ほど登録いただける方を探しています。1案件（音声30分）2,500円です。", False),
    ],
)
def test_a_head_count_pitched_in_other_words_is_mass_recruiting(text: str, flagged: bool) -> None:
    assert ("mass_recruiting" in rule_verdicts(text)[0]) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Hi, please make the logo now, I will pay you after I see it.", True),
        ("Please start the coding today, I'll make the milestone once I see progress.", True),
        ("To join, subtitle a full 25-minute episode as your entry test.", True),
        ("Please send a 1000 word article on any topic as your application.", True),
        ("Write 30 descriptions first. The approval set itself is unpaid.", True),
        ("We will pay after we review the final delivery through the funded milestone.", False),
        ("Please send your full portfolio as your application.", False),
        ("One complete 1,000-word article as a test: a paid trial at our normal rate.", False),
    ],
)
def test_work_asked_before_any_pay_in_other_words_is_work_before_escrow(text: str, flagged: bool) -> None:
    assert ("work_before_escrow" in {f.code for f in check(text)}) is flagged


@pytest.mark.parametrize(
    "text",
    [
        "You are eligible for a remote position. To receive the job details, please pay the fee of $10.",
        "u earn big from home, we hire everyone, details on telegram @cp_work88",
    ],
)
def test_a_fee_is_no_pay_written_down_and_details_on_an_app_are_held_back(text: str) -> None:
    """A fee's amount does not make a job described, and details sent on a chat app are held back."""
    assert "vague_job" in rule_verdicts(text)[0]


def test_a_chat_link_is_quoted_without_the_japanese_after_it() -> None:
    """Folding drops the space between a link and the Japanese after it: the link ends at its last ASCII
    character, not at the end of the sentence."""
    found = {f.code: f.quotes for f in check("詳細はこちら→ lin.ee/abc123 先着順です。")}
    assert found["offplatform_contact"] == ("lin.ee/abc123",)


@pytest.mark.parametrize(
    "text",
    [
        "Niches and volume get shared after your first week with us.",
        "Assignments are unlocked after the verification call.",
        "Fees, we'll discuss after you try it.",
        "Let's figure out the budget once you start.",
        "Before we can describe the role, please record a short intro video.",
        "After the call you'll learn what the work is.",
    ],
)
def test_the_work_or_its_pay_named_then_held_back_is_a_vague_job(text: str) -> None:
    """The work or the pay named first, then kept back until a step; the fee left for later with no
    amount anywhere; the job itself kept back until the worker has done something."""
    assert "vague_job" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Tasks are assigned after the escrow is funded.",
        "Assignments are shared once the milestone is funded.",
        "The rate is $40 per hour, and we'll discuss the budget for phase two later.",
        "I pay only after the delivery is accepted, through the platform.",
        "Roles and duties are explained in the attached brief; the fee is ¥50,000.",
    ],
)
def test_work_held_until_funding_or_a_fee_stated_is_not_a_vague_job(text: str) -> None:
    assert "vague_job" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Roles are assigned after you verify in our Discord.", True),
        ("Ask your questions in my Telegram before you apply.", True),
        ("Please join us in our Slack workspace now that the escrow is funded.", False),
        ("Can you send it to my email when it is done?", False),
    ],
)
def test_the_senders_own_chat_app_is_still_off_the_platform(text: str, flagged: bool) -> None:
    """ "in our Discord" moves the talk off the platform as "on Discord" does; after funding it is allowed,
    and "send it to my email" is the work's delivery, not a move."""
    assert ("offplatform_contact" in rule_verdicts(text)[0]) is flagged


def test_the_trainer_places_a_threshold_by_its_lean_among_those_near_the_best_f1() -> None:
    """Out-of-fold F1 is flat over a range of thresholds; `lean` says where in that range the trainer
    settles: 0 the lowest (recall), 1 the highest (precision), 0.5 the middle."""
    flag = "purchase_request"
    # Positives score 3, innocents 1: every threshold from 1.0 up to (not including) 3.0 separates them.
    samples = [Sample(f"p{i}", "en", f"hello there {i}", frozenset({flag}), "train_x") for i in range(4)]
    samples += [Sample(f"n{i}", "en", f"good morning {i}", frozenset(), "train_x") for i in range(4)]
    scores = [(3.0,)] * 4 + [(1.0,)] * 4
    assert thresholds([flag], samples, scores, tolerance=0, lean=0) == [1.0]
    assert thresholds([flag], samples, scores, tolerance=0, lean=1) == [2.9]
    assert thresholds([flag], samples, scores, tolerance=0, lean=0.5) == [2.0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We pay $1,500 for one short story post, tiny accounts are fine.", "too_good_to_be_true"),
        ("I'll send $3,000 for a single retweet of our launch.", "too_good_to_be_true"),
        ("We pay ¥20,000 per hour to chat in English, no qualifications needed.", "too_good_to_be_true"),
        ("Apply code GLOW40 for 40% off your order and you join our creator team.", "purchase_request"),
        ("Ambassador price for you: $29 instead of $58, just check out on our site.", "purchase_request"),
        ("Your editing test has a $15 test fee, payable before you start.", "purchase_request"),
        ("Please pay the $12 shipping for the kit with the tripod and our course.", "purchase_request"),
        ("DM our manager on Telegram to learn the offer and payment.", "vague_job"),
        ("Before we share campaign details, fill in the form with your ID number.", "vague_job"),
        ("Begin translating now; when you finish I tell you the price.", "vague_job"),
        ("Job content will be explained at the online briefing next week.", "vague_job"),
        ("手続きのため、保証費用として15,000円のお振込をお願いします。", "purchase_request"),
        ("専用ライトと三脚のセットをご購入いただいた方のみ、毎月案件をご紹介します。", "purchase_request"),
        ("モニター募集中！送料880円だけでお試しいただけます。", "purchase_request"),
    ],
)
def test_rules_read_brand_deal_and_agency_wordings(text: str, code: str) -> None:
    assert code in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Our rate: $2,500 for one dedicated YouTube video with usage rights.", "too_good_to_be_true"),
        ("Your followers get 15% off with your code; you earn 10% per sale.", "purchase_request"),
        ("Thanks for the proposal. Before I send an offer: how many revisions are included?", "vague_job"),
        ("Please implement the shipping fee calculation in the checkout.", "purchase_request"),
        ("報酬として20,000円を検収後にお振込いたします。", "purchase_request"),
        ("送料は弊社が負担しますので、ご住所だけお知らせください。", "purchase_request"),
    ],
)
def test_look_alikes_of_brand_deal_and_agency_wordings_are_left_alone(text: str, code: str) -> None:
    assert code not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "修正に加えて、バナーをもう2点新規で作ってください。今回の報酬に含める形でお願いします。",
        "別ページのデザインもお願いしたいです。追加費用は出せませんのでご了承ください。",
        "追加の記事を2本、先に書いておいてください。金額は完成してから相談しましょう。",
        "Could you also add a pricing page and a newsletter form? Same budget, nothing extra on our side.",
        "Please also do the Spanish version of the site at no extra cost, it should be quick.",
        "Thanks! Could you also do a quick flyer? Same fee, should only take you an afternoon.",
    ],
)
def test_new_work_slipped_into_the_agreed_fee_is_work_without_escrow(text: str) -> None:
    assert "work_before_escrow" in rule_verdicts(text)[0]
    # an escrow funded for the contracted work does not clear it, and the model may not overrule it
    assert "work_before_escrow" in {f.code for f in check(text, funded=True)}


@pytest.mark.parametrize(
    "text",
    [
        "Can you add two extra slides to the deck? Same milestone, I already increased the amount by $40.",
        "Could you also do a quick flyer? Same fee for the brochure, and the flyer is paid separately.",
    ],
)
def test_new_work_paid_for_is_not_slipped_into_the_fee(text: str) -> None:
    assert "work_before_escrow" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "追加のバナー2点は別途お見積りをお送りしますので、仮払いの後に着手してください。",
        "別ページのデザインもお願いしたいです。追加費用はお支払いしますので、お見積りをください。",
        "Could you also add a pricing page? I will create a new milestone for it today.",
        "Can you also make 3 more banners, same fee ($40 each)? I'll send the offer now.",
    ],
)
def test_new_work_with_its_own_payment_is_left_alone(text: str) -> None:
    assert "work_before_escrow" not in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        # the head count in one sentence, the clear terms in the next (docs/labelling.md: not a flag)
        "We are recruiting 50 writers. 1,500 yen per 3,000-character article, paid per article through "
        "Lancers escrow.",
        "We are hiring 40 data-entry assistants. $0.30 per item, sample sheet attached, escrow funded per "
        "batch.",
    ],
)
def test_a_large_recruitment_with_clear_terms_in_another_sentence_is_left_alone(text: str) -> None:
    assert "mass_recruiting" not in {flag.code for flag in check(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Hiring 50 freelancers for a long-term content project. I pay weekly by direct bank transfer, "
        "we're not going through the platform for this.",
        "We're onboarding 60 moderators at $150/hour. Pay goes direct to your wallet in crypto, not through "
        "Upwork, so close the job once you're in.",
    ],
)
def test_a_large_recruitment_that_leaves_the_platform_is_not_cleared_by_naming_it(text: str) -> None:
    assert "mass_recruiting" in rule_verdicts(text)[0]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Milestone 1 is funded. For the next article, could you write a free sample first?", True),
        ("Thanks for the fixes. Please also do two free sample banners for our next campaign.", True),
        ("Please do not make any free sample for us.", False),
        ("Could you please not send me free samples before we agree on the contract?", False),
        ("We will never ask you to do a free test.", False),
    ],
)
def test_free_work_asked_for_is_raised_whatever_the_message_says_is_funded(text: str, flagged: bool) -> None:
    """A funded milestone pays only its own work, and the model reads "is funded" as innocent: a request for
    free work in so many words is a firm rule, which no model score overrules; a request not to send any is
    none."""
    assert ("work_before_escrow" in codes(text)) is flagged


@pytest.mark.parametrize(
    "text",
    ["承諾しました。LINEで連絡ください", "I have approved it. Add me on Telegram @bob"],
)
def test_a_bare_approval_does_not_clear_contact_off_the_platform(text: str) -> None:
    """A bare 「承諾しました」 names nothing approved: read as a funding claim, it cleared the move off the
    platform that follows it in the same message, as a scam opens."""
    assert "offplatform_contact" in codes(text)


@pytest.mark.parametrize(
    ("text", "code", "flagged"),
    [
        ("追加でブログページのサンプルを無料で1本お願いできますか？", "work_before_escrow", True),
        ("ナレーションのサンプルを無料で録ってもらえませんか。", "work_before_escrow", True),
        ("無料でのサンプル作成はお願いしていません。", "work_before_escrow", False),
        ("購入前にLINEで詳細を相談させてください。", "offplatform_contact", True),
        ("契約前にLINEで連絡することはありません。", "offplatform_contact", False),
        ("Could you send me a quick draft of the logo so I can decide?", "work_before_escrow", True),
        ("Please share your portfolio so I can decide.", "work_before_escrow", False),
    ],
)
def test_requests_found_by_reading_replies(text: str, code: str, flagged: bool) -> None:
    """Found by reading the check's replies to messages no rule was written from: a free sample asked for
    after its price, a contact tool named for the time before the purchase, a draft asked for so that the
    client can decide; their refusals and a portfolio asked for stay clean."""
    assert (code in codes(text)) is flagged
