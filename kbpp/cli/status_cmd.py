"""`kbpp status --year Y [--quarter Q] [--json] [--xlsx FILE]`: the office's overview matrix.

Without a quarter: one line per directorate, a short cell per quarter (state and values
entered of those due) and the band counts. With a quarter: that quarter in detail (sent,
sequence, values, notes, who accepted or returned it and why, the lock).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from kbpp.formatting import format_date
from kbpp.i18n import _
from kbpp.office.status import (
    LATE,
    QuarterCell,
    YearStatus,
    fraction,
    state_label,
    state_text,
    status_to_json,
    write_status_xlsx,
    year_status,
)
from kbpp.storage import open_database

NAME_WIDTH = 34
CELL_WIDTH = 22


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "status", help=_("who has sent what: the directorates' quarters (office)")
    )
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help=_("only this quarter"))
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    parser.add_argument(
        "--xlsx", type=Path, metavar="FILE", help=_("also write the matrix to Excel")
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help=argparse.SUPPRESS
    )
    parser.set_defaults(handler=run)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _short(cell: QuarterCell) -> str:
    label = state_label(cell.state)
    if cell.state == LATE:
        label = _("late {days}d").format(days=cell.days_overdue)
    if cell.locked:
        label += "*"
    c = cell.completeness
    return f"{label} {fraction(c.entered, c.expected)}"


def _bands(status: YearStatus, counts: dict[str, int], undefined: int) -> str:
    return " ".join(str(counts[b.key]) for b in status.bands) + f" ({undefined})"


def print_matrix(status: YearStatus) -> None:
    head = [_fit(_("Directorate"), NAME_WIDTH).ljust(NAME_WIDTH)]
    head += [
        _("Q{q} (due {due})").format(q=w.quarter, due=format_date(w.due_on)).ljust(CELL_WIDTH)
        for w in status.windows
    ]
    head.append(_("Bands through Q{q}").format(q=status.band_quarter))
    print("  ".join(head))
    for d in status.directorates:
        line = [_fit(d.name, NAME_WIDTH).ljust(NAME_WIDTH)]
        line += [_fit(_short(c), CELL_WIDTH).ljust(CELL_WIDTH) for c in d.cells]
        line.append(_bands(status, d.bands.counts, d.bands.undefined))
        print("  ".join(line).rstrip())
    keys = " · ".join(b.key for b in status.bands)
    print("\n" + _("Bands: {keys} (no rate)").format(keys=keys))
    print(_("* locked"))


def print_quarter(status: YearStatus) -> None:
    quarter = status.quarters[0]
    window = status.windows[quarter - 1]
    print(
        _("Q{q} {year}: due {due}").format(
            q=quarter, year=status.year, due=format_date(window.due_on)
        )
    )
    for d in status.directorates:
        cell = d.cells[0]
        c = cell.completeness
        parts = [
            state_text(cell),
            _("values {n}").format(n=fraction(c.entered, c.expected)),
            _("notes {n}").format(n=fraction(c.notes_present, c.notes_required)),
        ]
        if cell.sequence is not None:
            sent = cell.sent_at or cell.received_at
            parts.append(
                _("sent {date}, no. {seq}").format(date=format_date(sent), seq=cell.sequence)
            )
        if cell.decided_by:
            parts.append(
                _("{state} by {user} on {date}").format(
                    state=state_label(cell.stored_state if cell.state == LATE else cell.state),
                    user=cell.decided_by,
                    date=format_date(cell.decided_at),
                )
            )
        if cell.reason and cell.stored_state == "returned":
            parts.append(_("reason: {reason}").format(reason=cell.reason))
        if cell.locked:
            parts.append(_("locked: {reason}").format(reason=cell.lock_reason or "-"))
        print(f"{_fit(d.name, NAME_WIDTH).ljust(NAME_WIDTH)}  " + "; ".join(parts))


def run(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        status = year_status(db, args.year, args.quarter, args.today)
    finally:
        db.close()
    if args.xlsx:
        write_status_xlsx(status, args.xlsx)
    if args.json:
        print(json.dumps(status_to_json(status), ensure_ascii=False, indent=1))
        return 0
    if args.quarter:
        print_quarter(status)
    else:
        print_matrix(status)
    if args.xlsx:
        print(_("Written: {path}").format(path=args.xlsx))
    return 0
