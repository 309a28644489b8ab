"""One writer at a time, and readers that never wait for it nor see a half-written batch.

Oxigraph lets one process open a store for writing (RocksDB's ``LOCK`` file refuses a
second one with an opaque error) and calls opening it read-only while another process
writes it undefined behaviour. kg therefore keeps a lock file, ``kg.lock``, in the store
folder and holds it with ``flock``:

* a **writer** holds it exclusively and writes its PID and command into it, so a second
  writer is told at once which process has the store, instead of failing inside RocksDB;
* a **reader** holds it shared while it reads; a writer that finds readers waits for them
  (up to :data:`READER_WAIT` seconds), because they must not read while it writes;
* while a writer works, readers open a **snapshot** instead of the store: a RocksDB
  checkpoint (hard links, a few milliseconds) that the writer makes when it opens the
  store and after every batch it completes, in ``kg-snapshots/``. Readers see the store
  as of the writer's last completed batch. The writer deletes the snapshots no reader
  holds as it goes and when it closes.

``flock`` locks belong to open files, so the kernel drops them when a process dies, even
by SIGKILL: a lock file left behind never blocks anyone, and the PID in it is only read
while the lock is actually held.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from kg.errors import StoreError

LOCK_FILE = "kg.lock"
SNAPSHOTS = "kg-snapshots"
_CURRENT = "current"
_SNAPSHOT_LOCK = "kg-reader.lock"
#: Seconds a writer waits for readers of the store itself (not of a snapshot) to finish.
READER_WAIT = 30.0
#: Seconds a reader waits for a writer that has just started to publish its first snapshot.
SNAPSHOT_WAIT = 10.0
_POLL = 0.05


class Checkpointable(Protocol):
    """What a snapshot is made from: an open, writable ``pyoxigraph.Store``."""

    def backup(self, target_directory: str) -> None: ...


@dataclass
class Access:
    """How a store is opened: the folder to open and the lock held while it is open."""

    folder: Path
    read_only: bool
    snapshot: bool
    _handles: list[IO[bytes]]

    def release(self) -> None:
        for handle in self._handles:
            handle.close()  # closing the file drops its flock
        self._handles.clear()


def open_for_writing(path: Path, wait: float = READER_WAIT) -> Access:
    """Take the store's write lock, or raise :class:`StoreError` naming who holds it."""
    path.mkdir(parents=True, exist_ok=True)
    handle = _open_lock(path / LOCK_FILE)
    if handle is None or not handle.writable():
        raise StoreError(f"{path}: cannot write the store's lock file (check the folder's permissions)")
    deadline = time.monotonic() + wait
    while True:
        if _try(handle, fcntl.LOCK_EX):
            break
        if not _try(handle, fcntl.LOCK_SH):
            handle.close()
            raise StoreError(_writer_message(path, "wait for it to finish, then run this again"))
        _unlock(handle)  # only readers have it: wait for them
        if time.monotonic() >= deadline:
            handle.close()
            readers = ", ".join(_holders(path / LOCK_FILE)) or "another process"
            raise StoreError(
                f"{path}: the store is being read by PID {readers}; kg waited {wait:.0f} s for it to "
                "finish; try again when it has"
            )
        time.sleep(_POLL)
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n{_command()}\n".encode())
    handle.flush()
    return Access(path, read_only=False, snapshot=False, _handles=[handle])


def open_for_reading(path: Path) -> Access:
    """Take a read lock on the store, or on the current snapshot while a writer works."""
    handle = _open_lock(path / LOCK_FILE)
    if handle is None:  # a folder kg cannot write to: nobody can be writing it either
        return Access(path, read_only=True, snapshot=False, _handles=[])
    if _try(handle, fcntl.LOCK_SH):
        return Access(path, read_only=True, snapshot=False, _handles=[handle])
    handle.close()
    deadline = time.monotonic() + SNAPSHOT_WAIT
    while True:
        found = _lock_snapshot(path)
        if found is not None:
            folder, snapshot_handle = found
            note = _writer_message(path, "reading it as of that writer's last completed batch")
            print(f"kg: note: {note}", file=sys.stderr)
            return Access(folder, read_only=True, snapshot=True, _handles=[snapshot_handle])
        if time.monotonic() >= deadline:
            rest = "readers see its last completed batch, but it has not published one yet; try again"
            raise StoreError(_writer_message(path, rest))
        time.sleep(_POLL)


def try_upgrade(access: Access) -> bool:
    """Turn a reader's shared lock on the store into the write lock, if nobody else reads."""
    if access.snapshot or not access._handles:
        return False
    return _try(access._handles[0], fcntl.LOCK_EX)


def downgrade(access: Access) -> None:
    if access._handles and not access.snapshot:
        fcntl.flock(access._handles[0], fcntl.LOCK_SH)


def publish_snapshot(path: Path, store: Checkpointable) -> None:
    """Checkpoint the store for readers and drop older snapshots nobody reads (writer only)."""
    folder = path / SNAPSHOTS
    folder.mkdir(exist_ok=True)
    name = f"{time.time_ns():020d}"
    partial = folder / f"partial-{name}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        store.backup(str(partial))
    except OSError as exc:  # no snapshot: readers wait or are told why; the write goes on
        shutil.rmtree(partial, ignore_errors=True)
        print(f"kg: {path}: could not make a snapshot for readers ({exc})", file=sys.stderr)
        return
    (partial / _SNAPSHOT_LOCK).touch()
    partial.rename(folder / name)
    _write_atomically(folder / _CURRENT, name)
    prune_snapshots(path, keep=name)


def prune_snapshots(path: Path, keep: str | None = None) -> None:
    """Delete every snapshot but ``keep`` that no reader holds (writer only)."""
    folder = path / SNAPSHOTS
    if not folder.is_dir():
        return
    if keep is None:
        (folder / _CURRENT).unlink(missing_ok=True)
    for snapshot in folder.iterdir():
        if snapshot.name in {keep, _CURRENT} or not snapshot.is_dir():
            continue
        handle = _open_lock(snapshot / _SNAPSHOT_LOCK, create=False)
        if handle is not None and not _try(handle, fcntl.LOCK_EX):
            handle.close()
            continue  # a reader still uses it; a later writer deletes it
        shutil.rmtree(snapshot, ignore_errors=True)
        if handle is not None:
            handle.close()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty


def _lock_snapshot(path: Path) -> tuple[Path, IO[bytes]] | None:
    """The current snapshot, locked shared; None if there is none (yet)."""
    try:
        name = (path / SNAPSHOTS / _CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = path / SNAPSHOTS / name
    handle = _open_lock(folder / _SNAPSHOT_LOCK, create=False)
    if handle is None:
        return None
    if not _try(handle, fcntl.LOCK_SH) or not (folder / "CURRENT").is_file():
        handle.close()  # being deleted: read the pointer again
        return None
    return folder, handle


def _open_lock(file: Path, *, create: bool = True) -> IO[bytes] | None:
    """The lock file opened for reading and writing if allowed, else read-only; None if absent.

    ``flock`` works on a read-only descriptor too, so a reader of a store in a folder it
    may not write still takes part in the locking.
    """
    try:
        fd = os.open(file, os.O_RDWR | (os.O_CREAT if create else 0), 0o644)
    except FileNotFoundError:
        return None
    except PermissionError:
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            return None
        return os.fdopen(fd, "rb", buffering=0)
    return os.fdopen(fd, "r+b", buffering=0)


def _try(handle: IO[bytes], mode: int) -> bool:
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)


def _writer_message(path: Path, rest: str) -> str:
    try:
        pid, _, command = (path / LOCK_FILE).read_text(encoding="utf-8").partition("\n")
    except OSError:
        pid, command = "", ""
    who = f"PID {pid.strip()}" if pid.strip() else "another process"
    doing = f" ({command.strip()})" if command.strip() else ""
    return f"{path}: the store is in use by {who}{doing}, which is writing it; {rest}"


def _holders(file: Path) -> list[str]:
    """PIDs holding a flock on ``file``, from /proc/locks (Linux; empty elsewhere)."""
    try:
        inode = file.stat().st_ino
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    pids = []
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode):
            pids.append(fields[4])
    return sorted(set(pids), key=int)


def _command() -> str:
    """What holds the lock, for the message another process shows: ``kg ingest since 14:02:07``."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in {"", "-c"} else "python"
    if program in {"kg", "__main__.py"}:
        program = "kg " + (sys.argv[1] if len(sys.argv) > 1 else "")
    return f"{program.strip()} since {time.strftime('%H:%M:%S')}"


def _write_atomically(file: Path, text: str) -> None:
    partial = file.with_name(file.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(file)
