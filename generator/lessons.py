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

The format is described once, as `formats.LESSON` (keys, shapes, limits, Vietnamese meanings): the check,
its messages and `schema/lesson.schema.json` come from it. This reader adds what the format cannot say
(the timings' sum, grades of the pack's levels, 35 or 45 minutes), types the values, and checks the
links: each record must exist and, unless the pack is a draft, be published.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from . import formats
from . import messages as msg
from .formats import DEFAULT_LINES, ID_PATTERN, PERIOD_MINUTES
from .inputs import RECORD_LIMIT, input_files
from .problems import Problem
from .publishing import record_status
from .records import IdSuggester, Record
from .shapes import Checker, is_placeholder, read_checked
from .text import slugify
from .yamlfile import YMap

log = logging.getLogger(__name__)

LESSONS_FOLDER = "lessons"
GRADES = {"tieu-hoc": range(1, 6), "thcs": range(6, 10), "thpt": range(10, 13), "nguoi-lon": range(0)}


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


def read_lesson(root: Path, path: Path, rel: str, lesson_id: str,
                checker: Checker) -> tuple[Lesson | None, YMap | None]:
    """One pack: the format's check (formats.LESSON), then the checks within the file that the format cannot
    state (grades of the levels, 35 or 45 minutes, the timings' sum, each step's record among the pack's).
    The pack (None when it has problems, or is a draft too empty to show) and its checked values."""
    values = read_checked(root, path, RECORD_LIMIT, formats.LESSON, checker)
    if values is None:
        return None, None
    levels = tuple(values.get("levels", ()))
    grades = values.get("grades", ())
    for i, grade in enumerate(grades):
        if levels and not any(grade in GRADES[level] for level in levels):
            checker.problem(grades.line_of(i), msg.LESSON_GRADE_LEVEL.format(grade=grade, levels=", ".join(levels)))
    period = values.get("period_minutes")
    if period is not None and period not in PERIOD_MINUTES:
        checker.problem(values.line_of("period_minutes"), msg.LESSON_BAD_PERIOD.format(value=period))
        period = None
    records = tuple(values.get("records", ()))
    steps = values.get("steps", ())
    for step in steps:
        if "record" in step and step["record"] not in records and not is_placeholder(step["record"]):
            checker.problem(step.line_of("record"), msg.LESSON_STEP_RECORD.format(value=step["record"]))
    warm_up, periods = values.get("warm_up"), values.get("periods")
    # The sum is checked once every step reads well: a step left out for its problem would make it wrong.
    if warm_up and steps and periods and period and not checker.problems \
            and not any(key == "minutes" for _, key in checker.blanks):
        total = warm_up["minutes"] + sum(step["minutes"] for step in steps)
        if total != periods * period:
            checker.problem(values.line_of("steps"), msg.LESSON_MINUTES.format(
                total=total, warm_up=warm_up["minutes"], steps=total - warm_up["minutes"], periods=periods,
                period=period, expected=periods * period))
    draft = values.get("draft", False)
    if not draft:
        for line, key in checker.blanks:
            checker.problem(line, msg.PLACEHOLDER_LEFT.format(key=key))
    required = [k.name for k in formats.LESSON.table.keys if k.required]
    if checker.problems or period is None or any(name not in values for name in required):
        return None, values  # with problems; or a draft whose blanks leave out what a page needs
    objectives = values["objectives"]
    return Lesson(
        id=lesson_id, path=rel, title=values["title"], summary=values["summary"], levels=levels,
        grades=tuple(grades), subject=values["subject"], periods=periods, period_minutes=period,
        objectives=Objectives(*(tuple(objectives.get(k, ())) for k in ("qualities", "competences", "knowledge"))),
        records=records, warm_up=Step("", warm_up["minutes"], warm_up["text"]),
        steps=tuple(Step(s["title"], s["minutes"], s["text"], s.get("record")) for s in steps),
        worksheet=tuple(Question(q["question"], q.get("lines", DEFAULT_LINES)) for q in values["worksheet"]),
        assessment=tuple(values.get("assessment", ())), extension=values.get("extension"), draft=draft), values


def load_lessons(root: Path, records: dict[str, Record], broken: set[str],
                 today: dt.date | None) -> tuple[dict[str, Lesson], list[Problem]]:
    """Every lesson pack under lessons/, checked; the valid ones by id, and every problem found.

    `records` are the valid records, `broken` the ids of those with problems of their own (a lesson
    using one is not reported again). A pack that is not a draft may use only records published on
    `today`, the build date (when it is not known, only drafts are refused).
    """
    files, problems = input_files(root, LESSONS_FOLDER, "yml", misspelt=("yaml",))
    lessons: dict[str, Lesson] = {}
    first_path: dict[str, str] = {}
    suggest = IdSuggester([*records, *broken])
    for rel, path in files:
        lesson_id = path.name[:-4]
        checker = Checker(rel, today=today)
        if not ID_PATTERN.match(lesson_id):
            checker.problem(1, msg.LESSON_BAD_ID.format(name=path.name, suggestion=slugify(lesson_id) or "bai-hoc"))
        elif lesson_id in first_path:
            checker.problem(1, msg.LESSON_DUPLICATE_ID.format(id=lesson_id, other=first_path[lesson_id]))
        else:
            first_path[lesson_id] = rel
        lesson, values = read_lesson(root, path, rel, lesson_id, checker)
        problems.extend(checker.problems)
        if values is not None:
            found = check_records(rel, values, records, broken, today, suggest)
            problems.extend(found)
            if lesson is not None and not found:
                lessons[lesson_id] = lesson
    return lessons, problems


def check_records(rel: str, values: YMap, records: dict[str, Record], broken: set[str], today: dt.date | None,
                  suggest: IdSuggester) -> list[Problem]:
    """Each record a pack names (its checked values) must exist and, unless the pack is a draft, be published
    on `today`."""
    problems = []
    written = values.get("records", [])
    draft = values.get("draft", False)
    for i, record_id in enumerate(written):
        line = written.line_of(i)
        if record_id in broken or is_placeholder(record_id):
            continue  # reported in its own file; or a blank of a draft
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
