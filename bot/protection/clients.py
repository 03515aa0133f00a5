"""Client names as the community matches and shows them.

Members write the same client many ways ("ACME Inc.", "ａｃｍｅ", "acme", a CrowdWorks profile link): the
key folds them together. The label is what others read: it can never ping anyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from bot.i18n import catalog as i18n
from bot.protection.text import fold_kana

# Factual categories only: nothing a member writes in their own words is shown to others.
REASONS: tuple[str, ...] = (
    "ghosted",
    "unpaid",
    "late_payment",
    "offplatform",
    "scope_creep",
    "retaliatory_review",
    "scam",
)


@dataclass(frozen=True, slots=True)
class CommunityTerms:
    """The community's tunables (the runtime reads them from its settings). A client's reports are
    shown (in `/gig vet`, `/gig add`, the digest) once `min_members` members made them, and the
    digest's replies after a silence once they came from that many; the weekly digest posts on
    `digest_weekday` (0 = Monday) at `digest_hour` in its channel's time zone."""

    min_members: int = 2
    digest_weekday: int = 0
    digest_hour: int = 9

    def __post_init__(self) -> None:
        if self.min_members < 1 or not 0 <= self.digest_weekday <= 6 or not 0 <= self.digest_hour <= 23:
            raise ValueError("min_members from 1, digest_weekday in 0..6, digest_hour in 0..23")


COMMUNITY = CommunityTerms()
KEY_MAX = 120
LABEL_MAX = 100

# Profile links reduce to the platform's own id, so a link and a pasted id match.
_PROFILES = (
    ("crowdworks", re.compile(r"crowdworks\.jp/public/(?:employers|employees)/(\d+)")),
    ("lancers", re.compile(r"lancers\.jp/(?:client|profile)/([\w.-]+)")),
    ("upwork", re.compile(r"upwork\.com/\S*?(~[0-9a-z]+)")),
)
_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|一般社団法人|\(株\)|\(有\)|\(同\)"
    r"|(?:,?\s*(?:inc|llc|ltd|co\.?,?\s*ltd|corp|corporation|gmbh|k\.?k)\.?)$"
)
# An honorific typed after the name (山田様, 山田さん, ACME御中): the texts add 様 themselves, and the
# same client is meant with or without it.
_HONORIFIC = re.compile(r"\s*(?:様|さま|さん|殿|御中)$")
# NFKC writes ㈱ and （株） as (株): in a Japanese name the brackets are full-width again.
_ABBREVIATED_FORM = re.compile(r"\(([株有同])\)")
# Characters a platform reads as a mention, a channel or markup: `<!channel>`, `@everyone`, `<@U123>`.
_PINGING = re.compile(r"[<>@]")  # after NFKC, which folds full-width forms


def client_key(name: str) -> str:
    """NFKC, case, kana, spacing, punctuation and legal forms folded; profile links to the profile id.
    Empty when nothing identifying is left (a name made only of symbols)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    for platform, pattern in _PROFILES:
        m = pattern.search(text)
        if m:
            return f"{platform}:{m[1]}"[:KEY_MAX]
    text = _LEGAL_FORMS.sub("", fold_kana(_HONORIFIC.sub("", text)))
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNM")[:KEY_MAX]


def client_label(name: str) -> str:
    """The name as others see it: NFKC, one space between words, nothing that mentions or pings, no
    honorific (the texts add 様), and （株） with the brackets Japanese writes."""
    text = _PINGING.sub("", unicodedata.normalize("NFKC", name))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _ABBREVIATED_FORM.sub(r"（\1）", " ".join(text.split()))
    return (_HONORIFIC.sub("", text) or text)[:LABEL_MAX]


def reasons_text(lang: str, reasons: Mapping[str, int]) -> str:
    """ "ghosted (3), unpaid (2)": each reason with how many members reported it, most first."""
    ordered = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    return i18n.t(lang, "report.list_sep").join(
        i18n.t(lang, "report.reason_count", reason=i18n.t(lang, f"reason.{r}"), members=n) for r, n in ordered
    )
