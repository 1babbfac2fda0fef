"""Ed25519 signing keys: generation, passphrase wrapping, key files and fingerprints.

The private key is wrapped with scrypt + ChaCha20-Poly1305 (cryptography's own PKCS#8
encryption uses only 2048 PBKDF2 iterations). The public key is bound into the AEAD's associated
data, so a key file whose public half was swapped fails like a wrong passphrase.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kbpp.i18n import _
from kbpp.packages.errors import KeyFileError

PRIVATE_FORMAT = "kbpp-private-key"
PUBLIC_FORMAT = "kbpp-public-key"
SCRYPT_N = 2**17  # 128 MiB, ~0.3 s: the OWASP recommendation for scrypt
SCRYPT_MIN_N, SCRYPT_MAX_N = 2**14, 2**20
MAX_KEY_FILE = 16 * 1024
_AAD = b"kbpp private key v1\n"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def key_id(public_key: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, in hex: how the database names a key."""
    return hashlib.sha256(public_key).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """The first 128 bits of the key id as 8 groups of 4 hex digits, as people compare it."""
    head = key_id(public_key)[:32].upper()
    return " ".join(head[i : i + 4] for i in range(0, 32, 4))


def normalise_fingerprint(typed: str) -> str:
    """What a person typed (any case, spaces, dashes) → 32 lower-case hex digits, or an error."""
    text = re.sub(r"[\s:-]", "", typed).lower()
    if not _HEX32.match(text):
        raise KeyFileError(
            "bad-fingerprint",
            _(
                "“{typed}” is not a fingerprint; type the 8 groups of 4 hex digits shown on the "
                "enrolment sheet."
            ).format(typed=typed.strip()[:60]),
        )
    return text


def matches_fingerprint(public_key: bytes, typed: str) -> bool:
    return key_id(public_key)[:32] == normalise_fingerprint(typed)


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class SigningKey:
    """An unwrapped private key, held only while a package is being signed."""

    private: Ed25519PrivateKey
    label: str

    @property
    def public_key(self) -> bytes:
        return _raw_public(self.private)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def signing_key_from_seed(seed: bytes, label: str) -> SigningKey:
    """A key from fixed bytes: for the known-answer test, the tests and the benchmark."""
    return SigningKey(Ed25519PrivateKey.from_private_bytes(seed), label)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str, path: Path) -> bytes:
    if not isinstance(text, str):
        raise _damaged(path, what)
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise _damaged(path, what) from None


def _damaged(path: Path, what: str) -> KeyFileError:
    return KeyFileError(
        "bad-key-file",
        _(
            "{file} is not a KBPP key file or is damaged ({what}); "
            "use the file that “kbpp key new” wrote."
        ).format(file=path.name, what=what),
    )


def _kdf(salt: bytes, n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p)


def wrap_private_key(key: SigningKey, passphrase: str, n: int = SCRYPT_N) -> dict[str, object]:
    if not passphrase:
        raise KeyFileError("empty-passphrase", _("The passphrase cannot be empty; choose one."))
    salt, nonce = os.urandom(16), os.urandom(12)
    secret = _kdf(salt, n, 8, 1).derive(passphrase.encode("utf-8"))
    seed = key.private.private_bytes_raw()
    ciphertext = ChaCha20Poly1305(secret).encrypt(nonce, seed, _AAD + key.public_key)
    return {
        "format": PRIVATE_FORMAT,
        "version": 1,
        "label": key.label,
        "public_key": _b64(key.public_key),
        "kdf": {"name": "scrypt", "n": n, "r": 8, "p": 1, "salt": _b64(salt)},
        "cipher": {"name": "chacha20-poly1305", "nonce": _b64(nonce)},
        "ciphertext": _b64(ciphertext),
    }


def _write_atomically(path: Path, text: str, private: bool) -> None:
    tmp = path.with_name(path.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def new_key_files(path: Path, label: str, passphrase: str, n: int = SCRYPT_N) -> SigningKey:
    """Generate a key; write the wrapped private key to `path` and the public key to path.pub."""
    path = Path(path)
    public_path = public_key_path(path)
    for target in (path, public_path):
        if target.exists():
            raise KeyFileError(
                "exists",
                _(
                    "{file} already exists; KBPP never overwrites a key. Choose another name."
                ).format(file=target),
            )
    key = SigningKey(Ed25519PrivateKey.generate(), label)
    wrapped = wrap_private_key(key, passphrase, n)
    _write_atomically(path, json.dumps(wrapped, indent=1) + "\n", private=True)
    public = {
        "format": PUBLIC_FORMAT,
        "version": 1,
        "label": label,
        "public_key": _b64(key.public_key),
    }
    _write_atomically(public_path, json.dumps(public, indent=1) + "\n", private=False)
    return key


def public_key_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".pub")


def _read_json(path: Path) -> dict[str, object]:
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise KeyFileError(
            "unreadable",
            _("{file} cannot be read: {reason}.").format(file=path, reason=exc.strerror or exc),
        ) from None
    if len(data) > MAX_KEY_FILE:
        raise _damaged(Path(path), _("too large"))
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged(Path(path), _("not JSON")) from None
    if not isinstance(doc, dict):
        raise _damaged(Path(path), _("not an object"))
    return doc


def _label(doc: dict[str, object], path: Path) -> str:
    label = doc.get("label", "")
    if not isinstance(label, str) or len(label) > 200:
        raise _damaged(path, "label")
    return label


def read_public_key(path: Path) -> tuple[bytes, str]:
    """(raw public key, label) from a .pub file, or from a private key file's public half."""
    path = Path(path)
    doc = _read_json(path)
    if doc.get("format") not in (PUBLIC_FORMAT, PRIVATE_FORMAT) or doc.get("version") != 1:
        raise _damaged(path, _("unknown format"))
    raw = _unb64(doc.get("public_key"), "public_key", path)
    if len(raw) != 32:
        raise _damaged(path, "public_key")
    return raw, _label(doc, path)


def load_signing_key(path: Path, passphrase: str) -> SigningKey:
    """Unwrap a private key file; a wrong passphrase fails cleanly with KeyFileError."""
    path = Path(path)
    doc = _read_json(path)
    if doc.get("format") != PRIVATE_FORMAT or doc.get("version") != 1:
        raise _damaged(path, _("not a private key"))
    kdf, cipher = doc.get("kdf"), doc.get("cipher")
    if not isinstance(kdf, dict) or not isinstance(cipher, dict):
        raise _damaged(path, "kdf")
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if (
        kdf.get("name") != "scrypt"
        or cipher.get("name") != "chacha20-poly1305"
        or not all(type(v) is int for v in (n, r, p))
        or not SCRYPT_MIN_N <= n <= SCRYPT_MAX_N  # type: ignore[operator]
        or n & (n - 1)  # type: ignore[operator]
        or (r, p) != (8, 1)
    ):
        raise _damaged(path, "kdf")
    salt = _unb64(kdf.get("salt"), "salt", path)
    nonce = _unb64(cipher.get("nonce"), "nonce", path)
    public, label = read_public_key(path)
    if len(nonce) != 12 or len(salt) < 16:
        raise _damaged(path, "nonce")
    secret = _kdf(salt, n, r, p).derive(passphrase.encode("utf-8"))  # type: ignore[arg-type]
    try:
        seed = ChaCha20Poly1305(secret).decrypt(
            nonce, _unb64(doc.get("ciphertext"), "ciphertext", path), _AAD + public
        )
    except InvalidTag:
        raise KeyFileError(
            "wrong-passphrase",
            _("The passphrase for {file} is wrong (or the file was altered); try again.").format(
                file=path.name
            ),
        ) from None
    key = SigningKey(Ed25519PrivateKey.from_private_bytes(seed), label)
    if key.public_key != public:
        raise _damaged(path, "public_key")
    return key
