"""The ZIP download: every file of the offline copy under one folder, byte for byte the same on every run.

Entries are sorted and carry the build date as their time, whatever machine or clock writes them.
"""
from __future__ import annotations

import datetime as dt
import logging
import shutil
import zipfile
from pathlib import Path

from .mirror import site_files

log = logging.getLogger(__name__)


def write_zip(site: Path, out: Path, folder: str, date: dt.date) -> None:
    """Zip every file of `site` under `folder/`, sorted, with `date` as every entry's time."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in site_files(site):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with (site / path).open("rb") as src, archive.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    tmp.replace(out)
