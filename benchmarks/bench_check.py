"""Time `guongsang check` on a synthetic project: wall time and peak memory.

    python benchmarks/bench_check.py [N ...] [--seed S] [--keep DIR]

Writes N synthetic records (default 10,000) to a temporary folder with ``synth.write_synthetic``,
runs ``python -m generator --root DIR check`` in a child process and prints the figures.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import Run, count_arguments, run_child  # noqa: E402
from synth import write_synthetic  # noqa: E402


def run_check(root: Path) -> Run:
    """Run the check alone in a fresh process: wall and CPU time, its own peak RSS, exit code, output."""
    return run_child([sys.executable, "-m", "generator", "--root", str(root), "check"])


def bench(n: int, seed: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="guongsang-bench-") as tmp:
        root = keep / f"check-{n}" if keep else Path(tmp)
        if keep:
            shutil.rmtree(root, ignore_errors=True)
        start = time.perf_counter()
        write_synthetic(root, n, seed)
        size = sum(p.stat().st_size for p in (root / "models").rglob("*.yml"))
        print(f"{n} records ({size / 2**20:.1f} MiB of YAML) written in {time.perf_counter() - start:.1f} s")
        run = run_check(root)
        print(f"guongsang check: {run.seconds:.2f} s wall, {run.cpu:.2f} s CPU, peak RSS {run.rss_mib:.0f} MiB, "
              f"exit {run.code}, {run.seconds / n * 1000:.3f} ms per record")
        print(f"  {run.output.splitlines()[-1] if run.output else ''}")


def main(argv: list[str] | None = None) -> int:
    args = count_arguments(__doc__.splitlines()[0], argv)
    for n in args.n:
        bench(n, args.seed, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
