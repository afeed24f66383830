"""`guongsang hook install`: a git pre-commit hook that runs `check` on the staged snapshot."""
from __future__ import annotations

import os
import shlex
import sys
from importlib import resources
from pathlib import Path

from . import messages as msg
from .dates import git
from .problems import InputError, Problem

HOOK_MARK = "guongsang:"  # in our hook's first comment: lets us update our own hook, never another


def install_pre_commit(root: Path) -> Path:
    """Write (or update) the pre-commit hook of the git repository holding `root`; return its path."""
    hooks_dir = git(root, "rev-parse", "--path-format=absolute", "--git-path", "hooks")
    top = git(root, "rev-parse", "--show-toplevel")
    if hooks_dir is None or top is None:
        raise InputError([Problem(".git", 1, msg.HOOK_NO_GIT)])
    hook = Path(hooks_dir) / "pre-commit"
    if hook.exists() and HOOK_MARK not in hook.read_text(encoding="utf-8", errors="replace"):
        raise InputError([Problem(str(hook), 1, msg.HOOK_OTHER)])
    prefix = os.path.relpath(root.resolve(), Path(top).resolve()).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    template = resources.files("generator").joinpath("templates/hooks/pre-commit").read_text(encoding="utf-8")
    text = template.replace("{{ prefix }}", prefix).replace("{{ python }}", shlex.quote(sys.executable))
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(text, encoding="utf-8", newline="\n")
    hook.chmod(0o755)
    return hook

