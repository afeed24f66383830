"""The optional `published` key: a date, checked like every other date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.problems import InputError
from generator.project import load_project
from tests.conftest import COLLECTIVE


def write(project: Path, extra: str) -> Path:
    path = project / "models" / "htx-tan-hoa.yml"
    path.write_text(COLLECTIVE + extra, encoding="utf-8")
    return path


def test_published_is_an_optional_date(project: Path):
    write(project, "published: 2023-05-19\n")
    assert load_project(project).records["htx-tan-hoa"].published == dt.date(2023, 5, 19)
    write(project, "")
    assert load_project(project).records["htx-tan-hoa"].published is None


@pytest.mark.parametrize("value, words", [("19/5/2023", "NĂM-THÁNG-NGÀY"), ("2023-02-30", "không có thật"),
                                          ("1999-12-31", "trước năm 2000"), ("true", "phải là ngày")])
def test_bad_published_dates_are_reported_on_their_line(project: Path, value: str, words: str):
    write(project, f"published: {value}\n")
    with pytest.raises(InputError) as err:
        load_project(project)
    [problem] = err.value.problems
    assert problem.line == 9 and words in problem.message
