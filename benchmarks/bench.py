"""Time `guongsang build` on a synthetic project beside a plain MkDocs + Material build of as many pages.

    python benchmarks/bench.py [N ...] [--seed S] [--keep DIR]

For each N (default 10,000): writes N synthetic records with ``synth.write_synthetic``, runs
``guongsang build`` in a child process, then builds N bare Markdown pages (not in the navigation) with
MkDocs + Material with the same theme settings and navigation sections, and prints wall time, CPU time
(with child processes), peak RSS (the largest process) and pages per second for each, with the build
also timed without its search index stage. Target: the build takes at most 1.5 times the plain MkDocs
time, under 3 GB.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, write_synthetic  # noqa: E402

from generator.render import THEME, VALIDATION  # noqa: E402

# The same build without the search index and share images (the ONLINE stages), to see the renderer's own share.
WITHOUT_SEARCH = ("import sys; from pathlib import Path; import generator.build as b; b.ONLINE.clear(); "
                  "b.build_site(Path(sys.argv[1]), Path(sys.argv[2]))")
TARGET_RATIO = 1.5
TARGET_RSS_MIB = 3 * 1024


@dataclass
class Run:
    seconds: float
    cpu: float
    rss_mib: float
    code: int
    output: str


def run_child(args: list[str], env: dict | None = None) -> Run:
    """Run one command and measure it alone: wait4 gives this child's own peak RSS and CPU time."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = child.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode, output.strip())


SECTIONS = ("Trang chủ", "Cá nhân", "Tập thể", "Mô hình", "Địa phương", "Lĩnh vực", "Năm", "Nguồn", "Giới thiệu")


def plain_mkdocs_project(root: Path, n: int) -> Path:
    """N bare Markdown pages, out of the navigation, and a mkdocs.yml with the site's theme settings and
    navigation sections; returns the config file."""
    docs = root / "docs"
    (docs / "p").mkdir(parents=True)
    nav = []
    for i, section in enumerate(SECTIONS):
        (docs / f"muc-{i}.md").write_text(f"# {section}\n\nMục {section}.\n", encoding="utf-8")
        nav.append({section: f"muc-{i}.md"})
    for i in range(n):
        (docs / "p" / f"trang-{i}.md").write_text(
            f"# Trang {i}\n\nMột đoạn văn ngắn cho trang số {i}, viết bằng tiếng Việt có dấu.\n", encoding="utf-8")
    config = {
        "site_name": "Thử MkDocs", "docs_dir": str(docs), "site_dir": str(root / "site"),
        "use_directory_urls": True, "nav": nav, "theme": THEME, "plugins": [], "validation": VALIDATION,
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def report(label: str, run: Run, pages: int) -> None:
    print(f"  {label:<24} {run.seconds:8.1f} s wall {run.cpu:8.1f} s CPU {run.rss_mib:8.0f} MiB peak RSS "
          f"{pages / run.seconds:8.0f} pages/s   exit {run.code}")


def bench(n: int, seed: int, keep: Path | None) -> bool:
    with tempfile.TemporaryDirectory(prefix="guongsang-bench-") as tmp:
        base = keep / f"build-{n}" if keep else Path(tmp)
        shutil.rmtree(base, ignore_errors=True)
        project, plain = base / "project", base / "plain"
        write_synthetic(project, n, seed)
        env = os.environ | {"SOURCE_DATE_EPOCH": "1767225600"}
        ours = run_child([sys.executable, "-m", "generator", "--root", str(project), "build"], env)
        pages = sum(1 for _ in (project / "site").rglob("index.html"))
        unsearched = run_child([sys.executable, "-c", WITHOUT_SEARCH, str(project), str(base / "unsearched")], env)
        config = plain_mkdocs_project(plain, n)
        theirs = run_child([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)])
        plain_pages = sum(1 for _ in (plain / "site").rglob("index.html"))
        print(f"{n} records:")
        report("guongsang build", ours, pages)
        report("  without search index", unsearched, pages)
        report("plain MkDocs+Material", theirs, plain_pages)
        print(f"  load average {os.getloadavg()[0]:.1f} (the machine's other work slows both builds' wall time)")
        ratio = ours.seconds / theirs.seconds
        ok = ours.code == 0 and ratio <= TARGET_RATIO and ours.rss_mib < TARGET_RSS_MIB
        print(f"  ratio {ratio:.2f} ({unsearched.seconds / theirs.seconds:.2f} without search; target ≤ {TARGET_RATIO}), "
              f"peak {ours.rss_mib:.0f} MiB (target < {TARGET_RSS_MIB}): {'ok' if ok else 'MISSED'}")
        if ours.code != 0:
            print(ours.output[-2000:])
        return ok


def count_arguments(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The arguments every record-count benchmark takes; prints the machine the figures come from."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("n", type=int, nargs="*", default=[10_000], help="record counts (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the projects under this folder and keep them")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    return args


def main(argv: list[str] | None = None) -> int:
    args = count_arguments(__doc__.splitlines()[0], argv)
    results = [bench(n, args.seed, args.keep) for n in args.n]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
