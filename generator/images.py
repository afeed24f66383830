"""Record photos: each image a record names is decoded and checked, then published as a web-sized copy.

Only raster types that browsers show as images are published: JPEG, PNG, WebP and GIF. A file is told
by its extension *and* by decoding it with Pillow, and the two must agree, so nothing that a web server
would serve by its extension as a page (``evil.html`` starting with ``GIF89a``) or as SVG (which can
carry scripts) ever reaches the site. Every file is read with a size cap and its pixel count is checked
from the header before anything is decoded, so a small file that claims huge dimensions is refused.

What goes out is never the file itself: it is a re-encoded copy, turned upright as the camera's EXIF
orientation says, converted to sRGB, fitted within `LONGEST_SIDE` and written with fixed encoder settings
and no metadata (no EXIF, GPS position, camera serial, comment or colour profile). The original stays in
the repository; publishing it as well would put a phone's location data online and make readers on slow
links load a 10 MB photo for an 800-pixel-wide column. The same file gives the same bytes with the same
(pinned) Pillow and the image libraries bundled with it.

The loader calls `inspect` (everything but encoding, so `guongsang check` reports a bad image at its
line); the build calls `web_copy`.
"""
from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import ExifTags, Image, ImageCms, ImageOps

from . import messages as msg
from .inputs import FileProblem, read_input

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024  # a phone's photo is 3 to 12 MB; beyond this it is a scan or a mistake
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; decoded, such a photo takes 150 to 200 MB of memory
LONGEST_SIDE = 1600  # twice the width of the page column, so sharp on high-density screens too

# Extension → the format its content must decode as (Pillow's name).
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# The published copy's extension. A GIF becomes a PNG: the same pixels, without a 256-colour palette to
# recompute after resizing.
PUBLISHED = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}
# Fixed encoder settings: the same pixels always give the same bytes.
ENCODERS = {
    ".jpg": {"format": "JPEG", "quality": 85, "optimize": True, "progressive": True, "subsampling": "4:2:0"},
    ".png": {"format": "PNG", "compress_level": 9},
    ".webp": {"format": "WEBP", "quality": 85, "method": 4},
}
_QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_SRGB = ImageCms.createProfile("sRGB")


class ImageProblem(Exception):
    """An image that cannot be published; the message is for the user, in Vietnamese."""


@dataclass(frozen=True)
class WebCopy:
    """What the published copy of an image will be: its size in pixels and its file extension."""

    width: int
    height: int
    suffix: str


def fitted(width: int, height: int) -> tuple[int, int]:
    """The size within `LONGEST_SIDE` × `LONGEST_SIDE` with the same shape; a smaller image keeps its size."""
    longest = max(width, height)
    if longest <= LONGEST_SIDE:
        return width, height
    return max(1, round(width * LONGEST_SIDE / longest)), max(1, round(height * LONGEST_SIDE / longest))


def inspect(root: Path, path: Path, name: str) -> WebCopy:
    """Check that the file at `path` in the project `root` (written `name` in the record) is an image we
    publish, decoding all of it; raise ImageProblem if not. Returns what its published copy will be."""
    _, kind, size = _decode(root, path, name, quick=True)
    return WebCopy(*size, PUBLISHED[kind])


def web_copy(root: Path, path: Path, name: str) -> bytes:
    """The published copy of the image at `path` in the project `root`: upright, sRGB, fitted, re-encoded,
    without metadata."""
    image, kind, size = _decode(root, path, name, quick=False)
    icc = image.info.get("icc_profile")
    image = _resizable(image)
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    image = _to_srgb(image, icc)
    image.info = {}  # comments, EXIF, XMP, profiles: some encoders copy them from here
    out = io.BytesIO()
    image.save(out, **ENCODERS[PUBLISHED[kind]])
    return out.getvalue()


def _decode(root: Path, path: Path, name: str, quick: bool) -> tuple[Image.Image, str, tuple[int, int]]:
    """The image decoded and turned upright, its format, and the size of its published copy, once it has
    passed every check. `quick` decodes a JPEG at an eighth of its size, which still reads and checks every
    byte, and leaves the image as stored."""
    image, kind = _open(root, path, name)
    stored = image.size  # as the header says; a JPEG's draft below shrinks it
    turned = False
    try:
        animated = getattr(image, "is_animated", False) and image.format != "MPO"  # MPO: see _open
        if not animated:
            image.draft(image.mode, (1, 1) if quick else fitted(*stored))
            image.load()
            # Read once decoded: a PNG may keep its EXIF after the pixels.
            turned = image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS
            if not quick:
                ImageOps.exif_transpose(image, in_place=True)
    except Exception as err:  # Pillow's decoders raise many kinds of error on a damaged file
        log.debug("%s: %r", path, err)
        raise ImageProblem(msg.IMAGE_BROKEN.format(value=name)) from err
    if animated:
        raise ImageProblem(msg.IMAGE_ANIMATED.format(value=name))
    return image, kind, fitted(*(stored[::-1] if turned else stored))


def _open(root: Path, path: Path, name: str) -> tuple[Image.Image, str]:
    """The image opened (its header read, nothing decoded) and its format, if its extension, size, pixel
    count and content are all those of an image we publish."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        raise ImageProblem(msg.IMAGE_SVG.format(value=name))
    expected = SUFFIXES.get(suffix)
    if expected is None:
        raise ImageProblem(msg.IMAGE_EXTENSION.format(value=name))
    data = _read(root, path, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the pixel count is checked below
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMAT_LABELS))
        except Image.DecompressionBombError as err:  # dimensions beyond twice Pillow's own limit
            raise ImageProblem(_too_many_pixels(name)) from err
        except Exception as err:  # not one of our formats, or a header Pillow cannot read
            log.debug("%s: %r", path, err)
            raise ImageProblem(msg.IMAGE_TYPE.format(value=name)) from err
    kind = "JPEG" if image.format == "MPO" else image.format  # MPO: a JPEG with a second, hidden picture
    if kind != expected:
        right = next(s for s, k in SUFFIXES.items() if k == kind)
        raise ImageProblem(msg.IMAGE_WRONG_EXTENSION.format(
            value=name, actual=FORMAT_LABELS[kind], suffix=suffix, fixed=str(PurePosixPath(name).with_suffix(right))))
    if image.width * image.height > MAX_PIXELS:
        raise ImageProblem(_too_many_pixels(name))
    return image, kind


def _read(root: Path, path: Path, name: str) -> bytes:
    """The file's bytes, read as every input file is (inputs.py: a regular file inside the project, never
    blocking), and no more than the limit allows."""
    try:
        size = path.stat().st_size
    except (OSError, ValueError):
        raise ImageProblem(msg.IMAGE_MISSING.format(value=name)) from None
    if size > MAX_FILE_BYTES:  # said here, with what to do about a photo that big
        raise ImageProblem(msg.IMAGE_TOO_BIG.format(value=name, size=-(-size // 2**20),
                                                    limit=MAX_FILE_BYTES // 2**20, edge=LONGEST_SIDE))
    try:
        return read_input(root, path, MAX_FILE_BYTES)
    except FileProblem as problem:  # a FIFO, a device, a link out of the project, or it grew meanwhile
        raise ImageProblem(msg.IMAGE_UNREADABLE.format(value=name, reason=problem.message)) from None


def _too_many_pixels(name: str) -> str:
    return msg.IMAGE_TOO_MANY_PIXELS.format(value=name, limit=MAX_PIXELS // 1_000_000, edge=LONGEST_SIDE)


def _resizable(image: Image.Image) -> Image.Image:
    """The image in a mode that resizes smoothly (a palette would be resized pixel by pixel)."""
    if image.mode in ("RGB", "RGBA", "L", "LA", "CMYK"):
        return image
    if image.mode in ("I", "I;16", "I;16B"):  # 16-bit grey: Pillow's conversion would clip it, not scale it
        return image.convert("I").point(lambda value: value / 257).convert("L")
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours as its profile says, in sRGB (what browsers assume once the profile is gone); CMYK made RGB."""
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _SRGB,
                                             outputMode="RGBA" if image.mode == "RGBA" else "RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as err:
            log.debug("colour profile ignored: %r", err)  # as a browser would ignore it
    return image.convert("RGB") if image.mode == "CMYK" else image
