"""site_config.yml: every problem named by line, in Vietnamese; featured records must exist."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import messages as msg
from generator.config import CONFIG_FILE, load_config
from generator.formats import LATEST_YEAR
from generator.problems import InputError
from generator.project import load_project
from tests.conftest import COLLECTIVE

CONFIG = """\
site:
  name: Gương sáng
  url: https://guongsang.example.vn
fields:
  y-te: Y tế
  giao-duc: Giáo dục
featured: []
"""  # 7 lines


def config_problems(root: Path, text: str | bytes) -> list[tuple[str, int, str]]:
    path = root / CONFIG_FILE
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    try:
        load_project(root)
    except InputError as err:
        return [(p.path, p.line, p.message) for p in err.problems]
    return []


def test_a_small_config_loads(project: Path):
    (project / CONFIG_FILE).write_text(CONFIG, encoding="utf-8")
    config = load_config(project)
    assert config.url == "https://guongsang.example.vn/" and list(config.fields) == ["y-te", "giao-duc"]
    assert config.page_size == 24 and config.language == "vi"


def test_the_repository_config_loads():
    from tests.conftest import REPO

    config = load_config(REPO)
    assert {"xay-dung-dang", "y-te", "mat-tran-doan-the"} <= set(config.fields) and config.name == "Gương sáng"


def test_missing_config(project: Path):
    (project / CONFIG_FILE).unlink()
    with pytest.raises(InputError) as err:
        load_project(project)
    assert [str(p) for p in err.value.problems] == [f"site_config.yml:1: {msg.CONFIG_MISSING}"]


@pytest.mark.parametrize("text, line, message", [
    (CONFIG + "feature: [a]\n", 8, msg.UNKNOWN_KEY_SUGGEST.format(key="feature", suggestion="featured")),
    (CONFIG.replace("  url:", "  tagline: x\n  publiser: x\n  url:"), 4,
     msg.UNKNOWN_KEY_SUGGEST.format(key="publiser", suggestion="publisher")),
    (CONFIG.replace("https://guongsang.example.vn", "ftp://guongsang.example.vn"), 3,
     msg.BAD_URL.format(value="ftp://guongsang.example.vn")),
    (CONFIG.replace("https://guongsang.example.vn", "guongsang.vn"), 3, msg.BAD_URL.format(value="guongsang.vn")),
    (CONFIG.replace("  name: Gương sáng\n", ""), 1, msg.MISSING_KEY.format(key="site.name", meaning="tên trang")),
    (CONFIG.replace("  name: Gương sáng\n", "  name: [a]\n"), 2,
     msg.WRONG_TYPE.format(key="name", expected="chữ", found="danh sách")),
    (CONFIG.replace("  y-te: Y tế\n", "  y-te: [Y tế]\n"), 5,
     msg.WRONG_TYPE.format(key="y-te", expected="chữ", found="danh sách")),
    (CONFIG.replace("  y-te: Y tế\n", "  Y Tế: Y tế\n"), 5, msg.BAD_FIELD_KEY.format(key="Y Tế", suggestion="y-te")),
    (CONFIG.replace("  giao-duc: Giáo dục\n", "  y-te: Giáo dục\n"), 6, msg.YAML_DUPLICATE_KEY.format(key="y-te", first=5)),
    (CONFIG.replace("featured: []", "featured: a"), 7,
     msg.WRONG_TYPE.format(key="featured", expected="danh sách mã bản ghi", found="chữ")),
    (CONFIG + "page_size: 0\n", 8, msg.NUMBER_RANGE.format(key="page_size", value=0, low=1, high=1000)),
    (CONFIG + "home_latest: 1001\n", 8, msg.NUMBER_RANGE.format(key="home_latest", value=1001, low=1, high=1000)),
    (CONFIG + "page_size: 0x10\n", 8, msg.YAML_NOT_DECIMAL.format(value="0x10")),
    (CONFIG + "page_size: nhiều\n", 8, msg.WRONG_TYPE.format(key="page_size", expected="số nguyên từ 1 đến 1000",
                                                             found="chữ")),
    (CONFIG + "mirrors: https://a.vn\n", 8, msg.WRONG_TYPE.format(key="mirrors", expected="danh sách {name, url}",
                                                                 found="chữ")),
    (CONFIG + "mirrors:\n  - {name: A, url: 'javascript:x'}\n", 9, msg.BAD_URL.format(value="javascript:x")),
    (CONFIG + "mirrors:\n  - https://a.vn\n", 9, msg.WRONG_TYPE.format(key="mirrors", expected="danh sách {name, url}",
                                                                      found="chữ")),
    ("- a\n", 1, msg.YAML_NOT_MAPPING.format(found="danh sách")),
    ("", 1, msg.FILE_EMPTY),
    (CONFIG + "x: !!python/object/apply:os.system [id]\n", 8, msg.YAML_TAG.format(tag="!!python/object/apply:os.system")),
])
def test_config_problems(project: Path, text: str, line: int, message: str):
    assert (CONFIG_FILE, line, message) in config_problems(project, text)


def test_missing_sections(project: Path):
    found = config_problems(project, "featured: []\n")
    assert (CONFIG_FILE, 1, msg.MISSING_KEY.format(key="site", meaning="tên và địa chỉ của trang")) in found
    assert (CONFIG_FILE, 1, msg.MISSING_KEY.format(key="fields", meaning="danh mục lĩnh vực")) in found


def test_non_utf8_config(project: Path):
    found = config_problems(project, CONFIG.encode() + "x: Hà\n".encode("cp1258"))
    assert len(found) == 1 and found[0][:2] == (CONFIG_FILE, 8) and "UTF-8" in found[0][2]


def test_config_symlinked_outside_is_not_read(project: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "site_config.yml"
    outside.write_text(CONFIG, encoding="utf-8")
    (project / CONFIG_FILE).unlink()
    os.symlink(outside, project / CONFIG_FILE)
    with pytest.raises(InputError) as err:
        load_project(project)
    assert [(p.path, p.line, p.message) for p in err.value.problems] == [(CONFIG_FILE, 1, msg.FILE_OUTSIDE)]


def test_featured_records_must_exist(project: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # no build date: years up to formats.LATEST_YEAR
    record = COLLECTIVE.replace("fields: [kinh-te]", "fields: [y-te]")
    (project / "models" / "htx-tan-hoa.yml").write_text(record, encoding="utf-8")
    (project / "models" / "hong.yml").write_text(record.replace("year: 2022", "year: 1990"), encoding="utf-8")
    text = CONFIG.replace("featured: []", "featured:\n  - htx-tan-hoa\n  - htx-tan-hoaa\n  - hong")
    # The broken record is reported in its own file, not again as a missing featured record.
    assert config_problems(project, text) == [
        ("models/hong.yml", 7, msg.YEAR_RANGE.format(value=1990, low=2000, high=LATEST_YEAR)),
        (CONFIG_FILE, 9, msg.FEATURED_MISSING.format(value="htx-tan-hoaa")),
    ]


def test_config_and_record_problems_are_reported_together(project: Path):
    (project / "models" / "a.yml").write_text(COLLECTIVE.replace("fields: [kinh-te]", "fields: [kinh-tee]"),
                                              encoding="utf-8")
    assert config_problems(project, CONFIG + "page_size: 0\n") == [
        ("models/a.yml", 6, msg.UNKNOWN_FIELD.format(value="kinh-tee")),
        (CONFIG_FILE, 8, msg.NUMBER_RANGE.format(key="page_size", value=0, low=1, high=1000)),
    ]


def test_without_a_readable_taxonomy_records_are_not_checked(project: Path):
    (project / "models" / "a.yml").write_text(COLLECTIVE, encoding="utf-8")
    found = config_problems(project, CONFIG.replace("fields:\n  y-te: Y tế\n  giao-duc: Giáo dục\n", "fields: []\n"))
    assert found == [(CONFIG_FILE, 4, msg.EMPTY_LIST.format(key="fields"))]
