"""Shared fixtures: paths of the repository and a helper to write a small project."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: the repository's site_config.yml and an empty models/ folder."""
    shutil.copy(REPO / "site_config.yml", tmp_path / "site_config.yml")
    (tmp_path / "models").mkdir()
    return tmp_path
