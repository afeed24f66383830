"""Every file format the project reads, described once: records, site_config.yml, news front matter, lesson packs.

Each format is a `shapes.Format`: its keys with their shape and limits, whether they are required
(for every kind, or by kind), their meaning in Vietnamese (for messages) and their help (for the
editor schema), and the Vietnamese words a press officer may write instead of a key. The check of a
file, its messages and the editor's JSON Schema (`guongsang schema`) all come from here: change a
limit here and all three follow.

A new format (a lesson pack, say) is one more `Format` here, a thin reader that reads its files with
`shapes.read_checked`, turns the checked values into typed objects and adds the checks that need other
files, and a line in `schema.editor_schemas` for its editor schema.
"""
from __future__ import annotations

from . import images
from . import messages as msg
from .shapes import Choice, Date, Flag, Format, Integer, Key, ListOf, MapOf, Table, Text, Url, Year
from .text import SLUG_PATTERN

# --- limits ------------------------------------------------------------------------------------------
SHORT_TEXT = 300  # a name, a title, a list item
SUMMARY = 400  # a summary: cards, search results, feeds
NAME = 120  # a place name, an id, an honorific
TAG = 80
LONG_ITEM = 1000  # a question, a component's item
PARAGRAPH = 2000  # an achievement, an activity, an address
LONG_TEXT = 100_000  # a story, a quote, a retelling
FIRST_YEAR = 2000  # the first year a record (or an award, or a first publication) may have
LATEST_YEAR = 2100  # the upper bound of a year when no build date is known (no git, no SOURCE_DATE_EPOCH)
# A year may be the build date's next one: on 2 January `guongsang check` or a preview, run before that
# year's first commit, still dates the build by the last commit of December.
YEAR_GRACE = 1
ID_PATTERN = SLUG_PATTERN  # a record's id is its file name and its URL slug
NUMBER_LIMIT = 1000  # the most page_size and home_latest may be

KINDS = {"individual": msg.KIND_LABELS["individual"], "collective": msg.KIND_LABELS["collective"],
         "practice": msg.KIND_LABELS["practice"]}
TEACHING_LEVELS = ("tieu-hoc", "thcs", "thpt", "nguoi-lon")

_TEXT = Text(SHORT_TEXT)
_NAME = Text(NAME)
_ID = Text(NAME, pattern=ID_PATTERN.pattern)  # that it names a record is checked by records.py
_YEAR = Year(FIRST_YEAR, grace=YEAR_GRACE, latest=LATEST_YEAR)
_DATE = Date()


def _texts(limit: int = SHORT_TEXT) -> ListOf:
    return ListOf(Text(limit))


def _image_file_pattern() -> str:
    """The image file names published (images.py checks the content too), in any case: JSON Schema has no flags."""
    either_case = ("".join(f"[{c}{c.upper()}]" for c in suffix[1:]) for suffix in images.SUFFIXES)
    return rf"\.({'|'.join(either_case)})$"


# --- records: models/**/<id>.yml ---------------------------------------------------------------------
PLACE = Table((
    Key("province", Text(NAME, examples="provinces"), "tỉnh/thành", required=True, vietnamese=("tỉnh", "tỉnh thành"),
        help="Tỉnh/thành: một trong 63 tỉnh/thành cũ hoặc 34 tỉnh/thành hiện nay (có thể viết 'tỉnh ...', 'TP. ...')."),
    Key("district", _NAME, "huyện", vietnamese=("huyện",), help="Huyện, quận, thị xã (không bắt buộc)."),
    Key("commune", _NAME, "xã", vietnamese=("xã", "phường"), help="Xã, phường, thị trấn (không bắt buộc)."),
))
SOURCE = Table((
    Key("title", _TEXT, "tên bài báo hoặc văn bản", required=True, vietnamese=("tiêu đề",),
        help="Tên bài báo hoặc văn bản (bắt buộc)."),
    Key("publisher", _TEXT, "cơ quan đăng", vietnamese=("nhà xuất bản", "cơ quan"),
        help="Cơ quan đăng, ví dụ Báo Nhân Dân."),
    Key("url", Url(PARAGRAPH), "địa chỉ", vietnamese=("đường dẫn", "liên kết"),
        help="Địa chỉ đầy đủ, bắt đầu bằng http:// hoặc https://."),
    Key("date", _DATE, "ngày đăng", vietnamese=("ngày",), help="Ngày đăng, dạng NĂM-THÁNG-NGÀY (ví dụ 2024-05-19)."),
))
AWARD = Table((
    Key("name", _TEXT, "tên khen thưởng", required=True, vietnamese=("tên",),
        help="Tên khen thưởng, ví dụ Bằng khen của Thủ tướng Chính phủ."),
    Key("year", _YEAR, "năm được khen", vietnamese=("năm",), help="Năm được khen."),
    Key("by", _TEXT, "cấp khen", help="Cấp khen."),
))
QUOTE = Table((
    Key("text", Text(LONG_TEXT, prose=True), "lời trích", required=True, help="Lời trích (bắt buộc)."),
    Key("by", _TEXT, "người nói", help="Người nói."),
))
IMAGE = Table((
    Key("file", Text(SHORT_TEXT, pattern=_image_file_pattern()), "tệp ảnh", required=True, vietnamese=("tệp",),
        help=f"Đường dẫn tệp ảnh ({', '.join(images.SUFFIXES)}), tính từ thư mục của bản ghi."),
    Key("alt", _TEXT, "mô tả ảnh", required=True, vietnamese=("mô tả",),
        help="Mô tả ảnh cho người không xem được ảnh (bắt buộc)."),
    Key("caption", _TEXT, "chú thích", vietnamese=("chú thích",), help="Chú thích dưới ảnh."),
    Key("credit", _TEXT, "tác giả ảnh", vietnamese=("tác giả",), help="Tác giả hoặc nguồn ảnh."),
))
TEACHING = Table((
    Key("levels", ListOf(Choice(TEACHING_LEVELS, bad=msg.BAD_LEVEL)), "cấp học", vietnamese=("cấp học",),
        help="Cấp học: " + ", ".join(TEACHING_LEVELS) + "."),
    Key("retelling", Text(LONG_TEXT, prose=True), "kể lại", vietnamese=("kể lại",),
        help="Kể lại ngắn cho học sinh (Markdown)."),
    Key("questions", _texts(LONG_ITEM), "câu hỏi", vietnamese=("câu hỏi",), help="Câu hỏi thảo luận."),
    Key("activities", _texts(PARAGRAPH), "hoạt động", vietnamese=("hoạt động",), help="Hoạt động gợi ý."),
))
COMPONENT = Table((
    Key("label", _TEXT, "tên nhóm", required=True, vietnamese=("nhóm",), help="Tên nhóm, ví dụ '3 nên'."),
    Key("items", ListOf(Text(LONG_ITEM), min_items=1), "các mục", required=True, vietnamese=("các mục",),
        help="Các mục của nhóm."),
))

RECORD = Format("record", "Bản ghi Gương sáng", (
    "Một tấm gương cá nhân, tập thể hoặc mô hình: một tệp models/**/<mã>.yml. "
    "Tạo bằng: guongsang new KIND \"Tên\". Kiểm tra bằng: guongsang check."), Table((
        Key("kind", Choice(tuple(KINDS), bad=msg.BAD_KIND), "loại: individual, collective hoặc practice",
            required=True, vietnamese=("loại",),
            help="Loại bản ghi: individual (cá nhân), collective (tập thể) hoặc practice (mô hình)."),
        Key("name", _TEXT, "tên", required=True, vietnamese=("tên",),
            help="Tên người, đơn vị hoặc mô hình, viết có dấu."),
        Key("summary", Text(SUMMARY), "tóm tắt", required=True, vietnamese=("tóm tắt",),
            help=f"Tóm tắt một hai câu, chữ thường (không Markdown), tối đa {SUMMARY} ký tự. "
                 "Hiện trên thẻ, trong kết quả tìm kiếm và bản tin."),
        Key("story", Text(LONG_TEXT, prose=True), "câu chuyện", required=("individual", "collective"), vietnamese=("câu chuyện",),
            help="Câu chuyện, viết bằng lời giản dị (Markdown). Bắt buộc với cá nhân và tập thể. "
                 "Viết nhiều dòng sau 'story: |', thụt lề hai dấu cách."),
        Key("place", PLACE, "địa phương", required=True, vietnamese=("địa phương", "địa điểm"),
            help="Địa phương, ghi theo tên lúc được ghi nhận."),
        Key("fields", ListOf(Choice(source="fields", bad=msg.UNKNOWN_FIELD, bad_suggest=msg.UNKNOWN_FIELD_SUGGEST,
                                    label=msg.EXPECTED_FIELD), min_items=1, unique=msg.DUPLICATE_ITEM),
            "lĩnh vực", required=True, vietnamese=("lĩnh vực",),
            help="Lĩnh vực: một hoặc nhiều khóa trong danh mục 'fields' của site_config.yml."),
        Key("year", _YEAR, "năm", required=True, vietnamese=("năm",),
            help=f"Năm được công nhận hoặc được đưa tin (số, ví dụ 2024; từ năm {FIRST_YEAR})."),
        Key("sources", ListOf(SOURCE, min_items=1), "nguồn", required=True, vietnamese=("nguồn",),
            help="Nguồn tin, ít nhất một."),
        Key("achievements", _texts(PARAGRAPH), "thành tích", vietnamese=("thành tích", "kết quả"),
            help="Kết quả cụ thể, có số liệu càng tốt."),
        Key("awards", ListOf(AWARD), "khen thưởng", vietnamese=("khen thưởng",), help="Khen thưởng."),
        Key("quotes", ListOf(QUOTE), "trích dẫn", vietnamese=("trích dẫn",), help="Câu nói tiêu biểu."),
        Key("images", ListOf(IMAGE), "ảnh", vietnamese=("ảnh", "hình ảnh"),
            help="Ảnh: tệp JPEG, PNG, WebP hoặc GIF nằm trong kho (đường dẫn tính từ thư mục của bản ghi). "
                 f"Trang đăng bản thu gọn (cạnh dài tối đa {images.LONGEST_SIDE} điểm ảnh), bỏ dữ liệu EXIF "
                 "và vị trí GPS."),
        Key("related", ListOf(_ID, unique=msg.REF_TWICE), "bản ghi liên quan", vietnamese=("liên quan",),
            help="Mã các bản ghi liên quan (tên tệp không có .yml)."),
        Key("tags", _texts(TAG), "thẻ", vietnamese=("thẻ", "từ khóa"), help="Thẻ tự do."),
        Key("teaching", TEACHING, "dành cho nhà trường", vietnamese=("giảng dạy",), help="Dành cho nhà trường."),
        Key("draft", Flag(), "bản nháp", vietnamese=("nháp", "bản nháp"),
            help="Bản nháp: true thì bản ghi được kiểm tra nhưng không đăng. Xóa dòng này (hoặc ghi false) để đăng."),
        Key("publish_after", _DATE, "không đăng trước ngày",
            help="Cấm đăng tạm thời: không đăng trước ngày này (NĂM-THÁNG-NGÀY)."),
        Key("published", Date(first_year=FIRST_YEAR), "ngày đăng lần đầu",
            help="Ngày đăng lần đầu (NĂM-THÁNG-NGÀY), thay cho ngày lấy từ lịch sử git. Thường không cần."),
        # individual
        Key("role", _TEXT, "chức vụ hoặc nghề nghiệp", required=True, only=("individual",),
            vietnamese=("chức vụ", "nghề nghiệp"), help="Cá nhân: chức vụ hoặc nghề nghiệp (bắt buộc)."),
        Key("honorifics", _texts(NAME), "danh hiệu", only=("individual",), vietnamese=("danh hiệu",),
            help="Cá nhân: danh hiệu, học hàm, học vị, ví dụ [Anh hùng Lao động, Thạc sĩ]."),
        Key("organization", _TEXT, "nơi công tác", only=("individual",), vietnamese=("tổ chức", "đơn vị"),
            help="Cá nhân: nơi công tác, ghi tên hoặc mã một bản ghi tập thể (sẽ thành liên kết)."),
        # collective
        Key("unit_type", _NAME, "loại đơn vị", only=("collective",), vietnamese=("loại đơn vị",),
            help="Tập thể: loại đơn vị, ví dụ Đảng bộ, Ủy ban MTTQ, Hợp tác xã, Doanh nghiệp."),
        Key("members", ListOf(_ID, unique=msg.REF_TWICE), "thành viên", only=("collective",), vietnamese=("thành viên",),
            help="Tập thể: mã các bản ghi cá nhân là thành viên."),
        # practice
        Key("components", ListOf(COMPONENT, min_items=1), "các nhóm nội dung của mô hình", required=True,
            only=("practice",), vietnamese=("nội dung",),
            help="Mô hình: các nhóm nội dung (bắt buộc). Nhóm có tên bắt đầu bằng số ('3 nên', 'Bốn đúng') "
                 "phải có đúng chừng ấy mục."),
        Key("aliases", _texts(), "tên khác", only=("practice",), vietnamese=("tên khác",),
            help="Mô hình: tên gọi khác."),
        Key("origin", ListOf(_TEXT, single=True, unique=msg.REF_TWICE), "nơi sáng tạo hoặc áp dụng", only=("practice",),
            vietnamese=("nguồn gốc",),
            help="Mô hình: ai sáng tạo hoặc áp dụng: mã bản ghi cá nhân/tập thể, hoặc tên viết thường."),
    ), variant_key="kind", variants=KINDS))

# --- site_config.yml ---------------------------------------------------------------------------------
# The site's address goes, as it is, into the theme's links and into the shell commands of the mirrors
# page: a host (or [IPv6]), a port and a path of characters that neither HTML nor a shell reads specially.
_PLAIN_ADDRESS = r"(?i)^https?://(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?(?:/[a-z0-9._~%/-]*)?\Z"
SITE = Table((
    Key("name", _TEXT, "tên trang", required=True, vietnamese=("tên",), help="Tên trang, ví dụ Gương sáng."),
    Key("tagline", _TEXT, "khẩu hiệu", vietnamese=("khẩu hiệu",), help="Một dòng dưới tên trang."),
    Key("description", Text(PARAGRAPH), "giới thiệu", vietnamese=("mô tả", "giới thiệu"),
        help="Một hai câu giới thiệu trang, cho công cụ tìm kiếm và bản tin."),
    Key("url", Url(PARAGRAPH, plain=_PLAIN_ADDRESS, not_plain=msg.SITE_URL_NOT_PLAIN), "địa chỉ chính của trang",
        required=True, vietnamese=("địa chỉ",),
        help="Địa chỉ chính của trang, ví dụ https://guongsang.example.vn/."),
    Key("language", Text(TAG), "ngôn ngữ", vietnamese=("ngôn ngữ",), help="Mã ngôn ngữ, mặc định vi.",
        default="vi"),
    Key("publisher", _TEXT, "đơn vị chủ quản", vietnamese=("đơn vị",), help="Đơn vị chủ quản, biên tập trang."),
))
MIRROR = Table((
    Key("name", _TEXT, "tên bản sao", required=True, vietnamese=("tên",), help="Tên bản sao."),
    Key("url", Url(PARAGRAPH), "địa chỉ bản sao", required=True, vietnamese=("địa chỉ",),
        help="Địa chỉ gốc của bản sao, bắt đầu bằng http:// hoặc https://."),
))
CONFIG = Format("site_config", "Cấu hình trang Gương sáng", "Tệp site_config.yml ở thư mục dự án.", Table((
    Key("site", SITE, "tên và địa chỉ của trang", required=True, vietnamese=("trang",),
        help="Tên, giới thiệu và địa chỉ của trang."),
    Key("fields", MapOf(Text(SHORT_TEXT), SLUG_PATTERN, msg.BAD_FIELD_KEY, msg.FIELD_KEY_EXAMPLE, min_items=1),
        "danh mục lĩnh vực", required=True, vietnamese=("lĩnh vực",),
        help="Lĩnh vực: khóa (chữ thường, không dấu) → tên hiển thị."),
    Key("featured", ListOf(_ID, label=msg.EXPECTED_IDS), "bản ghi nổi bật", vietnamese=("nổi bật",),
        help="Bản ghi nổi bật trên trang chủ (mã bản ghi = tên tệp không có .yml)."),
    Key("page_size", Integer(1, NUMBER_LIMIT), "số thẻ mỗi trang", help="Số thẻ trên mỗi trang danh sách.", default=24),
    Key("home_latest", Integer(1, NUMBER_LIMIT), "số bản ghi mới trên trang chủ",
        help="Số bản ghi mới nhất hiện trên trang chủ.", default=6),
    Key("mirrors", ListOf(MIRROR), "các bản sao", vietnamese=("bản sao",), help="Các bản sao đã biết của trang."),
)))

# --- news posts: the front matter of content/tin-tuc/*.md -------------------------------------------
NEWS = Format("news", "Tin tức Gương sáng", "Phần đầu của một tin trong content/tin-tuc/.", Table((
    Key("title", _TEXT, "tiêu đề", required=True, vietnamese=("tiêu đề",), help="Tiêu đề của tin."),
    Key("date", _DATE, "ngày đăng", required=True, vietnamese=("ngày",), help="Ngày đăng tin (NĂM-THÁNG-NGÀY)."),
    Key("summary", Text(SUMMARY), "tóm tắt", vietnamese=("tóm tắt",),
        help="Một hai câu cho trang Cập nhật và bản tin."),
    Key("updated", _DATE, "ngày cập nhật", vietnamese=("cập nhật",), help="Ngày sửa nội dung lần cuối."),
    Key("draft", Flag(), "bản nháp", vietnamese=("nháp", "bản nháp"), help="Bản nháp: được kiểm tra, chưa đăng."),
    Key("publish_after", _DATE, "không đăng trước ngày", help="Không đăng trước ngày này."),
)))

# --- lesson packs: lessons/<id>.yml (lessons.py) -------------------------------------------------------
SUBJECTS = tuple(msg.SUBJECT_LABELS)  # school subjects of the 2018 general-education programme, and adults'
PERIOD_MINUTES = (35, 45)  # a period: 35 minutes in primary school, 45 in lower and upper secondary
MAX_PERIODS = 10
MAX_LINES = 20  # answer lines under one worksheet question
DEFAULT_LINES = 3
STEP_TEXT = 5000
_MINUTES = Integer(1, MAX_PERIODS * max(PERIOD_MINUTES))
_STEP_TEXT = Text(STEP_TEXT, prose=True)
OBJECTIVES = Table((
    Key("qualities", _texts(LONG_ITEM), "phẩm chất", vietnamese=("phẩm chất",), help="Phẩm chất, ví dụ trách nhiệm."),
    Key("competences", _texts(LONG_ITEM), "năng lực", vietnamese=("năng lực",),
        help="Năng lực, ví dụ giao tiếp và hợp tác."),
    Key("knowledge", _texts(LONG_ITEM), "kiến thức", vietnamese=("kiến thức",), help="Kiến thức."),
))
WARM_UP = Table((
    Key("minutes", _MINUTES, "số phút", required=True, vietnamese=("số phút", "phút", "thời gian"), help="Số phút."),
    Key("text", _STEP_TEXT, "nội dung", required=True, vietnamese=("nội dung",), help="Nội dung (Markdown)."),
))
STEP = Table((
    Key("title", _TEXT, "tên bước", required=True, vietnamese=("tên", "tên bước"), help="Tên bước."),
    Key("minutes", _MINUTES, "số phút", required=True, vietnamese=("số phút", "phút", "thời gian"), help="Số phút."),
    Key("text", _STEP_TEXT, "nội dung", required=True, vietnamese=("nội dung",), help="Nội dung (Markdown)."),
    Key("record", _ID, "bản ghi của bước", vietnamese=("bản ghi",),
        help="Mã bản ghi bước này dùng: một trong 'records' của bài học."),
))
QUESTION = Table((
    Key("question", Text(LONG_ITEM), "câu hỏi", required=True, vietnamese=("câu hỏi",), help="Câu hỏi."),
    Key("lines", Integer(0, MAX_LINES), "số dòng để trả lời", vietnamese=("số dòng", "dòng"),
        help="Số dòng kẻ để học sinh viết câu trả lời.", default=DEFAULT_LINES),
))
LESSON = Format("lesson", "Bài học Gương sáng", (
    "Một bài học soạn từ các bản ghi: một tệp lessons/<mã>.yml. "
    "Tạo bằng: guongsang new lesson \"Tên\". Kiểm tra bằng: guongsang check."), Table((
        Key("title", _TEXT, "tên bài học", required=True, vietnamese=("tên", "tên bài", "tên bài học", "tiêu đề"),
            help="Tên bài học, viết có dấu."),
        Key("summary", Text(SUMMARY), "tóm tắt", required=True, vietnamese=("tóm tắt",),
            help="Một hai câu giới thiệu bài học, hiện trong danh sách bài học."),
        Key("levels", ListOf(Choice(TEACHING_LEVELS, bad=msg.BAD_LEVEL), min_items=1, unique=True), "cấp học",
            required=True, vietnamese=("cấp học", "cấp"), help="Cấp học: " + ", ".join(TEACHING_LEVELS) + "."),
        Key("grades", ListOf(Integer(1, 12), unique=True), "lớp", vietnamese=("lớp",),
            help="Lớp: tiểu học 1–5, THCS 6–9, THPT 10–12 (không bắt buộc)."),
        Key("subject", Choice(SUBJECTS, bad=msg.LESSON_BAD_SUBJECT, bad_suggest=msg.LESSON_BAD_SUBJECT_SUGGEST),
            "môn học", required=True, vietnamese=("môn", "môn học"),
            help="Môn học: " + "; ".join(f"{k}: {v}" for k, v in msg.SUBJECT_LABELS.items()) + "."),
        Key("periods", Integer(1, MAX_PERIODS), "số tiết", required=True, vietnamese=("số tiết", "tiết"),
            help="Số tiết."),
        Key("period_minutes", Integer(min(PERIOD_MINUTES), max(PERIOD_MINUTES)), "số phút mỗi tiết: 35 hoặc 45",
            required=True, vietnamese=("số phút mỗi tiết",),
            help="Số phút mỗi tiết: 35 (tiểu học) hoặc 45 (THCS, THPT). Khởi động cộng các bước phải bằng "
                 "số tiết × số phút mỗi tiết."),
        Key("objectives", OBJECTIVES, "mục tiêu", required=True, vietnamese=("mục tiêu",),
            help="Mục tiêu: phẩm chất, năng lực, kiến thức."),
        Key("records", ListOf(_ID, min_items=1, unique=True), "mã các bản ghi dùng trong bài", required=True,
            vietnamese=("bản ghi", "tư liệu"),
            help="Mã các bản ghi dùng trong bài (tên tệp trong models/, không có .yml), theo thứ tự dùng; phải đã đăng."),
        Key("warm_up", WARM_UP, "khởi động", required=True, vietnamese=("khởi động",), help="Khởi động."),
        Key("steps", ListOf(STEP, min_items=1), "các bước", required=True, vietnamese=("các bước", "tiến trình"),
            help="Các bước, mỗi bước có số phút."),
        Key("worksheet", ListOf(QUESTION, min_items=1), "phiếu học tập", required=True,
            vietnamese=("phiếu", "phiếu học tập"), help="Phiếu học tập: câu hỏi và số dòng để trả lời."),
        Key("assessment", _texts(LONG_ITEM), "đánh giá", vietnamese=("đánh giá",), help="Đánh giá."),
        Key("extension", _STEP_TEXT, "mở rộng", vietnamese=("mở rộng", "vận dụng"),
            help="Mở rộng, vận dụng sau giờ học (Markdown)."),
        Key("draft", Flag(), "bản nháp", vietnamese=("nháp", "bản nháp"),
            help="Bản nháp: true thì bài học được kiểm tra nhưng không đăng."),
    )))

FORMATS = (RECORD, CONFIG, NEWS, LESSON)
