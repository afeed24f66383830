"""The CI files offered for copying: valid YAML that checks every change and publishes only from main."""
from __future__ import annotations

import yaml

from conftest import REPO


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
