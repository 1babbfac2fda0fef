"""Fixtures for package tests: one prepared world per session, a private copy per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from package_world import World, build_world, open_world


@pytest.fixture(scope="session")
def _world_template(
    tmp_path_factory: pytest.TempPathFactory, _imported_2021_template: Path
) -> Path:
    root = tmp_path_factory.mktemp("world") / "world"
    world = build_world(root, _imported_2021_template)
    world.close()
    return root


@pytest.fixture
def world(tmp_path: Path, _world_template: Path) -> Iterator[World]:
    w = open_world(_world_template, tmp_path / "world")
    yield w
    w.close()
