"""Make tests/fixtures/schema-<revision>.db: one small database per Alembic revision.

    .venv/bin/python tools/make_migration_fixtures.py [--out tests/fixtures]

Each file is a fresh database upgraded with Alembic to exactly that revision and filled with
representative rows through plain SQL valid at that revision (never through today's models,
which only know the newest schema). tests/test_migrations_upgrade.py opens each with
`open_database`, which migrates it to head, and checks that nothing was lost.

When a new revision is added, add its rows to ROWS (SQL for the tables it creates or changes)
and run this script again: the files of older revisions come out the same, since the SQL and
the migrations that made them do not change.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "kbpp" / "migrations"
DEFAULT_OUT = ROOT / "tests" / "fixtures"

SETTINGS_2021 = (
    '{"bands": [{"key": "Hedef ve Üstü", "lower": "85", "color": "#2e7d32"}, '
    '{"key": "Başarılı", "lower": "70", "color": "#7cb342"}, '
    '{"key": "İyi", "lower": "55", "color": "#fbc02d"}, '
    '{"key": "İlerlemede", "lower": "45", "color": "#ef6c00"}, '
    '{"key": "Geliştirilmeli", "lower": "-Infinity", "color": "#c62828"}], '
    '"note_below": "85", "note_above": "120", "share_rounding": "half_even"}'
)

# The SQL each revision introduces; a fixture of revision N runs the lists of every revision up
# to N. Kept small, but every table has rows and the awkward values are there: Turkish letters,
# exact decimals as text, kuruş, NULLs, a deviation note, an office entry on behalf.
ROWS: dict[str, list[str]] = {
    "0001": [
        "INSERT INTO database_info (key, value) VALUES ('role', 'office'), ('created_by', '0.1.0')",
        "INSERT INTO directorates (id, name, position) VALUES "
        "(1, 'Bilgi İşlem Müdürlüğü', 0), (2, 'Fen İşleri Müdürlüğü', 1)",
        "INSERT INTO economic_codes (code, name) VALUES "
        "('01', 'Personel Giderleri'), ('03', 'Mal ve Hizmet Alım Giderleri')",
        "INSERT INTO strategic_plans (id, name, start_year, end_year, institution, source, "
        "mission, vision, core_values) VALUES (1, '2020-2024 Stratejik Planı', 2020, 2024, "
        "'Küçükçekmece Belediyesi', 'fixture', 'Misyon', 'Vizyon', "
        '\'["Kente Saygı", "Eşit Hizmet"]\')',
        "INSERT INTO aims (id, plan_id, code, text, position) VALUES "
        "(1, 1, 'A1', 'Yaşam kalitesi yüksek bir ilçe', 0)",
        "INSERT INTO objectives (id, plan_id, aim_id, code, text, position) VALUES "
        "(1, 1, 1, 'H1.1', 'Bilgi güvenliğini sağlamak', 0)",
        "INSERT INTO themes (id, plan_id, name, position) VALUES (1, 1, 'Akıllı Şehir', 0)",
        "INSERT INTO theme_aims (theme_id, aim_id) VALUES (1, 1)",
        f"INSERT INTO program_years (id, plan_id, year, settings) VALUES "
        f"(1, 1, 2021, '{SETTINGS_2021}')",
        "INSERT INTO performance_targets (id, program_year_id, directorate_id, objective_id, "
        "code, text, position) VALUES "
        "(1, 1, 1, 1, 'PH9.62.1', 'Güvenilir erişim sağlamak', 0), "
        "(2, 1, 2, 1, 'PH4.12.1', 'Yolların bakımını yapmak', 1)",
        "INSERT INTO indicators (id, target_id, code, kind, name, type, unit, direction, "
        "aggregation, frequency, weight, baseline, target, evidence, position) VALUES "
        "(1, 1, 'PG9.62.1.1', 'performance', 'Farkındalık eğitimi sayısı', 'Kalite', 'Adet', "
        "'increasing', 'sum', 'Üç aylık', '0.5', '7', '9', 'Eğitim listeleri', 0), "
        "(2, 1, 'PG9.62.1.2', 'performance', 'Sistem erişilebilirlik oranı', 'Kalite', "
        "'Yüzde', 'increasing', 'average', NULL, '0.5', '99.2', '99.5', NULL, 1), "
        "(3, 2, 'PG4.12.1.1', 'monitoring', 'Asfaltlanan yol (m²)', 'Çıktı', 'm²', NULL, NULL, "
        "NULL, NULL, NULL, '120000.75', NULL, 0)",
        "INSERT INTO indicator_history (id, indicator_id, period, value, position) VALUES "
        "(1, 1, '2019', '9', 0), (2, 1, '2020-H1', '4', 1), (3, 2, '2020', NULL, 0)",
        "INSERT INTO indicator_partners (indicator_id, directorate_id) VALUES (3, 1)",
        "INSERT INTO quarter_targets (indicator_id, quarter, value) VALUES "
        "(1, 1, '2'), (1, 2, '2.25')",
        "INSERT INTO indicator_values (id, indicator_id, period, value, note, entered_by, "
        "entered_at, entered_by_office) VALUES "
        "(1, 1, 'Q1', '3', NULL, 'ayse', '2021-04-05 10:15:00.000000', 0), "
        "(2, 2, 'Q1', '97.125', 'Yaz döneminde kesinti yaşandı; düzeltildi.', 'ayse', "
        "'2021-04-05 10:16:00.000000', 0), "
        "(3, 3, 'Q1', '30000.5', NULL, 'strateji', '2021-04-20 09:00:00.000000', 1)",
        "INSERT INTO activities (id, target_id, name, responsible_id, position) VALUES "
        "(1, 1, 'Siber güvenlik tatbikatı', 1, 0), (2, 2, 'Yol bakım onarım', NULL, 0)",
        "INSERT INTO activity_costs (activity_id, source, key, amount_kurus, position) VALUES "
        "(1, 'budget', '01', 13923300, 0), (1, 'budget', '03', 2348450, 1), "
        "(2, 'off_budget', 'Genel Yönetim', 99999999999, 0)",
        "INSERT INTO activity_spending (activity_id, quarter, amount_kurus) VALUES "
        "(1, 1, 3480012), (2, 1, 1)",
        "INSERT INTO audit_log (id, at, user, action, entity, entity_key, field, old, new, "
        "reason, package_id, on_behalf) VALUES "
        "(1, '2021-04-05 10:15:00.000000', 'ayse', 'value', 'indicator value', "
        "'2021/Bilgi İşlem Müdürlüğü/PH9.62.1/PG9.62.1.1/Q1', 'value', NULL, '3', NULL, NULL, 0), "
        "(2, '2021-04-20 09:00:00.000000', 'strateji', 'value', 'indicator value', "
        "'2021/Fen İşleri Müdürlüğü/PH4.12.1/PG4.12.1.1/Q1', 'value', NULL, '30000.5', "
        "'Müdürlük adına girildi', NULL, 1)",
    ],
    "0002": [
        "INSERT INTO quarter_status (program_year_id, directorate_id, quarter, state, locked, "
        "reason, changed_by, changed_at) VALUES "
        "(1, 1, 1, 'accepted', 1, 'Kabul edildi', 'strateji', '2021-04-25 12:00:00.000000'), "
        "(1, 2, 1, 'open', 0, NULL, NULL, NULL)",
    ],
    "0003": [
        "INSERT INTO keys (key_id, public_key, purpose, directorate, enrolled_at, enrolled_by, "
        "revoked_at, revoked_by, revoke_reason) VALUES "
        "('K-OFFICE-1', zeroblob(32), 'office', NULL, '2021-01-04 09:00:00.000000', 'strateji', "
        "NULL, NULL, NULL), "
        "('K-BILGI-1', x'" + "ab" * 32 + "', 'directorate', 'Bilgi İşlem Müdürlüğü', "
        "'2021-01-04 09:05:00.000000', 'strateji', '2021-06-01 08:00:00.000000', 'strateji', "
        "'Bilgisayar değişti')",
        "INSERT INTO package_exports (id, package_id, type, audience, sequence, year, quarter, "
        "file_sha256, file_name, key_id, created_at, created_by) VALUES "
        "(1, '00000000-0000-4000-8000-000000000001', 'reference', 'Bilgi İşlem Müdürlüğü', 1, "
        "2021, NULL, 'ab' || hex(zeroblob(31)), 'Bilgi İşlem 2021 referans.kbpp', 'K-OFFICE-1', "
        "'2021-01-05 09:00:00.000000', 'strateji')",
        "INSERT INTO package_imports (id, package_id, type, issuer, sequence, year, quarter, "
        "file_sha256, key_id, file_name, created, imported_at, imported_by, changes) VALUES "
        "(1, '00000000-0000-4000-8000-000000000002', 'data', 'Bilgi İşlem Müdürlüğü', 1, 2021, "
        "1, 'cd' || hex(zeroblob(31)), 'K-BILGI-1', 'Bilgi İşlem 2021-Q1.kbpp', "
        "'2021-04-05T10:20:00+03:00', '2021-04-06 11:00:00.000000', 'strateji', 2)",
        "INSERT INTO evidence_files (id, indicator_id, period, filename, sha256, size, data) "
        "VALUES (1, 1, 'Q1', 'eğitim-listesi.pdf', 'ef' || hex(zeroblob(31)), 4, x'25504446')",
        "INSERT INTO review_comments (indicator_id, quarter, text, by, at) VALUES "
        "(2, 1, 'Kesinti nedenini ayrıntılandırın.', 'strateji', '2021-04-24 15:30:00.000000')",
    ],
    "0004": [
        "INSERT INTO quarter_windows (program_year_id, quarter, opens_on, due_on, changed_by, "
        "changed_at) VALUES (1, 1, '2021-04-01', '2021-04-20', 'strateji', "
        "'2021-01-05 09:00:00.000000')",
    ],
    "0005": [
        "INSERT INTO reviewed_values (indicator_id, period, quarter, value, note, decision, "
        "decided_by, decided_at) VALUES "
        "(1, 'Q1', 1, '3', NULL, 'accepted', 'strateji', '2021-04-25 12:00:00.000000'), "
        "(2, 'Q1', 1, '97.125', 'Yaz döneminde kesinti yaşandı; düzeltildi.', 'accepted', "
        "'strateji', '2021-04-25 12:00:00.000000')",
        "UPDATE indicator_values SET entered_by_office = 1, office_reason = 'Tutanaktan girildi' "
        "WHERE id = 1",
    ],
}


def revisions() -> list[str]:
    """Every revision, oldest first (the chain has no branches)."""
    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def make_fixture(revision: str, out: Path) -> Path:
    """A fresh database at `revision` with the rows of every revision up to it."""
    path = out / f"schema-{revision}.db"
    path.unlink(missing_ok=True)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    chain = revisions()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=ON")
        with conn:
            for rev in chain[: chain.index(revision) + 1]:
                for statement in ROWS[rev]:
                    conn.execute(statement)
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    missing = [rev for rev in revisions() if rev not in ROWS]
    if missing:
        print(f"Add representative rows to ROWS for: {', '.join(missing)}", file=sys.stderr)
        return 1
    for revision in revisions():
        print(make_fixture(revision, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
