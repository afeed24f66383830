"""Every message a user reads on the command line, in Vietnamese, in one place.

Each entry is a ``str.format`` template; callers pass named values.
"""
import errno

# --- file level -----------------------------------------------------------------------------------
FILE_TOO_BIG = "tệp quá lớn ({size} byte; tối đa {limit} byte). Hãy chia nhỏ hoặc rút gọn nội dung."
FILE_EMPTY = "tệp trống. Một bản ghi cần ít nhất các khóa kind, name, summary, place, fields, year, sources."
FILE_NOT_UTF8 = "tệp không phải mã UTF-8 (byte lỗi ở vị trí {pos}). Hãy lưu lại tệp với bảng mã UTF-8."
FILE_OUTSIDE = "tệp trỏ ra ngoài thư mục dự án (liên kết tượng trưng?); không đọc."
FILE_UNREADABLE = "không đọc được tệp: {reason}"
FOLDER_LINK = "thư mục này là liên kết tượng trưng; không đọc. Hãy đặt các tệp trực tiếp trong thư mục của dự án."
LINK_LOOP = "liên kết tượng trưng vòng quanh (trỏ về chính nó); không đọc."
LINK_BROKEN = "liên kết tượng trưng trỏ tới tệp không tồn tại; không đọc."
# Input files: what inputs.py says about a file it will not read.
NOT_A_FILE_KIND = "đây là {what}, không phải tệp thông thường; không đọc. Hãy thay bằng một tệp bình thường."
FILE_TYPES = {"folder": "một thư mục", "fifo": "một ống dẫn (FIFO)", "socket": "một socket",
              "device": "một tệp thiết bị", "other": "một tệp đặc biệt"}
FILE_MISSING = "không tìm thấy tệp (có thể vừa bị xóa hoặc đổi tên)."
WRONG_EXTENSION = "tệp này phải có đuôi .{extension} (đổi tên thành '{suggestion}')."
# The system's reasons (errno names), which it gives in English.
OS_REASONS = {"EACCES": "không có quyền đọc", "EPERM": "không được phép đọc", "EISDIR": "đây là một thư mục",
              "ENOENT": "không tìm thấy tệp hoặc thư mục", "ENOTDIR": "một phần của đường dẫn không phải thư mục",
              "ENAMETOOLONG": "tên tệp quá dài", "EIO": "lỗi đọc ổ đĩa", "EMFILE": "mở quá nhiều tệp cùng lúc",
              "ENFILE": "mở quá nhiều tệp cùng lúc", "ENXIO": "thiết bị không sẵn sàng",
              "EAGAIN": "tệp đang bận", "ELOOP": "liên kết tượng trưng vòng quanh"}
OS_REASON_OTHER = "lỗi hệ thống {code}"
# The same when writing (a build's output folder).
OS_WRITE_REASONS = {"EACCES": "không có quyền ghi", "EPERM": "không được phép ghi", "EROFS": "ổ đĩa chỉ cho đọc",
                    "ENOSPC": "ổ đĩa đã đầy", "EDQUOT": "đã hết hạn mức dung lượng",
                    "EEXIST": "một phần của đường dẫn là tệp, không phải thư mục",
                    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục", "ENAMETOOLONG": "tên quá dài"}


def os_reason(err: OSError, reasons: dict[str, str] = OS_REASONS) -> str:
    """Why a system call failed, in Vietnamese: the system's own words (err.strerror) are English."""
    name = errno.errorcode.get(err.errno or 0, "")
    return reasons.get(name) or OS_REASONS.get(name) or OS_REASON_OTHER.format(code=name or err.errno)


YAML_SYNTAX = "lỗi cú pháp YAML: {problem}. Kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép quanh dòng này."
# libyaml's problem texts, in the words a press officer can act on; unknown ones are shown as they are.
YAML_PROBLEMS = {
    "mapping values are not allowed": "dấu hai chấm đặt sai chỗ (nếu giá trị có dấu ':', hãy đặt nó trong ngoặc kép)",
    "cannot start any token": ("có ký tự không được đứng đầu giá trị (như @, ` hoặc phím Tab): đặt giá trị trong "
                               "ngoặc kép, và thụt lề bằng dấu cách"),
    "block sequence entries are not allowed": ("dấu '-' của danh sách phải ở đầu một dòng mới, thụt vào dưới khóa "
                                               "(hoặc viết danh sách trong ngoặc vuông: [a, b])"),
    "did not find expected alphabetic or numeric character": ("dấu * hoặc & ở đầu giá trị có nghĩa riêng trong YAML; "
                                                              "hãy đặt giá trị trong ngoặc kép"),
    "found undefined tag handle": ("có thẻ YAML (dấu !) không được phép; nếu giá trị bắt đầu bằng '!', "
                                   "đặt nó trong ngoặc kép"),
    "found incompatible YAML document": "phiên bản YAML không được hỗ trợ (bỏ dòng %YAML ở đầu tệp)",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên khóa",
    "did not find expected key": "thụt lề không đều giữa các dòng",
    "did not find expected '-' indicator": "thụt lề của danh sách không đều",
    "found unexpected end of stream": "thiếu dấu ngoặc kép hoặc ngoặc đóng",
    "found unknown escape character": "dấu \\ trong chuỗi ngoặc kép (dùng ngoặc đơn hoặc viết \\\\)",
    "control characters are not allowed": "có ký tự điều khiển không in được",
    "did not find expected node content": "thiếu giá trị",
    "found a tab character": "có ký tự Tab (dùng dấu cách để thụt lề)",
    "found unexpected ':'": "dấu hai chấm đặt sai chỗ",
    "did not find expected ',' or ']'": "danh sách trong ngoặc vuông thiếu dấu phẩy hoặc ngoặc đóng",
    "did not find expected ',' or '}'": "bảng trong ngoặc nhọn thiếu dấu phẩy hoặc ngoặc đóng",
    # The rest of libyaml's problems (src/scanner.c, parser.c, reader.c), rarer, grouped by what to do.
    "mapping keys are not allowed": "dấu '?' ở đầu giá trị có nghĩa riêng trong YAML; hãy đặt giá trị trong ngoặc kép",
    "found an indentation indicator equal to 0": "sau dấu | hoặc > không được ghi số 0",
    "did not find expected comment or line break": ("có chữ thừa ở cuối dòng: sau dấu | hoặc >, hay trong dòng chỉ thị "
                                                    "%, chỉ được có chú thích (#) rồi xuống dòng"),
    "did not find expected whitespace or line break": ("sau thẻ (!) hoặc neo (&) cần một dấu cách; nếu đó là chữ, "
                                                       "hãy đặt giá trị trong ngoặc kép"),
    "did not find expected '!'": "thẻ YAML (dấu !) viết sai; nếu giá trị bắt đầu bằng '!', đặt nó trong ngoặc kép",
    "did not find the expected '>'": "thẻ YAML (dấu !<…>) viết sai; nếu giá trị bắt đầu bằng '!', đặt nó trong ngoặc kép",
    "did not find expected tag URI": "thẻ YAML (dấu !) viết sai; nếu giá trị bắt đầu bằng '!', đặt nó trong ngoặc kép",
    "URI escaped octet": "thẻ YAML (dấu !) viết sai; nếu giá trị bắt đầu bằng '!', đặt nó trong ngoặc kép",
    "found an incorrect": "thẻ YAML (dấu !) có ký tự không hợp lệ; nếu giá trị bắt đầu bằng '!', đặt nó trong ngoặc kép",
    "found duplicate %": "dòng chỉ thị % bị lặp; bỏ các dòng bắt đầu bằng % ở đầu tệp",
    "directive": "dòng chỉ thị % viết sai; bỏ các dòng bắt đầu bằng % ở đầu tệp",
    "found unexpected non-alphabetical character": "dòng chỉ thị % viết sai; bỏ các dòng bắt đầu bằng % ở đầu tệp",
    "version number": "dòng %YAML viết sai; bỏ dòng này",
    "did not find expected digit or '.' character": "dòng %YAML viết sai; bỏ dòng này",
    "did not find expected whitespace": "dòng chỉ thị % viết sai; bỏ các dòng bắt đầu bằng % ở đầu tệp",
    "found unexpected document indicator": ("dòng '---' hoặc '...' nằm giữa một chuỗi trong ngoặc kép; đóng ngoặc "
                                            "kép trước dòng đó"),
    "did not find expected <document start>": "có nội dung sau dòng '...' hoặc '---'; mỗi tệp chỉ chứa một bản ghi",
    "did not find expected <stream-start>": "tệp không bắt đầu được như một tài liệu YAML",
    "found invalid Unicode character escape code": ("mã \\u… trong chuỗi ngoặc kép không phải ký tự có thật; "
                                                    "hãy gõ thẳng ký tự đó"),
    "did not find expected hexdecimal number": ("sau dấu \\x, \\u hoặc \\U trong chuỗi ngoặc kép phải là mã "
                                                "hệ 16 (dùng ngoặc đơn hoặc viết \\\\)"),
    "UTF-8": "tệp có ký tự không phải mã UTF-8 hợp lệ",
    "UTF-16": "tệp có ký tự không phải mã UTF-8 hợp lệ",
    "invalid Unicode character": "tệp có ký tự không hợp lệ",
    "input is too long": "tệp quá dài",
    "input error": "không đọc được nội dung tệp",
}
YAML_UNPRINTABLE = "có {what}, không được phép trong tệp YAML (nếu cần, hãy xóa ký tự này)"
YAML_PROBLEM_OTHER = "cấu trúc YAML không hợp lệ"  # a libyaml problem not listed above: never shown in English
YAML_MULTI_DOC = "tệp có nhiều tài liệu YAML (dấu ---); mỗi tệp chỉ chứa một bản ghi."
YAML_ALIAS = "không dùng neo và bí danh YAML (&{anchor} / *{anchor}); hãy viết đầy đủ giá trị."
YAML_TAG = "thẻ YAML {tag} không được phép; chỉ dùng giá trị chữ, số, ngày, danh sách và bảng khóa."
YAML_TOO_DEEP = "cấu trúc lồng nhau quá sâu (hơn {limit} cấp)."
YAML_NOT_MAPPING = "tệp phải là một bảng khóa: giá trị (ví dụ 'name: ...'), không phải {found}."
YAML_DUPLICATE_KEY = "khóa '{key}' bị lặp (đã có ở dòng {first}); xóa một trong hai."
YAML_KEY_NOT_TEXT = "khóa phải là một chữ đơn giản."
YAML_BAD_DATE = "ngày '{value}' không có thật trên lịch."
YAML_BAD_VALUE = "không đọc được giá trị '{value}' theo kiểu {tag}; nếu đó là chữ, hãy đặt trong ngoặc kép."
YAML_NOT_DECIMAL = ("số '{value}' không viết theo cách thường: hãy viết số chỉ bằng các chữ số 0–9 "
                    "(ví dụ 2021), không có dấu gạch dưới, dấu hai chấm, số 0 ở đầu hay dạng 0x.")

# --- keys and values of any checked file (shapes.py; the keys' meanings are in formats.py) ---------
UNKNOWN_KEY = "khóa không hợp lệ '{key}'."
UNKNOWN_KEY_SUGGEST = "khóa không hợp lệ '{key}'; có phải ý bạn là '{suggestion}'?"
UNKNOWN_KEY_LIST = "khóa không hợp lệ '{key}'; chỉ dùng: {keys}."
KEY_OTHER_KIND = "khóa '{key}' chỉ dùng cho bản ghi {kinds}, không dùng cho {kind}."
KEY_NOT_INDENTED = ("khóa '{key}' phải nằm bên trong '{parent}': thụt dòng này vào (thêm dấu cách ở đầu dòng) "
                    "cho thẳng hàng với các khóa khác của '{parent}'.")
MISSING_KEY = "thiếu khóa bắt buộc '{key}' ({meaning})."
WRONG_TYPE = "'{key}' phải là {expected}, không phải {found}."
EMPTY_TEXT = "'{key}' không được để trống."
TEXT_TOO_LONG = "'{key}' dài {length} ký tự; tối đa {limit}."
_HIDDEN_WHY = ("ký tự này không nhìn thấy được nhưng làm sai chữ hiện ra hoặc tìm kiếm (thường do chép từ trang web "
               "hay tệp Word). Hãy xóa nó: gõ lại đoạn chữ đó.")
HIDDEN_CHAR = "'{key}' chứa {what} ở ký tự thứ {pos}: " + _HIDDEN_WHY
HIDDEN_CHAR_LINE = "dòng này chứa {what} ở cột {column}: " + _HIDDEN_WHY
HIDDEN_KINDS = {"control": "ký tự điều khiển", "bidi": "ký tự đổi chiều chữ", "line": "ký tự ngắt dòng Unicode",
                "invisible": "ký tự vô hình", "none": "mã không phải ký tự"}
EMPTY_LIST = "'{key}' cần ít nhất một mục."
YEAR_NOT_DECIMAL = ("'{key}' phải là một năm viết bằng chữ số thường, ví dụ 2021, không phải '{value}' "
                    "(nếu viết 0x7E4, 2_020, 03744… thì hãy viết lại thành năm bình thường).")
NUMBER_RANGE = "'{key}' là {value}, nằm ngoài khoảng cho phép: từ {low} đến {high}."
YEAR_RANGE = "năm {value} nằm ngoài khoảng {low}–{high}."
BAD_DATE_TEXT = "'{key}' phải là ngày dạng NĂM-THÁNG-NGÀY có thật (ví dụ 2021-04-07), không phải '{value}'."
DATE_TOO_EARLY = "'{key}' là ngày {value}, trước năm {low}; kiểm tra lại ngày."
BAD_URL = "đường dẫn '{value}' không hợp lệ: chỉ chấp nhận địa chỉ http:// hoặc https:// đầy đủ."
BAD_CHOICE = "'{key}' là '{value}', không hợp lệ; chọn một trong: {choices}."
DUPLICATE_ITEM = "'{key}' ghi '{value}' hai lần (lần đầu ở dòng {first}); xóa một."
TOO_FEW_ITEMS = "'{key}' cần ít nhất {count} mục."
# What a value must be ("'{key}' phải là {expected}") and what it was ({found}, see type_label).
EXPECTED_TEXT = "chữ"
EXPECTED_LIST = "danh sách"
EXPECTED_LIST_OF_TABLES = "danh sách {{{keys}}}"
EXPECTED_TABLE = "bảng khóa ({keys})"
EXPECTED_MAPPING = "bảng khóa: giá trị"
EXPECTED_CHOICE = "một trong: {choices}"
EXPECTED_INTEGER = "số nguyên từ {low} đến {high}"
EXPECTED_YEAR = "số nguyên (năm, ví dụ 2021)"
EXPECTED_DATE = "ngày"
EXPECTED_FLAG = "true hoặc false"
EXPECTED_FIELD = "khóa lĩnh vực"
EXPECTED_IDS = "danh sách mã bản ghi"
FOUND_BOOL = "true/false"

# --- records (records.py) ---------------------------------------------------------------------------
BAD_KIND = "kind '{value}' không hợp lệ; chọn một trong: individual (cá nhân), collective (tập thể), practice (mô hình)."
BAD_ID = ("tên tệp '{name}' không dùng được làm mã bản ghi: chỉ chữ thường không dấu, chữ số và dấu gạch ngang "
          "(ví dụ '{suggestion}.yml').")
DUPLICATE_ID = "mã bản ghi '{id}' trùng với {other}; đổi tên một trong hai tệp."
ID_EXAMPLE = "ten-ban-ghi"  # the file name suggested when a name gives no id at all
UNKNOWN_FIELD = "lĩnh vực '{value}' không có trong site_config.yml."
UNKNOWN_FIELD_SUGGEST = "lĩnh vực '{value}' không có trong site_config.yml; có phải ý bạn là '{suggestion}'?"
UNKNOWN_PROVINCE = "không nhận ra tỉnh/thành '{value}'."
UNKNOWN_PROVINCE_SUGGEST = "không nhận ra tỉnh/thành '{value}'; có phải ý bạn là '{suggestion}'?"
BAD_LEVEL = "cấp học '{value}' không hợp lệ; chọn trong: {choices}."
REF_MISSING = "'{key}' trỏ tới bản ghi '{value}' không tồn tại."
REF_MISSING_SUGGEST = "'{key}' trỏ tới bản ghi '{value}' không tồn tại; có phải ý bạn là '{suggestion}'?"
REF_WRONG_KIND = "'{key}' phải trỏ tới {expected}, nhưng '{value}' là {found}."
REF_TWICE = "'{key}' nêu bản ghi '{value}' hai lần (lần đầu ở dòng {first}); xóa một lần."
REF_SELF = "'{key}' không được trỏ tới chính bản ghi này."
REF_KIND = "bản ghi {kind}"
REF_KINDS_JOIN = " hoặc "
COUNT_MISMATCH = "nhóm '{label}' ghi {expected} mục nhưng có {found} mục."
IMAGE_OUTSIDE = "ảnh '{value}' nằm ngoài thư mục dự án."
IMAGE_MISSING = "không tìm thấy tệp ảnh '{value}' (đường dẫn tính từ thư mục của bản ghi)."
IMAGE_UNREADABLE = "tệp ảnh '{value}': {reason}"
PLACEHOLDER_LEFT = ("'{key}' vẫn là chỗ trống của mẫu '[ĐIỀN: …]'. Hãy điền nội dung thật, "
                    "hoặc giữ 'draft: true' cho đến khi điền xong.")
DRAFT_NOT_PREVIEWED = ("{path}: bản nháp còn {count} chỗ '[ĐIỀN: …]'; điền tỉnh/thành (place), lĩnh vực (fields) "
                       "và năm (year) để xem trước được.")
IMAGE_TYPE = ("tệp '{value}' không phải ảnh JPEG, PNG, WebP hoặc GIF thật: không đọc được nội dung ảnh. "
              "Hãy mở ảnh bằng trình xem ảnh rồi lưu lại thành JPEG hoặc PNG.")

# Images (images.py): what a record's photo must be to be published
IMAGE_EXTENSION = ("tệp '{value}' không phải loại ảnh đăng được: chỉ nhận ảnh JPEG (.jpg, .jpeg), PNG (.png), "
                   "WebP (.webp) hoặc GIF (.gif). Hãy lưu ảnh thành một trong các loại đó rồi sửa tên tệp ở đây.")
IMAGE_SVG = ("không đăng ảnh SVG '{value}' vì tệp SVG có thể chứa mã chạy trên trang. Hãy xuất ảnh ra PNG "
             "rồi ghi tên tệp .png ở đây.")
IMAGE_WRONG_EXTENSION = ("tệp '{value}' là ảnh {actual} nhưng mang đuôi '{suffix}'. Hãy đổi tên tệp thành "
                         "'{fixed}' và sửa tên ở đây.")
IMAGE_BROKEN = ("ảnh '{value}' bị hỏng hoặc thiếu một phần, không đọc hết được. Hãy chép lại ảnh từ bản gốc, "
                "hoặc mở bằng trình xem ảnh rồi lưu lại.")
IMAGE_TOO_BIG = ("tệp ảnh '{value}' nặng {size} MB, quá giới hạn {limit} MB. Hãy thu nhỏ ảnh trước khi thêm: "
                 "cạnh dài {edge} điểm ảnh là đủ cho trang web.")
IMAGE_TOO_MANY_PIXELS = ("ảnh '{value}' có hơn {limit} triệu điểm ảnh (hoặc tệp khai sai kích thước). Hãy thu nhỏ "
                         "ảnh: cạnh dài {edge} điểm ảnh là đủ cho trang web.")
IMAGE_ANIMATED = ("ảnh '{value}' là ảnh động; trang chỉ đăng ảnh tĩnh. Hãy chọn một khung hình rồi lưu thành "
                  "JPEG hoặc PNG.")

# --- site_config.yml ------------------------------------------------------------------------------
CONFIG_MISSING = "không tìm thấy site_config.yml ở thư mục dự án."
FEATURED_MISSING = "bản ghi nổi bật '{value}' không tồn tại."
BAD_CONTACT = ("'contact' là '{value}': hãy ghi một địa chỉ thư điện tử (ví dụ bientap@tinh.gov.vn) hoặc một địa chỉ "
               "trang web đầy đủ (https://…).")
BAD_LICENCE = "giấy phép '{value}' không có trong danh sách; chọn một trong: {choices}."
BAD_LICENCE_SUGGEST = "giấy phép '{value}' không có trong danh sách; có phải ý bạn là '{suggestion}'? Chọn một trong: {choices}."
LICENCE_TITLES = {  # config.LICENCES, by SPDX identifier
    "CC-BY-4.0": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
    "CC-BY-SA-4.0": "Creative Commons Ghi công – Chia sẻ tương tự 4.0 Quốc tế (CC BY-SA 4.0)",
    "CC0-1.0": "Creative Commons Không bảo lưu quyền (CC0 1.0)",
    "ODC-BY-1.0": "Open Data Commons Ghi công (ODC-By 1.0)",
    "ODbL-1.0": "Open Data Commons Giấy phép cơ sở dữ liệu mở (ODbL 1.0)",
    "PDDL-1.0": "Open Data Commons Dành cho công chúng (PDDL 1.0)",
}
PLACEHOLDER_SITE_URL = ("cảnh báo: site.url vẫn là địa chỉ mẫu {url}, nên liên kết chính thức, bản tin, dữ liệu mở và "
                        "ảnh chia sẻ trỏ tới nơi không có thật; hãy ghi địa chỉ thật vào site_config.yml hoặc dựng với "
                        "--site-url.")
BAD_FIELD_KEY = ("khóa lĩnh vực '{key}' không hợp lệ: chỉ chữ thường không dấu, chữ số và dấu gạch ngang "
                 "(ví dụ '{suggestion}').")
FIELD_KEY_EXAMPLE = "linh-vuc"

# --- command line ---------------------------------------------------------------------------------
NO_MODELS = "không tìm thấy thư mục models/ trong {root}."
CHECK_OK = "Đã kiểm tra {count} bản ghi: không có lỗi."
CHECK_OK_DRAFTS = "Đã kiểm tra {count} bản ghi, trong đó {drafts} bản nháp (chưa đăng): không có lỗi."
CHECK_FAILED = "Có {problems} lỗi trong {files} tệp. Sửa các lỗi trên rồi chạy lại."
NEW_WRITTEN = """Đã tạo bản nháp {path}
Bước tiếp theo:
  1. Mở tệp, thay mỗi chỗ "[ĐIỀN: …]" bằng nội dung thật (các dòng # giải thích từng khóa).
  2. Chạy 'guongsang check' để kiểm tra, 'guongsang serve' để xem trước trên máy.
  3. Xong thì xóa dòng 'draft: true', chạy lại 'guongsang check', rồi commit tệp."""
PLACEHOLDER_PROVINCE = "[ĐIỀN: tỉnh/thành]"  # the blank `guongsang new` leaves without --province
NEW_EXISTS = ("đã có bản ghi mã '{id}' ({rel}); không ghi đè. Nếu là người hoặc đơn vị khác trùng tên, "
              "đặt mã khác bằng --id, ví dụ --id {id}-2.")
NEW_PATH_TAKEN = ("đã có '{rel}' nhưng không phải một bản ghi (là liên kết tượng trưng, thư mục hay tệp đặc biệt); "
                  "không ghi đè. Hãy xóa hoặc đổi tên nó, hoặc đặt mã khác bằng --id.")
NEW_CANNOT_WRITE = "không ghi được bản ghi mới '{rel}' ({reason})."
NEW_BAD_NAME = ("tên '{name}' không tạo được mã bản ghi hợp lệ ('{id}'): mã chỉ gồm chữ thường không dấu, "
                "chữ số và dấu gạch ngang. Hãy đặt mã bằng --id.")
NEW_BAD_FOLDER = "thư mục '{folder}' không hợp lệ: ghi tên thư mục con trong models/, ví dụ tuyen-quang."
NEW_FOLDER_LINK = ("thư mục '{folder}' là (hoặc đi qua) một liên kết tượng trưng; không ghi vào đó. Hãy ghi tên "
                   "một thư mục thật trong models/.")
NEW_NAME_TOO_LONG = "tên dài {length} ký tự; tối đa {limit}. Hãy rút gọn tên."
NEW_ID_TOO_LONG = "mã bản ghi '{id}' dài {length} ký tự; tối đa {limit}. Hãy đặt mã ngắn hơn bằng --id."
HOOK_INSTALLED = "Đã cài móc kiểm tra trước khi commit: {path}\nTừ nay mỗi lần commit, các bản ghi sắp commit được kiểm tra; có lỗi thì chưa commit."
HOOK_NO_GIT = "thư mục dự án không nằm trong một kho git; hãy chạy lệnh này trong bản sao (git clone) của kho."
HOOK_OTHER = "đã có một móc pre-commit khác ở đây; không ghi đè. Xóa hoặc đổi tên nó rồi chạy lại lệnh."
SCHEMA_WRITTEN = "Đã viết {path}. Commit tệp này để trình soạn thảo gợi ý đúng các lĩnh vực mới."
DATES_NO_HISTORY = ("cảnh báo: không có đủ lịch sử git (thư mục ngoài git hoặc bản sao nông 'git clone --depth'); "
                    "ngày đăng lấy từ khóa 'published', nếu không có thì là ngày 1/1 của năm ghi trong 'year'. "
                    "Muốn có ngày thật, dùng bản sao đầy đủ (git fetch --unshallow).")
NEWS_BAD_NAME = ("tên tệp tin '{name}' không dùng được làm địa chỉ: chỉ chữ thường không dấu, chữ số và dấu gạch "
                 "ngang (ví dụ '{suggestion}.md').")
NEWS_IN_FOLDER = ("tin phải nằm ngay trong content/tin-tuc/, không trong thư mục con (địa chỉ của tin là tên "
                  "tệp): chuyển tệp thành '{suggestion}'.")
NEWS_NO_FRONT = ("tin phải bắt đầu bằng phần đầu giữa hai dòng '---', có ít nhất 'title: Tiêu đề' và "
                 "'date: NĂM-THÁNG-NGÀY'.")
NEWS_NAME_EXAMPLE = "tin-moi"
UPDATE_NEW = "Mới"
UPDATE_CHANGED = "Cập nhật"
NEWS_LABEL = "Tin tức"
FEED_TITLE = "{site}: cập nhật mới"
INTERNAL_ERROR = ("lỗi trong chương trình ({kind}: {detail}). Đây không phải lỗi của bạn; hãy báo cho nhóm phát "
                  "triển kèm lệnh vừa chạy. Đặt biến môi trường GUONGSANG_DEBUG=1 để xem chi tiết.")
ROOT_MISSING = "thư mục dự án '{root}' không tồn tại."
BAD_SOURCE_DATE_EPOCH = ("biến môi trường SOURCE_DATE_EPOCH='{value}' không phải một thời điểm Unix (số giây từ "
                         "1/1/1970, ví dụ 1767225600); hãy sửa hoặc bỏ biến này.")
BAD_PORT = "'{value}' không phải số cổng từ 0 đến 65535"
OS_ERROR = "không ghi được '{path}' ({reason})."

KIND_LABELS = {"individual": "cá nhân", "collective": "tập thể", "practice": "mô hình"}
TYPE_LABELS = {
    "str": "chữ", "int": "số nguyên", "bool": "true hoặc false", "list": "danh sách",
    "dict": "bảng khóa: giá trị", "date": "ngày", "NoneType": "giá trị trống", "float": "số thập phân",
    "datetime": "ngày giờ",
}


def type_label(value: object) -> str:
    """The Vietnamese name of a YAML value's type, for messages."""
    for base in (bool, int, float, str, list, dict):
        if isinstance(value, base):
            return TYPE_LABELS[base.__name__]
    return TYPE_LABELS.get(type(value).__name__, type(value).__name__)


def yaml_problem(problem: str) -> str:
    """A libyaml problem text in Vietnamese (its English is never shown: the reader may not know it)."""
    for english, vietnamese in YAML_PROBLEMS.items():
        if english in problem:
            return vietnamese
    return YAML_PROBLEM_OTHER
USAGE_PREFIX = "Cách dùng: "
USAGE_ERROR = "lỗi cách dùng: {detail}\nGõ 'guongsang --help' để xem hướng dẫn."
# argparse's own English phrases, in Vietnamese.
ARGPARSE_PHRASES = {
    "the following arguments are required": "thiếu tham số bắt buộc",
    "unrecognized arguments": "tham số không nhận ra",
    "invalid choice": "lựa chọn không hợp lệ",
    "choose from": "chọn một trong",
    "expected one argument": "cần một giá trị",
    "invalid int value": "không phải số nguyên",
    "argument": "tham số",
}
HELP_DESCRIPTION = "Gương sáng: dựng trang giới thiệu những tấm gương, tập thể và mô hình từ các bản ghi YAML."
HELP_ROOT = "thư mục dự án (mặc định: thư mục hiện tại)"
HELP_CHECK = "kiểm tra mọi bản ghi và site_config.yml"
HELP_COMMANDS = "lệnh"
HELP_HELP = "hiện hướng dẫn này rồi thoát"
HELP_NEW = "tạo một bản ghi mới từ mẫu có ghi chú (bản nháp)"
HELP_NEW_KIND = "loại bản ghi: individual (cá nhân), collective (tập thể), practice (mô hình)"
HELP_NEW_NAME = "tên, viết có dấu, trong ngoặc kép; mã bản ghi được tạo từ tên"
HELP_NEW_FOLDER = "thư mục con trong models/ (ví dụ tuyen-quang)"
HELP_NEW_PROVINCE = "tỉnh/thành điền sẵn vào bản ghi"
HELP_NEW_ID = "mã bản ghi tự đặt, thay cho mã tạo từ tên"
HELP_HOOK = "cài móc git kiểm tra bản ghi trước mỗi lần commit"
HELP_HOOK_ACTION = "install: ghi .git/hooks/pre-commit"
METAVAR_FOLDER = "THƯ_MỤC"
METAVAR_FOLDER_OR_URL = "THƯ_MỤC|URL"
HELP_SCHEMA = "viết lại schema/record.schema.json (gợi ý khi soạn bản ghi trong VS Code) theo site_config.yml"

# --- the site: titles of generated pages (the rest of the page text is in generator/templates/) ------
HOME_TITLE = "Trang chủ"
KIND_TITLES = {"individual": "Cá nhân", "collective": "Tập thể", "practice": "Mô hình"}
SECTION_TITLES = {"dia-phuong": "Địa phương", "linh-vuc": "Lĩnh vực", "nam": "Năm", "nguon": "Nguồn",
                  "cap-nhat": "Cập nhật", "tin-tuc": "Tin tức", "ban-sao": "Bản sao và tải về",
                  "tu-khoa": "Từ khóa", "du-lieu": "Dữ liệu mở"}
TAG_TITLE = "Từ khóa: {tag}"
MIRRORS_NAV_TITLE = "Tải về"
YEAR_TITLE = "Năm {year}"
SEARCH_TITLE = "Tìm kiếm"
PAGE_TITLE = "{title} (trang {number})"
THEME_TO_DARK = "Chuyển sang nền tối"  # the theme's light/dark switch
THEME_TO_LIGHT = "Chuyển sang nền sáng"
SEARCH_PLACE_NOW = "{place} (nay thuộc {current})"  # a record's place in search results, when it has merged since
CONTENT_PATH_TAKEN = ("trang này sẽ có địa chỉ {url}, trùng với một mục do Gương sáng tự tạo; "
                      "hãy đổi tên tệp.")
# A page's address is its path in content/ without .md: each part must be a slug, like a record's id.
CONTENT_BAD_NAME = ("tên '{name}' không dùng được trong địa chỉ trang: mỗi tên thư mục và tên tệp trong content/ "
                    "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, không để trống (ví dụ '{suggestion}').")
CONTENT_BAD_NAME_TAKEN = ("tên '{name}' không dùng được trong địa chỉ trang: mỗi tên thư mục và tên tệp trong "
                          "content/ chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang; tên viết đúng là "
                          "'{suggestion}', nhưng tệp đó đã có: hãy gộp hai trang, hoặc đặt một tên khác.")
CONTENT_INDEX = ("tên 'index' không dùng được cho trang trong content/: trang có địa chỉ của một thư mục là tệp cùng "
                 "tên bên cạnh thư mục đó (ví dụ '{suggestion}'); trang chủ do Gương sáng tự tạo, phần giới thiệu "
                 "lấy từ content/gioi-thieu.md.")

# --- build and serve ------------------------------------------------------------------------------
HELP_BUILD = "kiểm tra rồi dựng toàn bộ trang web vào một thư mục (mặc định: site/)"
HELP_OUT = "thư mục kết quả (mặc định: site/ trong thư mục dự án)"
HELP_OFFLINE = ("dựng bản sao để mở trực tiếp từ ổ đĩa (file://), không cần máy chủ: "
                "liên kết trỏ tới các tệp index.html, tìm kiếm chạy bằng chỉ mục riêng")
HELP_SERVE = "xem thử trên máy tại http://127.0.0.1:CỔNG/, có cả bản nháp; tự dựng lại khi sửa tệp"
HELP_SERVE_OUT = "thư mục cho bản xem thử (mặc định: .cache/guongsang/xem-thu/ trong dự án, giữ lại cho lần xem thử sau)"
HELP_PORT = "cổng để xem thử (mặc định: 8000)"
HELP_SITE_URL = ("địa chỉ chính của trang (ví dụ https://guongsang.tinh.gov.vn/), thay cho site.url trong "
                 "site_config.yml: liên kết chính thức, bản tin, dữ liệu mở, bảng kiểm đều theo địa chỉ này")
BUILD_OK = ("Đã dựng {records} bản ghi thành {pages} trang trong {seconds:.1f} giây, tại {out}\n"
            "Xem thử: make serve (hoặc guongsang serve), rồi mở http://127.0.0.1:8000/")
BUILD_KEPT = "Trang cũ trong {out} được giữ nguyên."
# Output safety: a build replaces only a folder it can prove it made, and writes only inside its own folders.
OUT_NOT_A_SITE = ("thư mục '{out}' đã có nội dung nhưng không phải trang do Gương sáng dựng (không có tệp đánh dấu "
                  "{marker}); không ghi đè, không xóa gì. Hãy chọn thư mục khác với --out: một thư mục trống, "
                  "chưa có, hoặc một trang Gương sáng đã dựng trước đó.")
OUT_CANNOT_WRITE = ("không tạo được thư mục để dựng trang vào '{out}' ({reason}); chưa ghi gì. Hãy chọn thư mục "
                    "khác với --out.")
OUT_HOLDS_FOREIGN = ("thư mục '{out}' là trang Gương sáng đã dựng, nhưng có thêm '{file}' không do Gương sáng tạo ra "
                     "(không có trong SHA256SUMS của trang); không ghi đè, không xóa gì, vì dựng lại sẽ xóa nó. "
                     "Hãy chuyển tệp đó ra chỗ khác, hoặc chọn thư mục khác với --out.")
OUT_HOLDS_PROJECT = ("'{out}' là thư mục dự án hoặc chứa thư mục dự án; không dựng trang vào đó, vì mỗi lần dựng "
                     "thay toàn bộ thư mục kết quả. Hãy chọn một thư mục riêng với --out, ví dụ site.")
OUT_IS_INPUT = ("'{out}' trùng, nằm trong hoặc chứa {input} của dự án; không dựng trang vào đó, vì mỗi lần dựng "
                "thay toàn bộ thư mục kết quả. Hãy chọn một thư mục riêng với --out, ví dụ site.")
OUT_LINK_BROKEN = ("'{out}' là liên kết tượng trưng trỏ tới nơi không tồn tại; không dựng trang vào đó. "
                   "Hãy sửa hoặc xóa liên kết, hoặc chọn thư mục khác với --out.")
SITE_MARKER_TEXT = ("Thư mục này do lệnh 'guongsang build' của Gương sáng dựng ra; mỗi lần dựng, cả thư mục "
                    "được thay mới.\nĐừng để tệp của bạn ở đây. Tệp này cho lần dựng sau biết thư mục là của "
                    "Gương sáng, được phép thay.\n")
LEFTOVER_REMOVED = "Đã xóa thư mục tạm {folder} do một lần dựng bị ngắt giữa chừng để lại."
WRITE_OUTSIDE = "định ghi '{path}', ngoài thư mục đang dựng '{folder}'; đã dừng, không ghi gì ra ngoài."
BUILD_NOTHING_WRITTEN = "Chưa ghi gì vào {out}."
BUILD_CRASHED = "lỗi khi dựng trang: {error}"
SERVE_READY = ("Xem thử tại http://127.0.0.1:{port}/ (có cả bản nháp, được đánh dấu). Trang tự dựng lại và tải lại "
               "khi bạn lưu một bản ghi, một trang hay site_config.yml. Nhấn Ctrl+C để dừng.")
PREVIEW_BUILT = "Đã dựng bản xem thử: {records} bản ghi, {seconds:.1f} giây."
PREVIEW_REBUILT = ("Đã dựng lại bản xem thử ({records} bản ghi): {seconds:.1f} giây từ lúc lưu tệp (dựng {build:.1f} giây); "
                   "trang đang mở tự tải lại.")
PREVIEW_REBUILDING = "Có thay đổi; đang dựng lại…"
PREVIEW_KEPT = ("Còn {count} lỗi (xem trên, và trên trang xem thử). Trang đang hiện là bản dựng tốt gần nhất; "
                "sửa rồi lưu tệp để dựng lại.")
SERVE_STOPPED = "Đã dừng xem thử."
PORT_BUSY = "cổng {port} đang bận; chọn cổng khác với --port."
SERVE_BAD_HOST = ("Bản xem thử chỉ mở được trên chính máy này, tại http://127.0.0.1:{port}/ "
                  "hoặc http://localhost:{port}/.")

# --- mirrors (guongsang mirror verify) -------------------------------------------------------------
HELP_MIRROR = "làm việc với bản sao của trang"
HELP_MIRROR_VERIFY = "kiểm tra một bản sao (thư mục hoặc địa chỉ http/https) theo bảng kiểm SHA256SUMS"
HELP_MIRROR_TARGET = "thư mục chứa bản sao, hoặc địa chỉ gốc của bản sao (ví dụ https://mirror.example/guong-sang/)"
HELP_MIRROR_MANIFEST = ("bảng kiểm để so (tệp hoặc địa chỉ SHA256SUMS, ví dụ của trang chính); "
                        "mặc định: SHA256SUMS của chính bản sao")
MIRROR_NOT_TARGET = "'{target}' không phải thư mục có sẵn, cũng không phải địa chỉ http:// hoặc https://."
MIRROR_NO_MANIFEST = "không đọc được bảng kiểm SHA256SUMS ở {where}."
MIRROR_BAD_SUMS_LINE = "bảng kiểm SHA256SUMS sai ở dòng {line}: cần dạng '<mã SHA-256 gồm 64 ký tự>  <đường dẫn tệp>'."
MIRROR_UNSAFE_PATH = ("bảng kiểm SHA256SUMS ở dòng {line} nêu đường dẫn '{path}' ra ngoài thư mục bản sao "
                      "(đường dẫn tuyệt đối hoặc có '..'); không kiểm tra bảng kiểm này.")
MIRROR_FINDINGS = {
    "missing": "thiếu tệp: {path}",
    "changed": "tệp bị thay đổi: {path}",
    "unexpected": "tệp lạ (không có trong bảng kiểm): {path}",
    "unreadable": "không đọc được tệp: {path} ({detail})",
    "unsafe": "tệp không an toàn, không đọc: {path} ({detail})",
}
MIRROR_OK = "Bản sao khớp hoàn toàn với bảng kiểm: {count} tệp."
MIRROR_DIFFERS = ("Bản sao khác bảng kiểm: {missing} tệp thiếu, {changed} tệp bị thay đổi, {unexpected} tệp lạ, "
                  "{unreadable} tệp không đọc được, {unsafe} tệp không an toàn (trên {count} tệp trong bảng kiểm).")
MIRROR_HTTP_NOTE = ("Lưu ý: qua HTTP không liệt kê được mọi tệp trên máy chủ; chỉ phát hiện được tệp lạ "
                    "mà SHA256SUMS của bản sao nêu ra khi so với một bảng kiểm khác (--manifest).")

# Mirror verify safety: deadlines, size caps, links and malformed addresses.
HELP_MIRROR_TIMEOUT = ("thời hạn của cả lần kiểm tra, tính bằng giây (mặc định {seconds}); "
                       "mỗi tệp tối đa {file_seconds} giây")
MIRROR_BAD_URL = ("'{target}' không phải địa chỉ web hợp lệ: cần dạng http://tên-máy-chủ/đường-dẫn/ "
                  "hoặc https://tên-máy-chủ/đường-dẫn/ (địa chỉ IPv6 đặt trong ngoặc vuông, như http://[::1]:8000/).")
MIRROR_BAD_TIMEOUT = "'{value}' không phải số giây lớn hơn 0"
MIRROR_TIMED_OUT = "quá thời hạn {seconds:g} giây"
MIRROR_TOO_BIG = "lớn hơn {limit} byte"
MIRROR_NOT_REGULAR = "không phải tệp thường (có thể là thư mục, FIFO hay thiết bị)"
MIRROR_SUMS_NOT_UTF8 = "bảng kiểm SHA256SUMS ở dòng {line} không phải chữ UTF-8."
MIRROR_NOT_FOUND = "không có tệp ở đó"
MIRROR_LINK = "là liên kết symlink hoặc nằm trong một thư mục liên kết; bản sao chỉ được chứa tệp thường"
# Why a copy's file could not be fetched: urllib's and the system's own words are English.
MIRROR_NET_REASONS = {"ECONNREFUSED": "máy chủ từ chối kết nối", "ECONNRESET": "máy chủ cắt kết nối giữa chừng",
                      "ECONNABORTED": "kết nối bị hủy giữa chừng", "EPIPE": "kết nối bị cắt giữa chừng",
                      "EHOSTUNREACH": "không tới được máy chủ", "ENETUNREACH": "không có đường mạng tới máy chủ",
                      "EHOSTDOWN": "máy chủ không hoạt động"}
MIRROR_NO_HOST = "không tìm thấy máy chủ (tên miền không có, hoặc máy này không có mạng)"
MIRROR_TLS_CERT = "chứng chỉ TLS của máy chủ không hợp lệ (hết hạn, sai tên miền hoặc không được tin cậy)"
MIRROR_TLS = "kết nối TLS (https) với máy chủ không thành công"
MIRROR_SILENT = "máy chủ im lặng quá {seconds} giây"
MIRROR_BAD_HTTP = "máy chủ trả lời không đúng giao thức HTTP"
MIRROR_BAD_REDIRECT = "máy chủ chuyển hướng tới một địa chỉ không dùng được"
MIRROR_UNCHECKED = "Dừng vì quá thời hạn {seconds:g} giây: còn {count} tệp chưa kiểm tra (đặt thời hạn dài hơn bằng --timeout)."

# Unescaped config: what site_config.yml may hold where it reaches pages as it is.
SITE_URL_NOT_PLAIN = ("địa chỉ trang '{value}' chỉ được gồm http:// hoặc https://, tên máy chủ, cổng và đường dẫn bằng "
                      "chữ cái không dấu, chữ số và các dấu - . _ ~ % /; không có ?, #, dấu nháy, dấu ngoặc hay dấu cách. "
                      "Tên miền có dấu viết ở dạng punycode (xn--…).")

# --- offline downloads (guongsang bundle, guongsang build --bundles) ----------------------------------
BUNDLES_MALFORMED = "tệp không đúng dạng 'guongsang bundle' viết"
BUNDLES_UNREADABLE = "không đọc được danh sách bản tải về: {reason}. Chạy lại 'guongsang bundle --out THƯ_MỤC'."
BUNDLES_OTHER_BUILD = ("các bản tải về được làm từ phiên bản {commit} ngày {date}, khác bản đang dựng "
                       "({this_commit} ngày {this_date}). Chạy lại 'guongsang bundle --out THƯ_MỤC' rồi dựng lại.")
BUNDLE_MISSING = "thiếu tệp tải về '{name}' (có trong danh sách nhưng không có trong thư mục)."
DOWNLOAD_SIZE = "{size} {unit} ({exact} byte)"  # "12,3 MB (12.345.678 byte)"
DOWNLOAD_SIZE_BYTES = "{exact} byte"
BUNDLE_CHANGED = "tệp tải về '{name}' đã bị thay đổi sau khi làm (dung lượng hoặc mã SHA-256 không khớp)."
HELP_BUNDLE = "làm các bản tải về để đọc không cần mạng: tệp ZIP (mở bằng trình duyệt) và tệp ZIM (mở bằng Kiwix)"
HELP_BUNDLE_OUT = "thư mục ghi các bản tải về (mặc định: tai-ve/ trong thư mục dự án)"
HELP_BUNDLES = "thư mục do 'guongsang bundle' làm ra: đưa các bản tải về vào trang và liệt kê ở /ban-sao/"
BUNDLE_WRITTEN = "  {name}  {size}  SHA-256 {sha256}"
BUNDLE_OK = ("Đã ghi các bản tải về và danh sách bundles.json vào {out}\n"
             "Để trang đăng kèm các bản này: guongsang build --bundles {out}")

# --- open data (/du-lieu/, opendata.py) ----------------------------------------------------------------
OPEN_DATA_DESCRIPTION = ("Mọi tấm gương, tập thể và mô hình đã đăng trên trang, ở dạng JSON và CSV, kèm lược đồ và "
                         "gói dữ liệu, để tải về và dùng lại.")
OPEN_DATA_KEYWORDS = ("học tập và làm theo Bác", "Chỉ thị 05-CT/TW", "gương người tốt việc tốt", "mô hình hay")
OPEN_DATA_CSV_TITLE = "Các bản ghi (bảng CSV)"
OPEN_DATA_CSV_DESCRIPTION = ("Mỗi dòng một bản ghi đã đăng. Mã UTF-8 có BOM để Excel đọc đúng chữ Việt. Các mục của "
                             "một danh sách trong cùng một ô cách nhau bằng '{separator}'. Câu chuyện, trích lời, "
                             "phần dùng trong nhà trường và ảnh chỉ có trong tệp JSON.")
OPEN_DATA_JSON_RESOURCE_TITLE = "Các bản ghi, đầy đủ (JSON)"
OPEN_DATA_JSON_DESCRIPTION = "Mọi bản ghi đã đăng với đầy đủ các trường; cấu trúc mô tả trong {schema}."
OPEN_DATA_SCHEMA_TITLE = "Lược đồ JSON (JSON Schema) của tệp JSON"
OPEN_DATA_JSON_TITLE = "{site}: các bản ghi đã đăng"
OPEN_DATA_SITE_TITLE = "Tên trang"
OPEN_DATA_SITE_URL_TITLE = "Địa chỉ chính của trang"
OPEN_DATA_LICENCE_TITLE = "Giấy phép của dữ liệu"
OPEN_DATA_BUILD_DATE_TITLE = "Ngày dựng trang (dữ liệu tính đến ngày này)"
OPEN_DATA_COUNT_TITLE = "Số bản ghi"
OPEN_DATA_RECORDS_TITLE = "Các bản ghi, theo thứ tự chữ cái của tên"
# Each field of a record in the open data: (title, meaning), in opendata.FIELDS' order.
OPEN_DATA_FIELDS = {
    "id": ("Mã bản ghi", "Mã duy nhất, cũng là phần cuối địa chỉ trang (chữ thường không dấu, số, dấu gạch ngang)."),
    "kind": ("Loại (mã)", "individual (cá nhân), collective (tập thể) hoặc practice (mô hình)."),
    "kind_label": ("Loại", "Loại bản ghi bằng tiếng Việt: Cá nhân, Tập thể hoặc Mô hình."),
    "name": ("Tên", "Tên người, đơn vị hoặc mô hình, có dấu."),
    "url": ("Địa chỉ trang", "Địa chỉ chính thức (đầy đủ) của trang bản ghi trên trang chính."),
    "summary": ("Tóm tắt", "Một hai câu giới thiệu, chữ thường không định dạng."),
    "story": ("Câu chuyện", "Câu chuyện, viết bằng Markdown; trống với mô hình không có câu chuyện."),
    "province": ("Tỉnh/thành (như bản ghi ghi)", "Tỉnh, thành phố như bản ghi ghi, có thể là tên trước khi sáp nhập "
                 "năm 2025."),
    "district": ("Quận/huyện", "Quận, huyện, thị xã (nếu có), như bản ghi ghi."),
    "commune": ("Xã/phường", "Xã, phường, thị trấn (nếu có), như bản ghi ghi."),
    "current_province": ("Tỉnh/thành hiện nay", "Một trong 34 tỉnh, thành phố hiện nay (sau sáp nhập năm 2025) mà nơi "
                         "đó thuộc về."),
    "former_province": ("Tỉnh/thành cũ", "Tên tỉnh, thành phố cũ (một trong 63 đơn vị trước năm 2025) khi bản ghi ghi "
                        "tên cũ; trống nếu bản ghi ghi tên hiện nay."),
    "fields": ("Lĩnh vực (mã)", "Mã các lĩnh vực, theo danh mục trong site_config.yml."),
    "field_labels": ("Lĩnh vực", "Tên các lĩnh vực, cùng thứ tự với mã."),
    "year": ("Năm", "Năm được biểu dương hoặc được nêu trong nguồn."),
    "published": ("Ngày đăng", "Ngày đăng lần đầu lên trang (NĂM-THÁNG-NGÀY, giờ Việt Nam), theo lịch sử sửa đổi."),
    "updated": ("Ngày cập nhật", "Ngày sửa gần nhất (NĂM-THÁNG-NGÀY); bằng ngày đăng nếu chưa sửa lần nào."),
    "role": ("Chức vụ, nghề nghiệp", "Chỉ với cá nhân."),
    "honorifics": ("Danh hiệu, học hàm, học vị", "Chỉ với cá nhân, ví dụ Thầy thuốc Ưu tú, Thạc sĩ."),
    "organization": ("Đơn vị công tác", "Chỉ với cá nhân: tên đơn vị như bản ghi ghi, hoặc mã bản ghi của một tập thể."),
    "organization_id": ("Mã bản ghi của đơn vị", "Khi đơn vị công tác là một tập thể có bản ghi trên trang: mã của "
                        "bản ghi đó."),
    "unit_type": ("Loại đơn vị", "Chỉ với tập thể, ví dụ Đảng bộ, Ủy ban MTTQ, Doanh nghiệp."),
    "members": ("Thành viên", "Chỉ với tập thể: mã bản ghi của các cá nhân tiêu biểu."),
    "aliases": ("Tên gọi khác", "Chỉ với mô hình: các tên khác của mô hình."),
    "origin": ("Nơi khởi xướng, áp dụng", "Chỉ với mô hình: mã bản ghi hoặc tên của nơi khởi xướng, áp dụng."),
    "components": ("Nội dung mô hình", "Chỉ với mô hình: các nhóm nội dung, mỗi nhóm có nhãn (label) và các mục "
                   "(items). Trong CSV: 'nhãn: mục; mục'."),
    "achievements": ("Thành tích", "Các kết quả cụ thể."),
    "awards": ("Khen thưởng", "Mỗi khen thưởng có tên (name), năm (year), nơi khen (by). Trong CSV: 'tên (nơi khen, "
               "năm)'."),
    "quotes": ("Trích lời", "Mỗi trích lời có lời (text) và người nói (by)."),
    "sources": ("Nguồn", "Nơi lấy thông tin: tiêu đề (title), cơ quan đăng (publisher), địa chỉ (url), ngày (date). "
                "Trong CSV: 'tiêu đề (cơ quan đăng, ngày, địa chỉ)'."),
    "images": ("Ảnh", "Địa chỉ bản ảnh đăng trên trang (url), mô tả ảnh (alt), chú thích (caption), tác giả (credit), "
               "kích thước điểm ảnh (width, height)."),
    "related": ("Bản ghi liên quan", "Mã các bản ghi mà bản ghi này nêu là liên quan."),
    "tags": ("Từ khóa", "Các từ khóa tự do."),
    "teaching": ("Dùng trong nhà trường", "Cấp học (levels), bản kể lại ngắn (retelling, Markdown), câu hỏi thảo luận "
                 "(questions), hoạt động (activities); trống nếu không có."),
    "share_image": ("Ảnh chia sẻ", "Địa chỉ ảnh 1200×630 hiện ra khi chia sẻ liên kết tới trang bản ghi."),
}
OPEN_DATA_TYPES = {"string": "chữ", "integer": "số nguyên", "date": "ngày (NĂM-THÁNG-NGÀY)", "uri": "địa chỉ web",
                   "texts": "danh sách chữ", "objects": "danh sách mục có khóa", "object": "bảng khóa"}

# --- sharing (shareimage.py, Open Graph) ------------------------------------------------------------
SHARE_SITE_KIND = "Trang thông tin"  # the site's own share image, when the config has no tagline
SHARE_FONT_MISSING = ("cảnh báo: không có phông Noto Sans ({folder}), nên trang không có ảnh chia sẻ; cài gói "
                      "Debian fonts-noto-core (apt-get install fonts-noto-core) rồi dựng lại.")
# --- lesson packs (lessons/*.yml) and PDF sheets ----------------------------------------------------
LESSON_BAD_ID = ("tên tệp '{name}' không dùng được làm mã bài học: chỉ chữ thường không dấu, chữ số và dấu gạch "
                 "ngang. Đổi tên tệp, ví dụ thành '{suggestion}.yml'.")
LESSON_DUPLICATE_ID = "mã bài học '{id}' trùng với {other}; đổi tên một trong hai tệp."
LESSON_BAD_SUBJECT = "môn học '{value}' không có trong danh mục; chọn một trong: {choices}."
LESSON_BAD_SUBJECT_SUGGEST = "môn học '{value}' không có trong danh mục; có phải ý bạn là '{suggestion}'?"
LESSON_BAD_PERIOD = "'period_minutes' là số phút của một tiết: 35 (tiểu học) hoặc 45 (THCS, THPT), không phải {value}."
LESSON_BAD_NUMBER = "'{key}' phải là số nguyên từ {low} đến {high}, không phải {value}."
LESSON_GRADE_LEVEL = ("lớp {grade} không thuộc cấp học nào của bài ({levels}); tiểu học là lớp 1–5, THCS lớp 6–9, "
                      "THPT lớp 10–12.")
LESSON_MINUTES = ("thời gian cộng lại là {total} phút (khởi động {warm_up} + các bước {steps}), nhưng bài học dài "
                  "{periods} tiết × {period} phút = {expected} phút. Sửa số phút (minutes) của các bước, hoặc số tiết "
                  "(periods).")
LESSON_RECORD_MISSING = "bài học dùng bản ghi '{value}' không tồn tại."
LESSON_RECORD_MISSING_SUGGEST = "bài học dùng bản ghi '{value}' không tồn tại; có phải ý bạn là '{suggestion}'?"
LESSON_RECORD_DRAFT = ("bản ghi '{value}' là bản nháp, chưa đăng; bài học chỉ dùng bản ghi đã đăng (hoặc ghi "
                       "'draft: true' cho bài học này).")
LESSON_RECORD_EMBARGO = ("bản ghi '{value}' chưa đến ngày đăng ({date}); bài học chỉ dùng bản ghi đã đăng (hoặc ghi "
                         "'draft: true' cho bài học này).")
LESSON_STEP_RECORD = "bước này dùng bản ghi '{value}', nhưng bản ghi đó không có trong 'records' của bài học."
SUBJECT_LABELS = {
    "dao-duc": "Đạo đức",
    "giao-duc-cong-dan": "Giáo dục công dân",
    "giao-duc-kinh-te-va-phap-luat": "Giáo dục kinh tế và pháp luật",
    "hoat-dong-trai-nghiem": "Hoạt động trải nghiệm, hướng nghiệp",
    "giao-duc-dia-phuong": "Nội dung giáo dục địa phương",
    "lich-su-va-dia-li": "Lịch sử và Địa lí",
    "sinh-hoat-chuyen-de": "Sinh hoạt chuyên đề (người lớn)",
}
LEVEL_LABELS = {"tieu-hoc": "Tiểu học", "thcs": "Trung học cơ sở", "thpt": "Trung học phổ thông",
                "nguoi-lon": "Người lớn"}
TEACHERS_TITLE = "Giáo viên"
TEACHING_RECORDS_TITLE = "Tư liệu có gợi ý dạy học"
TEACHING_LEVEL_TITLE = "{level}: tư liệu và bài học"
TEACHING_FIELD_TITLE = "{field}: tư liệu có gợi ý dạy học"
SUBJECT_TITLE = "Bài học môn {subject}"
LESSON_DURATION = "{periods} tiết × {minutes} phút"
HELP_NEW_LESSON = "bài học (lesson): tạo lessons/<mã>.yml"
LESSON_NEW_EXISTS = "đã có bài học mã '{id}' ({rel}); không ghi đè."
CHECK_OK_LESSONS = "Đã kiểm tra {count} bài học: không có lỗi."
FONT_MISSING = ("không tìm thấy phông chữ {path} để làm phiếu học tập PDF. Hãy cài gói Debian fonts-noto-core "
                "(apt-get install fonts-noto-core).")
CACHE_UNWRITABLE = "cảnh báo: không ghi được bộ nhớ đệm {path} ({reason}); lần dựng sau sẽ làm lại tệp này."
SHEET_KIND = "Phiếu học tập"
LESSON_SHEET_KIND = "Bài học"
LEVEL_SHORT = {"tieu-hoc": "Tiểu học", "thcs": "THCS", "thpt": "THPT", "nguoi-lon": "Người lớn"}
