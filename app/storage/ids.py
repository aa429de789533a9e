"""Record ids: random for records without a natural key, derived from the key for the others.

Kept apart from the ORM models so that the bulk import path (``app.storage.bulk``) can make ids
without importing SQLAlchemy.
"""

from __future__ import annotations

import hashlib
import uuid

# A fixed namespace for ids derived from natural keys; never change it (ids are synced).
ID_NAMESPACE = uuid.UUID("5f0c2a52-9a54-4b8e-9d3f-131032000000")
_NAMESPACE_BYTES = ID_NAMESPACE.bytes


def new_id() -> str:
    return str(uuid.uuid4())


def natural_id(kind: str, *key: str) -> str:
    """A stable UUID for a record known by its natural key, the same on every laptop.

    Exactly ``uuid.uuid5(ID_NAMESPACE, kind␟key…)`` (a test holds it to that), written out by hand
    because imports derive 40,000 of them and uuid.UUID's constructor is the slow part: the version
    nibble becomes 5 and the variant's two high bits 10, in the hex text of the SHA-1 digest."""
    h = hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join((kind, *key)).encode("utf-8")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
