"""The CI files offered for copying: they pass the real linters (actionlint, and the GitHub and GitLab schemas
that check-jsonschema ships), run on actions that are not being retired, check every change and publish only
from main."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

BIN = Path(sys.executable).parent  # the linters are test dependencies, installed beside this Python
GITHUB = REPO / "ci" / "github-pages.yml"
GITLAB = REPO / "ci" / "gitlab-ci.yml"


def actionlint(workflow: Path) -> subprocess.CompletedProcess:
    # No shellcheck or pyflakes, even where installed: the same findings on every machine.
    return subprocess.run([str(BIN / "actionlint"), "-no-color", "-shellcheck=", "-pyflakes=", str(workflow)],
                          capture_output=True, text=True)


def check_schema(schema: str, file: Path) -> subprocess.CompletedProcess:
    # The schemas ship inside check-jsonschema: nothing is downloaded.
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(file)],
                          capture_output=True, text=True)


def test_github_workflow_passes_actionlint():
    done = actionlint(GITHUB)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_actionlint_reports_actions_on_a_retired_runtime(tmp_path):
    """The check above can fail: the previous template, on node20 actions, does not pass."""
    old = tmp_path / "old.yml"
    old.write_text(re.sub(r"actions/checkout@v\d+", "actions/checkout@v4", GITHUB.read_text(encoding="utf-8")),
                   encoding="utf-8")
    done = actionlint(old)
    assert done.returncode == 1 and "node20" in done.stdout and "actions/checkout@v4" in done.stdout, done.stdout


def test_github_workflow_and_gitlab_ci_pass_their_schemas():
    for schema, file in (("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)):
        done = check_schema(schema, file)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_can_fail(tmp_path):
    """A typo a person copying the template could make (`scripts:` for `script:`) is caught."""
    broken = tmp_path / "gitlab-ci.yml"
    broken.write_text(GITLAB.read_text(encoding="utf-8").replace("  script:", "  scripts:"), encoding="utf-8")
    done = check_schema("vendor.gitlab-ci", broken)
    assert done.returncode == 1 and "'scripts' was unexpected" in done.stdout, done.stdout


def test_github_actions_checks_everything_and_deploys_main_only():
    flow = yaml.safe_load((REPO / "ci" / "github-pages.yml").read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(flow[True])  # YAML 1.1 reads the key `on` as true
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    steps = {s.get("name") or s["uses"].split("@")[0]: s for s in build["steps"]}
    assert steps["actions/checkout"]["with"]["fetch-depth"] == 0  # dates come from the whole history
    assert steps["Kiểm tra bản ghi"]["run"] == "guongsang check" and "if" not in steps["Kiểm tra bản ghi"]
    assert "refs/heads/main" in steps["actions/upload-pages-artifact"]["if"]
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_gitlab_ci_checks_everything_and_publishes_main_only():
    ci = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert ci["check"]["script"] == ["guongsang check"] and "rules" not in ci["check"]
    assert ci["pages"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    assert ci["pages"]["artifacts"]["paths"] == ["public"] and "--out public" in ci["pages"]["script"][0]


def _vietnam_midnight_snippet(text: str) -> str:
    line = next(ln for ln in text.splitlines() if "export SOURCE_DATE_EPOCH=" in ln)
    return line.strip()


def test_scheduled_builds_are_dated_today_in_vietnam_so_embargoes_lift(tmp_path):
    import datetime as dt
    import subprocess

    from generator.dates import day_of

    flow = yaml.safe_load((REPO / "ci" / "github-pages.yml").read_text(encoding="utf-8"))
    assert "schedule" in flow[True]
    gitlab = (REPO / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    github = (REPO / "ci" / "github-pages.yml").read_text(encoding="utf-8")
    assert _vietnam_midnight_snippet(github) == _vietnam_midnight_snippet(gitlab)
    # Run the snippet with a fake `date` at 2024-09-01 18:30 UTC, which is already 2 September in Vietnam.
    fake = tmp_path / "date"
    now = int(dt.datetime(2024, 9, 1, 18, 30, tzinfo=dt.timezone.utc).timestamp())
    fake.write_text(f"#!/bin/sh\necho {now}\n")
    fake.chmod(0o755)
    script = _vietnam_midnight_snippet(github) + '\necho "$SOURCE_DATE_EPOCH"'
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True,
                         env={"PATH": f"{tmp_path}:/usr/bin:/bin"}).stdout.strip()
    assert day_of(int(out)) == dt.date(2024, 9, 2)
    assert int(out) <= now


def test_both_templates_build_for_the_address_the_site_is_published_at():
    """Without it, canonical links, feeds, open data and /ban-sao/ would name the example's placeholder host."""
    flow = yaml.safe_load((REPO / "ci" / "github-pages.yml").read_text(encoding="utf-8"))
    step = next(s for s in flow["jobs"]["build"]["steps"] if s.get("name") == "Dựng trang")
    assert "vars.SITE_URL" in step["env"]["SITE_URL"] and ".github.io/" in step["env"]["SITE_URL"]
    commands = [line.strip() for line in step["run"].splitlines() if line.strip().startswith("guongsang ")]
    assert commands and all(c.endswith('--site-url "$SITE_URL"') for c in commands)
    ci = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    script = ci["pages"]["script"][0]
    assert script.count('--site-url "${SITE_URL:-$CI_PAGES_URL}"') == script.count("guongsang ") == 2
