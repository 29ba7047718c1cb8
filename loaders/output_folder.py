"""An output folder that policykg writes into without ever removing a file it did not write.

The folder keeps a manifest, ``.policykg-manifest.json``, listing the files policykg wrote
(name, SHA-256, bytes), the plans they came from (id, source file, SHA-256 of the source), the
policykg version and the build time. A write:

* refuses a non-empty folder that has no manifest (:class:`OutputFolderRefused`; ``force=True``
  writes into it anyway, still touching only the files it writes);
* stages each new file as a temporary file *inside* the folder (written, flushed, fsync'ed),
  then moves every staged file into place with ``os.replace`` and writes the manifest last;
* on any failure while staging, removes its temporary files and leaves every previous output
  as it was; on a failure while moving files into place, puts back the previous versions
  (kept as hard links until the end) — nothing half-written remains;
* keeps the folder itself: its permissions, its other files, and works for ``--out .``;
* removes a file of the *previous* manifest that the new build no longer writes only when its
  content is still what policykg wrote (same SHA-256);
* holds an exclusive ``flock`` on the folder while writing, so two builds do not interleave.

Example
-------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> _ = (out / "notes.txt").write_text("mine")
>>> with OutputFolder(out, force=True) as folder:
...     folder.write_bytes("a.txt", b"policykg")
>>> sorted(p.name for p in out.iterdir())
['.policykg-manifest.json', 'a.txt', 'notes.txt']
>>> read_manifest(out)["files"]["a.txt"]["bytes"]
8
"""
from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path

from policykg.errors import PolicyKGError

__all__ = [
    "MANIFEST_NAME",
    "MANIFEST_FORMAT",
    "OutputFolder",
    "OutputFolderRefused",
    "read_manifest",
    "file_sha256",
    "policykg_version",
]

MANIFEST_NAME = ".policykg-manifest.json"
MANIFEST_FORMAT = "policykg-output/1"
_TMP_PREFIX = ".policykg-tmp-"
_KEEP_PREFIX = ".policykg-prev-"


class OutputFolderRefused(PolicyKGError):
    """The folder is not empty and is not a policykg output folder."""


def policykg_version() -> str:
    """The installed policykg version (``0.1.0``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policykg")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        import policykg

        return policykg.__version__


def file_sha256(path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(folder) -> dict | None:
    """The folder's manifest as a dict, or None if it has none (or it is not valid JSON)."""
    path = Path(folder) / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class _HashingWriter:
    """A binary file wrapper that hashes and counts what goes through it."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def copy_from(self, source, size: int) -> None:
        """Append the next ``size`` bytes of the binary file ``source``: copied by the kernel
        (``os.copy_file_range``) where it can, hashed from reads of a few MB (not a memory map,
        which would count a whole file in this process's resident memory)."""
        start = source.tell()
        size = max(0, min(size, os.fstat(source.fileno()).st_size - start))
        if size == 0:
            return
        self.raw.flush()
        fd, out = source.fileno(), self.raw.fileno()
        copied = 0
        while copied < size and hasattr(os, "copy_file_range"):
            try:
                done = os.copy_file_range(fd, out, size - copied, start + copied)
            except OSError:  # another file system, say: written below
                break
            if done == 0:
                break
            copied += done
        self.raw.seek(0, os.SEEK_END)  # the buffered file's position after the kernel's copy
        for offset in range(start, start + size, _HASH_BLOCK):
            block = os.pread(fd, min(_HASH_BLOCK, start + size - offset), offset)
            self.digest.update(block)
            if offset + len(block) > start + copied:  # not copied by the kernel: written here
                self.raw.write(block[max(0, start + copied - offset):])
        self.raw.flush()
        self.size += size
        source.seek(start + size)


#: bytes hashed a read in :meth:`_HashingWriter.copy_from`
_HASH_BLOCK = 4 << 20


class OutputFolder:
    """Context manager: stage files with :meth:`write_bytes` / :meth:`write_with`; commit on exit.

    ``plans`` (list of dicts: id, source, sha256, …) and ``extra`` (dict) go into the manifest.
    """

    def __init__(self, path, force: bool = False, plans: list[dict] | None = None, extra: dict | None = None):
        self.path = Path(path)
        self.force = force
        self.plans = plans or []
        self.extra = extra or {}
        self._staged: dict[str, Path] = {}
        self._hashes: dict[str, dict] = {}
        self._lock_fd: int | None = None

    # -- opening -------------------------------------------------------------------------
    def __enter__(self) -> "OutputFolder":
        if self.path.exists() and not self.path.is_dir():
            raise OutputFolderRefused(f"{self.path}: exists and is not a folder")
        self.created = not self.path.exists()  # a failed first write removes the (then empty) folder again
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.path, os.O_RDONLY)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._remove_stale_temporaries()
        self.previous = read_manifest(self.path)
        if self.previous is None and not self.force:
            foreign = sorted(p.name for p in self.path.iterdir())
            if foreign:
                self._unlock()
                shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
                raise OutputFolderRefused(
                    f"{self.path}: not empty ({shown}) and not a policykg output folder "
                    f"(no {MANIFEST_NAME}); use --force to write into it anyway"
                )
        return self

    def _remove_stale_temporaries(self) -> None:
        """Temporary files of a build that was killed (our prefixes only)."""
        for entry in self.path.iterdir():
            if entry.name.startswith((_TMP_PREFIX, _KEEP_PREFIX)) and entry.is_file():
                entry.unlink(missing_ok=True)

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- staging -------------------------------------------------------------------------
    def _check_name(self, name: str) -> None:
        if not name or "/" in name or name in {".", "..", MANIFEST_NAME} or name.startswith((_TMP_PREFIX, _KEEP_PREFIX)):
            raise ValueError(f"not a file name policykg may write: {name!r}")

    def write_with(self, name: str, writer) -> None:
        """Stage ``name``: ``writer(binary_file)`` fills a temporary file in the folder."""
        self._check_name(name)
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=self.path)
        tmp_path = Path(tmp)
        self._staged[name] = tmp_path
        with os.fdopen(fd, "wb") as raw:
            hashing = _HashingWriter(raw)
            writer(hashing)
            raw.flush()
            os.fsync(raw.fileno())
        target = self.path / name
        try:
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp_path, mode)
        self._hashes[name] = {"sha256": hashing.digest.hexdigest(), "bytes": hashing.size}

    def write_bytes(self, name: str, data: bytes) -> None:
        """Stage ``name`` with ``data``."""
        self.write_with(name, lambda handle: handle.write(data))

    def write_text(self, name: str, text: str) -> None:
        """Stage ``name`` with ``text`` in UTF-8."""
        self.write_bytes(name, text.encode("utf-8"))

    # -- commit --------------------------------------------------------------------------
    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is not None:
                self._discard()
                self.remove_if_created_and_empty()
                return False
            try:
                self._commit()
            except BaseException:
                self._discard()
                raise
            return False
        finally:
            self._unlock()

    def remove_if_created_and_empty(self) -> None:
        """After a failed first write: the folder this write created goes again if nothing is in it."""
        if getattr(self, "created", False) and self.path.is_dir() and not any(self.path.iterdir()):
            self.path.rmdir()

    def _discard(self) -> None:
        for tmp in self._staged.values():
            tmp.unlink(missing_ok=True)
        self._staged.clear()

    def _manifest_bytes(self) -> bytes:
        files = dict(self._hashes)
        manifest = {
            "format": MANIFEST_FORMAT,
            "policykg_version": policykg_version(),
            "built_at": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "plans": self.plans,
            "files": dict(sorted(files.items())),
            **self.extra,
        }
        return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def _commit(self) -> None:
        # the manifest is staged like any other file, and moved into place last
        names = sorted(self._staged)
        fd, manifest_tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, dir=self.path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self._manifest_bytes())
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(manifest_tmp, 0o666 & ~_umask())
        self._staged[MANIFEST_NAME] = Path(manifest_tmp)
        names.append(MANIFEST_NAME)

        kept: dict[str, Path | None] = {}  # name → hard link of the previous version (None: there was none)
        try:
            for name in names:
                target = self.path / name
                kept[name] = None
                if target.exists():
                    keep = Path(tempfile.mktemp(prefix=_KEEP_PREFIX, dir=self.path))
                    os.link(target, keep)
                    kept[name] = keep
                os.replace(self._staged[name], target)
        except BaseException:
            for name, keep in kept.items():
                target = self.path / name
                if keep is not None:
                    os.replace(keep, target)
                    keep.unlink(missing_ok=True)  # rename onto a hard link of the same file does nothing
                elif not self._staged[name].exists():  # it was moved in: there was no previous file
                    target.unlink(missing_ok=True)
            raise
        for keep in kept.values():
            if keep is not None:
                keep.unlink(missing_ok=True)
        self._staged.clear()
        self._remove_dropped_files()
        _fsync_dir(self.path)

    def _remove_dropped_files(self) -> None:
        """Files the previous build wrote and this one did not, if nobody changed them since."""
        if not self.previous:
            return
        for name, info in (self.previous.get("files") or {}).items():
            if name in self._hashes or "/" in name or name in {MANIFEST_NAME, ".", ".."}:
                continue
            path = self.path / name
            try:
                if path.is_file() and file_sha256(path) == info.get("sha256"):
                    path.unlink()
            except OSError as error:  # pragma: no cover - nothing lost, a file stays behind
                if error.errno != errno.ENOENT:
                    raise
