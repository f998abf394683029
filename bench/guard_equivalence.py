"""Decision-equivalence harness for speed work on the injection input stage.

A speed change to normalisation, the rules or the classifier must not change a single
decision. This module scores a fixed, wide set of texts and writes what the stage said
about each (the rules' score, matched ids and spans, given the views and not; the
classifier's raw score, probability and reading; a digest of every view), so the same
dump from the code before and after a change can be compared:

    PYTHONPATH=<old tree>/src:. python -m bench.guard_equivalence dump /tmp/before.json
    PYTHONPATH=src:. python -m bench.guard_equivalence dump /tmp/after.json
    python -m bench.guard_equivalence compare /tmp/before.json /tmp/after.json

The texts: every line of the shipped corpora (`guard/data/*.txt`) and of the training
data (`guard/training/data/*.txt`), every string literal of the guard tests, each attack
encoded 15 ways (base64, hex, rot13, Morse, homoglyphs, zero-width, spaced letters, ...),
and 200 B / 4 kB texts with attacks buried at the start, middle and end of benign and
multilingual filler, and the texts `bench guard_speed` times and everyday chat prompts.
Not part of ``python -m bench`` (it measures no time).
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
import hashlib
import json
import math
import string
import sys
from importlib import resources
from pathlib import Path

from bench.bench_guard_speed import texts as guard_speed_texts
from phaseone.guard.classifier import load_model, raw_score
from phaseone.guard.injection import score_injection
from phaseone.guard.normalize import views

_HERE = Path(__file__).resolve().parent.parent
_CODES = ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... -"
_CODES += " ..- ...- .-- -..- -.-- --.."
_MORSE = dict(zip(string.ascii_lowercase, _CODES.split(), strict=True))
_CYRILLIC = str.maketrans("aeopcxi", "аеорсхі")
_LEET = str.maketrans("aeiost", "431057")
FILLER = (
    "Hi team, quick update on the quarterly report. Please disregard my earlier email about "
    "the meeting room; we moved to the third floor. Can someone stand in for Maria on "
    "Thursday and change the notification setting for the shared calendar? Thanks! "
)

#: Everyday chat prompts (system and user messages joined as the stage joins them): some
#: rules' keywords occur in each, and few rules or none match.
CHAT = [
    "You are a helpful support agent.",
    "Hello, can you help me summarise this customer email about a late delivery of order "
    "12345?\nYou are a helpful support agent.",
    "You are an AI assistant for all agents of the support team. System: answer briefly.",
    "SYSTEM: you are a careful assistant.\nUser: please ignore the typos in my last message.",
]


def _lines(text: str) -> list[str]:
    return [ln.replace("\\n", "\n") for ln in text.splitlines() if ln.strip()]


def _encodings(p: str) -> list[str]:
    raw = p.encode("utf-8", "surrogatepass")
    ascii_words = "".join(c for c in p.lower() if c in string.ascii_lowercase + " ").split()
    uu = "".join(binascii.b2a_uu(raw[i : i + 45]).decode() for i in range(0, len(raw), 45))
    return [
        base64.b64encode(raw).decode(),
        "Decode this: " + base64.urlsafe_b64encode(raw).decode().rstrip("="),
        base64.b32encode(raw).decode(),
        raw.hex(),
        " ".join(f"{b:02x}" for b in raw),
        base64.a85encode(raw).decode(),
        codecs.encode(p, "rot13"),
        base64.b64encode(raw.hex().encode()).decode(),
        " / ".join(" ".join(_MORSE[c] for c in w) for w in ascii_words),
        f"begin 644 a.txt\n{uu}`\nend",
        p.translate(_CYRILLIC),
        p.translate(_LEET),
        "\u200b".join(p),
        " ".join(p[:40]) + p[40:],
        p.upper(),
    ]


def corpus() -> list[str]:
    """Every text the harness scores, in a fixed order."""
    data = resources.files("phaseone.guard").joinpath("data")
    train = resources.files("phaseone.guard").joinpath("training", "data")
    texts: list[str] = []
    attacks: list[str] = []
    for folder in (data, train):
        for f in sorted(folder.iterdir(), key=lambda f: f.name):
            if f.name.endswith(".txt") and not f.name.startswith("NOTICE"):
                lines = _lines(f.read_text("utf-8"))
                texts += lines
                if "attack" in f.name:
                    attacks += lines
    for name in ("test_normalize.py", "test_injection.py", "test_classifier.py"):
        path = _HERE / "tests" / "guard" / name
        if path.exists():
            tree = ast.parse(path.read_text("utf-8"))
            texts += [
                n.value
                for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= 8
            ]
    for a in attacks:
        texts += _encodings(a)
    multi = " ".join(_lines(train.joinpath("requests_de.txt").read_text("utf-8"))[:40])
    multi += " " + " ".join(_lines(train.joinpath("requests_fr.txt").read_text("utf-8"))[:40])
    for filler in (FILLER, multi + " Привет, это обычный текст. 你好世界。 "):
        long = (filler * (4096 // len(filler) + 1))[:4096]
        texts += [filler[:200], long]
        for a in attacks[::3]:
            for enc in (a, base64.b64encode(a.encode()).decode(), a.translate(_LEET)):
                texts.append(long[: 4096 - len(enc) - 1] + " " + enc)
                texts.append(enc + " " + long[: 4096 - len(enc) - 1])
                half = 2048 - len(enc) // 2
                texts.append(long[:half] + " " + enc + " " + long[half : 4096 - len(enc) - 1])
    return texts + list(guard_speed_texts().values()) + CHAT


def _digest(s: object) -> str:
    return hashlib.sha256(repr(s).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def dump(path: Path) -> int:
    model = load_model()
    out = []
    for text in corpus():
        norm = views(text)
        found = score_injection(text, norm)
        # Without the views, as the rules alone are called (a plain text then takes
        # `score_injection`'s own short cuts).
        alone = score_injection(text)
        raw, how = raw_score(model, text, norm)
        out.append(
            {
                "text": _digest(text),
                "score": found.score,
                "matched": list(found.matched),
                "spans": [list(s) for s in found.spans],
                "alone": [alone.score, list(alone.matched), [list(s) for s in alone.spans]],
                "raw": raw,
                "probability": model.probability(raw),
                "reading": how,
                "views": [
                    _digest((v.how, v.text, v.span, v.offsets, v.windows)) for v in norm.views
                ],
                "signals": norm.signals,
            }
        )
    path.write_text(json.dumps(out))
    print(f"{len(out)} texts scored -> {path}")
    return 0


def compare(a: Path, b: Path, tolerance: float = 1e-9) -> int:
    """0 if every text has the same findings and views and classifier scores within
    `tolerance`, else 1 (each difference printed)."""
    before, after = json.loads(a.read_text()), json.loads(b.read_text())
    if [r["text"] for r in before] != [r["text"] for r in after]:
        print("the two dumps are of different texts")
        return 1
    bad = 0
    for i, (x, y) in enumerate(zip(before, after, strict=True)):
        keys = ("score", "matched", "spans", "alone", "reading", "views", "signals")
        diffs = [k for k in keys if x.get(k) != y.get(k)]
        if not math.isclose(x["raw"], y["raw"], rel_tol=tolerance, abs_tol=tolerance):
            diffs.append(f"raw {x['raw']!r} != {y['raw']!r}")
        if diffs:
            bad += 1
            if bad <= 20:
                print(f"text #{i} ({x['text']}): {', '.join(diffs)}")
    worst = max(abs(x["raw"] - y["raw"]) for x, y in zip(before, after, strict=True))
    print(f"{len(before)} texts, {bad} differ; largest raw-score difference {worst:.3g}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) == 2 and args[0] == "dump":
        return dump(Path(args[1]))
    if len(args) == 3 and args[0] == "compare":
        return compare(Path(args[1]), Path(args[2]))
    print("usage: python -m bench.guard_equivalence dump FILE | compare BEFORE AFTER")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
