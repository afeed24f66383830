"""The offline downloads a site lists: what `guongsang bundle` wrote (``bundles.json``), checked and copied in.

Next to the ZIP and ZIM, ``bundles.json`` records their names, sizes and SHA-256 and the commit they were
made from; ``guongsang build --bundles DIR`` reads it, checks it against the build, copies the files into
the site's downloads folder and lists them on the mirrors page, so the published site, its SHA256SUMS and
its downloads agree.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import addresses
from . import messages as msg
from .cache import FileStore
from .mirror import file_sha256
from .problems import InputError, Problem
from .text import slugify

log = logging.getLogger(__name__)

BUNDLES_FILE = "bundles.json"


@dataclass(frozen=True)
class Download:
    """One offline download, as listed on /ban-sao/."""
    name: str  # file name
    format: str  # "zip" or "zim"
    size: int
    sha256: str

    @property
    def size_text(self) -> str:
        return size_text(self.size)


def size_text(size: int) -> str:
    """'12,3 MB (12.345.678 byte)': a file's size as Vietnamese readers write numbers."""
    exact = f"{size:,}".replace(",", ".")
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            shown = f"{size / factor:.1f}".replace(".", ",")
            return msg.DOWNLOAD_SIZE.format(size=shown, unit=unit, exact=exact)
    return msg.DOWNLOAD_SIZE_BYTES.format(exact=exact)


@dataclass(frozen=True)
class BundleSet:
    """What `guongsang bundle` wrote: the downloads and the source they were made from."""
    commit: str | None
    build_date: dt.date
    downloads: tuple[Download, ...]

    def to_json(self) -> str:
        data = {"commit": self.commit, "build_date": self.build_date.isoformat(),
                "downloads": [dataclasses.asdict(d) for d in self.downloads]}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BundleSet:
        data = json.loads(text)
        return cls(data["commit"], dt.date.fromisoformat(data["build_date"]),
                   tuple(Download(**d) for d in data["downloads"]))


def bundle_basename(site_name: str, build_date: dt.date) -> str:
    """'guong-sang-2026-11-21': the downloads' file name, and the ZIP's top folder, without extension."""
    return f"{slugify(site_name) or 'site'}-{build_date.isoformat()}"


def describe(out: Path, names: list[str], commit: str | None, build_date: dt.date) -> BundleSet:
    """Measure the written downloads and record them in `out/bundles.json`."""
    downloads = tuple(Download(name, Path(name).suffix.lstrip("."), (out / name).stat().st_size,
                               file_sha256(out / name)) for name in names)
    bundles = BundleSet(commit, build_date, downloads)
    (out / BUNDLES_FILE).write_text(bundles.to_json(), encoding="utf-8")
    return bundles


def read_bundles(folder: Path) -> BundleSet:
    return BundleSet.from_json((folder / BUNDLES_FILE).read_text(encoding="utf-8"))


def bundles_for_build(folder: Path, commit: str | None, build_date: dt.date) -> BundleSet:
    """The downloads in `folder`, checked to be whole and made from this build's `commit` and `build_date`.

    Raises InputError otherwise: a site must not list downloads of another version of itself.
    """
    where = (folder / BUNDLES_FILE).as_posix()
    try:
        bundles = read_bundles(folder)
    except OSError as err:
        raise InputError([Problem(where, 1, msg.BUNDLES_UNREADABLE.format(reason=msg.os_reason(err)))]) from None
    except (ValueError, KeyError, TypeError):  # json's and the dataclass's words are English
        raise InputError([Problem(where, 1, msg.BUNDLES_UNREADABLE.format(reason=msg.BUNDLES_MALFORMED))]) from None
    problems = []
    if bundles.commit != commit or bundles.build_date != build_date:
        problems.append(Problem(where, 1, msg.BUNDLES_OTHER_BUILD.format(
            commit=(bundles.commit or "?")[:12], date=bundles.build_date, this_commit=(commit or "?")[:12],
            this_date=build_date)))
    for download in bundles.downloads:
        file = folder / download.name
        if Path(download.name).name != download.name or not file.is_file():
            problems.append(Problem(where, 1, msg.BUNDLE_MISSING.format(name=download.name)))
        elif file.stat().st_size != download.size or file_sha256(file) != download.sha256:
            problems.append(Problem(where, 1, msg.BUNDLE_CHANGED.format(name=download.name)))
    if problems:
        raise InputError(problems)
    return bundles


def copy_downloads(folder: Path, bundles: BundleSet, site: Path, store: FileStore) -> None:
    """Put the downloads into the site's downloads folder (hard links when the file system allows), telling
    the build cache's store of each (so the manifest need not hash them again)."""
    target = site / addresses.DOWNLOADS
    target.mkdir(parents=True, exist_ok=True)
    for download in bundles.downloads:
        path = target / download.name
        path.unlink(missing_ok=True)  # a spare site's link to an earlier bundle: never written into
        try:
            os.link(folder / download.name, path)
        except OSError:
            shutil.copyfile(folder / download.name, path)
        store.note(path, download.sha256)
