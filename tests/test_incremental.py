"""Incremental builds: after any edit, a build that uses the build cache equals a clean build byte for byte,
and a damaged or stale cache is never trusted."""
from __future__ import annotations

import hashlib
import os
import pickle
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

import generator.cache
import generator.render
from generator.addresses import SITE_MARKER
from generator.build import build_site
from generator.mirror import parse_sums
from generator.problems import InputError
from generator.cache import CACHE_FOLDER, FORMAT, ContentCache, content_key, generator_version, load_value
from generator.records import CACHE_KIND as RECORDS_KIND, FileRead
from generator.search import TERMS_KIND

from conftest import REPO

EPOCH = "1767225600"  # 2026-01-01: every build of these tests has the same date
INPUTS = ("models", "content", "lessons", "site_config.yml")


@pytest.fixture
def example(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the example project, and of the page and theme templates (so a test may edit them)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "du-an"
    root.mkdir()
    for name in INPUTS:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    for name, folder in (("PAGE_TEMPLATES", "pages"), ("OVERRIDES", "overrides")):
        copy = tmp_path / "templates" / folder
        shutil.copytree(REPO / "generator" / "templates" / folder, copy)
        monkeypatch.setattr(generator.render, name, copy)
    return root


def sums(site: Path) -> str:
    return (site / "SHA256SUMS").read_text(encoding="utf-8")


def clean_build(root: Path, tmp: Path) -> str:
    """SHA256SUMS of a build of the same tree with no cache at all, in another folder."""
    fresh = tmp / "sach"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in INPUTS:
        if (root / name).exists():
            (shutil.copytree if (root / name).is_dir() else shutil.copy)(root / name, fresh / name)
    build_site(fresh, fresh / "site")
    return sums(fresh / "site")


def assert_same_as_clean(root: Path, tmp: Path, what: str) -> None:
    try:
        build_site(root, root / "site")
    except InputError as err:  # the edit itself was wrong: a bug of this test
        pytest.fail(f"{what}: " + "; ".join(map(str, err.problems)))
    incremental = sums(root / "site")
    clean = clean_build(root, tmp)
    if incremental != clean:
        differ = sorted(set(incremental.splitlines()) ^ set(clean.splitlines()))
        pytest.fail(f"after {what}, the incremental build differs from a clean one:\n" + "\n".join(differ[:20]))
    assert_intact(root / "site", what)
    assert folders(root / "site") == folders(tmp / "sach" / "site"), what
    for spare in root.glob(".site.spare-*"):  # the site served until this build, which was built in its spare
        assert_intact(spare, f"{what}: the site it replaced")


def assert_intact(site: Path, what: str) -> None:
    """Every file of the site is there with the bytes its SHA256SUMS gives, and nothing else is (a build that wrote
    into a file linked from another site, or from the store, would change both)."""
    listed = parse_sums(sums(site))
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert on_disk - {"SHA256SUMS", SITE_MARKER} == set(listed), what
    changed = [rel for rel, digest in listed.items() if hashlib.sha256((site / rel).read_bytes()).hexdigest() != digest]
    assert changed == [], f"{what}: changed since it was built: {changed[:10]}"


def folders(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}


# -- the edits ---------------------------------------------------------------------------------------------

LINKS = ("related", "members", "origin")  # the lists of a record that may name another; and `organization`


def mentions(root: Path, record: Path) -> list[Path]:
    """The other input files that name `record` by its id."""
    found = re.compile(rf"(?<![\w-]){re.escape(record.stem)}(?![\w-])")
    return [p for p in sorted(root.rglob("*")) if p.suffix in (".yml", ".md") and p != record and
            CACHE_FOLDER not in p.as_posix() and "/site/" not in p.as_posix() and found.search(p.read_text("utf-8"))]


def removable_record(root: Path, rng: random.Random) -> Path:
    """A record only other records link to (not a lesson, the config or a page), its links taken out of them."""
    files = sorted((root / "models").rglob("*.yml"))
    rng.shuffle(files)
    for path in files:
        others = mentions(root, path)
        if all(p.is_relative_to(root / "models") for p in others):
            for other in others:
                values = yaml.safe_load(other.read_text(encoding="utf-8"))
                for key in LINKS:
                    values[key] = [i for i in values.get(key, []) if i != path.stem] or None
                if values.get("organization") == path.stem:
                    values["organization"] = None
                values = {k: v for k, v in values.items() if v is not None}
                other.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return path
    raise AssertionError("no record can be removed")


def rewrite_yaml(path: Path, key: str, rng: random.Random) -> None:
    """Change the text of `key` in a YAML file (written back by PyYAML: its layout changes too)."""
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    values[key] = values[key][:300].rstrip() + f" Sửa lần {rng.randrange(1000)}."
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_record(root: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((root / "models").rglob("*.yml")))
    rewrite_yaml(path, "summary", rng)
    return f"a summary edit in {path.name}"


def add_record(root: Path, rng: random.Random) -> str:
    number = rng.randrange(10_000)
    province = rng.choice(["Tuyên Quang", "Hà Nội", "Cần Thơ", "Lào Cai"])
    field = rng.choice(["giao-duc", "y-te", "kinh-te"])
    (root / "models" / f"nguoi-moi-{number}.yml").write_text(f"""\
kind: individual
name: Người Mới {number}
role: Giáo viên
summary: Một người mới số {number}.
story: Câu chuyện của người mới.
place: {{province: {province}}}
fields: [{field}]
year: {rng.randrange(2015, 2025)}
tags: [Người mới, Thử {number % 3}]
sources: [{{title: Báo địa phương}}]
""", encoding="utf-8")
    return f"adding nguoi-moi-{number}"


def delete_record(root: Path, rng: random.Random) -> str:
    path = removable_record(root, rng)
    path.unlink()
    return f"deleting {path.name}"


def rename_record(root: Path, rng: random.Random) -> str:
    path = removable_record(root, rng)
    path.rename(path.with_name(f"{path.stem}-doi-ten.yml"))
    return f"renaming {path.name}"


def edit_template(root: Path, rng: random.Random) -> str:
    name = rng.choice(["record.html", "listing.html", "_macros.html", "home.html"])
    path = generator.render.PAGE_TEMPLATES / name
    path.write_text(path.read_text(encoding="utf-8") + f"\n<!-- sửa {rng.randrange(1000)} -->\n", encoding="utf-8")
    return f"a change to the template {name}"


def edit_theme(root: Path, rng: random.Random) -> str:
    path = generator.render.OVERRIDES / "main.html"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{{# sửa {rng.randrange(1000)} #}}\n<!-- x -->\n",
                    encoding="utf-8")
    return "a change to the theme"


def edit_config(root: Path, rng: random.Random) -> str:
    path = root / "site_config.yml"
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:
        changed = re.sub(r"^(  tagline: .*)$", rf"\1, bản {rng.randrange(1000)}", text, count=1, flags=re.M)
    else:
        changed = re.sub(r"^page_size: *\d+", f"page_size: {rng.choice([12, 18, 30])}", text, count=1, flags=re.M)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    return "a change to the config"


def edit_content(root: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((root / "content").glob("*.md")))
    path.write_text(path.read_text(encoding="utf-8") + f"\nMột đoạn thêm, lần {rng.randrange(1000)}.\n",
                    encoding="utf-8")
    return f"a change to the page {path.name}"


def edit_lesson(root: Path, rng: random.Random) -> str:
    path = rng.choice(sorted((root / "lessons").glob("*.yml")))
    rewrite_yaml(path, "summary", rng)
    return f"a change to the lesson {path.name}"


def edit_news(root: Path, rng: random.Random) -> str:
    folder = root / "content" / "tin-tuc"
    folder.mkdir(exist_ok=True)
    number = rng.randrange(1000)
    (folder / f"tin-{number}.md").write_text(f"""\
---
title: Tin số {number}
date: 2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}
summary: Một tin ngắn số {number}.
---
Nội dung tin số {number}.
""", encoding="utf-8")
    return f"a news post, tin-{number}"


EDITS = [edit_record, add_record, delete_record, rename_record, edit_template, edit_theme, edit_config,
         edit_content, edit_lesson, edit_news]


def test_after_each_of_a_series_of_random_edits_the_incremental_build_equals_a_clean_one(example, tmp_path):
    seed = int(os.environ.get("GS_INCREMENTAL_SEED", "2026"))
    rng = random.Random(seed)
    build_site(example, example / "site")  # fills the cache
    edits = EDITS[:]
    rng.shuffle(edits)  # every kind of edit, in an order the seed picks, then a few more at random
    edits += [rng.choice([edit_record, add_record, edit_record, delete_record]) for _ in range(2)]
    for number, edit in enumerate(edits, 1):
        what = edit(example, rng)
        assert_same_as_clean(example, tmp_path, f"edit {number} (seed {seed}): {what}")


@pytest.mark.parametrize("flavour", ["offline", "preview"])
def test_offline_copies_and_previews_from_the_cache_equal_clean_ones(example, tmp_path, flavour):
    options = {flavour: True}
    build_site(example, example / "site", **options)
    edit_record(example, random.Random(7))
    build_site(example, example / "site", **options)
    add_record(example, random.Random(8))
    delete_record(example, random.Random(9))
    build_site(example, example / "site", **options)  # in the spare: the site the last build replaced
    fresh = tmp_path / "sach"
    fresh.mkdir()
    for name in INPUTS:
        (shutil.copytree if (example / name).is_dir() else shutil.copy)(example / name, fresh / name)
    build_site(fresh, fresh / "site", **options)
    assert sums(example / "site") == sums(fresh / "site")
    assert folders(example / "site") == folders(fresh / "site")
    assert_intact(example / "site", flavour)
    (spare,) = example.glob(".site.spare-*")
    assert_intact(spare, f"{flavour}: the site it replaced")


# -- a damaged or stale cache -------------------------------------------------------------------------------

def rewrite_entry(path: Path, data: bytes, *, version: str | None = None, form: int = FORMAT) -> None:
    """An entry with sound bytes and checksum, written by another format or generator version."""
    head = b"guongsang-cache %d %s\n" % (form, (version or generator_version()).encode())
    path.write_bytes(head + hashlib.sha256(data).hexdigest().encode() + b"\n" + data)


def record_entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / CACHE_FOLDER / RECORDS_KIND).rglob("*") if p.is_file())


def poisoned(path: Path, cache: ContentCache) -> bytes:
    """The record entry at `path` with the record's name changed: trusting it would show on the site."""
    states, _, data = cache.get(path.name).partition(b"\n")
    read = load_value(data)
    assert isinstance(read, FileRead) and read.record is not None
    read.record.name = "Tên Giả Mạo"
    return states + b"\n" + pickle.dumps(read)


def test_a_stale_or_damaged_cache_is_detected_and_never_trusted(example, tmp_path):
    build_site(example, example / "site")
    clean = clean_build(example, tmp_path)
    assert sums(example / "site") == clean
    cache = ContentCache(example, RECORDS_KIND)
    entries = record_entries(example)
    # an entry of another generator, of another format, and one truncated
    rewrite_entry(entries[0], poisoned(entries[0], cache), version="0" * 32)
    rewrite_entry(entries[1], poisoned(entries[1], cache), form=FORMAT - 1)
    entries[2].write_bytes(entries[2].read_bytes()[:-40])
    # stored pages and images, truncated (as a full disk leaves them) or changed in place
    blobs = sorted(p for p in (example / CACHE_FOLDER / "files").rglob("*") if p.is_file())
    for blob in blobs[::7]:
        os.truncate(blob, blob.stat().st_size // 2)
    # every index of stored files, of another generator
    for index in (p for p in (example / CACHE_FOLDER / "indexes").rglob("*") if p.is_file()):
        raw = index.read_bytes()
        rewrite_entry(index, raw[raw.index(b"\n", raw.index(b"\n") + 1) + 1:], version="1" * 32)
    shutil.rmtree(example / "site")
    build_site(example, example / "site")
    assert sums(example / "site") == clean
    assert "Tên Giả Mạo" not in "".join(p.read_text(encoding="utf-8") for p in (example / "site").rglob("*.html"))


def test_a_planted_entry_cannot_run_code(example, tmp_path):
    build_site(example, example / "site")
    witness = tmp_path / "da-chay"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {witness}",))

    cache = ContentCache(example, RECORDS_KIND)
    entry = record_entries(example)[0]
    states, _, _ = cache.get(entry.name).partition(b"\n")
    cache.put(entry.name, states + b"\n" + pickle.dumps(Payload()))
    build_site(example, example / "site")
    assert not witness.exists()
    assert sums(example / "site") == clean_build(example, tmp_path)


def test_planted_search_terms_of_the_wrong_shape_are_made_again(example, tmp_path):
    """An entry of records' search terms that passes the cache's own checks but holds terms of the wrong types
    (as a planted or buggy entry could) is taken as a miss: no crash, and the index a clean build makes."""
    build_site(example, example / "site")
    cache = ContentCache(example, TERMS_KIND)
    kept = load_value(cache.get(content_key("terms")))
    assert isinstance(kept, dict) and kept
    wrong = [(("a", "b", "x"),), (("a", 1, 2),), ((["a"], "b", 2),), "abc", (("a", "b"),)]
    cache.put(content_key("terms"), pickle.dumps({key: wrong[i % len(wrong)] for i, key in enumerate(kept)}))
    build_site(example, example / "site")
    assert sums(example / "site") == clean_build(example, tmp_path)


def test_the_cache_is_safe_to_delete(example, tmp_path):
    build_site(example, example / "site")
    first = sums(example / "site")
    shutil.rmtree(example / CACHE_FOLDER)
    build_site(example, example / "site")
    assert sums(example / "site") == first


def test_stored_files_no_index_names_are_pruned_and_the_build_stays_right(example, tmp_path, monkeypatch):
    monkeypatch.setattr(generator.cache, "PRUNE_FROM", 1)  # prune after any build that stores a new file
    build_site(example, example / "site")
    store = example / CACHE_FOLDER / "files"
    orphan = store / "ab" / ("ab" + "0" * 62)  # a file of an entry long gone
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"old")
    os.utime(orphan, (1_600_000_000, 1_600_000_000))
    kept = sorted(p for p in store.rglob("*") if p.is_file() and p != orphan)
    edit_record(example, random.Random(1))
    build_site(example, example / "site")
    assert not orphan.exists()
    assert all(p.exists() for p in kept)  # still named by an index (this build's or the one before)
    assert sums(example / "site") == clean_build(example, tmp_path)
