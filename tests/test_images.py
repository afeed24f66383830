"""Record photos: only real JPEG, PNG, WebP and GIF images are published, as web-sized copies without
metadata; anything else is a `path:line: message` from `guongsang check`, and nothing is published."""
from __future__ import annotations

import io
import json
import random
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import jsonschema
import pytest
from PIL import Image, ImageCms

from generator import images
from generator import messages as msg
from generator.build import build_site
from generator.problems import InputError, Problem
from generator.schema import SCHEMA_FILE

from conftest import REPO, write_record
from htmlpage import content, page

EDGE = str(images.LONGEST_SIDE)


def gradient(width: int, height: int) -> Image.Image:
    """A smooth, noise-free colour picture, as a photo would be to an encoder."""
    grey = Image.linear_gradient("L").resize((width, height))
    return Image.merge("RGB", (grey, grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                               grey.transpose(Image.Transpose.FLIP_TOP_BOTTOM)))


def encoded(image: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels (a decompression bomb's first step)."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def with_image(project: Path, name: str, data: bytes, record_id: str = "co-giao") -> tuple[str, int]:
    """A record showing the file `name` (holding `data`); its path and the line of its `file:` key."""
    (project / "models" / name).write_bytes(data)
    write_record(project, record_id, images=[{"file": name, "alt": "Cô giáo trên lớp"}])
    path = f"models/{record_id}.yml"
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return path, next(i for i, line in enumerate(lines, 1) if line.lstrip("- ").startswith("file:"))


def refused(project: Path) -> list[Problem]:
    """The problems a build reports; the build must write nothing."""
    with pytest.raises(InputError) as raised:
        build_site(project, project / "site")
    assert not (project / "site").exists()
    return raised.value.problems


def published(project: Path, record_id: str = "co-giao") -> tuple[Path, dict]:
    """Build; the first image of the record's page (the file, and the attributes of its <img>)."""
    out = project / "site"
    build_site(project, out)
    img = content(page(out, f"ca-nhan/{record_id}/")).find("img")
    return (out / "ca-nhan" / record_id / img.attrs["src"]).resolve(), img.attrs


def guongsang(project: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), *args], capture_output=True,
                          text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr
    return done


# --- what is refused, and where it is said ------------------------------------------------------------

def test_html_starting_like_a_gif_is_refused_by_check_and_never_published(project: Path):
    path, line = with_image(project, "evil.html", b"GIF89a<script>alert(1)</script>")
    done = guongsang(project, "check")
    assert done.returncode == 1
    assert f"{path}:{line}: {msg.IMAGE_EXTENSION.format(value='evil.html')}" in done.stdout + done.stderr
    done = guongsang(project, "build")
    assert done.returncode == 1
    # no site and no leftovers (the build cache may keep what check read), and its bytes copied nowhere
    assert sorted(p.name for p in project.iterdir() if p.name != ".cache") == ["models", "site_config.yml"]
    holding = [p for p in project.rglob("*") if p.is_file() and b"<script>" in p.read_bytes()]
    assert holding == [project / "models" / "evil.html"]


def test_a_real_gif_named_html_is_refused_too(project: Path):
    path, line = with_image(project, "anh.html", encoded(gradient(8, 8), "GIF"))
    assert refused(project) == [Problem(path, line, msg.IMAGE_EXTENSION.format(value="anh.html"))]


def test_svg_is_refused_with_the_reason(project: Path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    path, line = with_image(project, "logo.svg", svg)
    assert refused(project) == [Problem(path, line, msg.IMAGE_SVG.format(value="logo.svg"))]


def test_png_named_jpg_is_refused_naming_the_right_name(project: Path):
    path, line = with_image(project, "chan-dung.jpg", encoded(gradient(40, 30), "PNG"))
    assert refused(project) == [Problem(path, line, msg.IMAGE_WRONG_EXTENSION.format(
        value="chan-dung.jpg", actual="PNG", suffix=".jpg", fixed="chan-dung.png"))]


def test_truncated_jpeg_is_refused(project: Path):
    photo = encoded(gradient(400, 300), "JPEG", quality=90)
    path, line = with_image(project, "lop-hoc.jpg", photo[:len(photo) // 2])
    assert refused(project) == [Problem(path, line, msg.IMAGE_BROKEN.format(value="lop-hoc.jpg"))]


def test_text_named_png_is_refused(project: Path):
    path, line = with_image(project, "anh.png", "không phải ảnh".encode())
    assert refused(project) == [Problem(path, line, msg.IMAGE_TYPE.format(value="anh.png"))]


@pytest.mark.parametrize("width, height", [
    (8_000, 7_000),  # 56 million pixels: over our limit, under Pillow's own
    (100_000, 100_000),  # ten thousand million: beyond Pillow's limit, refused before reading on
])
def test_decompression_bomb_is_refused_from_its_header(project: Path, width: int, height: int):
    bomb = png_declaring(width, height)
    assert len(bomb) < 200
    path, line = with_image(project, "bom.png", bomb)
    assert refused(project) == [Problem(path, line, msg.IMAGE_TOO_MANY_PIXELS.format(
        value="bom.png", limit=images.MAX_PIXELS // 1_000_000, edge=EDGE))]


def test_file_over_the_size_limit_is_refused(project: Path):
    photo = encoded(gradient(64, 48), "JPEG")
    padded = photo + bytes(images.MAX_FILE_BYTES + 1 - len(photo))  # a JPEG may carry anything after its end
    path, line = with_image(project, "to.jpg", padded)
    assert refused(project) == [Problem(path, line, msg.IMAGE_TOO_BIG.format(
        value="to.jpg", size=images.MAX_FILE_BYTES // 2**20 + 1, limit=images.MAX_FILE_BYTES // 2**20, edge=EDGE))]


def test_an_image_that_is_a_fifo_is_named_as_such_never_opened(project: Path):
    import os

    write_record(project, "co-giao", images=[{"file": "anh.jpg", "alt": "Cô giáo trên lớp"}])
    os.mkfifo(project / "models" / "anh.jpg")  # opening it to read would wait for a writer forever
    done = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and msg.IMAGE_UNREADABLE.format(
        value="anh.jpg", reason=msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["fifo"])) in done.stderr


def test_an_image_swapped_for_a_fifo_after_the_check_stops_the_build(project: Path, monkeypatch):
    import os

    import generator.render

    path, line = with_image(project, "anh.jpg", encoded(gradient(40, 30), "JPEG"))
    real_copy = generator.render.web_copy

    def swapped(root: Path, image: Path, name: str) -> bytes:  # as if replaced while the build ran
        image.unlink()
        os.mkfifo(image)
        return real_copy(root, image, name)

    monkeypatch.setattr(generator.render, "web_copy", swapped)
    assert [p.message for p in refused(project)] == [msg.IMAGE_UNREADABLE.format(
        value="models/anh.jpg", reason=msg.NOT_A_FILE_KIND.format(what=msg.FILE_TYPES["fifo"]))]


def test_animated_gif_is_refused(project: Path):
    frames = [gradient(20, 20), gradient(20, 20).transpose(Image.Transpose.ROTATE_90)]
    path, line = with_image(project, "dong.gif", encoded(frames[0], "GIF", save_all=True, append_images=frames[1:]))
    assert refused(project) == [Problem(path, line, msg.IMAGE_ANIMATED.format(value="dong.gif"))]


def test_every_bad_image_is_reported_at_once(project: Path):
    (project / "models" / "a.html").write_bytes(b"GIF89a")
    (project / "models" / "b.jpg").write_bytes(encoded(gradient(4, 4), "PNG"))
    write_record(project, "co-giao", images=[{"file": "a.html", "alt": "a"}, {"file": "b.jpg", "alt": "b"}])
    assert [p.message for p in refused(project)] == [
        msg.IMAGE_EXTENSION.format(value="a.html"),
        msg.IMAGE_WRONG_EXTENSION.format(value="b.jpg", actual="PNG", suffix=".jpg", fixed="b.png")]


# --- what is published --------------------------------------------------------------------------------

def test_big_photo_is_published_fitted_with_its_size_on_the_page(project: Path):
    original = encoded(gradient(4000, 3000), "JPEG", quality=95)
    with_image(project, "Ảnh lớp học.JPG", original)
    file, attrs = published(project)
    copy = Image.open(file)
    assert (copy.format, copy.size) == ("JPEG", (1600, 1200))
    assert (attrs["width"], attrs["height"]) == ("1600", "1200")
    assert file.name == "1-anh-lop-hoc.jpg" and file.stat().st_size < len(original) // 2
    card = content(page(project / "site", "ca-nhan/")).find("img", "gs-card__image")
    assert (card.attrs["width"], card.attrs["height"]) == ("1600", "1200")


def test_tall_photo_is_fitted_by_its_height(project: Path):
    with_image(project, "doc.png", encoded(gradient(900, 3200), "PNG"))
    file, attrs = published(project)
    assert Image.open(file).size == (450, 1600) and (attrs["width"], attrs["height"]) == ("450", "1600")


def test_small_image_keeps_its_size_and_pixels(project: Path):
    picture = gradient(120, 80).convert("RGBA")
    with_image(project, "nho.png", encoded(picture, "PNG"))
    file, attrs = published(project)
    assert Image.open(file).tobytes() == picture.tobytes()
    assert (attrs["width"], attrs["height"]) == ("120", "80")


def test_gif_is_published_as_png(project: Path):
    with_image(project, "cu.gif", encoded(gradient(30, 20), "GIF"))
    file, _ = published(project)
    assert file.suffix == ".png" and Image.open(file).format == "PNG"


def test_webp_is_published_as_webp(project: Path):
    with_image(project, "moi.webp", encoded(gradient(2000, 1000), "WEBP"))
    file, attrs = published(project)
    assert (file.suffix, Image.open(file).size) == (".webp", (1600, 800))


def test_exif_and_location_are_removed_and_orientation_applied(project: Path):
    picture = gradient(400, 300)
    picture.paste((255, 0, 0), (0, 0, 40, 40))  # a red corner, top left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show it turned a quarter clockwise
    exif[0x010F] = "Máy ảnh của phóng viên"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 50.0, 0.0)})  # GPS
    original = encoded(picture, "JPEG", exif=exif.tobytes(), comment=b"chu thich rieng")
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif()[0x0112] == 6
    with_image(project, "gps.jpg", original)
    file, attrs = published(project)
    data = file.read_bytes()
    assert b"Exif" not in data and b"chu thich" not in data and "phóng viên".encode() not in data
    copy = Image.open(file)
    assert not copy.getexif() and "comment" not in copy.info and "icc_profile" not in copy.info
    assert copy.size == (300, 400) and (attrs["width"], attrs["height"]) == ("300", "400")
    red, green, blue = copy.getpixel((copy.width - 10, 10))  # the red corner is now top right
    assert red > 200 and green < 60 and blue < 60


def test_colour_profile_is_applied_then_dropped(project: Path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    with_image(project, "mau.png", encoded(Image.new("RGB", (20, 20), (200, 40, 40)), "PNG", icc_profile=srgb.tobytes()))
    copy = Image.open(published(project)[0])
    assert "icc_profile" not in copy.info
    assert all(abs(a - b) <= 2 for a, b in zip(copy.getpixel((5, 5)), (200, 40, 40)))


def test_two_builds_give_the_same_bytes(project: Path, tmp_path_factory):
    with_image(project, "lon.jpg", encoded(gradient(3000, 2000), "JPEG", quality=95))
    (project / "models" / "nho.png").write_bytes(encoded(gradient(300, 200).convert("RGBA"), "PNG"))
    (project / "models" / "moi.webp").write_bytes(encoded(gradient(1800, 1800), "WEBP"))
    write_record(project, "hai", name="Hai", images=[{"file": "nho.png", "alt": "a"}, {"file": "moi.webp", "alt": "b"}])
    outs = [tmp_path_factory.mktemp(f"build{n}") / "site" for n in (1, 2)]
    for out in outs:
        build_site(project, out)
    files = [sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in (out / "anh").rglob("*") if p.is_file())
             for out in outs]
    photos = [name for name, _ in files[0] if not name.endswith("/chia-se.png")]  # the rest are share images
    assert len(photos) == 3 and files[0] == files[1]


def test_offline_copy_carries_the_same_image(project: Path, tmp_path_factory):
    with_image(project, "lon.jpg", encoded(gradient(2400, 1800), "JPEG"))
    online, _ = published(project)
    offline = tmp_path_factory.mktemp("offline") / "site"
    build_site(project, offline, offline=True)
    img = content(page(offline, "ca-nhan/co-giao/")).find("img")
    assert (offline / "ca-nhan" / "co-giao" / img.attrs["src"]).resolve().read_bytes() == online.read_bytes()


# --- the module on its own ----------------------------------------------------------------------------

@pytest.mark.parametrize("size, expected", [
    ((4000, 3000), (1600, 1200)), ((3000, 4000), (1200, 1600)), ((1600, 1600), (1600, 1600)),
    ((1601, 1), (1600, 1)), ((10, 5000), (3, 1600)), ((800, 600), (800, 600)),
])
def test_fitted(size, expected):
    assert images.fitted(*size) == expected


def test_check_and_build_agree_on_the_published_size(tmp_path: Path):
    for name, data in [("a.jpg", encoded(gradient(3001, 1999), "JPEG")), ("b.png", encoded(gradient(1601, 7), "PNG")),
                       ("c.webp", encoded(gradient(17, 1700), "WEBP")), ("d.gif", encoded(gradient(33, 21), "GIF"))]:
        path = tmp_path / name
        path.write_bytes(data)
        web = images.inspect(tmp_path, path, name)
        copy = Image.open(io.BytesIO(images.web_copy(tmp_path, path, name)))
        assert copy.size == (web.width, web.height) and copy.format == images.ENCODERS[web.suffix]["format"]


def test_phone_photo_with_a_second_picture_is_a_jpeg(tmp_path: Path):
    """Some phones write MPO: a JPEG followed by a second picture (a depth map, a preview)."""
    path = tmp_path / "dien-thoai.jpg"
    path.write_bytes(encoded(gradient(64, 48), "MPO", save_all=True, append_images=[gradient(32, 24)]))
    assert Image.open(path).format == "MPO"
    assert images.inspect(tmp_path, path, path.name) == images.WebCopy(64, 48, ".jpg")
    assert Image.open(io.BytesIO(images.web_copy(tmp_path, path, path.name))).format == "JPEG"


def test_editor_schema_accepts_only_the_published_extensions():
    schema = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
    item = schema["properties"]["images"]["items"]
    for name, valid in [("anh/Ảnh 1.JPG", True), ("a.jpeg", True), ("a.webp", True), ("a.Gif", True),
                        ("evil.html", False), ("logo.svg", False), ("a.png.html", False), ("png", False)]:
        assert jsonschema.Draft7Validator(item).is_valid({"file": name, "alt": "a"}) is valid, name


def test_the_guide_states_the_current_limits():
    guide = " ".join((REPO / "content" / "huong-dan.md").read_text(encoding="utf-8").split())
    assert f"tối đa {images.MAX_FILE_BYTES // 2**20} MB" in guide
    assert f"tối đa {images.LONGEST_SIDE} điểm ảnh" in guide


@pytest.mark.parametrize("format, suffix", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp"), ("GIF", ".gif")])
def test_damaged_images_give_a_message_never_a_crash(tmp_path: Path, format: str, suffix: str):
    """Bytes changed, cut out or put in at random (the same every run): check and build agree on every file,
    and a bad one gets a message, never another error."""
    good = encoded(gradient(64, 48), format)
    chance = random.Random(format)
    path = tmp_path / f"anh{suffix}"
    outcomes = set()
    for _ in range(150):
        data = bytearray(good)
        for _ in range(chance.randint(1, 6)):
            at = chance.randrange(len(data))
            change = chance.choice(("byte", "cut", "insert"))
            if change == "byte":
                data[at] = chance.randrange(256)
            elif change == "cut":
                del data[at:at + chance.randint(1, 50)]
            else:
                data[at:at] = chance.randbytes(chance.randint(1, 20))
        path.write_bytes(data)
        results = []
        for step in (images.inspect, images.web_copy):
            try:
                copy = step(tmp_path, path, path.name)
                results.append(copy if isinstance(copy, images.WebCopy) else Image.open(io.BytesIO(copy)).size)
            except images.ImageProblem as problem:
                results.append(str(problem))
        web, copy = results
        assert copy == web if isinstance(web, str) else copy == (web.width, web.height)
        outcomes.add(type(web))
    assert outcomes == {str, images.WebCopy}  # some damage is harmless (a pixel changed), some is not
