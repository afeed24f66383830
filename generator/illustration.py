"""The downloads' icon (the ZIM's illustration): a golden star on a red rounded square, drawn as a PNG.

Drawn here rather than shipped, so that it is the same bytes on every machine: no image library, fixed maths.
"""
from __future__ import annotations

import math
import struct
import zlib

ILLUSTRATION_SIZE = 48


def illustration_png(size: int = ILLUSTRATION_SIZE) -> bytes:
    """A square PNG: a golden five-pointed star on a red rounded square, drawn with 4×4 supersampling."""
    red, gold, clear = (200, 16, 46), (255, 205, 0), (0, 0, 0)
    star = _star_polygon(size / 2, size / 2 + size * 0.03, size * 0.40, size * 0.16)
    radius = size * 0.18
    rows = []
    samples = 4
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            cover = [0, 0]  # samples inside the square, samples inside the star
            for sy in range(samples):
                for sx in range(samples):
                    px, py = x + (sx + 0.5) / samples, y + (sy + 0.5) / samples
                    if _in_rounded_square(px, py, size, radius):
                        cover[0] += 1
                        cover[1] += _in_polygon(px, py, star)
            total = samples * samples
            alpha = cover[0] / total
            mix = cover[1] / cover[0] if cover[0] else 0.0
            colour = tuple(round(r * (1 - mix) + g * mix) for r, g in zip(red, gold)) if cover[0] else clear
            row += bytes(colour) + bytes([round(alpha * 255)])
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + \
        _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _png_chunk(b"IEND", b"")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _star_polygon(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = outer if i % 2 == 0 else inner
        # Rounded so that a last-bit difference between maths libraries cannot move a pixel.
        points.append((round(cx + r * math.cos(angle), 6), round(cy + r * math.sin(angle), 6)))
    return points


def _in_polygon(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_rounded_square(x: float, y: float, size: int, radius: float) -> bool:
    dx = max(radius - x, 0, x - (size - radius))
    dy = max(radius - y, 0, y - (size - radius))
    return dx * dx + dy * dy <= radius * radius
