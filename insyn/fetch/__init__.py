"""Talking to Kolada: the v3 client (``kolada``) and the one retrying HTTP policy
(``http``), which the CMS publisher shares.
"""
