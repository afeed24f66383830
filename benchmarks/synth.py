"""Synthetic projects for benchmarks: N made-up records in the real record format.

``write_synthetic(root, n, seed)`` writes a complete project folder: the repository's
``site_config.yml`` (and ``content/`` pages, when there are any), a few small PNG images under
``images/``, and ``models/<province>/<id>.yml`` for N records. The mix is about 45 % individuals,
30 % collectives and 25 % practices, spread over the 34 current provinces and some former names,
with Vietnamese text, references between the records and teaching notes on about one in ten.
Every record passes ``guongsang check``; the same seed always gives the same files.

Command line: ``python benchmarks/synth.py OUT_DIR N [--seed S]``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.places import load_places  # noqa: E402
from generator.text import slugify  # noqa: E402

FAMILY = ("Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "
          "Đinh Lâm Trịnh Mai Đoàn Lương Tạ Hà Cao Chu Triệu Tô Lục Quách").split()
MIDDLE_MALE = "Văn Văn Hữu Đức Minh Quốc Xuân Thế Công Đình Quang Hoàng Gia Bảo Trọng Tiến".split()
MIDDLE_FEMALE = "Thị Thị Thị Ngọc Thanh Thu Kim Hồng Minh Thùy Phương Mỹ Bích Hải".split()
GIVEN_MALE = ("An Bình Cường Dũng Đạo Hưng Hải Hùng Khánh Long Minh Nam Phúc Quân Sơn Tâm Thắng Trung "
              "Tuấn Việt Lộc Đông Hiếu Kiên Nghĩa Thành Toàn Vinh Huy Lâm").split()
GIVEN_FEMALE = ("Hà Hạnh Hoa Hương Lan Linh Mai Nga Ngọc Phương Thảo Thủy Trang Vân Yến Hằng Huệ Nhung "
                "Oanh Dung Liên Loan Hiền Tuyết Xuân Nhàn Quyên Diệp").split()
COMMUNES = ("Tân Lập", "Quảng Phú", "Yên Thế", "Đông Hòa", "Phú Mỹ", "An Phú", "Thạch Bàn", "Bình Minh",
            "Tân Tiến", "Hưng Đạo", "Quang Trung", "Lê Lợi", "Trần Phú", "Hồng Phong", "Nam Sơn", "Bắc Sơn",
            "Kim Sơn", "Thanh Xuân", "Xuân Lộc", "Đồng Tâm", "Hợp Thành", "Tam Đảo", "Vĩnh Thạnh",
            "Hòa Hiệp", "Long Hưng", "Mỹ Xuyên", "Tân Thạnh", "Phước Long", "Cẩm Thủy", "Nghĩa Đàn",
            "Hương Sơn", "Đức Phổ", "Sơn Tịnh", "Ea Kar", "Krông Pắc", "Bảo Lâm", "Tà Xùa", "Mường Thanh",
            "Na Rì", "Hoàng Su Phì", "Chiêm Hóa", "Thái Thụy", "Giao Thủy", "Lý Nhân", "Cái Nước",
            "Năm Căn", "Phú Tân", "Thoại Sơn", "Châu Thành", "Cần Giuộc")
DISTRICTS = ("Chiêm Hóa", "Yên Sơn", "Hoằng Hóa", "Diễn Châu", "Can Lộc", "Đức Phổ", "Bình Sơn",
             "Krông Ana", "Đơn Dương", "Cái Nước", "Châu Thành", "Thoại Sơn", "Gia Lâm", "Đông Anh",
             "Thủy Nguyên", "Kiến Xương", "Hải Hậu", "Bảo Yên", "Na Hang", "Tiên Lãng")
ROLES = ("Bí thư Chi bộ, Trưởng thôn {c}", "Chủ tịch Ủy ban nhân dân xã {c}", "Giáo viên Trường Tiểu học {c}",
         "Bác sĩ Trạm Y tế xã {c}", "Công an viên xã {c}", "Chủ nhiệm Hợp tác xã nông nghiệp {c}",
         "Chi hội trưởng Chi hội Phụ nữ thôn {c}", "Bí thư Đoàn Thanh niên xã {c}", "Nông dân xã {c}",
         "Giám đốc Công ty TNHH {c}", "Cựu chiến binh thôn {c}", "Người có uy tín trong đồng bào dân tộc xã {c}",
         "Công chức Tư pháp - Hộ tịch xã {c}", "Điều dưỡng Trung tâm Y tế huyện {d}",
         "Hiệu trưởng Trường THCS {c}", "Đội trưởng Đội Thuế huyện {d}", "Thượng úy, Đồn Biên phòng {c}")
HONORIFICS = ("Nhà giáo Ưu tú", "Thầy thuốc Ưu tú", "Thạc sĩ", "Anh hùng Lao động", "Chiến sĩ thi đua cơ sở",
              "Nghệ nhân Ưu tú", "Tiến sĩ")
UNITS = (("Đảng bộ", "Đảng bộ xã {c}"), ("Chi bộ", "Chi bộ thôn {c}"),
         ("Hợp tác xã", "Hợp tác xã nông nghiệp {c}"), ("Hội Phụ nữ", "Hội Liên hiệp Phụ nữ xã {c}"),
         ("Đoàn Thanh niên", "Đoàn Thanh niên phường {c}"), ("Ủy ban MTTQ", "Ủy ban MTTQ Việt Nam xã {c}"),
         ("Doanh nghiệp", "Công ty Cổ phần {c}"), ("Trường học", "Trường Tiểu học {c}"),
         ("Cơ sở y tế", "Trạm Y tế xã {c}"), ("Công an", "Công an xã {c}"),
         ("Đồn Biên phòng", "Đồn Biên phòng {c}"), ("Hội Cựu chiến binh", "Hội Cựu chiến binh xã {c}"))
PRACTICES = ("Dân vận khéo", "Chủ nhật xanh", "Ngày thứ Bảy tình nguyện", "Mỗi tuần một việc tốt",
             "Nuôi heo đất giúp bạn", "Thắp sáng đường quê", "Tổ tự quản an ninh", "Cổng trường an toàn",
             "Mái ấm nghĩa tình", "Vườn rau dinh dưỡng", "Một cửa thân thiện", "Cà phê doanh nhân",
             "Tiếng kẻng an ninh", "Tủ sách dòng họ", "Hũ gạo tình thương", "Đổi rác lấy quà",
             "Con đường bích họa", "Chợ phiên không đồng", "Nghe dân nói, nói dân hiểu", "Ngôi nhà chung")
SHAPES = ("nên", "không", "đúng", "phải", "sát", "cùng", "biết", "dám", "xây", "chống")
NUMBER_WORDS = ("", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười")
ITEMS = ("nên gần dân, hiểu dân", "nên học tập suốt đời", "nên giữ gìn vệ sinh chung",
         "không hút thuốc lá nơi công cộng", "không xả rác ra đường", "không vi phạm luật giao thông",
         "đúng quy trình", "đúng thời hạn", "đúng đối tượng", "đúng thẩm quyền", "phải công khai",
         "phải minh bạch", "phải lắng nghe", "phải nói đi đôi với làm", "sát cơ sở", "sát thực tế",
         "sát dân", "cùng ăn, cùng ở, cùng làm", "biết lắng nghe ý kiến người dân", "dám nghĩ, dám làm",
         "xây dựng tổ liên gia tự quản", "chống lãng phí thời gian", "giữ đường làng xanh, sạch, đẹp",
         "họp dân mỗi tháng một lần", "trả lời kiến nghị trong bảy ngày", "ghi sổ theo dõi từng hộ",
         "giúp hộ nghèo có sinh kế", "đưa thông tin lên nhóm Zalo của thôn")
PUBLISHERS = ("Báo Nhân Dân", "Báo Quân đội nhân dân", "Tạp chí Tuyên giáo", "Báo Lao Động",
              "Báo Tuổi Trẻ", "Báo Thanh Niên", "Báo Điện tử Đảng Cộng sản Việt Nam", "Đài Tiếng nói Việt Nam")
QUOTES = ("Làm cán bộ thì phải gần dân, hiểu dân, việc gì có lợi cho dân thì làm.",
          "Mình không làm thì không ai làm thay cho mình cả.",
          "Người dân tin thì việc khó mấy cũng xong.",
          "Tôi chỉ làm những việc nhỏ, nhưng làm đến nơi đến chốn.",
          "Học Bác là học cách sống giản dị, nói ít làm nhiều.",
          "Việc gì có lợi cho dân, ta phải hết sức làm.",
          "Muốn dân nghe thì mình phải làm trước.")
TAGS = ("dân vận", "chuyển đổi số", "nông thôn mới", "đồng bào dân tộc", "thanh niên", "phụ nữ",
        "môi trường", "khuyến học", "người cao tuổi", "biên giới", "biển đảo", "khởi nghiệp",
        "an toàn giao thông", "hiến đất", "xóa nhà tạm")

# Sentence templates; slots: {name} {place} {commune} {year} {n} {m} {field}.
STORY = (
    "Nhắc đến {name}, người dân {commune} đều nói đó là người nói ít, làm nhiều và luôn đi trước.",
    "Từ năm {year}, {name} cùng bà con {commune} bàn bạc từng việc, làm đến đâu chắc đến đó.",
    "Những ngày đầu, không ít hộ còn e ngại vì lo tốn công, tốn của mà chưa thấy kết quả.",
    "Không nản lòng, {name} đến từng nhà, ngồi lại nghe bà con nói rồi mới bàn cách làm.",
    "Sau {n} tháng, con đường đất lầy lội dẫn vào thôn đã được bê tông hóa dài {m} mét.",
    "Mỗi tháng một lần, các hộ gặp nhau ở nhà văn hóa để nêu ý kiến và cùng nhau tìm cách giải quyết.",
    "Những việc nhỏ như quét đường, trồng hoa, thu gom rác thải được duy trì đều đặn suốt nhiều năm.",
    "Nhờ cách làm ấy, {n} hộ nghèo trong xã đã có sinh kế ổn định và thoát nghèo bền vững.",
    "Lĩnh vực {field} vốn nhiều việc khó, nhưng {name} chọn bắt đầu từ những việc gần dân nhất.",
    "Tấm gương ở {place} cho thấy học Bác không phải điều gì xa xôi mà ở ngay trong công việc hằng ngày.",
    "Khi được hỏi bí quyết, {name} chỉ cười và nói rằng mình làm những việc người dân cần.",
    "Có những đêm mưa lũ, cả tổ thức trắng để đưa người già và trẻ nhỏ đến nơi an toàn.",
    "Số tiền tiết kiệm được, khoảng {m} triệu đồng, được dùng để sửa lớp học và mua sách cho học sinh.",
    "Bà con ở {commune} đã hiến hơn {m} mét vuông đất, góp {n} ngày công để mở rộng đường làng.",
    "Thủ tục hành chính được niêm yết công khai, người dân biết rõ cần giấy tờ gì và bao lâu có kết quả.",
    "Việc ứng dụng điện thoại thông minh giúp người dân nộp hồ sơ trực tuyến mà không phải đi lại nhiều lần.",
    "Các em học sinh được hướng dẫn phân loại rác tại nguồn và mang chai nhựa đến trường đổi lấy cây xanh.",
    "Từ một việc làm tự phát, cách làm ấy nay đã được nhân rộng ra {n} thôn, tổ dân phố trong huyện.",
    "Ngoài giờ làm việc, {name} còn dành thời gian dạy chữ cho người lớn tuổi chưa biết đọc, biết viết.",
    "Nhiều năm liền, đơn vị không có đơn thư vượt cấp và không có vụ việc phức tạp về an ninh trật tự.",
    "Mô hình tổ liên gia tự quản giúp các hộ trông nom nhà cửa cho nhau khi đi làm ăn xa.",
    "Người đứng đầu gương mẫu trước, cán bộ, đảng viên làm theo, rồi nhân dân cùng hưởng ứng.",
    "Đến năm {year}, tỷ lệ hộ dân sử dụng nước sạch trong xã đạt gần {n} phần trăm.",
    "Câu chuyện được kể lại trong các buổi sinh hoạt chi bộ như một bài học về nêu gương.",
    "Trong đợt dịch, tổ công tác đã đi từng ngõ, gõ từng nhà để đưa lương thực tới các hộ khó khăn.",
    "Những phần việc thanh niên được giao đều hoàn thành đúng hạn, có sổ theo dõi rõ ràng.",
    "Không dừng lại ở đó, {name} tiếp tục vận động các doanh nghiệp trên địa bàn cùng chung tay.",
    "Nhiều người từng nghi ngại nay đã trở thành những thành viên tích cực nhất của phong trào.",
)
SUMMARY = (
    "{name} vận động người dân {commune} cùng làm đường, giữ vệ sinh và giúp nhau thoát nghèo.",
    "{name} đưa cách làm mới vào {field}, được người dân {place} tin tưởng và làm theo.",
    "Từ những việc nhỏ, {name} góp phần thay đổi diện mạo {commune} và được nhân rộng trong tỉnh.",
    "{name} nêu gương trong công việc, gần dân, lắng nghe dân và giải quyết dứt điểm kiến nghị.",
)
ACHIEVEMENTS = (
    "Vận động {n} hộ hiến {m} m² đất mở rộng đường giao thông nông thôn.",
    "Giúp {n} hộ nghèo thoát nghèo trong giai đoạn {year}–{year2}.",
    "Giải quyết {n} hồ sơ hành chính đúng hạn, không có hồ sơ trễ hẹn.",
    "Trồng mới {m} cây xanh dọc các tuyến đường liên thôn.",
    "Xây dựng {n} nhà tình nghĩa, nhà đại đoàn kết cho hộ khó khăn.",
    "Tổ chức {n} lớp tập huấn chuyển đổi số cho người dân.",
)
QUESTIONS = ("Em học được điều gì từ cách làm của {name}?", "Vì sao người dân tin và làm theo?",
             "Ở địa phương em có việc làm nào tương tự không?", "Nếu là em, em sẽ bắt đầu từ việc gì?")
ACTIVITIES = ("Vẽ tranh về một việc tốt ở khu phố em.", "Thảo luận nhóm: kể một việc nhỏ em có thể làm vì cộng đồng.",
              "Viết thư cảm ơn một người tốt ở địa phương.", "Đóng vai: buổi họp thôn bàn việc làm đường.")
FIELD_LABELS = {"xay-dung-dang": "xây dựng Đảng", "cai-cach-hanh-chinh": "cải cách hành chính",
                "kinh-te": "kinh tế", "nong-nghiep": "nông nghiệp", "y-te": "y tế", "giao-duc": "giáo dục",
                "van-hoa-xa-hoi": "văn hóa - xã hội", "an-sinh": "an sinh xã hội", "moi-truong": "môi trường",
                "quoc-phong-an-ninh": "quốc phòng - an ninh", "mat-tran-doan-the": "công tác mặt trận, đoàn thể"}
# Other ways records name a province; all accepted by the loader.
VARIANTS = ("TP.HCM", "Thành phố Hồ Chí Minh", "Thừa Thiên - Huế", "Thừa Thiên Huế", "tỉnh Khánh Hoà",
            "Hoà Bình", "Thanh Hoá", "thành phố Hải Phòng", "Bà Rịa - Vũng Tàu", "TP. Cần Thơ")
IMAGES = 8
_FEATURED = re.compile(r"^featured:.*\n(?:[ \t]+.*\n|[ \t]*\n)*", re.MULTILINE)


def _png(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    """A tiny solid-colour PNG."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * size
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size, 9)) + chunk(b"IEND", b""))


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


class _Writer:
    """Makes up one record at a time from a seeded random source."""

    def __init__(self, rng: random.Random, fields: list[str]):
        self.rng, self.fields = rng, fields
        places = load_places()
        self.provinces = places.provinces
        self.former = [(f, p) for p in places.provinces for f in p.former if f != p.name]

    def person(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(FAMILY)} {r.choice(MIDDLE_MALE)} {r.choice(GIVEN_MALE)}"
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE_FEMALE)} {r.choice(GIVEN_FEMALE)}"

    def province(self, year: int) -> tuple[str, str]:
        """(name as written, folder): mostly current names, former names for older records, some variants."""
        r = self.rng
        roll = r.random()
        if roll < 0.04:
            written = r.choice(VARIANTS)
            return written, slugify(load_places().resolve(written).current.name)
        if year < 2025 and roll < 0.45:
            former, unit = r.choice(self.former)
            return former, unit.slug
        unit = r.choice(self.provinces)
        return unit.name, unit.slug

    def fill(self, template: str, slots: dict) -> str:
        r = self.rng
        return template.format(n=r.randint(3, 95), m=r.randint(120, 4800), **slots)

    def story(self, slots: dict) -> str:
        r = self.rng
        target = r.randint(140, 330)  # the last paragraph overshoots: about 150–400 words
        templates = r.sample(STORY, len(STORY))  # each sentence at most once per story
        paragraphs, words = [], 0
        while words < target and templates:
            size = r.randint(3, 5)
            paragraph = " ".join(self.fill(t, slots) for t in templates[:size])
            del templates[:size]
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        return "\n\n".join(paragraphs) + "\n"

    def components(self) -> list[dict]:
        r = self.rng
        out = []
        for shape in r.sample(SHAPES, r.randint(2, 4)):
            count = r.randint(2, 6)
            style = r.random()
            if style < 0.4:
                label = f"{count} {shape}"
            elif style < 0.55:
                label = f"{count:02d} {shape}"
            elif style < 0.9:
                word = NUMBER_WORDS[count]
                label = f"{word.capitalize() if r.random() < 0.5 else word} {shape}"
            else:
                label, count = "Một số nội dung chính", r.randint(1, 4)
            out.append({"label": label, "items": r.sample(ITEMS, count)})
        return out

    def record(self, kind: str, name: str, year: int, written: str, commune: str) -> dict:
        r = self.rng
        fields = r.sample(self.fields, r.choice((1, 1, 1, 2, 2, 3)))
        slots = {"name": name, "place": written, "commune": f"xã {commune}", "year": year,
                 "field": FIELD_LABELS.get(fields[0], fields[0])}
        data: dict = {"kind": kind, "name": name}
        place = {"province": written}
        if year < 2025 and r.random() < 0.4:
            place["district"] = f"huyện {r.choice(DISTRICTS)}"
        if r.random() < 0.7:
            place["commune"] = f"xã {commune}"
        data["place"] = place
        data["fields"] = fields
        data["year"] = year
        data["summary"] = self.fill(r.choice(SUMMARY), slots)
        if kind != "practice" or r.random() < 0.6:
            data["story"] = self.story(slots)
        if r.random() < 0.5:
            data["achievements"] = [self.fill(t, slots | {"year2": min(year + 3, 2025)})
                                    for t in r.sample(ACHIEVEMENTS, r.randint(1, 4))]
        if r.random() < 0.3:
            data["awards"] = [{"name": r.choice(("Bằng khen của Thủ tướng Chính phủ", "Bằng khen của Ủy ban nhân dân tỉnh",
                                                 "Giấy khen của Huyện ủy", "Huân chương Lao động hạng Ba")),
                               "year": year, "by": r.choice(("Thủ tướng Chính phủ", "Ủy ban nhân dân tỉnh", "Huyện ủy"))}]
        if r.random() < 0.25:
            data["quotes"] = [{"text": r.choice(QUOTES), "by": name if kind == "individual" else self.person()}]
        if r.random() < 0.05:
            data["images"] = [{"file": f"../../images/anh-{r.randrange(IMAGES)}.png",
                               "alt": f"{name} trong một buổi làm việc với người dân",
                               "caption": f"{name}, {year}", "credit": "Ảnh: Ban biên tập"}]
        if r.random() < 0.4:
            data["tags"] = r.sample(TAGS, r.randint(1, 3))
        if r.random() < 0.1:
            data["teaching"] = {
                "levels": r.sample(("tieu-hoc", "thcs", "thpt", "nguoi-lon"), r.randint(1, 2)),
                "retelling": self.fill(r.choice(STORY), slots) + " " + self.fill(r.choice(STORY), slots),
                "questions": [self.fill(q, slots) for q in r.sample(QUESTIONS, 2)],
                "activities": r.sample(ACTIVITIES, r.randint(1, 2)),
            }
        day = dt.date(year, r.randint(1, 12), r.randint(1, 28))
        headline = data["summary"] if len(data["summary"]) < 90 else data["summary"][:90].rsplit(" ", 1)[0] + "…"
        source = {"title": f"{written}: {headline}", "publisher": r.choice(PUBLISHERS)}
        if r.random() < 0.8:
            source["url"] = f"https://bao.example.vn/{slugify(name)[:40]}-{r.randrange(10**6)}.html"
        source["date"] = day
        data["sources"] = [source]
        if r.random() < 0.02:
            data["draft"] = True
        elif r.random() < 0.01:
            data["publish_after"] = day + dt.timedelta(days=30)
        return data


def _kinds(n: int, rng: random.Random) -> list[str]:
    kinds = ["individual"] * round(n * 0.45) + ["collective"] * round(n * 0.30)
    kinds += ["practice"] * (n - len(kinds))
    rng.shuffle(kinds)
    return kinds


def write_synthetic(root: Path, n: int, seed: int = 0) -> None:
    """Write a project with `n` valid synthetic records under `root` (created if needed)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    if (REPO / "content").is_dir():
        shutil.copytree(REPO / "content", root / "content", dirs_exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    for i in range(IMAGES):
        (root / "images" / f"anh-{i}.png").write_bytes(_png((40 + 25 * i, 120, 200 - 20 * i)))
    config_text = (REPO / "site_config.yml").read_text(encoding="utf-8")
    writer = _Writer(rng, list(yaml.safe_load(config_text)["fields"]))

    # First decide who everyone is, so references can point anywhere, then write each record.
    plan = []
    for i, kind in enumerate(_kinds(n, rng)):
        year = rng.randint(2016, 2025)
        written, folder = writer.province(year)
        commune = rng.choice(COMMUNES)
        if kind == "individual":
            name = writer.person()
        elif kind == "collective":
            unit_type, pattern = rng.choice(UNITS)
            name = pattern.format(c=commune)
        else:
            name = f"{rng.choice(PRACTICES)} ở xã {commune}"
        plan.append((f"{slugify(name)[:50].strip('-')}-{i + 1}", kind, name, year, written, folder, commune))
    by_kind = {k: [p[0] for p in plan if p[1] == k] for k in ("individual", "collective", "practice")}
    # The repository's featured records are not in a synthetic project: feature two of each kind instead.
    featured = "".join(f"\n  - {i}" for ids in by_kind.values() for i in ids[:2])
    config_text = _FEATURED.sub(f"featured:{featured or ' []'}\n\n", config_text)
    (root / "site_config.yml").write_text(config_text, encoding="utf-8")
    everyone = [p[0] for p in plan]

    def others(pool: list[str], me: str, count: int) -> list[str]:
        picked = {rng.choice(pool) for _ in range(count)} if pool else set()
        picked.discard(me)
        return sorted(picked)

    for record_id, kind, name, year, written, folder, commune in plan:
        data = writer.record(kind, name, year, written, commune)
        if kind == "individual":
            data = {"kind": kind, "name": name, "honorifics": rng.sample(HONORIFICS, rng.randint(1, 2))
                    if rng.random() < 0.3 else None,
                    "role": rng.choice(ROLES).format(c=commune, d=rng.choice(DISTRICTS))} | data
            if rng.random() < 0.3 and by_kind["collective"]:
                data["organization"] = rng.choice(by_kind["collective"])
            elif rng.random() < 0.4:
                data["organization"] = rng.choice(UNITS)[1].format(c=rng.choice(COMMUNES))
        elif kind == "collective":
            data["unit_type"] = next(t for t, p in UNITS if name.startswith(p.split(" {")[0]))
            if rng.random() < 0.4:
                data["members"] = others(by_kind["individual"], record_id, rng.randint(1, 4))
        else:
            data["components"] = writer.components()
            if rng.random() < 0.3:
                data["aliases"] = [name.split(" ở xã")[0]]
            if rng.random() < 0.6:
                data["origin"] = (others(by_kind["individual"] + by_kind["collective"], record_id, 1)
                                  if rng.random() < 0.5 else [f"Ủy ban nhân dân xã {commune}"])
        if rng.random() < 0.2:
            data["related"] = others(everyone, record_id, rng.randint(1, 3))
        data = {k: v for k, v in data.items() if v not in (None, [], {})}
        folder_path = root / "models" / folder
        folder_path.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
        (folder_path / f"{record_id}.yml").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic project with N records.")
    parser.add_argument("out", type=Path, help="project folder to write")
    parser.add_argument("n", type=int, help="number of records")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_synthetic(args.out, args.n, args.seed)
    print(f"{args.n} records written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
