"""One page of every type the site has, for the accessibility test and the Lighthouse benchmark.

`write_project` makes the example project (the repository's records, pages, lesson packs and config) with
what the example lacks added, so every page type exists: a listing long enough for a second page, a record with
photos, a news post. `PAGE_TYPES` names a page of each type in the site built from it. A new page type gets
a line in `PAGE_TYPES`; a page another change is about to add goes in `LATER_PAGE_TYPES`, tested as soon as
a build has it.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
PAGE_SIZE = 8  # the example's longest listing then has a second and a third page

PAGE_TYPES = {
    "home": "",
    "listing-individuals": "ca-nhan/",
    "listing-collectives": "tap-the/",
    "listing-practices": "mo-hinh/",
    "listing-later-page": "mo-hinh/trang/2/",
    "individual": "ca-nhan/nguyen-hung-dao/",
    "individual-photos": "ca-nhan/nguyen-thi-anh/",
    "collective": "tap-the/hop-tac-xa-mien-dong-thang-loi/",
    "practice": "mo-hinh/mo-hinh-4-dung-5-phai-3-sat/",
    "provinces": "dia-phuong/",
    "province": "dia-phuong/tuyen-quang/",
    "province-empty": "dia-phuong/cao-bang/",
    "fields": "linh-vuc/",
    "field": "linh-vuc/xay-dung-dang/",
    "years": "nam/",
    "year": "nam/2019/",
    "search": "tim-kiem/",
    "search-results": "tim-kiem/?q=dao",
    "search-filters": "tim-kiem/?q=dang&loai=tap-the&tinh=tuyen-quang",
    "search-nothing": "tim-kiem/?q=khongcotu",
    "updates": "cap-nhat/",
    "news": "tin-tuc/",
    "news-post": "tin-tuc/bieu-duong-guong-sang/",
    "tags": "tu-khoa/",
    "tag": "tu-khoa/phan-loai-rac/",
    "sources": "nguon/",
    "data": "du-lieu/",
    "mirrors": "ban-sao/",
    "content": "gioi-thieu/",
    "guide": "huong-dan/",
    "teachers": "giao-vien/",
    "teachers-level": "giao-vien/cap-hoc/thcs/",
    "teachers-subject": "giao-vien/mon/dao-duc/",
    "teachers-field": "giao-vien/linh-vuc/y-te/",
    "teachers-records": "giao-vien/tu-lieu/",
    "teachers-materials": "giao-vien/tu-lieu/mo-hinh/",
    "teachers-later-page": "giao-vien/tu-lieu/trang/2/",
    "lesson": "giao-vien/bai-hoc/hoc-di-doi-voi-hanh/",
    "404": "ca-nhan/khong-co-ai/trang/nay/",
}
# Pages other work is adding: tested once a build has them.
LATER_PAGE_TYPES: dict[str, str] = {}

_PHOTO_RECORD = """\
kind: individual
name: Nguyễn Thị Ánh
role: Y sĩ trạm y tế xã
place: {province: Tuyên Quang, district: Lâm Bình}
fields: [y-te]
year: 2024
summary: Người y sĩ đi bộ đến từng bản để khám bệnh cho người già.
story: |
  Chị đi bộ hai giờ mỗi sáng để đến những bản xa nhất.
images:
  - file: anh/nguyen-thi-anh-1.jpg
    alt: Chị Ánh khám bệnh cho một cụ bà trong bản
    caption: Khám bệnh tại nhà
    credit: Ban biên tập
  - file: anh/nguyen-thi-anh-2.png
    alt: Trạm y tế xã nhìn từ đường vào bản
sources:
  - title: Báo Tuyên Quang
"""
_NEWS_POST = """\
---
title: Biểu dương những tấm gương sáng
date: 2024-05-19
summary: Ban biên tập giới thiệu những tấm gương mới.
---
Những tấm gương mới được giới thiệu trên trang, xem ở [trang cá nhân](../../ca-nhan/).
"""


def write_project(root: Path) -> Path:
    """The example project, with the pages it lacks, in `root` (which must not exist yet)."""
    root.mkdir(parents=True)
    for folder in ("models", "content", "lessons"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    config = (REPO / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(re.sub(r"^page_size: \d+", f"page_size: {PAGE_SIZE}", config, flags=re.M),
                                          encoding="utf-8")
    photos = root / "models" / "anh"
    photos.mkdir()
    _photo(photos / "nguyen-thi-anh-1.jpg", (1200, 800), (183, 28, 28))
    _photo(photos / "nguyen-thi-anh-2.png", (600, 800), (46, 125, 50))
    (root / "models" / "nguyen-thi-anh.yml").write_text(_PHOTO_RECORD, encoding="utf-8")
    (root / "content" / "tin-tuc").mkdir(exist_ok=True)
    (root / "content" / "tin-tuc" / "bieu-duong-guong-sang.md").write_text(_NEWS_POST, encoding="utf-8")
    return root


def _photo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A stand-in photo: a gradient (so it compresses like a photo, not like a flat colour)."""
    image = Image.new("RGB", size)
    image.putdata([(colour[0] * x // size[0], colour[1] * y // size[1], colour[2]) for y in range(size[1])
                   for x in range(size[0])])
    image.save(path)
