"""`kbpp quarter accept|return|lock|unlock|correct` and `kbpp values set --on-behalf`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from kbpp.cli.main import main
from kbpp.models import Directorate, ProgramYear, QuarterStatus, ReviewComment
from kbpp.office.review import review_quarter
from kbpp.storage import Database

SMALL = "Teftiş Kurulu Müdürlüğü"


def kbpp(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def received(db: Database, quarter: int = 1) -> None:
    """The state an imported data package leaves the quarter in."""
    with db.write() as s:
        year = s.scalar(select(ProgramYear.id).where(ProgramYear.year == 2021))
        d = s.scalar(select(Directorate.id).where(Directorate.name == SMALL))
        row = s.get(QuarterStatus, (year, d, quarter)) or QuarterStatus(
            program_year_id=year, directorate_id=d, quarter=quarter, locked=False
        )
        row.state = "submitted"
        s.add(row)


def test_accept_lock_unlock(capsys, db_2021: Database) -> None:
    db = db_2021.path
    where = ("--year", 2021, "--quarter", 1, "--directorate", SMALL)
    code, _out, err = kbpp(capsys, "--db", db, "quarter", "accept", *where)
    assert code == 1 and "Nothing has been received for Q1" in err
    received(db_2021)
    code, out, err = kbpp(capsys, "--db", db, "quarter", "accept", *where)
    assert code == 0 and "is accepted and locked: Accepted by test-user on" in out
    code, _out, err = kbpp(capsys, "--db", db, "quarter", "accept", *where)
    assert code == 1 and "already accepted" in err
    with pytest.raises(SystemExit):  # --reason is required for a lock
        main(["--db", str(db), "quarter", "lock", *map(str, where)])
    capsys.readouterr()
    code, _out, err = kbpp(capsys, "--db", db, "quarter", "unlock", *where, "--reason", " ")
    assert code == 1 and "needs a reason" in err
    code, out, _err = kbpp(capsys, "--db", db, "quarter", "unlock", *where, "--reason", "Hata")
    assert code == 0 and "unlocked and open for entry" in out
    q2 = ("--year", 2021, "--quarter", 2, "--directorate", SMALL)
    code, out, _err = kbpp(capsys, "--db", db, "quarter", "lock", *q2, "--reason", "Denetim")
    assert code == 0 and "is locked: Denetim" in out
    assert review_quarter(db_2021, 2021, 2, SMALL).reason == "Denetim"


def test_return_with_comments_from_a_file(
    capsys, db_2021: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, key = db_2021.path, tmp_path / "office.key"
    monkeypatch.setenv("KBPP_PASSPHRASE", "gizli parola")
    code, _out, err = kbpp(
        capsys, "key", "new", "--out", key, "--passphrase-env", "KBPP_PASSPHRASE"
    )
    assert code == 0, err
    codes = [r.code for r in review_quarter(db_2021, 2021, 1, SMALL).rows]
    comments = tmp_path / "comments.csv"
    comments.write_text(f"{codes[0]},Kanıt eksik, lütfen ekleyin\n\n", encoding="utf-8")
    received(db_2021)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = ("--year", 2021, "--quarter", 1, "--directorate", SMALL, "--reason", "Tutarsız")
    code, out, err = kbpp(
        capsys, "--db", db, "quarter", "return", *args, "--comments", comments,
        "--key", key, "--out", out_dir,
    )  # fmt: skip
    assert code == 0, err
    assert "is returned; give the directorate" in out
    assert len(list(out_dir.glob("*-2021-Q1-return-*.kbpp"))) == 1
    with db_2021.read() as s:
        assert list(s.scalars(select(ReviewComment.text))) == ["Kanıt eksik, lütfen ekleyin"]
    bad = tmp_path / "bad.json"
    bad.write_text('["not", "an object"]', encoding="utf-8")
    code, _out, err = kbpp(
        capsys, "--db", db, "quarter", "return", *args, "--comments", bad,
        "--key", key, "--out", out_dir,
    )  # fmt: skip
    assert code == 1 and "is not a JSON object" in err


def test_corrections_on_behalf_need_a_reason(capsys, db_2021: Database) -> None:
    db = db_2021.path
    code_ = review_quarter(db_2021, 2021, 1, SMALL).rows[0].code
    base = ("--year", 2021, "--quarter", 1, "--directorate", SMALL, "--code", code_)
    code, _out, err = kbpp(capsys, "--db", db, "values", "set", *base, "--value", "4,5")
    assert code == 1 and "needs a reason" in err
    code, out, err = kbpp(
        capsys, "--db", db, "values", "set", *base, "--value", "4,5", "--on-behalf",
        "--reason", "Tutanaktan",
    )  # fmt: skip
    assert code == 0, err
    assert review_quarter(db_2021, 2021, 1, SMALL).rows[0].office_reason == "Tutanaktan"
    code, _out, err = kbpp(capsys, "--db", db, "quarter", "lock", *base[:6], "--reason", "Kabul")
    assert code == 0, err
    code, _out, err = kbpp(
        capsys, "--db", db, "quarter", "correct", *base, "--value", "5", "--reason", "Yazım"
    )
    assert code == 1 and "Kabul" in err and "correct it anyway" in err
    code, out, err = kbpp(
        capsys, "--db", db, "quarter", "correct", *base, "--value", "5", "--reason", "Yazım",
        "--override-lock",
    )  # fmt: skip
    assert code == 0, err
    assert "4.5 → 5, entered by the strategy office (Yazım)" in out
