"""Site (pure): which pages exist, at which URL, and their HTML, downloads, feeds and sitemap.

``urls`` is THE URL scheme; ``pages`` plans the pages and their contexts; ``render``
turns a context into HTML. The build (insyn.build) writes what these return.
"""
