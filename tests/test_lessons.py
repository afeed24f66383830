"""Lesson packs (lessons/*.yml): the example packs, every check `guongsang check` makes of a pack, the template
`guongsang new lesson` writes, and the editor schema."""
from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml

from generator.lessons import LESSONS_FOLDER
from generator.problems import InputError
from generator.project import load_project
from generator.formats import TEACHING_LEVELS
from generator.config import load_config
from generator.schema import LESSON_SCHEMA_FILE, editor_schemas
from generator.yamlfile import load_mapping

from conftest import REPO, write_record
from test_check_cli import guongsang
from test_schema import plain

# A valid pack (1 × 35 minutes: 5 + 20 + 10) using the record written by `project_with_record`.
PACK = """\
title: Lời chào
summary: Học sinh tập nói lời chào.
levels: [tieu-hoc]
grades: [3]
subject: dao-duc
periods: 1
period_minutes: 35
objectives:
  qualities: [Lễ phép]
records:
  - nguyen-van-an
warm_up:
  minutes: 5
  text: Chơi trò chào hỏi.
steps:
  - title: Nghe kể
    minutes: 20
    text: Giáo viên kể chuyện.
    record: nguyen-van-an
  - title: Làm phiếu
    minutes: 10
    text: Học sinh làm phiếu.
worksheet:
  - question: Em chào ai mỗi sáng?
    lines: 2
"""


@pytest.fixture
def project_with_record(project):
    write_record(project, "nguyen-van-an")
    (project / LESSONS_FOLDER).mkdir()
    return project


def write_pack(root, text: str, name: str = "loi-chao") -> str:
    (root / LESSONS_FOLDER / f"{name}.yml").write_text(text, encoding="utf-8")
    return f"{LESSONS_FOLDER}/{name}.yml"


def test_the_example_packs_cover_every_level_and_use_published_records():
    project = load_project(REPO)
    assert len(project.lessons) >= 5
    assert {level for p in project.lessons.values() for level in p.levels} == set(TEACHING_LEVELS)
    for lesson in project.lessons.values():
        assert not lesson.draft
        assert lesson.warm_up.minutes + sum(s.minutes for s in lesson.steps) == lesson.periods * lesson.period_minutes
        for record_id in lesson.records:
            assert not project.records[record_id].draft, (lesson.id, record_id)


def test_a_good_pack_passes_check(project_with_record):
    write_pack(project_with_record, PACK)
    done = guongsang("check", cwd=project_with_record)
    assert done.returncode == 0, done.stderr
    lessons = load_project(project_with_record).lessons
    assert lessons["loi-chao"].records == ("nguyen-van-an",) and lessons["loi-chao"].worksheet[0].lines == 2


# (change to the good pack, the line the problem is on, words the message must have)
BAD_PACKS = [
    pytest.param(("  - nguyen-van-an\nwarm_up", "  - nguyen-van-ann\nwarm_up"), 11,
                 "bài học dùng bản ghi 'nguyen-van-ann' không tồn tại; có phải ý bạn là 'nguyen-van-an'?",
                 id="unknown-record"),
    pytest.param(("    minutes: 20\n", "    minutes: 25\n"), 15,
                 "thời gian cộng lại là 40 phút (khởi động 5 + các bước 35), nhưng bài học dài 1 tiết × 35 phút = 35 phút",
                 id="timings-do-not-add-up"),
    pytest.param(("levels: [tieu-hoc]", "levels: [tieu-hoc, dai-hoc]"), 3,
                 "cấp học 'dai-hoc' không hợp lệ", id="unknown-level"),
    pytest.param(("grades: [3]\n", "grades: [3]\nmuc-tieu: [x]\n"), 5,
                 "khóa không hợp lệ 'muc-tieu'; có phải ý bạn là 'objectives'?", id="unknown-key-vietnamese"),
    pytest.param(("worksheet:", "worksheets:"), 23,
                 "khóa không hợp lệ 'worksheets'; có phải ý bạn là 'worksheet'?", id="unknown-key-typo"),
    pytest.param(("    lines: 2", "    lines: 2\n    answer: có"), 26, "khóa không hợp lệ 'answer'", id="unknown-inner-key"),
    pytest.param(("period_minutes: 35", "period_minutes: 40"), 7, "35 (tiểu học) hoặc 45 (THCS, THPT)",
                 id="period-of-40-minutes"),
    pytest.param(("grades: [3]", "grades: [3, 8]"), 4, "lớp 8 không thuộc cấp học nào của bài", id="grade-of-another-level"),
    pytest.param(("subject: dao-duc", "subject: dao-duc-lop-3"), 5, "có phải ý bạn là 'dao-duc'?", id="unknown-subject"),
    pytest.param(("    record: nguyen-van-an\n", "    record: tran-van-b\n"), 19,
                 "bước này dùng bản ghi 'tran-van-b', nhưng bản ghi đó không có trong 'records'", id="step-record"),
    pytest.param(("title: Lời chào\n", ""), 1, "thiếu khóa bắt buộc 'title'", id="missing-title"),
]


@pytest.mark.parametrize("change, line, words", BAD_PACKS)
def test_a_bad_pack_fails_check_with_path_line_message(project_with_record, change, line, words):
    old, new = change
    assert old in PACK
    rel = write_pack(project_with_record, PACK.replace(old, new, 1))
    done = guongsang("check", cwd=project_with_record)
    assert done.returncode == 1
    problems = [ln for ln in done.stderr.splitlines() if ln.startswith(f"{rel}:")]
    assert any(ln.startswith(f"{rel}:{line}: ") and words in ln for ln in problems), done.stderr


def test_a_pack_may_not_use_a_draft_or_embargoed_record_unless_it_is_a_draft(project_with_record):
    root = project_with_record
    write_record(root, "nguyen-van-an", draft=True)
    rel = write_pack(root, PACK)
    done = guongsang("check", cwd=root)
    assert done.returncode == 1 and f"{rel}:11: bản ghi 'nguyen-van-an' là bản nháp, chưa đăng" in done.stderr
    write_pack(root, "draft: true\n" + PACK)
    assert guongsang("check", cwd=root).returncode == 0
    write_record(root, "nguyen-van-an", publish_after=dt.date(2999, 1, 1))
    write_pack(root, PACK)
    with pytest.raises(InputError) as err:
        load_project(root, today=dt.date(2026, 1, 1))
    assert [(p.path, p.line) for p in err.value.problems] == [(rel, 11)]
    assert "chưa đến ngày đăng (2999-01-01)" in err.value.problems[0].message


def test_a_pack_using_a_broken_record_is_reported_once(project_with_record):
    root = project_with_record
    write_record(root, "nguyen-van-an", year="năm ngoái")
    write_pack(root, PACK)
    done = guongsang("check", cwd=root)
    assert done.returncode == 1
    assert "lessons/" not in done.stderr and "models/nguyen-van-an.yml" in done.stderr


def test_new_lesson_writes_a_draft_that_passes_check_and_names_its_blanks(project_with_record):
    root = project_with_record
    done = guongsang("new", "lesson", "Sống có trách nhiệm", cwd=root)
    assert done.returncode == 0, done.stderr
    path = root / LESSONS_FOLDER / "song-co-trach-nhiem.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/lesson.schema.json")
    assert guongsang("check", cwd=root).returncode == 0
    again = guongsang("new", "lesson", "Sống có trách nhiệm", cwd=root)
    assert again.returncode == 1 and "không ghi đè" in again.stderr and path.read_text(encoding="utf-8") == text
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    done = guongsang("check", cwd=root)
    assert done.returncode == 1
    assert re.search(r"^lessons/song-co-trach-nhiem\.yml:\d+: 'summary' vẫn là chỗ trống", done.stderr, re.M)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / LESSON_SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_lesson_schema_is_current_and_every_pack_validates(validator):
    assert (REPO / LESSON_SCHEMA_FILE).read_text(encoding="utf-8") == editor_schemas(load_config(REPO))[LESSON_SCHEMA_FILE], \
        "run `guongsang schema` and commit schema/lesson.schema.json"
    for path in sorted((REPO / LESSONS_FOLDER).glob("*.yml")):
        errors = [e.message for e in validator.iter_errors(plain(load_mapping(path.read_bytes())[0]))]
        assert not errors, (path.name, errors)


def test_lesson_schema_catches_what_check_catches(validator):
    good = yaml.safe_load(PACK)
    assert validator.is_valid(good)
    # (40 minutes is refused by the check only: the schema can say "35 to 45", not "35 or 45")
    for bad in ({"levels": ["dai-hoc"]}, {"subject": "toan"}, {"period_minutes": 50}, {"muc-tieu": []},
                {"worksheet": [{"question": "?", "answer": "x"}]}):
        assert not validator.is_valid(good | bad), bad
