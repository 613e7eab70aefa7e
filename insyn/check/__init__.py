"""Checks that stop a broken night: the built pages and links (``pagechecks``), the
publishing gates on data and site (``gates``), the Swedish style check of every text
(``textcheck``) and the size of the site (``sitesize``). Pure functions; the pipeline
decides what a finding stops.
"""
