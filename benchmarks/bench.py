"""Time `guongsang build`, clean and incremental, `check` and the preview's save-to-reload, beside plain MkDocs.

    python benchmarks/bench.py [N ...] [--seed S] [--keep DIR] [--no-serve] [--no-plain]

For each N (default 1,000 and 10,000): writes N synthetic records with ``synth.write_synthetic``, then times
in child processes: a full build with no cache; the rebuild after one record's summary is edited, after a
record is added, after one is deleted, after a change to the record page's template (a copy of the body
templates, so the repository is never touched); `check` with no cache and with it; the preview
(`guongsang serve`): from saving one record to the new version being served. Beside it, plain MkDocs +
Material building N bare pages with the same theme and navigation. Prints one table, each build's peak RSS
(the largest process) and the targets of the incremental-build issue.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import REPO, write_synthetic  # noqa: E402

from generator.cache import CACHE_FOLDER  # noqa: E402
from generator.render import THEME, VALIDATION  # noqa: E402

# A build with the body templates read from a copy (argv[2]), so that a template can be changed.
BUILD = ("import sys; from pathlib import Path; import generator.render as r; r.PAGE_TEMPLATES = Path(sys.argv[2]); "
         "from generator.cli import main; sys.exit(main(['build', '--root', sys.argv[1]]))")
# Targets (2 cores), by record count: seconds for a rebuild after one edit, a full build, check; MiB of peak.
TARGETS = {10_000: {"edit": 2.0, "serve": 2.0}, 100_000: {"edit": 10.0, "full": 300.0, "check": 15.0, "rss": 4096}}


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


@dataclass
class Figures:
    n: int
    runs: dict[str, Run]
    serve: float | None
    plain: Run | None


def first_record(project: Path) -> Path:
    return sorted((project / "models").rglob("*.yml"))[0]


def edit_summary(path: Path) -> None:
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    values["summary"] = values["summary"][:300] + f" Sửa lúc {time.time_ns()}."
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")


def new_record(project: Path) -> Path:
    """A copy of the first record under a new id and name (nothing links to it, so it can go again), beside it
    (its images are named relative to its folder)."""
    first = first_record(project)
    values = yaml.safe_load(first.read_text(encoding="utf-8"))
    values["name"] = "Nguyễn Văn Mới Thêm"
    values.pop("related", None)
    path = first.parent / "ban-ghi-moi-them.yml"
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served_version(port: int) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__guongsang__/version", timeout=5) as response:
            return response.read().decode("ascii")
    except OSError:
        return None


def save_to_reload(project: Path, env: dict, timeout: float) -> float | None:
    """Seconds from saving a record to the preview serving the rebuilt site (pages poll every 250 ms more)."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project), "serve", "--port", str(port)],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + timeout
        while (version := served_version(port)) is None:
            if time.monotonic() > deadline or child.poll() is not None:
                return None
            time.sleep(0.5)
        time.sleep(1.0)  # let the watcher settle
        edit_summary(first_record(project))
        saved = time.monotonic()
        while served_version(port) == version:
            if time.monotonic() - saved > 120:
                return None
            time.sleep(0.02)
        return time.monotonic() - saved
    finally:
        child.terminate()
        child.wait()


class Runs(dict):
    """The runs of one record count by label; each is printed as it ends, so a long run shows what it has."""

    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def add(self, label: str, args: list[str], env: dict | None = None) -> Run:
        run = self[label] = run_child(args, env)
        print(f"  {self.n:,}: {label}: {run.seconds:.1f} s, {run.cpu:.1f} s CPU, {run.rss_mib:.0f} MiB, "
              f"exit {run.code}", flush=True)
        return run


def bench(n: int, seed: int, keep: Path | None, serve: bool, plain: bool) -> Figures:
    with tempfile.TemporaryDirectory(prefix="guongsang-bench-") as tmp:
        base = keep / f"build-{n}" if keep else Path(tmp)
        shutil.rmtree(base, ignore_errors=True)
        project, templates = base / "project", base / "templates"
        write_synthetic(project, n, seed)
        shutil.copytree(REPO / "generator" / "templates" / "pages", templates)
        env = os.environ | {"SOURCE_DATE_EPOCH": "1767225600"}
        build = [sys.executable, "-c", BUILD, str(project), str(templates)]
        check = [sys.executable, "-m", "generator", "--root", str(project), "check"]
        runs = Runs(n)
        runs.add("check, no cache", check, env)
        shutil.rmtree(project / CACHE_FOLDER, ignore_errors=True)
        runs.add("full build", build, env)
        runs.add("again, no change", build, env)
        edit_summary(first_record(project))
        runs.add("one summary edited", build, env)
        added = new_record(project)
        runs.add("one record added", build, env)
        added.unlink()
        runs.add("one record deleted", build, env)
        record_template = templates / "record.html"
        record_template.write_text(record_template.read_text(encoding="utf-8") + "\n<!-- đổi mẫu -->\n", encoding="utf-8")
        runs.add("record template changed", build, env)
        runs.add("check, cached", check, env)
        for label, run in runs.items():
            if run.code != 0:
                print(f"{label}: exit {run.code}\n{run.output[-2000:]}")
        served = save_to_reload(project, env, timeout=max(600.0, n / 50)) if serve else None
        theirs = None
        if plain:
            config = plain_mkdocs_project(base / "plain", n)
            theirs = run_child([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config)])
        return Figures(n, runs, served, theirs)


def print_table(figures: list[Figures]) -> None:
    labels = list(figures[0].runs)
    width = max(len(label) for label in labels + ["plain MkDocs+Material", "serve: save to reload"])
    print(f"{'':<{width}} " + " ".join(f"{f.n:>18,}" for f in figures))
    print(f"{'(seconds wall; peak RSS MiB)':<{width}} " + " ".join(f"{'':>18}" for _ in figures))
    for label in labels:
        print(f"{label:<{width}} " + " ".join(
            f"{f.runs[label].seconds:8.1f} s {f.runs[label].rss_mib:6.0f} M" + ("!" if f.runs[label].code else " ")
            for f in figures))
    print(f"{'serve: save to reload':<{width}} " + " ".join(
        f"{f.serve:8.1f} s {'':8}" if f.serve is not None else f"{'-':>10} {'':7}" for f in figures))
    print(f"{'plain MkDocs+Material':<{width}} " + " ".join(
        f"{f.plain.seconds:8.1f} s {f.plain.rss_mib:6.0f} M " if f.plain else f"{'-':>10} {'':7}" for f in figures))
    print(f"load average {os.getloadavg()[0]:.1f} (the machine's other work slows wall times)")
    for f in figures:
        target = TARGETS.get(f.n, {})
        checks = []
        if "edit" in target:
            checks.append(("rebuild after one edit", f.runs["one summary edited"].seconds, target["edit"]))
        if "serve" in target and f.serve is not None:
            checks.append(("serve save to reload", f.serve, target["serve"]))
        if "full" in target:
            checks.append(("full build", f.runs["full build"].seconds, target["full"]))
        if "check" in target:
            checks.append(("check", f.runs["check, cached"].seconds, target["check"]))
        if "rss" in target:
            checks.append(("peak MiB", max(r.rss_mib for r in f.runs.values()), target["rss"]))
        if f.plain and f.n >= 10_000:
            checks.append(("full build / plain MkDocs", f.runs["full build"].seconds / f.plain.seconds, 1.0))
        for label, value, limit in checks:
            print(f"  {f.n}: {label} {value:.2f} (target ≤ {limit}): {'ok' if value <= limit else 'MISSED'}")


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="*", default=[1_000, 10_000], help="record counts (default 1000 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the projects under this folder and keep them")
    parser.add_argument("--no-serve", action="store_true", help="leave out the preview's save-to-reload")
    parser.add_argument("--no-plain", action="store_true", help="leave out plain MkDocs")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    figures = []
    for n in args.n:
        figures.append(bench(n, args.seed, args.keep, not args.no_serve, not args.no_plain))
        print_table(figures)  # after each size, so a long run shows what it has
    return 0 if all(r.code == 0 for f in figures for r in f.runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
