"""The fonts the build sets text in: Noto Sans, from Debian's fonts-noto-core, which has every Vietnamese letter and tone.

The PDF sheets (sheets.py) embed them and the share images (shareimage.py) are drawn with them: what
either makes depends on the fonts' bytes, so their cache keys take the fonts' digests (`digests`).
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

log = logging.getLogger(__name__)

FONT_FOLDER = Path("/usr/share/fonts/truetype/noto")  # Debian's fonts-noto-core
NOTO_SANS = {  # (weight, style) -> file
    ("normal", "normal"): "NotoSans-Regular.ttf",
    ("bold", "normal"): "NotoSans-Bold.ttf",
    ("normal", "italic"): "NotoSans-Italic.ttf",
    ("bold", "italic"): "NotoSans-BoldItalic.ttf",
}


def digests(folder: Path, names) -> list[str]:
    """The SHA-256 of each font file `names` in `folder`, in order."""
    return [hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in names]
