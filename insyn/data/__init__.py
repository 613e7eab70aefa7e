"""Data: the snapshot contract (``model``) and format (``snapshot``), reference tables and
groups, snapshots made from other sources (``importer``, ``sample``), validation,
quarantine, and what changed between two snapshots (``changes``).
"""
