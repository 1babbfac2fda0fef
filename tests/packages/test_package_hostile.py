"""Hostile packages: every promise of packages.md ends in a typed rejection and a database
that is byte for byte (logically) what it was."""

from __future__ import annotations

import hashlib
import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from package_world import (
    BILGI,
    SMALL,
    World,
    forge,
    forge_raw,
    genuine_content,
    key_for,
)
from test_package_flow import set_status

from kbpp.packages import errors as e
from kbpp.packages import strictjson
from kbpp.packages.container import open_package
from kbpp.packages.importer import REJECTED, import_package
from kbpp.packages.keyring import add_key, revoke_key
from kbpp.packages.manifest import manifest_fields
from kbpp.storage import Database
from kbpp.storage.dump import logical_dump

STRUCTURAL = {
    e.NOT_A_PACKAGE,
    e.UNKNOWN_VERSION,
    e.BAD_HEADER,
    e.TRUNCATED,
    e.TRAILING_DATA,
    e.TOO_LARGE,
    e.BAD_SIGNATURE,
    e.MEMBER_MISMATCH,
}


def rejected(db: Database, path: Path, *codes: str) -> str:
    """Import must refuse with one of `codes` and leave the database unchanged."""
    before = logical_dump(db)
    outcome = import_package(db, path)
    assert outcome.status == REJECTED, f"{path.name} was not rejected"
    assert outcome.error is not None and outcome.error.code in codes, outcome.error
    assert path.name in str(outcome.error)
    assert logical_dump(db) == before
    return str(outcome.error)


def mutate(path: Path, out: Path, offset: int, mask: int) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    out.write_bytes(bytes(data))
    return out


def test_every_single_byte_flip_of_a_small_package_is_rejected(
    world: World, tmp_path: Path
) -> None:
    path = world.export_data(SMALL)
    size = path.stat().st_size
    assert size < 4000
    rng = random.Random(4)
    before = logical_dump(world.office)
    codes = set()
    for offset in range(size):
        bad = mutate(path, tmp_path / "flip.kbpp", offset, rng.randrange(1, 256))
        outcome = import_package(world.office, bad)
        assert outcome.status == REJECTED, offset
        codes.add(outcome.error.code)
    assert codes <= STRUCTURAL
    assert {e.BAD_SIGNATURE, e.MEMBER_MISMATCH, e.NOT_A_PACKAGE} <= codes
    assert logical_dump(world.office) == before
    assert world.office_import(path).status == "imported"  # the original is still good


def test_sampled_byte_flips_of_a_large_package_are_rejected(world: World, tmp_path: Path) -> None:
    from kbpp.packages.evidence import attach_evidence
    from kbpp.quarter_entry import load_entry_sheet

    ws = world.workspaces[BILGI]
    evidence = tmp_path / "rapor.bin"
    evidence.write_bytes(random.Random(1).randbytes(1_000_000))
    attach_evidence(ws, load_entry_sheet(ws, 2021, BILGI).rows[0].indicator_id, "Q1", evidence)
    path = world.export_data(BILGI)
    size = path.stat().st_size
    rng = random.Random(5)
    offsets = list(range(0, 400)) + [rng.randrange(size) for _ in range(100)] + [size - 1]
    before = logical_dump(world.office)
    for offset in offsets:
        outcome = import_package(world.office, mutate(path, tmp_path / "f.kbpp", offset, 0x20))
        assert outcome.status == REJECTED and outcome.error.code in STRUCTURAL, offset
    assert logical_dump(world.office) == before


def test_truncated_and_extended_files_are_rejected(world: World, tmp_path: Path) -> None:
    path = world.export_data(SMALL)
    data = path.read_bytes()
    out = tmp_path / "cut.kbpp"
    before = logical_dump(world.office)
    for length in range(len(data)):
        out.write_bytes(data[:length])
        outcome = import_package(world.office, out)
        assert outcome.error.code in {e.NOT_A_PACKAGE, e.TRUNCATED}, length
    for extra in (b"\x00", b"x" * 1024, data):
        out.write_bytes(data + extra)
        assert import_package(world.office, out).error.code == e.TRAILING_DATA
    assert logical_dump(world.office) == before


def test_swapped_and_renamed_members_are_rejected(world: World, tmp_path: Path) -> None:
    content = strictjson.dumps(genuine_content(world))
    a, b = b"A" * 64, b"B" * 64
    members = [(f"evidence/{hashlib.sha256(x).hexdigest()}", x) for x in (a, b)]
    path = forge(tmp_path / "two.kbpp", key_for(SMALL), content, members=members)
    data = path.read_bytes()
    swapped = data[:-128] + b + a
    (tmp_path / "swapped.kbpp").write_bytes(swapped)
    rejected(world.office, tmp_path / "swapped.kbpp", e.MEMBER_MISMATCH)
    renamed = data.replace(members[0][0].encode(), members[1][0].encode(), 1)
    (tmp_path / "renamed.kbpp").write_bytes(renamed)
    rejected(world.office, tmp_path / "renamed.kbpp", e.BAD_SIGNATURE)


@pytest.mark.parametrize(
    "name",
    [
        "../content.json",
        "/etc/passwd",
        "C:\\Windows\\evil.dll",
        "c:evil",
        "evidence/../../x",
        "evidence/" + "0" * 64,  # a name that is not its own hash
        "evidence\\" + "0" * 64,
        "link -> /etc/shadow",
        "CONTENT.JSON",
        "content.json/",
        "",
    ],
)
def test_member_names_outside_the_allow_list_are_rejected(
    world: World, tmp_path: Path, name: str
) -> None:
    content = strictjson.dumps(genuine_content(world))
    path = forge(tmp_path / "names.kbpp", key_for(SMALL), content, members=[(name, b"x")])
    rejected(world.office, path, e.BAD_MEMBER)


def test_duplicate_members_are_rejected(world: World, tmp_path: Path) -> None:
    content = strictjson.dumps(genuine_content(world))
    blob = b"same"
    name = f"evidence/{hashlib.sha256(blob).hexdigest()}"
    path = forge(tmp_path / "dup.kbpp", key_for(SMALL), content, members=[(name, blob)] * 2)
    rejected(world.office, path, e.BAD_MEMBER)
    path = forge(
        tmp_path / "dup2.kbpp", key_for(SMALL), content, members=[("content.json", content)]
    )
    rejected(world.office, path, e.BAD_MEMBER)


def test_archives_and_bombs_are_refused_without_being_opened(world: World, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.json", b"0" * 50_000_000)  # 50 MB of zeros, ~50 KB packed
        info = zipfile.ZipInfo("../../evil")
        info.external_attr = 0o120777 << 16  # a symbolic link
        archive.writestr(info, "/etc/passwd")
    (tmp_path / "bomb.kbpp").write_bytes(buffer.getvalue())
    rejected(world.office, tmp_path / "bomb.kbpp", e.NOT_A_PACKAGE)  # refused by its magic
    from kbpp.packages.container import HEADER, MAGIC

    for manifest_len, payload_len, code in (
        (2**31, 0, e.BAD_HEADER),
        (10, 2**62, e.TOO_LARGE),
        (10, 2**20, e.TRUNCATED),
        (0, 0, e.BAD_HEADER),
    ):
        header = HEADER.pack(MAGIC, 1, 0, key_for(SMALL).public_key, manifest_len, payload_len)
        (tmp_path / "huge.kbpp").write_bytes(header + bytes(64) + b"{}" * 5)
        rejected(world.office, tmp_path / "huge.kbpp", code)


def test_folders_and_pipes_are_not_read(world: World, tmp_path: Path) -> None:
    (tmp_path / "folder.kbpp").mkdir()
    rejected(world.office, tmp_path / "folder.kbpp", e.UNREADABLE)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.kbpp")
        rejected(world.office, tmp_path / "pipe.kbpp", e.UNREADABLE)
    rejected(world.office, tmp_path / "missing.kbpp", e.UNREADABLE)


HOSTILE_JSON = [
    b'{"a":NaN}',
    b'{"a":Infinity}',
    b'{"a":-Infinity}',
    b'{"a":1,"a":2}',
    b"[" * 10_000 + b"]" * 10_000,
    b'{"a":' + b"9" * 10_000 + b"}",
    b'{"a":1.5}',
    b'{"a":1e5}',
    b'{ "a":1}',
    b'{"b":1,"a":2}',
    b'{"a":"\\ud800"}',
    b"\xef\xbb\xbf{}",
    b"\xff\xfe",
    b"",
    b"[" * 40 + b"]" * 40,
]


@pytest.mark.parametrize("payload", HOSTILE_JSON, ids=range(len(HOSTILE_JSON)))
def test_hostile_json_content_is_rejected(world: World, tmp_path: Path, payload: bytes) -> None:
    path = forge(tmp_path / "json.kbpp", key_for(SMALL), payload)
    rejected(world.office, path, e.BAD_CONTENT)


@pytest.mark.parametrize("payload", HOSTILE_JSON, ids=range(len(HOSTILE_JSON)))
def test_hostile_json_manifests_are_rejected(world: World, tmp_path: Path, payload: bytes) -> None:
    path = forge_raw(tmp_path / "manifest.kbpp", key_for(SMALL), payload, b"")
    rejected(world.office, path, e.BAD_MANIFEST, e.BAD_HEADER)


def _manifest(**changes: Any) -> bytes:
    fields = manifest_fields(
        "data",
        "0f0e0d0c-0b0a-4908-8706-050403020100",
        SMALL,
        "office",
        9,
        None,
        "2021-04-10T09:00:00Z",
        "2020-2024",
        2021,
        1,
    )
    fields["members"] = [
        {"name": "content.json", "size": 2, "sha256": hashlib.sha256(b"{}").hexdigest()}
    ]
    fields.update(changes)
    return strictjson.dumps({k: v for k, v in fields.items() if v is not ...})


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"format_version": 2}, e.UNKNOWN_VERSION),
        ({"format": "kbpp-package-2"}, e.UNKNOWN_VERSION),
        ({"type": "install"}, e.BAD_MANIFEST),
        ({"sequence": 0}, e.BAD_MANIFEST),
        ({"sequence": True}, e.BAD_MANIFEST),
        ({"sequence": "5"}, e.BAD_MANIFEST),
        ({"package_id": "not-a-uuid"}, e.BAD_MANIFEST),
        ({"issuer": " Teftiş"}, e.BAD_MANIFEST),
        ({"issuer": "a\nb"}, e.BAD_MANIFEST),
        ({"extra": 1}, e.BAD_MANIFEST),
        ({"members": ...}, e.BAD_MANIFEST),
        ({"members": []}, e.BAD_MANIFEST),
        ({"members": [{"name": "content.json", "size": -1, "sha256": "0" * 64}]}, e.BAD_MANIFEST),
        ({"created": "yesterday"}, e.BAD_MANIFEST),
        ({"quarter": 5}, e.BAD_MANIFEST),
    ],
)
def test_manifest_fields_are_checked(
    world: World, tmp_path: Path, changes: dict, code: str
) -> None:
    path = forge_raw(tmp_path / "m.kbpp", key_for(SMALL), _manifest(**changes), b"{}")
    rejected(world.office, path, code)


def test_unknown_header_version_is_rejected_before_anything_else(
    world: World, tmp_path: Path
) -> None:
    path = forge_raw(tmp_path / "v2.kbpp", key_for(SMALL), _manifest(), b"{}", version=2)
    assert "newer KBPP" in rejected(world.office, path, e.UNKNOWN_VERSION)
    path = forge_raw(tmp_path / "flags.kbpp", key_for(SMALL), _manifest(), b"{}", flags=1)
    rejected(world.office, path, e.BAD_HEADER)


def test_unenrolled_revoked_and_wrong_purpose_keys_are_named(world: World, tmp_path: Path) -> None:
    content = strictjson.dumps(genuine_content(world))
    stranger = key_for("stranger")
    message = rejected(
        world.office, forge(tmp_path / "u.kbpp", stranger, content), e.UNENROLLED_KEY
    )
    assert stranger.fingerprint in message
    with world.office.write() as s:
        add_key(s, key_for("office-purpose").public_key, "office", None, "test-user")
    path = forge(tmp_path / "p.kbpp", key_for("office-purpose"), content)
    assert key_for("office-purpose").fingerprint in rejected(world.office, path, e.WRONG_PURPOSE)
    revoke_key(world.office, key_for(SMALL).fingerprint, "kayıp")
    path = forge(tmp_path / "r.kbpp", key_for(SMALL), content)
    assert key_for(SMALL).fingerprint in rejected(world.office, path, e.REVOKED_KEY)


def test_a_directorate_workspace_takes_no_key_but_the_offices(world: World, tmp_path: Path) -> None:
    ws = world.workspaces[SMALL]
    ref = world.export_office("reference", SMALL)
    content = strictjson.loads(open_package(ref).documents["content.json"])
    # a genuine reference content, but signed by a directorate's key:
    path = forge(
        tmp_path / "ref.kbpp",
        key_for(SMALL),
        strictjson.dumps(content),
        type="reference",
        issuer="office",
        audience=SMALL,
        quarter=None,
    )
    rejected(ws, path, e.UNENROLLED_KEY)
    with ws.write() as s:
        add_key(s, key_for(BILGI).public_key, "directorate", BILGI, "test-user")
    path = forge(
        tmp_path / "ref2.kbpp",
        key_for(BILGI),
        strictjson.dumps(content),
        type="reference",
        issuer="office",
        audience=SMALL,
        quarter=None,
    )
    rejected(ws, path, e.WRONG_PURPOSE)


def test_issuer_must_match_the_key(world: World, tmp_path: Path) -> None:
    content = strictjson.dumps(genuine_content(world))
    path = forge(tmp_path / "i.kbpp", key_for(BILGI), content)  # claims SMALL, signed by Bilgi
    assert "Bilgi İşlem" in rejected(world.office, path, e.ISSUER_MISMATCH)


def test_rows_of_another_directorate_are_rejected(world: World, tmp_path: Path) -> None:
    doc = genuine_content(world)
    other = genuine_content(world, BILGI)
    path = forge(
        tmp_path / "c.kbpp", key_for(SMALL), strictjson.dumps({**doc, "directorate": BILGI})
    )
    rejected(world.office, path, e.FOREIGN_ROWS)
    doc["values"].append(other["values"][0])
    path = forge(tmp_path / "rows.kbpp", key_for(SMALL), strictjson.dumps(doc))
    assert other["values"][0]["indicator"] in " ".join(
        import_package(world.office, path).error.problems
    )
    rejected(world.office, path, e.FOREIGN_ROWS)
    path = world.export_office("reference", BILGI)
    rejected(world.workspaces[SMALL], path, e.WRONG_DESTINATION)
    rejected(world.office, world.export_office("reference", SMALL), e.WRONG_DESTINATION)


def test_replay_same_file_and_reused_package_id(world: World, tmp_path: Path) -> None:
    doc = genuine_content(world)
    first = forge(tmp_path / "a.kbpp", key_for(SMALL), strictjson.dumps(doc), sequence=50)
    assert world.office_import(first).status == "imported"
    assert world.office_import(first).status == "already imported"
    doc["values"][0]["note"] = "Başka içerik."
    other = forge(tmp_path / "b.kbpp", key_for(SMALL), strictjson.dumps(doc), sequence=51)
    rejected(world.office, other, e.PACKAGE_ID_REUSED)
    older = forge(
        tmp_path / "c.kbpp",
        key_for(SMALL),
        strictjson.dumps(doc),
        sequence=49,
        package_id="1f0e0d0c-0b0a-4908-8706-050403020100",
    )
    rejected(world.office, older, e.REPLAY)


def test_a_package_touching_an_accepted_quarter_is_rejected(world: World, tmp_path: Path) -> None:
    doc = genuine_content(world)
    set_status(world.office, SMALL, 1, "accepted", False)
    path = forge(tmp_path / "acc.kbpp", key_for(SMALL), strictjson.dumps(doc))
    rejected(world.office, path, e.LOCKED_QUARTER)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["values"][0].update(value="1e5"),
        lambda d: d["values"][0].update(value=12),
        lambda d: d["values"][0].update(value="NaN"),
        lambda d: d["values"][0].update(value="9" * 40),
        lambda d: d["values"][0].update(period="Q2"),
        lambda d: d["values"][0].update(note="x" * 5000),
        lambda d: d["values"][0].pop("note"),
        lambda d: d["values"].append("row"),
        lambda d: d.update(year=2022),
        lambda d: d.update(values={}),
        lambda d: d.update(extra=[]),
        lambda d: d["spending"].append({"target": "x", "activity": "y", "quarter": 1, "kurus": -5}),
        lambda d: d["evidence"].append(
            {
                "target": "x",
                "indicator": "y",
                "period": "Q1",
                "filename": "../../etc/passwd",
                "sha256": "0" * 64,
            }
        ),
    ],
)
def test_malformed_rows_are_rejected_with_their_path(
    world: World, tmp_path: Path, change: Callable[[dict], object]
) -> None:
    doc = genuine_content(world)
    change(doc)
    path = forge(tmp_path / "rows.kbpp", key_for(SMALL), strictjson.dumps(doc))
    rejected(world.office, path, e.BAD_CONTENT)
