"""Sync through a shared folder (docs/dev/sync.md): segments of the change log, published and imported."""
