"""`kbpp publish` and `kbpp remind` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kbpp.cli.main import main
from kbpp.packages.container import open_package
from kbpp.packages.keys import SCRYPT_MIN_N, new_key_files
from kbpp.storage import Database


def test_publish_command(
    db_2021: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    key = tmp_path / "office.key"
    new_key_files(key, "office", "parola-123", n=SCRYPT_MIN_N)
    monkeypatch.setenv("KBPP_PASSPHRASE", "parola-123")
    db = str(db_2021.path)
    out = tmp_path / "out"
    args = ["--db", db, "publish", "--year", "2021", "--key", str(key), "--out", str(out),
            "--passphrase-env", "KBPP_PASSPHRASE"]  # fmt: skip
    assert main([*args, "--directorate", "Zabıta Müdürlüğü"]) == 0
    [path] = out.iterdir()
    assert open_package(path).manifest.audience == "Zabıta Müdürlüğü"
    assert "1 reference package written" in capsys.readouterr().out
    assert main([*args, "--directorate", "Yok Müdürlüğü"]) == 1
    assert "no directorate" in capsys.readouterr().err.lower()
    monkeypatch.setenv("KBPP_PASSPHRASE", "yanlış")
    assert main(args) == 1
    assert len(list(out.iterdir())) == 1


def test_remind_command(db_2021: Database, tmp_path: Path, capsys) -> None:
    out = tmp_path / "letters.pdf"
    db = str(db_2021.path)
    assert main(["--db", db, "remind", "--year", "2021", "--quarter", "3", "--out", str(out),
                 "--directorate", "Teftiş Kurulu Müdürlüğü", "--number", "E-42"]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "Teftiş Kurulu Müdürlüğü: 3 items missing" in printed
    text = PdfReader(out).pages[0].extract_text()
    assert "TEFTİŞ KURULU MÜDÜRLÜĞÜNE" in text and "3. Çeyrek" in text
