"""The labelled corpus of `/gig check` and its frozen split into train, dev and test.

The split is decided here and nowhere else, by the message id alone: the first 8 bytes of the SHA-256 of
the id, read as a fraction of 2^64, put a message in test below 0.45, in dev below 0.60, and in train
otherwise. A message never changes side when others are added, and nobody can move one by hand. The
messages of `tuned.jsonl` (the first 220, which the rules were written against) are train whatever their
hash: a figure measured on them says nothing about unseen messages. So are the files named `train_*.jsonl`:
messages written later to teach the model, which must never reach dev or test. The files named
`outside_*.jsonl` are a split of their own, outside: a blind set written apart from the project, loaded
only when asked for by name, so that neither tuning nor training ever sees it.

Rules and model are tuned on train and checked on dev; test and outside are only ever scored, never read
for errors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "bot" / "protection" / "corpus"
TUNED = "tuned.jsonl"
TRAIN_ONLY_PREFIX = "train_"
OUTSIDE_PREFIX = "outside_"
# The first 220 were labelled before offplatform_payment and vague_job existed: on them, those two flags
# are unknown, neither present nor absent.
FIRST_FLAGS = (
    "offplatform_contact",
    "personal_info",
    "purchase_request",
    "work_before_escrow",
    "too_good_to_be_true",
    "info_product",
    "mass_recruiting",
)
LABELLED_ONLY_FOR = {TUNED: frozenset(FIRST_FLAGS)}
TEST_SHARE = 0.45
DEV_SHARE = 0.15


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"
    OUTSIDE = "outside"


# The splits of the corpus proper, loaded by default; outside is asked for by name only.
CORPUS_SPLITS = (Split.TRAIN, Split.DEV, Split.TEST)


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    lang: str
    text: str
    flags: frozenset[str]
    source: str  # the corpus file it comes from

    def knows(self, flag: str) -> bool:
        """Whether the message was labelled for this flag at all."""
        labelled = LABELLED_ONLY_FOR.get(self.source)
        return labelled is None or flag in labelled

    @property
    def split(self) -> Split:
        if outside(self.source):
            return Split.OUTSIDE
        return Split.TRAIN if train_only(self.source) else split_of(self.id)


def train_only(source: str) -> bool:
    """Whether a corpus file is train whatever its ids' hashes."""
    return source == TUNED or source.startswith(TRAIN_ONLY_PREFIX)


def outside(source: str) -> bool:
    """Whether a corpus file belongs to the blind outside set, never train, dev or test."""
    return source.startswith(OUTSIDE_PREFIX)


def split_of(message_id: str) -> Split:
    """The side of a (new) message, from its id: 45 % test, 15 % dev, 40 % train."""
    digest = hashlib.sha256(message_id.encode("utf-8")).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    if fraction < TEST_SHARE:
        return Split.TEST
    if fraction < TEST_SHARE + DEV_SHARE:
        return Split.DEV
    return Split.TRAIN


def load(splits: Iterable[Split] = CORPUS_SPLITS, directory: Path = CORPUS_DIR) -> list[Sample]:
    """The messages of the given splits (train, dev and test by default), in file and line order."""
    wanted = frozenset(splits)
    samples = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                sample = Sample(row["id"], row["lang"], row["text"], frozenset(row["flags"]), path.name)
                if sample.split in wanted:
                    samples.append(sample)
    return samples
