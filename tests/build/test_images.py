"""Static images: SVG fallbacks and share PNGs rendered once, reused from the cache."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.helpers.project import make_project, run_build


def test_images_are_rendered_once_and_used_by_the_pages(tmp_path):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    first = run_build(root, out, "--only", "mellerud", "--jobs", "2", images=True)
    assert first.returncode == 0, first.stderr
    assert "ritade" in first.stderr
    cache = sorted((root / ".cache" / "images").iterdir())
    # every image rendered is one a page shows: a chart's SVG or a page's share PNG
    used = set()
    for html in out.rglob("index.html"):
        tree = HTMLParser(html.read_text("utf-8"))
        used |= {img.attributes["src"].rsplit("/", 1)[1] for img in tree.css("img.chart-static")}
        og = tree.css_first('meta[property="og:image"]')
        used |= {og.attributes["content"].rsplit("/", 1)[1]} if og else set()
    assert {p.name for p in cache} == used
    assert len(cache) > 40

    page = HTMLParser((out / "mellerud" / "hemtjanst" / "index.html").read_text("utf-8"))
    for img in page.css("img.chart-static"):
        assert (out / "mellerud" / "hemtjanst" / img.attributes["src"]).resolve().is_file()
    # one static image per indicator with charts (the main chart); none for a note
    charted = [s for s in page.css("section.indicator") if s.css("figure")]
    assert charted and len(page.css("img.chart-static")) >= len(charted)
    for section in page.css("section.indicator"):
        if not section.css("figure"):
            assert section.css_first("div.missing p").text().strip()
    svg = (
        out / "mellerud" / "hemtjanst" / page.css_first("img.chart-static").attributes["src"]
    ).read_text("utf-8")
    assert svg.startswith("<svg") and "aria-" not in svg

    share = page.css_first('meta[property="og:image"]').attributes["content"]
    png = out / share.split("/", 3)[3]
    with Image.open(io.BytesIO(png.read_bytes())) as image:
        assert image.size == (1200, 630)

    # the record beside each page (what bundles read) tells the images the page shows,
    # with the figure's caption as their alt text
    records = sorted(out.rglob("page.json"))
    assert len(records) == 11  # mellerud and its ten areas
    for record_file in records:
        record = json.loads(record_file.read_text("utf-8"))
        tree = HTMLParser((record_file.parent / "index.html").read_text("utf-8"))
        shown = [
            (img.attributes["src"].rsplit("/", 1)[1], _caption(img))
            for img in tree.css("img.chart-static")
        ]
        og = tree.css_first('meta[property="og:image"]')
        if og is not None:
            alt = tree.css_first('meta[property="og:image:alt"]').attributes["content"]
            shown.append((og.attributes["content"].rsplit("/", 1)[1], alt))
        assert [(i["path"].rsplit("/", 1)[1], i["alt"]) for i in record["images"]] == shown
        embeds = [a.text().split('src="', 1)[1].split('"')[0] for a in tree.css("textarea")]
        assert [e.split("/embed/", 1)[1] for e in embeds] == [
            e.split("embed/", 1)[1] for e in record["embeds"]
        ]

    # a new output directory: every page is built again, the images come from the cache
    second = run_build(root, tmp_path / "site2", "--only", "mellerud", "--jobs", "2", images=True)
    assert second.returncode == 0, second.stderr
    assert "bilder: 0 ritade" in second.stderr, second.stderr
    assert sorted((root / ".cache" / "images").iterdir()) == cache


def test_compiled_once_renders_the_same_bytes_as_vega_lite():
    """A chart kind is compiled to Vega once and filled per chart (images.Renderer):
    the SVG and PNG must be the bytes a compile of each chart's own spec gives; a
    chart over time and an answers chart are drawn by write/linechart and
    write/answerchart instead, for SVG and PNG alike."""
    import vl_convert as vlc

    from insyn.build import images
    from insyn.write import answerchart, charts, linechart

    years = [2019, 2020, 2021, 2022]
    jobs = []
    for name, values in (("Mellerud", {2019: 1.5, 2021: 2.25}), ("Åmål", {2020: 7.0})):
        chart = charts.series_chart(
            "over_time",
            [("kommun", name, values), ("riket", "Riket", {y: 2.0 + y % 3 for y in years})],
            years,
            1,
            f"{name}: ökade till 2,3 procent 2022",
            ["Andel i procent.", "Källa: Kolada."],
            "d",
        )
        jobs.append(images.Job(name, "svg", chart.template_name, chart["patch"]))
        share = charts.share_chart(chart, [f"{name} i topp"], ["Källa: Kolada."])
        jobs.append(images.Job(name, "png", share.template_name, share["patch"], static=False))
    answers = charts.answers_chart(
        {2021: "Ja", 2022: "Nej"}, [2021, 2022], ["Ja", "Nej"], "Svar", ["Källa"], "d"
    )
    jobs.append(images.Job("svar", "svg", answers.template_name, answers["patch"]))
    share = charts.share_chart(answers, ["Svar"], ["Källa: Kolada."])
    jobs.append(images.Job("svar", "png", share.template_name, share["patch"], static=False))
    # two charts of how many kommuner answer what, of the same shape: compiled once for both
    for name, own in (("andelar", "Ja"), ("andelar2", "Nej")):
        shares = charts.answer_shares_chart([("Ja", 120), ("Nej", 170)], own, name, ["K"], "d")
        jobs.append(images.Job(name, "svg", shares.template_name, shares["patch"]))
    renderer = images.Renderer()
    for job in jobs:
        spec = charts.Chart(template=job.template, patch=job.patch).spec()
        if job.static:
            spec = charts.for_static(spec)
        drawn = None
        if linechart.drawable(spec):
            # a chart over time is drawn without Vega (test_linechart holds it to Vega)
            drawn = linechart.svg(spec)
        elif answerchart.drawable(spec):
            # so is an answers chart (test_answerchart holds it to Vega)
            drawn = answerchart.svg(spec)
        if drawn is not None:
            expected = (
                drawn.encode("utf-8")
                if job.fmt == "svg"
                else images.quantize_png(bytes(vlc.svg_to_png(drawn, scale=1.0)))
            )
        elif job.fmt == "svg":
            expected = images.slim_svg(vlc.vegalite_to_svg(spec)).encode("utf-8")
        else:
            expected = images.quantize_png(bytes(vlc.vegalite_to_png(spec, scale=1.0)))
        assert renderer.render(job) == expected, job.name
    # only Vega's charts are compiled: the two answer shares charts share one skeleton
    assert len(renderer.compiled) == 1


def _caption(img) -> str:
    """The caption of the figure an image stands in, as one line."""
    node = img.parent
    while node is not None and node.tag != "figure":
        node = node.parent
    assert node is not None
    return " ".join(node.css_first("figcaption").text().split())


def test_images_drop_only_what_a_live_chart_uses():
    """The compiled Vega of an image has no tooltip or description encoding (a quarter
    of a chart's drawing time), and nothing else is taken out."""
    from insyn.build import images

    spec = {
        "marks": [
            {
                "type": "line",
                "encode": {
                    "update": {
                        "tooltip": {"signal": "datum.value"},
                        "description": {"signal": "'x'"},
                        "stroke": {"value": "#000"},
                    }
                },
            }
        ],
        # a field named so that is not an encoding: kept
        "usermeta": {"description": "kept"},
        "description": "kept too",
    }
    out = images._without_interaction(spec)
    assert out["marks"][0]["encode"]["update"] == {"stroke": {"value": "#000"}}
    assert out["usermeta"] == {"description": "kept"}
    assert out["description"] == "kept too"


@pytest.mark.parametrize(
    ("pngs", "svgs", "alone"),
    [
        # a night's new images (Mellerud's values moved): drawn in the build's process
        pytest.param(10, 52, True, id="a-night"),
        pytest.param(0, 150, True, id="many-svgs-are-cheap"),
        # a first build, or a new renderer: a pool over every core
        pytest.param(30, 0, False, id="share-images"),
        pytest.param(2723, 13952, False, id="a-first-build"),
    ],
)
def test_few_images_are_drawn_without_a_pool(pngs, svgs, alone):
    from insyn.build import images

    jobs = [images.Job(f"p{i}", "png", "over_time-0", []) for i in range(pngs)]
    jobs += [images.Job(f"s{i}", "svg", "over_time-0", []) for i in range(svgs)]
    assert images.in_process(jobs) is alone
