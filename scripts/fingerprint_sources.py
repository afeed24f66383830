"""Write the fingerprint of the source articles that tests/test_content_originality.py checks against.

    python scripts/fingerprint_sources.py SOURCES_DIR [--out tests/data/source_fingerprints.txt]

Reads every ``*.txt`` file in SOURCES_DIR (the articles the example records are drawn from) and writes
only hashes of their 12-word runs: the articles' text never enters the repository.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator.originality import write_fingerprints

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "data" / "source_fingerprints.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, help="folder of the source articles (*.txt)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fingerprint file to write")
    args = parser.parse_args(argv)
    files = sorted(args.sources.glob("*.txt"))
    if not files:
        parser.error(f"no *.txt file in {args.sources}")
    count = write_fingerprints(files, args.out)
    shown = args.out.resolve().relative_to(REPO) if args.out.resolve().is_relative_to(REPO) else args.out
    print(f"{shown}: {count} fingerprints from {len(files)} articles")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main())
