"""A directorate workspace created from the office's reference package (`init --from-package`).

The office's key is not known yet, so the user confirms its fingerprint (read from the
package, compared with what the office gave them); the workspace is removed again if the
import is refused, so a half-made workspace never stays behind.
"""

from __future__ import annotations

from pathlib import Path

from kbpp.i18n import _
from kbpp.packages import errors as e
from kbpp.packages.container import open_package
from kbpp.packages.importer import REJECTED, Outcome, import_package
from kbpp.packages.keys import matches_fingerprint
from kbpp.packages.manifest import OFFICE
from kbpp.storage import create_database


def create_workspace(
    path: Path, package: Path, office_fingerprint: str, directorate: str | None = None
) -> Outcome:
    """Create the directorate workspace a reference package is addressed to, and import it;
    `directorate`, when given, must be the one the package is for."""
    opened = open_package(package)
    m = opened.manifest
    if m.type != "reference" or m.issuer != OFFICE:
        raise e.PackageRejected(
            e.WRONG_DESTINATION,
            opened.path,
            _("only a reference package from the strategy office can create a workspace."),
        )
    if directorate is not None and directorate != m.audience:
        raise e.PackageRejected(
            e.WRONG_DESTINATION,
            opened.path,
            _("it is for “{audience}”, not for “{name}”; use that directorate's package.").format(
                audience=m.audience, name=directorate
            ),
        )
    if not matches_fingerprint(opened.public_key, office_fingerprint):
        raise e.PackageRejected(
            e.FINGERPRINT_UNCONFIRMED,
            opened.path,
            _(
                "it is signed by the key {fp}, not by the one you confirmed; ask the strategy "
                "office which key they use."
            ).format(fp=opened.fingerprint),
        )
    db = create_database(path, "directorate", m.audience)
    try:
        outcome = import_package(db, opened.path, trust_office=office_fingerprint)
    finally:
        db.close()
    if outcome.status == REJECTED:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        assert outcome.error is not None
        raise outcome.error
    return outcome
