"""The output folder of ``policykg build``: never remove a file policykg did not write (issue 10).

Failures are injected with a raising serializer, an ENOSPC-raising writer and a monkeypatched
``os.replace`` (permission denied); after each, the previous outputs are byte-identical and no
temporary file is left.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat

import pytest
from click.testing import CliRunner

from policykg.cli import cli
from policykg.loaders import build_outputs, output_folder
from policykg.loaders.build_outputs import BUILD_FILES, write_build_outputs
from policykg.loaders.output_folder import MANIFEST_NAME, OutputFolder, OutputFolderRefused, read_manifest


def _snapshot(folder):
    """{name: sha256} of every entry of the folder (files only)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _no_temporaries(folder):
    names = [p.name for p in folder.iterdir()]
    return not [n for n in names if n.startswith((".policykg-tmp-", ".policykg-prev-")) or "tmp-" in n or ".old-" in n]


@pytest.fixture(scope="module")
def built(tmp_path_factory, plan):
    out = tmp_path_factory.mktemp("built") / "out"
    write_build_outputs([plan], out)
    return out


def test_notes_txt_in_a_policykg_output_folder_survives_a_rebuild(tmp_path, plan):
    out = tmp_path / "out"
    write_build_outputs([plan], out)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    write_build_outputs([plan], out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in out.iterdir()) == sorted([*BUILD_FILES, MANIFEST_NAME, "notes.txt"])


def test_manifest_lists_the_files_with_sha256_version_plan_source_and_time(built, plan):
    manifest = read_manifest(built)
    assert set(manifest["files"]) == set(BUILD_FILES)
    for name, info in manifest["files"].items():
        assert info["sha256"] == hashlib.sha256((built / name).read_bytes()).hexdigest()
    assert manifest["policykg_version"] == "0.1.0"
    assert manifest["plans"][0]["id"] == "ai-new-ten-major-constructions-2026-01"
    assert manifest["plans"][0]["source"].endswith("ai-new-ten-major-constructions-2026-01.md")
    assert manifest["plans"][0]["sha256"] == hashlib.sha256(open(plan.doc.path, "rb").read()).hexdigest()
    assert manifest["built_at"].endswith("+00:00")


def test_a_non_empty_folder_that_is_not_a_policykg_output_is_refused_in_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a policykg output folder" in result.output and "--force" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_writes_into_a_foreign_folder_and_notes_txt_survives(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--out", str(tmp_path), "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (tmp_path / "graph.ttl").is_file() and (tmp_path / MANIFEST_NAME).is_file()


def test_the_folder_keeps_its_permissions_and_new_files_follow_the_umask(tmp_path, plan):
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o755)
    write_build_outputs([plan], out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "graph.ttl").stat().st_mode) == 0o666 & ~umask
    os.chmod(out / "measures.csv", 0o640)
    write_build_outputs([plan], out)
    assert stat.S_IMODE((out / "measures.csv").stat().st_mode) == 0o640
    assert stat.S_IMODE(out.stat().st_mode) == 0o755


def test_a_new_output_folder_is_not_mode_0700(tmp_path, plan):
    out = tmp_path / "fresh"
    write_build_outputs([plan], out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask


def test_out_dot_works_in_the_current_folder_and_leaves_no_temporary_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--out", "."])
    assert first.exit_code == 0, first.output
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    second = runner.invoke(cli, ["build", "--out", "."])
    assert second.exit_code == 0, second.output
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store-"))  # store generations: ours
    assert names == sorted([*BUILD_FILES, MANIFEST_NAME, "notes.txt"])
    assert {p.name for p in tmp_path.iterdir() if p.name.startswith("store-")} <= set(
        read_manifest(tmp_path)["workspace"]["generations"])
    assert [p.name for p in tmp_path.parent.iterdir() if "tmp-" in p.name or ".old-" in p.name] == []


def test_a_serializer_raising_mid_build_leaves_the_previous_outputs_intact(built, plan, monkeypatch):
    before = _snapshot(built)
    real = build_outputs.write_tables

    def failing(folder, tables):
        real(folder, tables)
        raise RuntimeError("serializer exploded")

    monkeypatch.setattr(build_outputs, "write_tables", failing)
    with pytest.raises(RuntimeError, match="serializer exploded"):
        write_build_outputs([plan], built)
    assert _snapshot(built) == before
    assert _no_temporaries(built)


def test_disk_full_while_writing_leaves_the_previous_outputs_intact(built):
    before = _snapshot(built)

    def disk_full(handle):
        handle.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        with OutputFolder(built) as folder:
            folder.write_bytes("graph.nt", b"new content")
            folder.write_with("graph.ttl", disk_full)
    assert _snapshot(built) == before
    assert _no_temporaries(built)


def test_permission_denied_while_moving_files_into_place_restores_every_previous_file(built, plan, monkeypatch):
    before = _snapshot(built)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 4:  # three new files are in place, the fourth fails
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(output_folder.os, "replace", flaky_replace)
    with pytest.raises(PermissionError):
        write_build_outputs([plan], built)
    monkeypatch.setattr(output_folder.os, "replace", real_replace)
    assert _snapshot(built) == before
    assert _no_temporaries(built)


def test_permission_denied_is_one_line_on_the_command_line(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def denied(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(output_folder.os, "replace", denied)
    result = CliRunner().invoke(cli, ["build", "--out", str(out)])
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "Permission denied" in error_lines[0]
    assert not out.exists()  # nothing written: the folder this failed first build created is gone again


def test_a_file_the_previous_build_wrote_and_this_one_does_not_is_removed_only_if_unchanged(tmp_path):
    with OutputFolder(tmp_path) as folder:
        folder.write_bytes("a.txt", b"a")
        folder.write_bytes("b.txt", b"b")
    (tmp_path / "b.txt").write_bytes(b"edited by hand")
    with OutputFolder(tmp_path) as folder:
        folder.write_bytes("c.txt", b"c")
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_NAME, "b.txt", "c.txt"]
    assert json.loads((tmp_path / MANIFEST_NAME).read_text())["files"].keys() == {"c.txt"}


def test_a_file_path_as_output_folder_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(OutputFolderRefused):
        with OutputFolder(target):
            pass


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_a_file_copied_in_by_the_kernel_is_hashed_and_counted_like_one_written(tmp_path, monkeypatch, kernel_copy):
    """``copy_from`` (the graph files' parts): the bytes from the source's position, between writes."""
    if not kernel_copy:
        monkeypatch.delattr(os, "copy_file_range", raising=False)  # another platform: written through Python
    monkeypatch.setattr(output_folder, "_HASH_BLOCK", 4099)  # many blocks, none on a character's edge
    source = tmp_path / "part"
    source.write_bytes(b"skip|" + "中文 part ".encode("utf-8") * 50000 + b"|tail")
    size = source.stat().st_size - len(b"skip|") - len(b"|tail")

    def write(f):
        f.write(b"head ")
        with open(source, "rb") as part:
            part.seek(len(b"skip|"))
            f.copy_from(part, size)
            assert part.tell() == len(b"skip|") + size
            f.copy_from(part, 10**9)  # more than is left: what is left
        f.write(b" end")

    with OutputFolder(tmp_path / "out") as out:
        out.write_with("joined.bin", write)
    data = (tmp_path / "out" / "joined.bin").read_bytes()
    assert data == b"head " + "中文 part ".encode("utf-8") * 50000 + b"|tail end"
    assert read_manifest(tmp_path / "out")["files"]["joined.bin"] == {"sha256": hashlib.sha256(data).hexdigest(),
                                                                     "bytes": len(data)}
