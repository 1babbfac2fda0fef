"""Properties: no mutation of a package is ever imported; a state machine of imports, replays,
key rotations, revocations and restarts always agrees with a simple model of the office."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from package_world import BILGI, SMALL, World, key_for, open_world
from test_package_flow import values_of

from kbpp.packages import errors as e
from kbpp.packages.importer import ALREADY_IMPORTED, IMPORTED, REJECTED, import_package
from kbpp.packages.keyring import add_key, revoke_key
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.storage import open_database
from kbpp.storage.dump import logical_dump

flip = st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
mutation = st.one_of(
    st.tuples(st.just("flip"), st.lists(flip, min_size=1, max_size=6)),
    st.tuples(st.just("truncate"), st.integers(min_value=0)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("insert"), st.integers(min_value=0), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), st.integers(min_value=0), st.integers(1, 64)),
    st.tuples(st.just("splice"), st.integers(min_value=0), st.integers(1, 256)),
)


def apply_mutation(data: bytes, other: bytes, m: tuple) -> bytes:
    kind, size = m[0], len(data)
    if kind == "flip":
        out = bytearray(data)
        for offset, mask in {o % size: mask for o, mask in m[1]}.items():
            out[offset] ^= mask
        return bytes(out)
    if kind == "truncate":
        return data[: m[1] % size]
    if kind == "append":
        return data + m[1]
    if kind == "insert":
        at = m[1] % size
        return data[:at] + m[2] + data[at:]
    if kind == "delete":
        at = m[1] % size
        return data[:at] + data[at + m[2] :]
    at = m[1] % min(size, len(other))  # splice: the same stretch of another genuine package
    return data[:at] + other[at : at + m[2]] + data[at + m[2] :]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(m=mutation)
def test_no_mutation_of_a_package_is_ever_imported(world: World, tmp_path: Path, m: tuple) -> None:
    genuine = tmp_path / "genuine.kbpp"
    if not genuine.exists():
        world.export_data(SMALL).rename(genuine)
        world.export_data(BILGI).rename(tmp_path / "other.kbpp")
    data, other = genuine.read_bytes(), (tmp_path / "other.kbpp").read_bytes()
    mutated = apply_mutation(data, other, m)
    if mutated == data:
        return
    path = tmp_path / "mutated.kbpp"
    path.write_bytes(mutated)
    before = logical_dump(world.office)
    outcome = import_package(world.office, path)
    assert outcome.status == REJECTED and isinstance(outcome.error, e.PackageRejected)
    assert logical_dump(world.office) == before


@dataclass(frozen=True)
class Sent:
    path: Path
    issuer: str
    sequence: int
    generation: int
    values: dict


def test_imports_replays_rotations_and_restarts_agree_with_a_model(
    tmp_path_factory: pytest.TempPathFactory, _world_template: Path
) -> None:
    counter = itertools.count()

    class Office(RuleBasedStateMachine):
        files = Bundle("files")

        def __init__(self) -> None:
            super().__init__()
            self.world = open_world(_world_template, tmp_path_factory.mktemp("sm") / "w")
            self.generation = {SMALL: 0, BILGI: 0}
            self.revoked: set[tuple[str, int]] = set()
            self.accepted: dict[str, Sent] = {}
            self.imported: set[Path] = set()
            self.sequence = {SMALL: 0, BILGI: 0}

        @rule(target=files, name=st.sampled_from([SMALL, BILGI]), value=st.integers(0, 500))
        def export(self, name: str, value: int) -> Sent:
            ws = self.world.workspaces[name]
            row = load_entry_sheet(ws, 2021, name).rows[0]
            save_entry(ws, row.indicator_id, "Q1", Decimal(value), f"Not {next(counter)}")
            generation = self.generation[name]
            path = self.world.export_data(name, key=key_for(name, generation))
            self.sequence[name] += 1
            return Sent(path, name, self.sequence[name], generation, values_of(ws, name))

        @rule(sent=files)
        def import_file(self, sent: Sent) -> None:
            outcome = self.world.office_import(sent.path)
            last = self.accepted.get(sent.issuer)
            if (sent.issuer, sent.generation) in self.revoked:
                expected = e.REVOKED_KEY
            elif sent.path in self.imported:
                expected = ALREADY_IMPORTED
            elif last is not None and sent.sequence <= last.sequence:
                expected = e.REPLAY
            else:
                expected = IMPORTED
            got = outcome.error.code if outcome.error else outcome.status
            assert got == expected
            if expected == IMPORTED:
                self.accepted[sent.issuer] = sent
                self.imported.add(sent.path)

        @rule(name=st.sampled_from([SMALL, BILGI]))
        def rotate_key(self, name: str) -> None:
            old = self.generation[name]
            with self.world.office.write() as s:
                add_key(s, key_for(name, old + 1).public_key, "directorate", name, "test-user")
            revoke_key(self.world.office, key_for(name, old).fingerprint, "rotation")
            self.revoked.add((name, old))
            self.generation[name] = old + 1

        @rule()
        def restart(self) -> None:
            self.world.office.close()
            self.world.office = open_database(self.world.root / "office.db")

        @invariant()
        def office_holds_the_last_accepted_quarter(self) -> None:
            for name in (SMALL, BILGI):
                sent = self.accepted.get(name)
                assert values_of(self.world.office, name) == (sent.values if sent else {})

        def teardown(self) -> None:
            self.world.close()

    Office.TestCase.settings = settings(
        max_examples=8,
        stateful_step_count=10,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    Office.TestCase().runTest()
