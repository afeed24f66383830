"""QR codes of page addresses, drawn by segno as inline SVG: for printed pages and PDF sheets."""
from __future__ import annotations

import functools

import segno

ERROR_LEVEL = "m"  # recovers 15% of the code: enough for a photocopy of a photocopy
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@functools.lru_cache(maxsize=1024)
def qr_svg(address: str) -> str:
    """`address` as a QR code in inline SVG, black on white, sized by its box (a viewBox, no width or height)."""
    code = segno.make_qr(address, error=ERROR_LEVEL)
    return code.svg_inline(border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True, svgclass="gs-qr",
                           lineclass=None, title=address)
