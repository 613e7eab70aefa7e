"""insyn: static transparency pages from Kolada's quality indicators, one night at a time.

The pipeline, one line per subpackage, in the order a night runs them
(THE stage list is ``insyn.pipeline.STAGES``; the command line is ``insyn.cli``):

    inputs   read config.yaml, reference tables, content/ and the fingerprint (inputs.py, config/)
    fetch    Kolada v3 → a new snapshot under data/kolada/<date>/ (fetch/)
    data     the snapshot read, extra CSV merged, validated, quarantined, compared (data/)
    gates    does the new data look like a night we may publish? (check/gates.py)
    analyse  facts, ranks, scores and news value per kommun × area (analyse/)
    write    Swedish press texts, chart specs and figures (write/)
    site     the page plan, URLs, HTML, downloads, feeds and sitemap (site/)
    build    workers, incremental keys, images, staging and swap (build/)
    check    every page and link of the new tree; the site gates (check/)
    publish  directory, GitHub Pages, CMS, bundles, from the build's page records (publish/)
"""
