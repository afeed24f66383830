"""The site's address: checked, overridden by `--site-url` (as CI does), and a warning for the example's placeholder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator import messages as msg

from conftest import write_record
from htmlpage import page


def guongsang(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=600)


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cảnh báo: site.url")]


def test_a_build_for_the_placeholder_host_warns_in_one_line(project: Path):
    write_record(project, "an", name="An")
    done = guongsang("build", "--root", str(project))
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == [msg.PLACEHOLDER_SITE_URL.format(url="https://guongsang.example.vn/")]


def test_site_url_replaces_the_configs_address_everywhere(project: Path):
    write_record(project, "an", name="An")
    done = guongsang("build", "--root", str(project), "--site-url", "https://guongsang.tuyenquang.gov.vn/tu-lieu")
    assert done.returncode == 0, done.stderr
    assert warnings(done.stderr) == []
    site = project / "site"
    base = "https://guongsang.tuyenquang.gov.vn/tu-lieu/"
    doc = page(site, "ca-nhan/an/")
    assert next(l.attrs["href"] for l in doc.find_all("link") if l.attrs.get("rel") == "canonical") == base + "ca-nhan/an/"
    assert json.loads((site / "du-lieu" / "ban-ghi.json").read_text(encoding="utf-8"))["records"][0]["url"] == \
        base + "ca-nhan/an/"
    assert json.loads((site / "manifest.json").read_text(encoding="utf-8"))["site_url"] == base
    assert f"<loc>{base}ca-nhan/an/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    leftovers = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv")
                 and "guongsang.example.vn" in p.read_text(encoding="utf-8-sig").replace("bientap@guongsang.example.vn", "")]
    assert leftovers == []


def test_a_real_address_in_the_config_gives_no_warning(project: Path):
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://guongsang.example.vn/", "https://gs.bacgiang.gov.vn/"),
                      encoding="utf-8")
    write_record(project, "an", name="An")
    done = guongsang("build", "--root", str(project))
    assert done.returncode == 0 and warnings(done.stderr) == []


def test_a_bad_site_url_is_bad_usage(project: Path):
    done = guongsang("build", "--root", str(project), "--site-url", "guongsang.vn")
    assert done.returncode == 2 and msg.BAD_URL.format(value="guongsang.vn") in done.stderr
    done = guongsang("bundle", "--root", str(project), "--site-url", "https://guongsang.vn/?a=1")
    assert done.returncode == 2 and msg.SITE_URL_NOT_PLAIN.format(value="https://guongsang.vn/?a=1") in done.stderr
    assert not (project / "site").exists()
