"""The editor schema: current with site_config.yml, and every example record validates against it."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from generator.config import load_config
from generator.schema import SCHEMA_FILE, editor_schemas
from generator.yamlfile import load_mapping

from conftest import REPO


def plain(value):
    """A loaded YAML tree as JSON data: dates as the text an editor sees."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_are_current():
    schemas = editor_schemas(load_config(REPO))
    assert SCHEMA_FILE in schemas
    for path, text in schemas.items():
        assert (REPO / path).read_text(encoding="utf-8") == text, f"run `guongsang schema` and commit {path}"


def test_every_example_record_validates(validator):
    paths = sorted((REPO / "models").rglob("*.yml"))
    for path in paths:
        errors = [e.message for e in validator.iter_errors(plain(load_mapping(path.read_bytes())[0]))]
        assert not errors, (path.relative_to(REPO).as_posix(), errors)


def test_schema_catches_what_check_catches(validator):
    good = {"kind": "practice", "name": "3 nên, 3 không", "summary": "Tóm tắt.", "place": {"province": "Huế"},
            "fields": ["van-hoa-xa-hoi"], "year": 2020, "sources": [{"title": "Bài báo", "date": "2020-01-02"}],
            "components": [{"label": "3 nên", "items": ["a", "b", "c"]}]}
    assert validator.is_valid(good)
    for bad in ({"nam": 2020}, {"fields": ["van-hoa"]}, {"role": "Bí thư"}, {"year": "2020"},
                {"sources": [{"url": "https://x.vn"}]}, {"published": "ngày 2/9"}):
        assert not validator.is_valid(good | bad), bad


def test_schema_has_vietnamese_descriptions(validator):
    props = validator.schema["properties"]
    assert "Bản nháp" in props["draft"]["description"]
    assert all(p.get("description") for p in props.values())


def test_the_schema_command_writes_every_editor_schema(project):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "schema"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for path, text in editor_schemas(load_config(project)).items():
        assert (project / path).read_text(encoding="utf-8") == text and path in done.stdout
