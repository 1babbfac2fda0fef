"""Publishing a year: a signed reference package for every directorate (or one) into a folder.

The whole batch is built and signed into a hidden staging folder inside the output folder, in
one database transaction that records every export; only when every file is written are they
renamed to their final names, and the transaction commits after that. Any failure (a full USB
stick, a name that already exists, cancel) removes what was written and rolls the records back,
so the office never holds half a set that it believes was published.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from kbpp import audit
from kbpp.errors import KbppError, ValidationError
from kbpp.i18n import _, ngettext
from kbpp.models import Directorate, PerformanceTarget, ProgramYear
from kbpp.packages import strictjson
from kbpp.packages.build import reference_content
from kbpp.packages.container import write_package
from kbpp.packages.export import (
    ExportRefused,
    ExportSummary,
    export_summary,
    file_name,
    next_sequence,
    record_export,
)
from kbpp.packages.keys import SigningKey, load_signing_key
from kbpp.packages.manifest import OFFICE, manifest_fields
from kbpp.planexchange.exporter import export_plan
from kbpp.storage import Database

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]


class PublishCancelled(KbppError):
    """The user cancelled; nothing was published."""


@dataclass(frozen=True)
class Staged:
    summary: ExportSummary
    directorate: str
    content: bytes
    plan_text: bytes
    period: str


def publishable_directorates(db: Database, year: int) -> list[str]:
    """The directorates with goal cards in the year, in display order: who gets a package."""
    with db.read() as session:
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        if program is None:
            raise ValidationError(_("There is no program year {year}.").format(year=year))
        return list(
            session.scalars(
                select(Directorate.name)
                .where(
                    Directorate.id.in_(
                        select(PerformanceTarget.directorate_id).where(
                            PerformanceTarget.program_year_id == program.id
                        )
                    )
                )
                .order_by(Directorate.position)
            )
        )


def publish(
    db: Database,
    year: int,
    key_path: Path,
    passphrase: str,
    out_folder: Path,
    directorate: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """Write the year's reference packages (all directorates, or the one named); returns the
    files in directorate order. All are written or none."""
    key = load_signing_key(Path(key_path), passphrase)
    return publish_with_key(db, year, key, out_folder, directorate, progress, cancelled)


def publish_with_key(
    db: Database,
    year: int,
    key: SigningKey,
    out_folder: Path,
    directorate: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    report = progress or (lambda _p, _t: None)
    stop = cancelled or (lambda: False)
    if db.role != "office":
        raise ExportRefused(_("Only the strategy office publishes reference packages."))
    names = [directorate] if directorate else publishable_directorates(db, year)
    if not names:
        raise ValidationError(
            _("No directorate has goal cards in {year}; there is nothing to publish.").format(
                year=year
            )
        )
    out = Path(out_folder)
    out.mkdir(parents=True, exist_ok=True)
    whole = export_plan(db, year)
    staged = []
    for i, name in enumerate(names):
        if stop():
            raise PublishCancelled(_("Publishing was cancelled; no package was written."))
        report(int(40 * i / len(names)), _("Preparing {name}").format(name=name))
        summary = export_summary(db, "reference", year, None, name)
        built = reference_content(db, year, summary.audience, whole)
        assert built.plan_text is not None
        content = strictjson.dumps(built.content)
        staged.append(
            Staged(summary, summary.audience, content, built.plan_text, built.plan_period)
        )
    return _write_all(db, key, out, year, staged, report, stop)


def _write_all(
    db: Database,
    key: SigningKey,
    out: Path,
    year: int,
    staged: list[Staged],
    report: Progress,
    stop: Cancelled,
) -> list[Path]:
    user = audit.current_user()
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    staging = Path(tempfile.mkdtemp(prefix=".kbpp-publish-", dir=out))
    placed: list[Path] = []
    try:
        with db.write() as session:
            sequence, previous = next_sequence(session)
            pairs = []
            for i, item in enumerate(staged):
                if stop():
                    raise PublishCancelled(_("Publishing was cancelled; no package was written."))
                final = out / file_name(item.summary, sequence)
                if final.exists():
                    raise ExportRefused(
                        _("{file} already exists; KBPP never overwrites a package.").format(
                            file=final
                        )
                    )
                report(40 + int(55 * i / len(staged)), _("Signing {name}").format(name=final.name))
                package_id = str(uuid.uuid4())
                fields = manifest_fields(
                    "reference", package_id, OFFICE, item.directorate, sequence, previous,
                    created, item.period, year, None,
                )  # fmt: skip
                members = [("content.json", item.content), ("plan.json", item.plan_text)]
                try:
                    digest = write_package(staging / final.name, key, fields, members)
                except OSError as exc:
                    raise KbppError(
                        _(
                            "{file} cannot be written ({reason}); check the folder or the USB "
                            "stick. No package was published."
                        ).format(file=final, reason=exc.strerror or exc)
                    ) from None
                record_export(
                    session,
                    "publish",
                    package_id=package_id,
                    type="reference",
                    audience=item.directorate,
                    sequence=sequence,
                    year=year,
                    quarter=None,
                    digest=digest,
                    name=final.name,
                    key=key,
                    user=user,
                )
                pairs.append((staging / final.name, final))
                sequence, previous = sequence + 1, digest
            session.flush()
            for source, final in pairs:
                if final.exists():
                    raise ExportRefused(
                        _("{file} appeared while publishing; nothing was published.").format(
                            file=final
                        )
                    )
                os.replace(source, final)
                placed.append(final)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report(
        100,
        ngettext("{n} package written.", "{n} packages written.", len(placed)).format(
            n=len(placed)
        ),
    )
    return placed
