"""Fixtures for the office's review, locks and corrections: the package tests' small world
(office + three directorate workspaces), built once per session and copied per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packages"))

from package_world import World, build_world, open_world


@pytest.fixture(scope="session")
def _office_world_template(
    tmp_path_factory: pytest.TempPathFactory, _imported_2021_template: Path
) -> Path:
    root = tmp_path_factory.mktemp("office-world") / "world"
    build_world(root, _imported_2021_template).close()
    return root


@pytest.fixture
def world(tmp_path: Path, _office_world_template: Path) -> Iterator[World]:
    w = open_world(_office_world_template, tmp_path / "world")
    yield w
    w.close()
