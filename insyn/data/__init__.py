"""Data: snapshots made from other sources (import), validation and quarantine."""
