"""The file format and the keys: a known-answer test pins every byte; keys wrap and unwrap."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from package_world import forge, key_for

from kbpp.packages import strictjson
from kbpp.packages.container import HEADER, MAGIC, PREFIX_SIZE, open_package
from kbpp.packages.errors import KeyFileError
from kbpp.packages.keys import (
    fingerprint,
    load_signing_key,
    matches_fingerprint,
    new_key_files,
    normalise_fingerprint,
    read_public_key,
)

KNOWN_SHA256 = "0dca701b8f3834236a3a86a57606a2c1aa7c42af9a55635022bfdfe6e5c7598f"
KNOWN_FINGERPRINT = "78FD 9AA8 F512 115B DD89 8EB3 DBF1 2A9F"


def known_package(path: Path) -> Path:
    content = strictjson.dumps(
        {"directorate": "Teftiş Kurulu Müdürlüğü", "year": 2021, "quarter": 1,
         "values": [{"target": "PH1.1.1", "indicator": "PG1.1.1.1", "period": "Q1",
                     "value": "12.5", "note": "Eğitim ertelendi."}],
         "spending": [], "evidence": []}
    )  # fmt: skip
    evidence = b"%PDF-1.4 tatbikat raporu"
    name = "evidence/" + hashlib.sha256(evidence).hexdigest()
    return forge(path, key_for("known-answer"), content, sequence=7, members=[(name, evidence)])


def test_known_answer_pins_the_format(tmp_path: Path) -> None:
    """Fixed key and content → fixed bytes. If this fails, the format changed: bump the
    format version and keep reading version 1, never change version 1 silently."""
    path = known_package(tmp_path / "known.kbpp")
    data = path.read_bytes()
    assert data[:8] == MAGIC == b"\x89KBPP\r\n\x1a"
    _magic, version, flags, public_key, manifest_len, payload_len = HEADER.unpack_from(data)
    assert (version, flags, HEADER.size, PREFIX_SIZE) == (1, 0, 56, 120)
    assert len(data) == PREFIX_SIZE + manifest_len + payload_len
    manifest = json.loads(data[PREFIX_SIZE : PREFIX_SIZE + manifest_len])
    assert list(manifest) == sorted(manifest)  # canonical: keys sorted
    assert fingerprint(public_key) == KNOWN_FINGERPRINT
    assert hashlib.sha256(data).hexdigest() == KNOWN_SHA256
    assert open_package(path).file_sha256 == KNOWN_SHA256


def test_fingerprint_is_eight_groups_of_four_hex_digits() -> None:
    fp = key_for("office").fingerprint
    groups = fp.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert fp == fp.upper()
    raw = key_for("office").public_key
    assert matches_fingerprint(raw, fp.lower().replace(" ", "-"))
    assert not matches_fingerprint(raw, key_for("other").fingerprint)
    with pytest.raises(KeyFileError, match="is not a fingerprint"):
        normalise_fingerprint("1234 5678")


def test_key_files_wrap_the_private_key_under_the_passphrase(tmp_path: Path) -> None:
    key = new_key_files(tmp_path / "k.key", "Bilgi İşlem Müdürlüğü", "doğru parola", n=2**14)
    text = (tmp_path / "k.key").read_text()
    assert key.private.private_bytes_raw().hex() not in text
    assert (tmp_path / "k.key").stat().st_mode & 0o077 == 0
    loaded = load_signing_key(tmp_path / "k.key", "doğru parola")
    assert loaded.public_key == key.public_key
    assert read_public_key(tmp_path / "k.key.pub") == (key.public_key, "Bilgi İşlem Müdürlüğü")
    with pytest.raises(KeyFileError, match=r"passphrase .* is wrong") as info:
        load_signing_key(tmp_path / "k.key", "yanlış")
    assert info.value.code == "wrong-passphrase"
    with pytest.raises(KeyFileError, match="already exists"):
        new_key_files(tmp_path / "k.key", "x", "p", n=2**14)


def test_a_swapped_public_half_fails_like_a_wrong_passphrase(tmp_path: Path) -> None:
    new_key_files(tmp_path / "a.key", "a", "pw", n=2**14)
    other = new_key_files(tmp_path / "b.key", "b", "pw", n=2**14)
    doc = json.loads((tmp_path / "a.key").read_text())
    doc["public_key"] = json.loads((tmp_path / "b.key.pub").read_text())["public_key"]
    (tmp_path / "a.key").write_text(json.dumps(doc))
    with pytest.raises(KeyFileError) as info:
        load_signing_key(tmp_path / "a.key", "pw")
    assert info.value.code == "wrong-passphrase"
    assert other.public_key != key_for("a").public_key


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(kdf={**d["kdf"], "n": 2**30}),
        lambda d: d.update(kdf={**d["kdf"], "n": 3}),
        lambda d: d.update(cipher={"name": "none", "nonce": ""}),
        lambda d: d.update(ciphertext="***"),
        lambda d: d.update(format="something-else"),
        lambda d: d.pop("kdf"),
    ],
)
def test_damaged_key_files_are_refused_with_a_code(
    tmp_path: Path, change: Callable[[dict], object]
) -> None:
    new_key_files(tmp_path / "k.key", "a", "pw", n=2**14)
    doc = json.loads((tmp_path / "k.key").read_text())
    change(doc)
    (tmp_path / "k.key").write_text(json.dumps(doc))
    with pytest.raises(KeyFileError) as info:
        load_signing_key(tmp_path / "k.key", "pw")
    assert info.value.code == "bad-key-file"


@pytest.mark.parametrize("data", [b"", b"not json", b"[1]", b"{" * 100_000, b"x" * 20_000])
def test_garbage_key_files_are_refused(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "k.pub").write_bytes(data)
    with pytest.raises(KeyFileError) as info:
        read_public_key(tmp_path / "k.pub")
    assert info.value.code == "bad-key-file"
