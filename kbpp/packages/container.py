"""The `.kbpp` file: a fixed header, an Ed25519 signature, a canonical manifest, the members.

    offset 0    magic (8) · format version (u16) · flags (u16, 0) · signer's public key (32)
                · manifest length (u32) · payload length (u64)          = 56 bytes, big-endian
    offset 56   Ed25519 signature over CONTEXT + header + manifest        = 64 bytes
    offset 120  manifest: canonical JSON (RFC 8785) naming every member's size and SHA-256
    then        the members, back to back, in manifest order

Nothing but the fixed header is parsed before the signature is checked; the file's length must
equal the sum of its parts; members are hashed while streaming, so a large package is never held
in memory. A member is re-hashed when it is read again for import, so a file changed between
verification and import is refused too.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kbpp.i18n import _
from kbpp.packages import errors as e
from kbpp.packages import strictjson
from kbpp.packages.keys import SigningKey, fingerprint, key_id
from kbpp.packages.manifest import Manifest, Member, parse_manifest

MAGIC = b"\x89KBPP\r\n\x1a"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sHH32sIQ")
SIGNATURE_SIZE = 64
PREFIX_SIZE = HEADER.size + SIGNATURE_SIZE
CONTEXT = b"KBPP signed package v1\x00"
MAX_MANIFEST = 1024 * 1024
MAX_PACKAGE = 4 * 1024**3
CHUNK = 1024 * 1024

MemberSource = bytes | Path


@dataclass(frozen=True)
class SignedPackage:
    """A package whose header, signature and manifest have been checked (members not yet)."""

    path: Path
    public_key: bytes
    manifest: Manifest

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class OpenedPackage(SignedPackage):
    """A package whose signature, manifest and every member hash have been checked."""

    file_sha256: str
    documents: dict[str, bytes]  # the JSON members, read once and kept
    offsets: dict[str, int]

    def read_member(self, member: Member) -> bytes:
        """A member's bytes read again and re-hashed (the file may have changed since)."""
        with _open_regular(self.path) as handle:
            handle.seek(self.offsets[member.name])
            data = handle.read(member.size)
        if len(data) != member.size or hashlib.sha256(data).hexdigest() != member.sha256:
            raise e.PackageRejected(
                e.MEMBER_MISMATCH,
                self.path,
                _("the file changed while it was being imported; copy it again and retry."),
            )
        return data


def _member_digest(source: MemberSource) -> tuple[int, str]:
    if isinstance(source, bytes):
        return len(source), hashlib.sha256(source).hexdigest()
    digest, size = hashlib.sha256(), 0
    with Path(source).open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_package(
    out: Path,
    key: SigningKey,
    fields: dict[str, Any],
    members: Sequence[tuple[str, MemberSource]],
) -> str:
    """Sign and write a package atomically (via a .part file); returns the file's SHA-256."""
    listed = []
    for name, source in members:
        size, digest = _member_digest(source)
        listed.append({"name": name, "size": size, "sha256": digest})
    manifest = strictjson.dumps({**fields, "members": listed})
    payload = sum(m["size"] for m in listed)
    header = HEADER.pack(MAGIC, FORMAT_VERSION, 0, key.public_key, len(manifest), payload)
    signature = key.sign(CONTEXT + header + manifest)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    whole = hashlib.sha256()
    with tmp.open("wb") as handle:
        for part in (header, signature, manifest):
            handle.write(part)
            whole.update(part)
        for (name, source), item in zip(members, listed, strict=True):
            written = _copy_member(handle, source, whole)
            if written != item["size"]:
                tmp.unlink(missing_ok=True)
                raise OSError(_("{name} changed while the package was written").format(name=name))
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(out)
    return whole.hexdigest()


def _copy_member(handle: BinaryIO, source: MemberSource, whole: Any) -> int:
    if isinstance(source, bytes):
        handle.write(source)
        whole.update(source)
        return len(source)
    written = 0
    with Path(source).open("rb") as src:
        while chunk := src.read(CHUNK):
            handle.write(chunk)
            whole.update(chunk)
            written += len(chunk)
    return written


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file only: never a folder, device or pipe that could block or never end."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise e.PackageRejected(
            e.UNREADABLE, path, _("it is a folder; pick the .kbpp file.")
        ) from None
    except OSError as exc:
        raise e.PackageRejected(
            e.UNREADABLE,
            path,
            _("it cannot be read ({reason}); check the file.").format(reason=exc.strerror or exc),
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise e.PackageRejected(
            e.UNREADABLE, path, _("it is not a regular file; pick the .kbpp file itself.")
        )
    return os.fdopen(fd, "rb")


def _damaged(path: Path, code: str, what: str) -> e.PackageRejected:
    return e.PackageRejected(
        code,
        path,
        _("{what}; it was damaged or altered on the way; ask the sender for a new copy.").format(
            what=what
        ),
    )


def read_header(handle: BinaryIO, path: Path) -> tuple[bytes, bytes, bytes, int, int]:
    """(header, public key, signature, manifest length, payload length), checking the length."""
    size = os.fstat(handle.fileno()).st_size
    prefix = handle.read(PREFIX_SIZE)
    if len(prefix) < len(MAGIC) or prefix[: len(MAGIC)] != MAGIC:
        raise e.PackageRejected(
            e.NOT_A_PACKAGE, path, _("it is not a KBPP package; pick a .kbpp file made by KBPP.")
        )
    if len(prefix) < PREFIX_SIZE:
        raise _damaged(path, e.TRUNCATED, _("the file is cut short"))
    _magic, version, flags, public_key, manifest_len, payload_len = HEADER.unpack_from(prefix)
    if version != FORMAT_VERSION:
        raise e.PackageRejected(
            e.UNKNOWN_VERSION,
            path,
            _(
                "it has format version {v}, which this KBPP does not know; install a newer KBPP."
            ).format(v=version),
        )
    if flags != 0 or not 0 < manifest_len <= MAX_MANIFEST:
        raise _damaged(path, e.BAD_HEADER, _("its header is invalid"))
    expected = PREFIX_SIZE + manifest_len + payload_len
    if expected > MAX_PACKAGE:
        raise e.PackageRejected(
            e.TOO_LARGE, path, _("it claims to be larger than KBPP accepts; it is not a package.")
        )
    if size < expected:
        raise _damaged(path, e.TRUNCATED, _("the file is cut short"))
    if size > expected:
        raise _damaged(path, e.TRAILING_DATA, _("the file has extra data at its end"))
    return prefix[: HEADER.size], public_key, prefix[HEADER.size :], manifest_len, payload_len


def _signed_part(handle: BinaryIO, path: Path) -> tuple[bytes, bytes, bytes, bytes, int]:
    """Header, key, signature and manifest bytes, the signature checked; nothing parsed yet."""
    header, public_key, signature, manifest_len, payload_len = read_header(handle, path)
    manifest_bytes = handle.read(manifest_len)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            signature, CONTEXT + header + manifest_bytes
        )
    except (InvalidSignature, ValueError):
        raise _damaged(
            path, e.BAD_SIGNATURE, _("its signature does not match its content")
        ) from None
    return header, public_key, signature, manifest_bytes, payload_len


def read_signed(path: Path) -> SignedPackage:
    """Header, signature and manifest only: enough to check the signer's trust, the issuer and
    the sequence before a single member is hashed (and to sort many files by sequence)."""
    with _open_regular(Path(path)) as handle:
        _header, public_key, _sig, manifest_bytes, _len = _signed_part(handle, Path(path))
    return SignedPackage(Path(path), public_key, parse_manifest(manifest_bytes, Path(path)))


def open_package(path: Path) -> OpenedPackage:
    """Check structure, signature, manifest and member hashes; keep the JSON members."""
    path = Path(path)
    with _open_regular(path) as handle:
        header, public_key, signature, manifest_bytes, payload_len = _signed_part(handle, path)
        manifest = parse_manifest(manifest_bytes, path)
        if sum(m.size for m in manifest.members) != payload_len:
            raise _damaged(path, e.BAD_MANIFEST, _("its members do not add up to its length"))
        whole = hashlib.sha256(header + signature + manifest_bytes)
        documents: dict[str, bytes] = {}
        offsets: dict[str, int] = {}
        for member in manifest.members:
            offsets[member.name] = handle.tell()
            digest = hashlib.sha256()
            keep = member.name.endswith(".json")
            parts: list[bytes] = []
            left = member.size
            while left:
                chunk = handle.read(min(CHUNK, left))
                if not chunk:
                    raise _damaged(path, e.TRUNCATED, _("the file is cut short"))
                digest.update(chunk)
                whole.update(chunk)
                if keep:
                    parts.append(chunk)
                left -= len(chunk)
            if digest.hexdigest() != member.sha256:
                raise _damaged(
                    path,
                    e.MEMBER_MISMATCH,
                    _("its member {name} does not match its signed hash").format(name=member.name),
                )
            if keep:
                documents[member.name] = b"".join(parts)
    return OpenedPackage(path, public_key, manifest, whole.hexdigest(), documents, offsets)


def peek_signer(path: Path) -> bytes:
    """The public key in a package's header (for showing its fingerprint before trusting it)."""
    with _open_regular(Path(path)) as handle:
        return read_header(handle, Path(path))[1]
