"""Output folders written whole, one run at a time, and temporary folders the tool can recognise as its own.

- `RUN_ID`: this process's run id (`<pid>-<random>`), in the name of every temporary file and folder it makes.
- `RunMark`: a marker file (`.audit-run`) inside each temporary folder the tool creates (staging folders, streaming
  spill folders), holding the run id and an exclusive `flock` for as long as its run is alive. A folder is stale
  (its run was killed) when it carries the marker and the lock can be taken: the kernel releases the lock when the
  process dies, in any PID namespace; nothing is judged by a process-id number. Folders without the marker are
  never removed.
- `publish(out, write)`: a lock per output folder (a second run into the same `--out` stops with `OutputBusy`, exit 2),
  the files written into a sibling staging folder, then the staging folder renamed into place: a reader sees the
  previous run's folder or this one's, never two runs mixed. Files in `--out` that the tool did not write (a
  user's notes) are moved over, never deleted. The folder gets `OUTPUT_MARKER` listing what this run wrote (with
  the sha256 of files a later walk could take for pages), which is how `discover.discover` recognises an audit's output
  folder inside a corpus.
- `Staging(out)`: that staging folder made before the run (under the output's lock), so the run's store can be
  made inside it (`audit.engine.store.Spill`) and is published with the files: `publish(out, write, staging)`.
  While it lives, a pointer to it sits in the temp folder (`audit-staging-RUNID…`, a marked folder naming it): a
  killed run's staging folder is removed by the next run of ANY output or any private store
  (`remove_stale_staging`), not only by the next run into the same output.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

RUN_ID = f"{os.getpid()}-{secrets.token_hex(4)}"
RUN_MARKER = ".audit-run"
OUTPUT_MARKER = ".audit-output.json"
OUTPUT_TOOL = "audit (content audit) output folder"
_HELD: dict[str, int] = {}  # output-lock path -> fd held by this process (re-entrant: the CLI, then Audit.write)


class OutputError(RuntimeError):
    """An output folder cannot be written; the message is one line (exit 2)."""


class OutputBusy(OutputError):
    """Another run holds the lock of this output folder."""


def _fresh_id() -> str:
    return f"{os.getpid()}-{secrets.token_hex(4)}"


class RunMark:
    """The marker of a temporary folder owned by a live run: created already locked (written under a temporary
    name, locked, then renamed into place), so another run never sees it unlocked while its owner lives."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        tmp = self.folder / f"{RUN_MARKER}.{_fresh_id()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, f"audit run {RUN_ID}\n".encode())
            os.replace(tmp, self.folder / RUN_MARKER)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        self.fd = fd

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def is_stale(folder: Path) -> bool:
    """True when `folder` is a real folder holding the tool's run marker and no live run holds its lock."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return False
        fd = os.open(folder / RUN_MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not os.read(fd, 64).startswith(b"audit run "):
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True  # (the lock goes with the fd, closed below: the folder is removed right after)
    except OSError:
        return False
    finally:
        os.close(fd)


def _names(root: Path) -> list[str]:
    """The names in folder `root` (none when it cannot be listed)."""
    try:
        return os.listdir(root)
    except OSError:
        return []


def remove_stale(root: Path, prefix: str, suffixes: tuple[str, ...] = ("",)) -> list[Path]:
    """Remove folders in `root` named `prefix...suffix` that are stale (`is_stale`); returns what was removed."""
    removed = []
    for name in _names(root):
        if name.startswith(prefix) and name.endswith(suffixes) and is_stale(root / name):
            shutil.rmtree(root / name, ignore_errors=True)
            removed.append(root / name)
    return removed


STAGING_POINTER = "audit-staging-"  # in the temp folder: `audit-staging-RUNID-…/` (marked) naming a staging folder
_POINTED = "staging"  # the pointer's file: the staging folder's absolute path, its output's lock file's


def remove_stale_staging(root: Path | None = None) -> list[Path]:
    """Remove the staging folders of killed runs that the temp folder `root` points at (stale pointers: their lock
    is free), their output's lock file when no run holds it, then the pointers. A pointed folder is removed only if
    it is stale itself and named as a staging folder (`.NAME.audit-….tmp`). Returns the staging folders removed."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for name in _names(root):
        pointer = root / name
        if not name.startswith(STAGING_POINTER) or not is_stale(pointer):
            continue
        try:
            target, lock = (Path(line) for line in (pointer / _POINTED).read_text(encoding="utf-8").splitlines())
        except (OSError, ValueError):
            target = lock = None
        if target is not None and target.is_absolute() and target.name.startswith(".") \
                and ".audit-" in target.name and target.name.endswith(".tmp") and is_stale(target):
            shutil.rmtree(target, ignore_errors=True)
            removed.append(target)
            if lock.parent == target.parent and lock.name.endswith(".audit-lock"):
                _remove_free_lock(lock)
        shutil.rmtree(pointer, ignore_errors=True)
    return removed


def _remove_free_lock(path: Path) -> None:
    """Remove an output's lock file that no run holds (taken first: `output_lock` re-checks the file it locked)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino:
            path.unlink()
    except OSError:
        pass
    finally:
        os.close(fd)


class _Pointer:
    """This run's pointer in the temp folder to its staging folder `target` and its output's lock file `lock`
    (removed with `close`)."""

    def __init__(self, target: Path, lock: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_POINTER}{RUN_ID}-"))
        try:
            (self.folder / _POINTED).write_text(f"{target}\n{lock}\n", encoding="utf-8")
            self.mark: RunMark | None = RunMark(self.folder)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def close(self) -> None:
        if self.mark is not None:
            self.mark.release()
            self.mark = None
            shutil.rmtree(self.folder, ignore_errors=True)


# ------------------------------------------------------------------ output folders

def _sibling(out: Path, suffix: str) -> Path:
    """`.NAME.audit-SUFFIX` beside `out`; a long NAME is shortened (with its hash), so the sibling's name stays
    within the file system's limit (255 bytes) whenever `out`'s does."""
    name = out.name
    if len(name.encode("utf-8", "surrogateescape")) > 100:
        name = name[:40] + "~" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return out.parent / f".{name}.audit-{suffix}"


def _lock_path(out: Path) -> Path:
    return _sibling(out, "lock")


@contextmanager
def output_lock(out: str | Path) -> Iterator[None]:
    """Hold the lock of output folder `out` (a sibling file `.NAME.audit-lock`, removed on release). Re-entrant in
    one process. Another holder: `OutputBusy` at once (the CLI exits 2 with its message)."""
    out = Path(os.path.abspath(out))
    path = _lock_path(out)
    key = str(path)
    if key in _HELD:
        yield
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot create its parent folder: {exc.strerror or exc}") from None
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise OutputError(f"--out {out}: cannot write in {out.parent}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputBusy(f"--out {out} is being written by another audit run (lock {path.name}); "
                             "wait for it to finish or choose another --out") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except OSError:
            same = False
        if same:  # (not a lock file its previous holder removed between our open and our lock)
            break
        os.close(fd)
    _HELD[key] = fd
    try:
        yield
    finally:
        del _HELD[key]
        try:
            path.unlink()
        except OSError:
            pass
        os.close(fd)


def _ours(folder: Path) -> set[str] | None:
    """Names the tool wrote into `folder` (from its `OUTPUT_MARKER`), or None without a valid marker."""
    try:
        data = json.loads((folder / OUTPUT_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != OUTPUT_TOOL or not isinstance(data.get("files"), dict):
        return None
    return {str(k) for k in data["files"]} | {OUTPUT_MARKER}


def _top(names: set[str]) -> set[str]:
    """The top-level entries of relative paths ("pages/a.html" -> "pages")."""
    return {n.split("/", 1)[0] for n in names}


def marker_lists(folder: Path, name: str, data: bytes | None = None) -> bool:
    """True when `folder`'s output marker lists file `name` with these contents (sha256), i.e. the tool wrote it."""
    try:
        marker = json.loads((folder / OUTPUT_MARKER).read_text(encoding="utf-8"))
        digest = marker["files"][name] if marker.get("tool") == OUTPUT_TOOL else None
        if not digest:
            return False
        if data is None:
            data = (folder / name).read_bytes()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return hashlib.sha256(data).hexdigest() == digest


PAGE_LIKE = (".html", ".htm", ".txt", ".md", ".markdown")  # files a later walk would read as pages: hashed


def _files_below(folder: Path) -> list[str]:
    """Every file under `folder`, as relative POSIX paths (the markers excepted)."""
    out = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            rel = Path(dirpath, name).relative_to(folder).as_posix()
            if rel not in (OUTPUT_MARKER, RUN_MARKER):
                out.append(rel)
    return sorted(out)


def _write_marker(folder: Path) -> set[str]:
    """Write the output marker listing every file the run wrote into `folder`; returns their relative paths."""
    names = _files_below(folder)
    files = {}
    for name in names:
        if name.lower().endswith(PAGE_LIKE):
            files[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        else:
            files[name] = ""
    text = json.dumps({"tool": OUTPUT_TOOL, "files": files}, indent=1, sort_keys=True) + "\n"
    (folder / OUTPUT_MARKER).write_text(text, encoding="utf-8")
    return set(names)


def _target(out: str | Path) -> tuple[Path, Path]:
    """(`out` as given, made absolute; the folder written: a link to a folder is that folder)."""
    given = Path(os.path.abspath(out))
    out = given.resolve() if given.is_symlink() and given.is_dir() else given
    if not out.name or out == out.parent:
        raise OutputError(f"--out {out}: choose a folder, not the file system root")
    return given, out


class Staging:
    """The staging folder of output folder `out` (`.NAME.audit-RUNID.tmp` beside it, carrying a `RunMark`, pointed at
    from the temp folder), made under the output's lock (taken here, re-entrant, until `close`); folders of killed
    runs beside it, and those the temp folder points at, are removed first. `publish(out, write, staging)` fills and
    renames it; `close` removes what is left (a run that failed or was never published). A context manager."""

    def __init__(self, out: str | Path) -> None:
        self.given, self.out = _target(out)
        self._lock = output_lock(self.out)
        self._lock.__enter__()
        self.mark: RunMark | None = None
        self._pointer: _Pointer | None = None
        try:
            remove_stale(self.out.parent, _sibling(self.out, "").name, (".tmp", ".old"))
            remove_stale_staging()
            self.folder = _sibling(self.out, f"{RUN_ID}.tmp")
            try:
                self.folder.mkdir()
            except FileExistsError:
                shutil.rmtree(self.folder)  # our own run id: a previous publish of this process that failed
                self.folder.mkdir()
            except OSError as exc:
                raise OutputError(f"--out {self.out}: cannot write in {self.out.parent}: {exc.strerror or exc}") \
                    from None
            self.mark = RunMark(self.folder)
            self._pointer = _Pointer(self.folder, _lock_path(self.out))
        except BaseException:
            if self.mark is not None:
                self.mark.release()
                shutil.rmtree(self.folder, ignore_errors=True)
            self._lock.__exit__(None, None, None)
            raise

    def close(self) -> None:
        if self.mark is not None:  # (not published: the folder is still ours)
            self.mark.release()
            self.mark = None
            shutil.rmtree(self.folder, ignore_errors=True)
        if self._pointer is not None:
            self._pointer.close()
            self._pointer = None
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.__exit__(None, None, None)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def publish(out: str | Path, write: Callable[[Path], list[Path]], staging: Staging | None = None) -> list[Path]:
    """Write an output folder whole: `write(staging)` fills a sibling staging folder (`staging`'s, or one made now)
    and returns the files it wrote; then the staging folder replaces `out` (renames). Returns the written paths as
    they are under `out`."""
    own = staging is None
    stage = Staging(out) if own else staging
    given, out, staging_dir = stage.given, stage.out, stage.folder
    old = _sibling(out, f"{RUN_ID}.old")
    try:
        written = write(staging_dir)
        stage.mark.release()
        stage.mark = None
        (staging_dir / RUN_MARKER).unlink()
        names = _write_marker(staging_dir)
        _swap(out, staging_dir, old, names)
    except BaseException:
        if stage.mark is not None:
            stage.mark.release()
            stage.mark = None
        if staging_dir.is_dir():
            shutil.rmtree(staging_dir, ignore_errors=True)
        if own:
            stage.close()
        raise
    if own:
        stage.close()
    return [given / Path(p).relative_to(staging_dir) for p in written]


def _swap(out: Path, staging: Path, old: Path, names: set[str]) -> None:
    """Replace `out` by `staging`: what `out` holds that the tool did not write (a user's files) moves over first;
    on any failure everything moves back, so the staging folder can be removed without losing a user's file."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"--out {out} is not a folder")
    carried: list[str] = []
    set_aside = False
    try:
        if out.is_dir():
            ours, new = _top(_ours(out) or set()), _top(names)
            for entry in sorted(os.listdir(out)):
                if entry not in ours and entry not in new and entry not in (RUN_MARKER, OUTPUT_MARKER):
                    os.rename(out / entry, staging / entry)
                    carried.append(entry)
            os.rename(out, old)
            set_aside = True
        os.rename(staging, out)
    except BaseException:
        if set_aside and not out.exists():
            os.rename(old, out)
        for entry in carried:
            if (staging / entry).exists() or (staging / entry).is_symlink():
                os.rename(staging / entry, out / entry)
        raise
    if set_aside:
        _remove_own(old, names)


def _remove_own(old: Path, replaced: set[str]) -> None:
    """Remove the previous output folder (renamed aside): only what its marker says the tool wrote, or what this
    run wrote anew (a folder from before the marker existed); a folder still holding anything else is left."""
    ours = (_ours(old) or set()) | replaced
    for rel in _files_below(old) + [OUTPUT_MARKER]:
        path = old / rel
        if rel in ours and path.is_file() and not path.is_symlink():
            path.unlink()
    for dirpath, _, _ in sorted(os.walk(old), key=lambda t: -len(t[0])):  # deepest first: emptied folders go
        try:
            os.rmdir(dirpath)
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
