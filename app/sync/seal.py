"""Sealed files on the shared folder: AES-256-GCM (pyca ``cryptography``) with the ward's key
(docs/dev/sealed_share.md). The share is the one place FieldDesk does not control, so whatever
goes there is unreadable without the key and anything altered, forged, truncated or moved under
another name fails to open.

A sealed file is ``MAGIC`` + one JSON line ``{"epoch", "key", "nonce"}`` + the ciphertext with
its tag. The associated data binds the magic, that line and the file's *canonical name* (its path
in the tree without a sync client's conflict-copy tail), so a file replayed under another name or
into another laptop's folder does not open. The nonce is random (96 bits) per file.

The key travels as a passphrase-protected key file (scrypt, then AES-GCM) or as a join code: the
key itself in Crockford base32 with a check, typed once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.i18n import _

MAGIC = b"FieldDesk-sealed-1\n"
KEY_FILE_MAGIC = "FieldDesk-ward-key"
KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1  # ~0.1 s and 32 MiB per try: slows guessing a passphrase
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread
_CONFLICT_TAIL = re.compile(r"^(seg-\d{12}-\d{12})(?:-repair-\d+)?.*\.jsonl$")


class SealError(ValueError):
    """A file that does not open with this laptop's key: forged, altered, truncated or moved."""

    def __init__(self, reason: str, raw: bytes = b""):
        super().__init__(reason)
        self.raw = raw


@dataclass(frozen=True)
class WardKey:
    """One epoch of the ward's key. A rotation makes a new epoch; a laptop holds only the newest."""

    epoch: int
    secret: bytes

    @property
    def key_id(self) -> str:
        """Names the key on the share and in reports without revealing it (an HMAC, not the key)."""
        return hmac.new(self.secret, b"FieldDesk key id", hashlib.sha256).hexdigest()[:16]

    def blob_name(self, sha256: str) -> str:
        """An attachment's name on a sealed share: keyed, so its hash cannot confirm a known photo."""
        return hmac.new(self.secret, b"blob:" + sha256.encode(), hashlib.sha256).hexdigest()


def new_key(epoch: int = 1) -> WardKey:
    return WardKey(epoch, os.urandom(KEY_BYTES))


def canonical(rel: str) -> str:
    """The name a sealed file is bound to: its path, a conflict copy's or own repair's tail cut off
    (a sync client's copy of a file opens like the file; the changes inside merge away)."""
    head, _sep, name = rel.rpartition("/")
    match = _CONFLICT_TAIL.match(name)
    return f"{head}/{match[1]}" if match else rel


def seal(key: WardKey, rel: str, plain: bytes) -> bytes:
    nonce = os.urandom(12)
    line = json.dumps({"epoch": key.epoch, "key": key.key_id, "nonce": base64.b64encode(nonce).decode()},
                      sort_keys=True).encode() + b"\n"
    head = MAGIC + line
    return head + AESGCM(key.secret).encrypt(nonce, plain, head + canonical(rel).encode())


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def unseal(key: WardKey, rel: str, data: bytes) -> bytes:
    """The plaintext, or SealError naming why the file does not open (never a partial result)."""
    if not data.startswith(MAGIC):
        raise SealError(_("not sealed with the ward key (a plain or foreign file on a sealed share)"), data)
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + 512)
    if end < 0:
        raise SealError(_("the sealed file is cut short or damaged"), data)
    try:
        head = json.loads(data[len(MAGIC):end])
        nonce = base64.b64decode(head["nonce"], validate=True)
        epoch, key_id = head["epoch"], head["key"]
    except (ValueError, KeyError, TypeError):
        raise SealError(_("the sealed file's header is damaged"), data) from None
    if epoch != key.epoch or key_id != key.key_id:
        raise SealError(_("sealed with another key (epoch {epoch}, key {key}), not this ward's").format(
            epoch=epoch, key=str(key_id)[:16]), data)
    try:
        return AESGCM(key.secret).decrypt(nonce, data[end + 1:], data[:end + 1] + canonical(rel).encode())
    except (InvalidTag, ValueError):
        raise SealError(_("does not open with the ward key: altered, cut short, forged, or moved under "
                          "another name"), data) from None


# --- carrying the key to a laptop -------------------------------------------------------------

def _kdf(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(passphrase.encode())


def key_file_bytes(key: WardKey, passphrase: str) -> bytes:
    """A key file for another laptop: the key sealed under a key derived from the passphrase."""
    salt, nonce = os.urandom(16), os.urandom(12)
    head = {"magic": KEY_FILE_MAGIC, "format": 1, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
            "epoch": key.epoch, "key": key.key_id}
    aad = json.dumps(head, sort_keys=True).encode()
    head["sealed"] = base64.b64encode(AESGCM(_kdf(passphrase, salt)).encrypt(nonce, key.secret, aad)).decode()
    return (json.dumps(head, sort_keys=True, indent=1) + "\n").encode()


def read_key_file(data: bytes, passphrase: str) -> WardKey:
    """The key in a key file; ValueError with a plain reason when it is not one or the passphrase is wrong."""
    try:
        head = json.loads(data)
        if head.get("magic") != KEY_FILE_MAGIC or head.get("format") != 1 or head.get("kdf") != "scrypt":
            raise ValueError
        sealed = base64.b64decode(head.pop("sealed"), validate=True)
        salt = base64.b64decode(head["salt"], validate=True)
        nonce = base64.b64decode(head["nonce"], validate=True)
        if (head["n"], head["r"], head["p"]) != (SCRYPT_N, SCRYPT_R, SCRYPT_P):
            raise ValueError
        epoch = int(head["epoch"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError(_("not a FieldDesk ward key file")) from None
    aad = json.dumps(head, sort_keys=True).encode()
    try:
        secret = AESGCM(_kdf(passphrase, salt)).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise ValueError(_("wrong passphrase, or the key file was altered")) from None
    return WardKey(epoch, secret)


def join_code(key: WardKey) -> str:
    """The key as a code to type once: epoch, key, a 2-byte check, in groups of five."""
    raw = key.epoch.to_bytes(2, "big") + key.secret
    raw += hashlib.sha256(raw).digest()[:2]
    n = (len(raw) * 8 + 4) // 5
    bits = int.from_bytes(raw, "big") << (n * 5 - len(raw) * 8)  # padded at the end, as read back
    chars = "".join(_ALPHABET[(bits >> (5 * (n - 1 - i))) & 31] for i in range(n))
    return "-".join(chars[i:i + 5] for i in range(0, len(chars), 5))


def from_join_code(code: str) -> WardKey:
    """The key of a typed join code; ValueError when a character is wrong or missing."""
    text = code.upper().replace("-", "").replace(" ", "").translate(str.maketrans("OIL", "011"))
    raw_len = 2 + KEY_BYTES + 2
    if len(text) != (raw_len * 8 + 4) // 5 or any(c not in _ALPHABET for c in text):
        raise ValueError(_("a join code has 58 letters and digits (groups of five); check what was typed"))
    bits = 0
    for c in text:
        bits = bits << 5 | _ALPHABET.index(c)
    bits >>= len(text) * 5 - raw_len * 8
    raw = bits.to_bytes(raw_len, "big")
    if hashlib.sha256(raw[:-2]).digest()[:2] != raw[-2:]:
        raise ValueError(_("the join code does not check out; a character was mistyped"))
    return WardKey(int.from_bytes(raw[:2], "big"), raw[2:-2])
