"""The local preview server and the build date."""
from __future__ import annotations

import datetime as dt
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from generator.dates import build_date
from generator.serve import make_server


def test_preview_serves_the_built_folder_on_localhost_only(tmp_path):
    (tmp_path / "ca-nhan").mkdir()
    (tmp_path / "ca-nhan" / "index.html").write_text("<h1>Cá nhân</h1>", encoding="utf-8")
    server = make_server(tmp_path, 0)
    host, port = server.server_address
    assert host == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ca-nhan/") as response:
            assert response.read().decode("utf-8") == "<h1>Cá nhân</h1>"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/../etc/passwd")
    finally:
        server.shutdown()
        server.server_close()


def test_build_date_comes_from_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    assert build_date(tmp_path) == dt.date(2025, 1, 1)


def test_build_date_comes_from_the_last_commit(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = {"GIT_AUTHOR_DATE": "2024-03-05T10:00:00Z", "GIT_COMMITTER_DATE": "2024-03-05T10:00:00Z",
           "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@b", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / "a.txt").write_text("a")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.txt"], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", "a"], check=True, env=env)
    assert build_date(tmp_path) == dt.date(2024, 3, 5)

