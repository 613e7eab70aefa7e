"""Publishing targets: GitHub Pages, a CMS over HTTP, zip bundles and a directory.

The imperative shell's far end: these modules read a built, checked and gated
site tree and send it somewhere. Nothing here decides *whether* to publish;
``insyn.check`` has done that before any of them is called.
"""
