"""The signed manifest: what a package claims to be, checked field by field after the signature.

Member names come from a fixed allow-list (`content.json`, `plan.json`, `evidence/<sha256>`), so
no name can carry a path, a drive letter or a link; members are never written to disk by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbpp.i18n import _
from kbpp.models.packages import PACKAGE_TYPES
from kbpp.packages import errors as e
from kbpp.packages import strictjson

FORMAT_NAME = "kbpp-package"
CONTENT = "content.json"
PLAN = "plan.json"
EVIDENCE_PREFIX = "evidence/"
MAX_JSON_MEMBER = 8 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_SEQUENCE = 2**53 - 1
OFFICE = "office"

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CREATED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_PLAN = re.compile(r"^\d{4}-\d{4}$")
_FIELDS = {
    "format",
    "format_version",
    "type",
    "package_id",
    "issuer",
    "audience",
    "sequence",
    "previous",
    "created",
    "plan",
    "year",
    "quarter",
    "members",
}


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    type: str
    package_id: str
    issuer: str
    audience: str
    sequence: int
    previous: str | None
    created: str
    plan: str
    year: int
    quarter: int | None
    members: tuple[Member, ...]

    @property
    def evidence(self) -> list[Member]:
        return [m for m in self.members if m.name.startswith(EVIDENCE_PREFIX)]


def manifest_fields(
    type: str,
    package_id: str,
    issuer: str,
    audience: str,
    sequence: int,
    previous: str | None,
    created: str,
    plan: str,
    year: int,
    quarter: int | None,
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": 1,
        "type": type,
        "package_id": package_id,
        "issuer": issuer,
        "audience": audience,
        "sequence": sequence,
        "previous": previous,
        "created": created,
        "plan": plan,
        "year": year,
        "quarter": quarter,
    }


def is_int(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def is_name(value: object) -> bool:
    """A directorate name or "office": printable text of sensible length."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 200
        and value == value.strip()
        and value.isprintable()
    )


def _bad(path: Path, what: str) -> e.PackageRejected:
    return e.PackageRejected(
        e.BAD_MANIFEST,
        path,
        _("its manifest is invalid ({what}); ask the sender to export it again with KBPP.").format(
            what=what
        ),
    )


def _member(raw: object, path: Path) -> Member:
    if not isinstance(raw, dict) or set(raw) != {"name", "size", "sha256"}:
        raise _bad(path, _("a member entry"))
    name, size, digest = raw["name"], raw["size"], raw["sha256"]
    if not isinstance(digest, str) or not _HEX64.match(digest):
        raise _bad(path, "sha256")
    if not is_int(size, 0, 2**40):
        raise _bad(path, "size")
    allowed = name in (CONTENT, PLAN) or name == EVIDENCE_PREFIX + digest
    if not isinstance(name, str) or not allowed:
        raise e.PackageRejected(
            e.BAD_MEMBER,
            path,
            _(
                "it contains a member named “{name}”, which KBPP never writes; do not import it."
            ).format(name=str(name)[:80]),
        )
    if name.endswith(".json") and size > MAX_JSON_MEMBER:
        raise e.PackageRejected(e.TOO_LARGE, path, _("its {name} is too large.").format(name=name))
    return Member(name, size, digest)


def parse_manifest(data: bytes, path: Path) -> Manifest:
    """The manifest's fields, every one checked; anything unexpected is a typed rejection."""
    try:
        raw = strictjson.loads(data)
    except strictjson.StrictJsonError as exc:
        raise _bad(path, str(exc)) from None
    if not isinstance(raw, dict) or set(raw) != _FIELDS:
        raise _bad(path, _("its fields"))
    if raw["format"] != FORMAT_NAME or raw["format_version"] != 1:
        raise e.PackageRejected(
            e.UNKNOWN_VERSION,
            path,
            _("its manifest has a version this KBPP does not know; install a newer KBPP."),
        )
    checks = {
        "type": raw["type"] in PACKAGE_TYPES,
        "package_id": isinstance(raw["package_id"], str) and bool(_UUID.match(raw["package_id"])),
        "issuer": is_name(raw["issuer"]),
        "audience": is_name(raw["audience"]),
        "sequence": is_int(raw["sequence"], 1, MAX_SEQUENCE),
        "previous": raw["previous"] is None
        or (isinstance(raw["previous"], str) and bool(_HEX64.match(raw["previous"]))),
        "created": isinstance(raw["created"], str) and bool(_CREATED.match(raw["created"])),
        "plan": isinstance(raw["plan"], str) and bool(_PLAN.match(raw["plan"])),
        "year": is_int(raw["year"], 1900, 2200),
        "quarter": raw["quarter"] is None or is_int(raw["quarter"], 1, 4),
        "members": isinstance(raw["members"], list) and 0 < len(raw["members"]) <= MAX_MEMBERS,
    }
    wrong = [name for name, ok in checks.items() if not ok]
    if wrong:
        raise _bad(path, ", ".join(wrong))
    members = tuple(_member(m, path) for m in raw["members"])
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise e.PackageRejected(
            e.BAD_MEMBER, path, _("it names the same member twice; do not import it.")
        )
    if names[0] != CONTENT:
        raise _bad(path, _("the first member must be {name}").format(name=CONTENT))
    return Manifest(
        raw["type"],
        raw["package_id"],
        raw["issuer"],
        raw["audience"],
        raw["sequence"],
        raw["previous"],
        raw["created"],
        raw["plan"],
        raw["year"],
        raw["quarter"],
        members,
    )
