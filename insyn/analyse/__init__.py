"""Analyse (pure): facts per kommun × indicator, ranks and ties, peers, area scores, news value.

Nothing here reads or writes a file: a snapshot and a config go in, facts come out.
"""
