"""Lesson packs: YAML files in ``lessons/``, one lesson built from published records, checked and typed.

A lesson pack says who it is for (levels, grades, subject), how long it takes (a number of periods of
35 or 45 minutes: `periods` × `period_minutes`), what it aims at (qualities, competences, knowledge, in
the words of the 2018 general-education programme), which records it uses (ids, in the order the class
meets them), and the plan: a warm-up and steps, each with its minutes, which must add up to the
duration. A worksheet (questions with answer lines), an assessment and an extension close it.

    title: Học đi đôi với hành
    summary: Một hai câu cho danh sách bài học.
    levels: [thpt]
    grades: [10]
    subject: hoat-dong-trai-nghiem
    periods: 1
    period_minutes: 45
    objectives: {qualities: [...], competences: [...], knowledge: [...]}
    records: [tran-thi-nga]
    warm_up: {minutes: 5, text: ...}
    steps: [{title: ..., minutes: 40, text: ..., record: tran-thi-nga}]
    worksheet: [{question: ..., lines: 3}]
    assessment: [...]
    extension: ...

The reader checks one file the way records are checked (same typed accessors, same messages, unknown
keys refused with a suggestion), then the links: each record must exist and, unless the pack is a
draft, be published.
"""
from __future__ import annotations

import datetime as dt
import difflib
import logging
from dataclasses import dataclass
from pathlib import Path

from . import messages as msg
from .config import SiteConfig
from .places import load_places
from .problems import Problem
from .publishing import record_status
from .inputs import RECORD_LIMIT, FileProblem, input_files
from .records import ID_PATTERN, TEACHING_LEVELS, IdSuggester, Record, _FileReader, is_placeholder
from .text import slugify
from .yamlfile import YMap, load_file

log = logging.getLogger(__name__)

LESSONS_FOLDER = "lessons"
PERIOD_MINUTES = (35, 45)  # a period: 35 minutes in primary school, 45 in lower and upper secondary
MAX_PERIODS = 10
MAX_LINES = 20  # answer lines under one worksheet question
DEFAULT_LINES = 3
GRADES = {"tieu-hoc": range(1, 6), "thcs": range(6, 10), "thpt": range(10, 13), "nguoi-lon": range(0)}
SUBJECTS = tuple(msg.SUBJECT_LABELS)

LESSON_KEYS = {
    "title": "tên bài học", "summary": "tóm tắt", "levels": "cấp học", "grades": None, "subject": "môn học",
    "periods": "số tiết", "period_minutes": "số phút mỗi tiết: 35 hoặc 45", "objectives": "mục tiêu",
    "records": "mã các bản ghi dùng trong bài", "warm_up": "khởi động", "steps": "các bước", "worksheet":
    "phiếu học tập", "assessment": None, "extension": None, "draft": None,
}
REQUIRED = {"title", "summary", "levels", "subject", "periods", "period_minutes", "objectives", "records",
            "warm_up", "steps", "worksheet"}
OBJECTIVE_KEYS = {"qualities": "phẩm chất", "competences": "năng lực", "knowledge": "kiến thức"}
STEP_KEYS = {"title": "tên bước", "minutes": "số phút", "text": "nội dung", "record": None}
WARM_UP_KEYS = {"minutes": "số phút", "text": "nội dung"}
QUESTION_KEYS = {"question": "câu hỏi", "lines": None}
# Keys written in Vietnamese (compared as slugs), for the suggestion.
VIETNAMESE_KEYS = {
    "ten-bai": "title", "ten-bai-hoc": "title", "tieu-de": "title", "ten": "title", "tom-tat": "summary",
    "cap-hoc": "levels", "cap": "levels", "lop": "grades", "mon": "subject", "mon-hoc": "subject",
    "so-tiet": "periods", "tiet": "periods", "so-phut-moi-tiet": "period_minutes", "muc-tieu": "objectives",
    "ban-ghi": "records", "tu-lieu": "records", "khoi-dong": "warm_up", "cac-buoc": "steps", "tien-trinh": "steps",
    "phieu-hoc-tap": "worksheet", "phieu": "worksheet", "danh-gia": "assessment", "mo-rong": "extension",
    "van-dung": "extension", "nhap": "draft", "ban-nhap": "draft", "pham-chat": "qualities",
    "nang-luc": "competences", "kien-thuc": "knowledge", "so-phut": "minutes", "phut": "minutes",
    "thoi-gian": "minutes", "noi-dung": "text", "cau-hoi": "question", "so-dong": "lines", "dong": "lines",
}


@dataclass(frozen=True)
class Objectives:
    qualities: tuple[str, ...] = ()  # phẩm chất
    competences: tuple[str, ...] = ()  # năng lực
    knowledge: tuple[str, ...] = ()  # kiến thức


@dataclass(frozen=True)
class Step:
    title: str
    minutes: int
    text: str  # Markdown
    record: str | None = None  # the record this step works on, one of the lesson's


@dataclass(frozen=True)
class Question:
    text: str
    lines: int  # answer lines left under it on the worksheet


@dataclass(kw_only=True)
class Lesson:
    id: str  # the file name, and the page's slug
    path: str  # relative to the project root
    title: str
    summary: str
    levels: tuple[str, ...]
    grades: tuple[int, ...]
    subject: str  # a key of SUBJECTS
    periods: int
    period_minutes: int
    objectives: Objectives
    records: tuple[str, ...]  # ids, in the order the lesson uses them
    warm_up: Step
    steps: tuple[Step, ...]
    worksheet: tuple[Question, ...]
    assessment: tuple[str, ...] = ()
    extension: str | None = None
    draft: bool = False

    @property
    def minutes(self) -> int:
        return self.periods * self.period_minutes

    @property
    def subject_label(self) -> str:
        return msg.SUBJECT_LABELS[self.subject]

    @property
    def duration(self) -> str:
        """'1 tiết × 35 phút'"""
        return msg.LESSON_DURATION.format(periods=self.periods, minutes=self.period_minutes)


class _LessonReader(_FileReader):
    """One lesson file's mapping to a Lesson, with the record reader's typed accessors and messages.

    None for a file with problems, or a draft too empty to show; the checks that need the records are
    `check_records`'. When the records' reader moves onto one declarative description per file format,
    the lesson format becomes one more description, and this class the thin layer that types its values.
    """

    def check_keys(self, m: YMap, allowed: dict, required: set[str], kind=None, line: int | None = None) -> None:
        for key in m:
            if key in allowed:
                continue
            meant = VIETNAMESE_KEYS.get(slugify(key))
            close = [meant] if meant in allowed else difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
            template = msg.UNKNOWN_KEY_SUGGEST if close else msg.UNKNOWN_KEY
            self.problem(m.line_of(key), template.format(key=key, suggestion=close[0] if close else ""))
        for key in sorted(required):
            if m.get(key) is None:
                where = m.line_of(key) if key in m else m.line if line is None else line
                self.problem(where, msg.MISSING_KEY.format(key=key, meaning=allowed.get(key) or key))

    def number(self, m: YMap, key: str, low: int, high: int) -> int | None:
        value = self.get(m, key, (int,), f"số nguyên từ {low} đến {high}")
        if value is None or isinstance(value, str):  # absent, or a template blank
            return None
        if not low <= value <= high:
            self.problem(m.line_of(key), msg.LESSON_BAD_NUMBER.format(key=key, low=low, high=high, value=value))
            return None
        return value

    def table(self, m: YMap, key: str, keys: dict, required: set[str]) -> YMap | None:
        value = self.get(m, key, (dict,), f"bảng khóa ({', '.join(keys)})")
        if value is None:
            return None
        self.check_keys(value, keys, required, line=m.line_of(key))
        return value

    def step(self, item: YMap, keys: dict) -> Step | None:
        title = self.text(item, "title") if "title" in keys else ""
        minutes = self.number(item, "minutes", 1, MAX_PERIODS * max(PERIOD_MINUTES))
        text = self.text(item, "text", 5000)
        record = self.text(item, "record", 120) if "record" in keys else None
        if title is None or minutes is None or text is None:
            return None
        return Step(title, minutes, text, record)

    def read(self, m: YMap, lesson_id: str) -> Lesson | None:
        self.check_keys(m, LESSON_KEYS, REQUIRED)
        levels = self.text_list(m, "levels", 40)
        for level in levels:
            if level not in TEACHING_LEVELS:
                self.problem(m.line_of("levels"), msg.BAD_LEVEL.format(value=level, choices=", ".join(TEACHING_LEVELS)))
        grades = []
        for item, line in self.items(m, "grades"):
            if type(item) is not int or not 1 <= item <= 12:
                self.problem(line, msg.LESSON_BAD_NUMBER.format(key="grades", low=1, high=12, value=item))
            elif not any(item in GRADES.get(level, ()) for level in levels):
                self.problem(line, msg.LESSON_GRADE_LEVEL.format(grade=item, levels=", ".join(levels)))
            else:
                grades.append(item)
        subject = self.text(m, "subject", 80)
        if subject is not None and subject not in SUBJECTS and not is_placeholder(subject):
            close = difflib.get_close_matches(subject, SUBJECTS, n=1, cutoff=0.6)
            template = msg.LESSON_BAD_SUBJECT_SUGGEST if close else msg.LESSON_BAD_SUBJECT
            self.problem(m.line_of("subject"), template.format(value=subject, choices=", ".join(SUBJECTS),
                                                               suggestion=close[0] if close else ""))
        periods = self.number(m, "periods", 1, MAX_PERIODS)
        period = self.get(m, "period_minutes", (int,), "35 hoặc 45")
        if isinstance(period, int) and period not in PERIOD_MINUTES:
            self.problem(m.line_of("period_minutes"), msg.LESSON_BAD_PERIOD.format(value=period))
            period = None

        objectives = self.table(m, "objectives", OBJECTIVE_KEYS, set())
        goals = Objectives(*(self.text_list(objectives, k, 1000) for k in OBJECTIVE_KEYS)) if objectives else None
        records = self.text_list(m, "records", 120)
        warm = self.table(m, "warm_up", WARM_UP_KEYS, set(WARM_UP_KEYS))
        warm_up = self.step(warm, WARM_UP_KEYS) if warm is not None else None
        steps = []
        for item in self.mapping_list(m, "steps"):
            self.check_keys(item, STEP_KEYS, {"title", "minutes", "text"})
            steps.append(self.step(item, STEP_KEYS))
            if steps[-1] and steps[-1].record and steps[-1].record not in records:
                self.problem(item.line_of("record"), msg.LESSON_STEP_RECORD.format(value=steps[-1].record))
        worksheet = []
        for item in self.mapping_list(m, "worksheet"):
            self.check_keys(item, QUESTION_KEYS, {"question"})
            question = self.text(item, "question", 1000)
            lines = self.number(item, "lines", 0, MAX_LINES) if "lines" in item else DEFAULT_LINES
            if question is not None and lines is not None:
                worksheet.append(Question(question, lines))
        for key in ("levels", "records", "steps", "worksheet"):
            if isinstance(m.get(key), list) and not m[key]:
                self.problem(m.line_of(key), msg.EMPTY_LIST.format(key=key))
        if warm_up and all(steps) and steps and periods and period:
            total = warm_up.minutes + sum(s.minutes for s in steps)
            if total != periods * period:
                self.problem(m.line_of("steps"), msg.LESSON_MINUTES.format(
                    total=total, warm_up=warm_up.minutes, steps=total - warm_up.minutes, periods=periods,
                    period=period, expected=periods * period))
        title, summary = self.text(m, "title"), self.text(m, "summary", 400)
        assessment, extension = self.text_list(m, "assessment", 1000), self.text(m, "extension", 5000)
        draft = bool(self.get(m, "draft", (bool,), "true hoặc false"))
        if self.problems or not self.blanks_allowed(draft) or None in (title, summary, subject, periods, period, goals, warm_up, *steps):
            return None
        return Lesson(
            id=lesson_id, path=self.rel, title=title, summary=summary, levels=levels, grades=tuple(grades),
            subject=subject, periods=periods, period_minutes=period, objectives=goals, records=records,
            warm_up=warm_up, steps=tuple(steps), worksheet=tuple(worksheet), assessment=assessment,
            extension=extension, draft=draft)


def load_lessons(root: Path, config: SiteConfig, records: dict[str, Record], broken: set[str],
                 today: dt.date | None) -> tuple[dict[str, Lesson], list[Problem]]:
    """Every lesson pack under lessons/, checked; the valid ones by id, and every problem found.

    `records` are the valid records, `broken` the ids of those with problems of their own (a lesson
    using one is not reported again). A pack that is not a draft may use only records published on
    `today`, the build date (when it is not known, only drafts are refused).
    """
    files, problems = input_files(root, LESSONS_FOLDER, "yml", misspelt=("yaml",))
    places = load_places()
    lessons: dict[str, Lesson] = {}
    first_path: dict[str, str] = {}
    suggest = IdSuggester([*records, *broken])
    for rel, path in files:
        lesson_id = path.name[:-4]
        reader = _LessonReader(root, rel, config, places)
        if not ID_PATTERN.match(lesson_id):
            reader.problem(1, msg.LESSON_BAD_ID.format(name=path.name, suggestion=slugify(lesson_id) or "bai-hoc"))
        elif lesson_id in first_path:
            reader.problem(1, msg.LESSON_DUPLICATE_ID.format(id=lesson_id, other=first_path[lesson_id]))
        else:
            first_path[lesson_id] = rel
        try:
            mapping, duplicates = load_file(root, path, RECORD_LIMIT)  # a pack is a record's size at most
        except FileProblem as err:
            problems.append(Problem(rel, err.line, err.message))
            problems.extend(reader.problems)
            continue
        for dup in duplicates:
            reader.problem(dup.line, msg.YAML_DUPLICATE_KEY.format(key=dup.key, first=dup.first))
        lesson = reader.read(mapping, lesson_id)
        draft = mapping.get("draft") is True
        problems.extend(reader.problems)
        problems.extend(check_records(rel, mapping, records, broken, today, draft, suggest))
        if lesson is not None and not reader.problems:
            lessons[lesson_id] = lesson
    failed = {p.path for p in problems}
    return {i: lesson for i, lesson in lessons.items() if lesson.path not in failed}, problems


def check_records(rel: str, m: YMap, records: dict[str, Record], broken: set[str], today: dt.date | None,
                  draft: bool, suggest: IdSuggester) -> list[Problem]:
    """Each record a lesson names must exist, be named once, and (unless the lesson is a draft) be published."""
    problems = []
    value = m.get("records")
    if not isinstance(value, list):
        return problems
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        line = value.line_of(i)
        if not isinstance(item, str) or is_placeholder(item):
            continue
        record_id = item.strip()
        if record_id in seen:
            problems.append(Problem(rel, line, msg.LESSON_RECORD_TWICE.format(value=record_id, first=seen[record_id])))
            continue
        seen[record_id] = line
        if record_id in broken:
            continue  # reported in its own file
        record = records.get(record_id)
        if record is None:
            close = suggest(record_id)
            template = msg.LESSON_RECORD_MISSING_SUGGEST if close else msg.LESSON_RECORD_MISSING
            problems.append(Problem(rel, line, template.format(value=record_id, suggestion=close)))
        elif not draft and record.draft:
            problems.append(Problem(rel, line, msg.LESSON_RECORD_DRAFT.format(value=record_id)))
        elif not draft and today is not None and record_status(record, today) is not None:
            problems.append(Problem(rel, line, msg.LESSON_RECORD_EMBARGO.format(
                value=record_id, date=record.publish_after.isoformat())))
    return problems
