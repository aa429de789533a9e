"""The sealed envelope, the key file and the join code (app/sync/seal.py), on real bytes."""

from __future__ import annotations

import json

import pytest

from app.sync import seal
from tests.helpers.ward import TEST_KEY

NAME = "devices/11111111-2222-4333-8444-555555555555/seg-000000000001-000000000009.jsonl"
PLAIN = "山田 花子 / やまだ はなこ / 港区職員住宅 高輪 1-210".encode()


def test_a_sealed_file_shows_nothing_and_opens_only_with_the_key_under_its_name():
    data = seal.seal(TEST_KEY, NAME, PLAIN)
    assert PLAIN not in data and "高輪".encode() not in data and b"yamada" not in data.lower()
    assert seal.unseal(TEST_KEY, NAME, data) == PLAIN
    assert seal.unseal(TEST_KEY, NAME.replace(".jsonl", " (conflicted copy 2026-12-07).jsonl"), data) == PLAIN
    assert seal.seal(TEST_KEY, NAME, PLAIN) != data  # a fresh nonce each time
    with pytest.raises(seal.SealError):
        seal.unseal(seal.new_key(1), NAME, data)  # another ward's key of the same epoch
    with pytest.raises(seal.SealError):
        seal.unseal(TEST_KEY, NAME.replace("000000000009", "000000000010"), data)  # replayed under a new name
    with pytest.raises(seal.SealError):
        seal.unseal(TEST_KEY, NAME.replace("11111111", "99999999"), data)  # into another laptop's folder


@pytest.mark.parametrize("where", [0, len(seal.MAGIC) + 3, -40, -1])
def test_one_flipped_bit_anywhere_is_refused(where):
    data = bytearray(seal.seal(TEST_KEY, NAME, PLAIN))
    data[where] ^= 0x01
    with pytest.raises(seal.SealError):
        seal.unseal(TEST_KEY, NAME, bytes(data))


@pytest.mark.parametrize("keep", [0, 5, len(seal.MAGIC) + 10, -1])
def test_a_truncated_file_is_refused(keep):
    data = seal.seal(TEST_KEY, NAME, PLAIN)
    with pytest.raises(seal.SealError):
        seal.unseal(TEST_KEY, NAME, data[:keep])


def test_a_plain_file_on_a_sealed_share_is_refused_even_if_it_is_a_valid_segment(english):
    with pytest.raises(seal.SealError, match="not sealed"):
        seal.unseal(TEST_KEY, NAME, b'{"magic":"FieldDesk-segment"}\n')


def test_an_epoch_header_rewritten_to_the_readers_epoch_still_does_not_open(english):
    old = seal.WardKey(1, b"\x01" * 32)
    data = seal.seal(old, NAME, PLAIN)
    head_end = data.index(b"\n", len(seal.MAGIC))
    head = json.loads(data[len(seal.MAGIC):head_end])
    new = seal.WardKey(2, b"\x02" * 32)
    head |= {"epoch": 2, "key": new.key_id}
    forged = seal.MAGIC + json.dumps(head, sort_keys=True).encode() + data[head_end:]
    with pytest.raises(seal.SealError, match="does not open"):
        seal.unseal(new, NAME, forged)


def test_the_key_file_needs_its_passphrase_and_says_so(english):
    data = seal.key_file_bytes(TEST_KEY, "correct horse battery")
    assert TEST_KEY.secret.hex() not in data.decode() and TEST_KEY.key_id in data.decode()
    assert seal.read_key_file(data, "correct horse battery") == TEST_KEY
    with pytest.raises(ValueError, match="passphrase"):
        seal.read_key_file(data, "correct horse batterz")
    altered = data.replace(b'"epoch": 1', b'"epoch": 7')
    with pytest.raises(ValueError, match="passphrase|altered"):
        seal.read_key_file(altered, "correct horse battery")
    with pytest.raises(ValueError, match="not a FieldDesk"):
        seal.read_key_file(b"hello", "correct horse battery")


def test_the_join_code_round_trips_and_catches_a_mistyped_character(english):
    code = seal.join_code(TEST_KEY)
    assert len(code.replace("-", "")) == 58
    assert seal.from_join_code(code) == TEST_KEY
    assert seal.from_join_code(code.lower().replace("-", " ").replace("0", "o")) == TEST_KEY  # as typed
    for i in (0, 20, 57):
        plain = code.replace("-", "")
        wrong = plain[:i] + ("X" if plain[i] != "X" else "Y") + plain[i + 1:]
        with pytest.raises(ValueError):
            seal.from_join_code(wrong)
    with pytest.raises(ValueError, match="58"):
        seal.from_join_code(code[:-3])


def test_blob_names_are_keyed():
    digest = "ab" * 32
    assert TEST_KEY.blob_name(digest) != digest
    assert seal.new_key(1).blob_name(digest) != TEST_KEY.blob_name(digest)
