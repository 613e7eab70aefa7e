"""Zip bundles for web editors (publish/bundle.py), from the built mini site."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from insyn.publish import bundle, fragment
from insyn.publish.bundle import kommun_bundle, write_bundles, zip_bytes

MINI = Path(__file__).parent.parent / "expected" / "mini"
BASE = "https://insyn.example.se/"  # the base the mini site was built for
WHEN = datetime(2026, 11, 22, 3, 17, 41)
KOMMUNER = [
    "amal",
    "bengtsfors",
    "dals-ed",
    "fargelanda",
    "habo-uppsala",
    "knivsta",
    "mellerud",
    "uppsala",
]
MELLERUD = [
    "LASMIG.txt",
    "data/hemtjanst.csv",
    "data/hemtjanst.json",
    "data/ifo.csv",
    "data/ifo.json",
    "inbaddning/hemtjanst-u07353.txt",
    "inbaddning/hemtjanst-u21424.txt",
    "inbaddning/hemtjanst-u21468.txt",
    "inbaddning/ifo-n30005.txt",
    "inbaddning/ifo-u30452.txt",
    "inbaddning/oversikt.txt",
    "insyn-fragment.css",
    "sidor/hemtjanst.html",
    "sidor/ifo.html",
    "sidor/mellerud.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of the mini site: bundling must not write into the site it reads."""
    path = tmp_path_factory.mktemp("bundle") / "site"
    shutil.copytree(MINI, path)
    return path


@pytest.fixture(scope="module")
def bundles(site, tmp_path_factory) -> tuple[Path, bundle.BundleResult]:
    out = tmp_path_factory.mktemp("zips")
    return out, write_bundles(site, out, BASE, WHEN)


def _manifest_files(site: Path) -> list[str]:
    return sorted(json.loads((site / "manifest.json").read_text(encoding="utf-8"))["files"])


def _site_files(site: Path) -> dict[str, bytes]:
    """The site as the pure core sees it (vega.js is in the manifest, not in the copy)."""
    return {p: (site / p).read_bytes() for p in _manifest_files(site) if (site / p).is_file()}


def test_kommun_slugs_are_the_dirs_with_embeds():
    files = [
        "index.html",
        "om/index.html",
        "assets/style.css",
        "k/index.html",
        "k/a/index.html",
        "embed/k/a/x/index.html",
        "embed/gone/a/x/index.html",  # no page of its own
        "lan/l/index.html",
    ]
    assert bundle.kommun_slugs(files) == ["k"]
    assert bundle.kommun_areas(files, "k") == ["a"]
    assert bundle.kommun_slugs(_manifest_files(MINI)) == KOMMUNER


def test_one_zip_per_kommun(bundles):
    out, result = bundles
    assert sorted(p.name for p in out.iterdir()) == [f"{k}.zip" for k in KOMMUNER]  # no temp files
    assert result.path == out and result.bundles == 8
    assert result.bytes == sum(p.stat().st_size for p in out.iterdir())
    assert result.files == sum(len(zipfile.ZipFile(p).namelist()) for p in out.iterdir())


def test_entry_names_and_zip_details(bundles):
    out, _ = bundles
    with zipfile.ZipFile(out / "mellerud.zip") as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        assert [i.filename for i in infos] == MELLERUD
        for info in infos:
            assert info.date_time == (2026, 11, 22, 3, 17, 40)  # two-second resolution
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o100644
            assert info.create_system == 3 and not info.extra and not info.comment


def test_zips_are_byte_identical_on_a_second_run(site, bundles, tmp_path):
    out, _ = bundles
    again = write_bundles(site, tmp_path, BASE, WHEN)
    assert again.bytes == bundles[1].bytes
    for name in KOMMUNER:
        assert (tmp_path / f"{name}.zip").read_bytes() == (out / f"{name}.zip").read_bytes()
    write_bundles(site, tmp_path, BASE, datetime(2026, 11, 23, 3, 17, 41), only="mellerud")
    assert (tmp_path / "mellerud.zip").read_bytes() != (out / "mellerud.zip").read_bytes()


def test_only_one_kommun(site, tmp_path):
    result = write_bundles(site, tmp_path, BASE, WHEN, only="dals-ed")
    assert result.bundles == 1 and [p.name for p in tmp_path.iterdir()] == ["dals-ed.zip"]
    with pytest.raises(ValueError, match="no such kommun"):
        write_bundles(site, tmp_path, BASE, WHEN, only="om")


@pytest.mark.parametrize(
    ("when", "stamp"),
    [
        (datetime(1970, 1, 1), (1980, 1, 1, 0, 0, 0)),
        (datetime(2026, 11, 22, 3, 17, 41), (2026, 11, 22, 3, 17, 41)),
        (datetime(2200, 1, 1), (2107, 12, 31, 23, 59, 58)),
    ],
)
def test_zip_time_is_clamped_to_what_a_zip_can_store(when, stamp):
    assert bundle.zip_time(when) == stamp
    data = zip_bytes({"b.txt": b"B", "a.txt": b"A"}, when)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        assert zf.namelist() == ["a.txt", "b.txt"]
        assert zf.read("b.txt") == b"B"
    assert zip_bytes({"a.txt": b"A", "b.txt": b"B"}, when) == data


def test_readme_is_swedish_and_says_what_an_editor_needs(bundles):
    out, _ = bundles
    with zipfile.ZipFile(out / "mellerud.zip") as zf:
        text = zf.read("LASMIG.txt").decode("utf-8")
    assert text.startswith("Insyn test: Melleruds kommun\n")
    for needed in (
        "Paketet skapades 22 november 2026.",
        "Värdena hämtades från Kolada 1 mars 2026.",
        "OBS! EXEMPELDATA.",
        "Källa för värdena: Kolada (https://www.kolada.se/).",
        "våra egna beräkningar och\ninte Koladas",
        "Licens för data: CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/deed.sv",
        "sidor/mellerud.html\n    Melleruds kommun (översikt)",
        "inbaddning/hemtjanst-u21424.txt\n    Använder tre eller fler psykofarmaka",
        "data/hemtjanst.csv",
        "Excel",
        "Content-Security-Policy",
        "tar\nbort skript",
        "Webbplats: https://insyn.example.se/",
    ):
        assert needed in text, needed
    assert "Bilder\n" not in text  # the mini site has no static images
    assert all(len(line) <= 76 or " " not in line for line in text.splitlines())
    for english in (" the ", " and ", " bundle", " fragment", "None"):
        assert english not in text, english


def test_every_iframe_snippet_points_at_base_url_embed(site, bundles):
    out, _ = bundles
    files = set(_manifest_files(site))
    for name in KOMMUNER:
        with zipfile.ZipFile(out / f"{name}.zip") as zf:
            snippets = [n for n in zf.namelist() if n.startswith("inbaddning/")]
            embeds = [
                f for f in files if f.startswith(f"embed/{name}/") and f.endswith("index.html")
            ]
            assert len(snippets) == len(embeds) > 0
            for entry in snippets:
                code = zf.read(entry).decode("utf-8")
                iframes = LexborHTMLParser(code).css("iframe")
                assert len(iframes) == 1, entry
                attrs = iframes[0].attributes
                assert attrs["src"].startswith(f"{BASE}embed/{name}/"), entry
                assert attrs["src"][len(BASE) :] + "index.html" in files
                assert attrs["title"] and attrs["loading"] == "lazy"
                assert code.endswith("</iframe>\n")


def test_snippets_and_fragments_move_to_another_base_url(site):
    other = "https://statistik.example.org/insyn/"
    entries = kommun_bundle("mellerud", _site_files(site), other, WHEN)
    code = entries["inbaddning/hemtjanst-u21424.txt"].decode("utf-8")
    assert f'src="{other}embed/mellerud/hemtjanst/u21424/"' in code
    assert "insyn.example.se" not in code
    page = entries["sidor/hemtjanst.html"].decode("utf-8")
    assert f'href="{other}assets/insyn-fragment.css"' in page
    assert f"{other}assets/charts.js" in page


def test_pages_data_and_css_are_the_sites(site, bundles):
    out, _ = bundles
    with zipfile.ZipFile(out / "mellerud.zip") as zf:
        for name, page in (("mellerud", "mellerud/"), ("hemtjanst", "mellerud/hemtjanst/")):
            html = (site / page / "index.html").read_text(encoding="utf-8")
            assert zf.read(f"sidor/{name}.html").decode() == fragment.page_fragment(
                html, page, BASE
            )
        for ext in ("csv", "json"):
            assert (
                zf.read(f"data/ifo.{ext}")
                == (site / "mellerud" / "ifo" / f"data.{ext}").read_bytes()
            )
        css = zf.read("insyn-fragment.css").decode()
        assert css.startswith("/* insyn-fragment.css") and ".insyn h1 {" in css


def _with_images(site: Path) -> dict[str, bytes]:
    """The site's files as if it had been built with static images: a chart image of
    the first figure of mellerud/hemtjanst/ and a share image, in the page's record
    (what the build writes beside the page; the bundle reads it, not the HTML)."""
    files = _site_files(site)
    page = "mellerud/hemtjanst/"
    caption = LexborHTMLParser(files[f"{page}index.html"].decode("utf-8")).css_first(
        "#U21468-tid-text"
    )
    assert caption is not None
    record = json.loads(files[f"{page}page.json"])
    record["images"] = [
        {"path": "img/aaa.svg", "name": "u21468-tid", "alt": " ".join(caption.text().split())},
        {"path": "img/bbb.png", "name": "delning", "alt": "Rubrik. Diagram för Melleruds kommun."},
    ]
    files[f"{page}page.json"] = json.dumps(record).encode("utf-8")
    # the page shows the image too (the fragment makes its address absolute)
    html = files[f"{page}index.html"].decode("utf-8")
    holder = '<div class="chart" data-chart="U21468-tid-spec"'
    end = html.index(">", html.index(holder)) + 1
    img = '<img class="chart-static" src="../../img/aaa.svg" alt="" loading="lazy">'
    files[f"{page}index.html"] = (html[:end] + img + html[end:]).encode("utf-8")
    files["img/aaa.svg"] = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    files["img/bbb.png"] = b"\x89PNG\r\n\x1a\n"
    return files


def test_images_with_alt_texts(site):
    entries = kommun_bundle("mellerud", _with_images(site), BASE, WHEN)
    assert entries["bilder/hemtjanst-u21468-tid.svg"].startswith(b"<svg")
    assert entries["bilder/hemtjanst-delning.png"].startswith(b"\x89PNG")
    alt = entries["bilder/alt-texter.txt"].decode("utf-8")
    assert "hemtjanst-u21468-tid.svg\n    Linjediagram över andelen äldre med hemtjänst" in alt
    assert "hemtjanst-delning.png\n    Rubrik. Diagram för Melleruds kommun." in alt
    readme = entries["LASMIG.txt"].decode("utf-8")
    assert "Bilder\n" in readme and "bilder/alt-texter.txt" in readme
    assert "Sidorna, bilderna och data" in readme
    page = entries["sidor/hemtjanst.html"].decode("utf-8")
    assert 'src="https://insyn.example.se/img/aaa.svg"' in page


def test_an_image_the_site_lacks_is_left_out(site):
    files = _with_images(site)
    del files["img/aaa.svg"]
    entries = kommun_bundle("mellerud", files, BASE, WHEN)
    assert "bilder/hemtjanst-u21468-tid.svg" not in entries
    assert "bilder/hemtjanst-delning.png" in entries


def test_site_files_read_only_what_is_asked_for(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"A")
    files = bundle.SiteFiles(tmp_path, ["b.txt", "a.txt"])
    assert list(files) == ["a.txt", "b.txt"] and len(files) == 2
    assert "b.txt" in files  # listed in the manifest: not read to answer this
    assert "c.txt" not in files
    assert files["a.txt"] == b"A"
    with pytest.raises(KeyError):
        files["c.txt"]
    with pytest.raises(FileNotFoundError):
        files["b.txt"]


TEXT_ENTRIES = (".txt", ".html", ".css", ".csv", ".json", ".svg")


def _resolves(url: str, files: set[str]) -> bool:
    """A URL on the site's base names a file of the site (a directory: its index.html)."""
    path = url[len(BASE) :].split("#")[0].split("?")[0]
    return path in files or f"{path}index.html" in files or (path == "" and "index.html" in files)


def test_every_zip_reads_as_an_importer_reads_it(site, bundles):
    """Issue 17: a zip as a CMS importer (Sitevision's file archive unpacks an uploaded
    zip) or an editor's unzip tool sees it: plain relative entry names that are the same
    on every file system, strict UTF-8 text without a byte order mark (the CSV for Excel
    excepted), and pages whose every link works wherever the page is put: absolute on
    the site, an anchor inside the page, or the page's own external links."""
    out, _ = bundles
    files = set(_manifest_files(site))
    for name in KOMMUNER:
        with zipfile.ZipFile(out / f"{name}.zip") as zf:
            names = zf.namelist()
            assert len({n.casefold() for n in names}) == len(names), name
            for info in zf.infolist():
                entry = info.filename
                assert entry.isascii() and not info.is_dir(), entry
                assert not entry.startswith("/") and "\\" not in entry, entry
                assert ".." not in entry.split("/") and len(entry) < 100, entry
                assert info.flag_bits & 0x1 == 0, entry  # not encrypted
                data = zf.read(entry)
                if not entry.endswith(TEXT_ENTRIES):
                    continue
                if entry.endswith(".csv") and data.startswith(b"\xef\xbb\xbf"):
                    data = data[3:]  # Excel reads UTF-8 only with the mark
                assert not data.startswith(b"\xef\xbb\xbf"), entry
                text = data.decode("utf-8")  # strict: raises on anything else
                assert "\r" not in text or entry.endswith(".csv"), entry
            for entry in (n for n in names if n.startswith("sidor/")):
                html = zf.read(entry).decode("utf-8")
                assert "<html" not in html and "<head" not in html and "<body" not in html
                tree = LexborHTMLParser(html)
                ids = {n.attributes["id"] for n in tree.css("[id]")}
                for node in tree.css("[href], [src]"):
                    for attr in ("href", "src"):
                        url = node.attributes.get(attr)
                        if url is None:
                            continue
                        if url.startswith("#"):
                            assert url[1:] in ids, (entry, url)
                        elif url.startswith(BASE):
                            assert _resolves(url, files), (entry, url)
                        else:
                            assert url.startswith(("https://", "mailto:")), (entry, url)
