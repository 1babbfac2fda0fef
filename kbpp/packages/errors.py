"""Typed refusals: every package or key problem has a stable code and one plain sentence."""

from __future__ import annotations

from pathlib import Path

from kbpp.errors import KbppError
from kbpp.i18n import _

# Stable codes (shown in messages, used by tests and scripts).
NOT_A_PACKAGE = "not-a-package"
UNKNOWN_VERSION = "unknown-version"
BAD_HEADER = "bad-header"
TRUNCATED = "truncated"
TRAILING_DATA = "trailing-data"
TOO_LARGE = "too-large"
UNREADABLE = "unreadable"
BAD_SIGNATURE = "bad-signature"
UNENROLLED_KEY = "unenrolled-key"
REVOKED_KEY = "revoked-key"
WRONG_PURPOSE = "wrong-purpose"
ISSUER_MISMATCH = "issuer-mismatch"
BAD_MANIFEST = "bad-manifest"
BAD_MEMBER = "bad-member"
MEMBER_MISMATCH = "member-mismatch"
BAD_CONTENT = "bad-content"
WRONG_DESTINATION = "wrong-destination"
FOREIGN_ROWS = "foreign-rows"
UNKNOWN_ROWS = "unknown-rows"
REPLAY = "replay"
PACKAGE_ID_REUSED = "package-id-reused"
LOCKED_QUARTER = "locked-quarter"
FINGERPRINT_UNCONFIRMED = "fingerprint-unconfirmed"


class PackageRejected(KbppError):
    """A package was refused before anything was written; `code` says why, for scripts."""

    def __init__(self, code: str, path: Path | str, reason: str, problems: list[str] | None = None):
        self.code = code
        self.path = Path(path)
        self.reason = reason
        self.problems = problems or []
        super().__init__(
            _("{file} was rejected ({code}): {reason}").format(
                file=self.path.name, code=code, reason=reason
            )
        )


class KeyFileError(KbppError):
    """A key file cannot be read, has the wrong passphrase, or does not match what was typed."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)
