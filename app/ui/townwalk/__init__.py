"""The まちあるき研修 (town-walk) tab; the main window needs only ``TownWalkTab``:

    from app.ui.townwalk import TownWalkTab

Imported lazily (PEP 562), so walking the ``app`` package (the no-Qt test) does not load Qt."""

from __future__ import annotations

__all__ = ["TownWalkTab"]


def __getattr__(name: str):
    if name == "TownWalkTab":
        from app.ui.townwalk.tab import TownWalkTab

        return TownWalkTab
    raise AttributeError(name)
