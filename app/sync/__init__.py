"""Sync through a shared folder (SYNC.md): segments of the change log, published and imported."""
