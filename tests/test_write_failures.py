"""A write that fails part-way leaves the previous output intact and nothing half-written.

Failures are injected where they happen on a real machine: the disk fills up in the middle of
writing the bytes (ENOSPC from ``write``), the final rename is refused (EACCES), or the content
cannot be produced at all (a serializer raising). The build outputs and the workspace have their
own tests of the same kind (tests/test_output_folder.py); the Neo4j push's rollback is in
tests/test_neo4j_push.py.
"""
from __future__ import annotations

import errno
import os

import pytest

import policykg.viz.maps as maps
from policykg.loaders.exports import export_graph


class _DiskFullAfter:
    """A file object that accepts ``limit`` bytes, then fails as a full disk does."""

    def __init__(self, handle, limit: int):
        self.handle, self.limit = handle, limit

    def write(self, data):
        self.handle.write(data[: self.limit])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()
        return False


def _disk_full(monkeypatch, limit=1000):
    real = os.fdopen
    monkeypatch.setattr(maps.os, "fdopen", lambda fd, mode="r", *a, **k: _DiskFullAfter(real(fd, mode, *a, **k), limit))


def _refused_rename(monkeypatch):
    def refuse(src, dst):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(maps.os, "replace", refuse)


def _leftovers(folder, keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.fixture()
def previous_map(plan, tmp_path):
    out = tmp_path / "map.html"
    maps.plan_map(plan, view="agencies", out=out)
    return out, out.read_bytes()


@pytest.mark.parametrize("inject", [_disk_full, _refused_rename], ids=["disk-full-mid-write", "rename-refused"])
def test_a_failed_map_write_keeps_the_previous_map(plan, previous_map, monkeypatch, inject):
    out, before = previous_map
    inject(monkeypatch)
    with pytest.raises(OSError):
        maps.plan_map(plan, view="pillar", pillar=5, out=out)
    assert out.read_bytes() == before
    assert _leftovers(out.parent, {"map.html"}) == []


def test_a_serializer_that_raises_leaves_the_previous_map(plan, previous_map, monkeypatch):
    out, before = previous_map

    def broken(*args, **kwargs):
        raise RuntimeError("serializer failed")

    monkeypatch.setattr(maps, "map_graph", broken)
    with pytest.raises(RuntimeError):
        maps.plan_map(plan, view="agencies", out=out)
    assert out.read_bytes() == before
    assert _leftovers(out.parent, {"map.html"}) == []


@pytest.mark.parametrize("fmt", ["graphml", "nt"])
@pytest.mark.parametrize("inject", [_disk_full, _refused_rename], ids=["disk-full-mid-write", "rename-refused"])
def test_a_failed_export_keeps_the_previous_export(plan, tmp_path, monkeypatch, fmt, inject):
    out = export_graph(plan, fmt, tmp_path / f"plan.{fmt}")
    before = out.read_bytes()
    inject(monkeypatch)
    with pytest.raises(OSError):
        export_graph(plan, fmt, out)
    assert out.read_bytes() == before
    assert _leftovers(tmp_path, {out.name}) == []


def test_a_first_write_that_fails_leaves_no_file_at_all(plan, tmp_path, monkeypatch):
    _disk_full(monkeypatch)
    with pytest.raises(OSError):
        maps.plan_map(plan, view="agencies", out=tmp_path / "new.html")
    assert list(tmp_path.iterdir()) == []
