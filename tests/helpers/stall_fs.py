"""A real FUSE file system that misbehaves on purpose, for tests of a shared folder that hangs,
fails or changes under FieldDesk's feet.

It passes everything through to a backing folder, and the test steers it from outside (a JSON
file in a control folder that is not under the mount, so steering never waits on the mount):

* ``stall()`` / ``answer()`` — matching operations block until answered (a mapped drive whose
  server went away: Windows waits tens of seconds in ``FindFirstFile``); ``slow(s)`` delays each;
* ``fail(ops, path, errno)`` — EIO on read, ENOSPC on write, EROFS, EACCES … on matching paths,
  optionally only ``times`` times, or taking the whole share away (``then_gone``) after it fired;
* ``vanish(path)`` — a matching file is listed by ``readdir`` and removed from the backing folder
  right after, so the next ``stat``/``open`` finds it gone: the real race of a sync client or an
  admin deleting a file between a listing and its use; ``replace(path, data)`` does the same with
  other bytes;
* ``gone()`` / ``back()`` — every operation fails (EIO, as a dropped SMB session does).

The file system runs in its own process (``python -m tests.helpers.stall_fs``), multi-threaded,
with every kernel cache off (entry, attribute and negative timeouts 0, direct I/O), so each call
the program under test makes really reaches it. A stalled call gives up (EINTR) when its caller is
killed, as an SMB client does, so a process that gave up on the share can still exit. It unmounts
itself when the test process dies.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

MAX_STALL_S = 300.0  # a stall never outlives a forgotten test
_MUTATING = {"create", "write", "mkdir", "unlink", "rmdir", "rename", "link", "truncate", "chmod", "utimens",
             "symlink", "fsync"}


def available() -> str:
    """'' when FUSE can be used here, else why not (for pytest.skip)."""
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse"
    if shutil.which("fusermount3") is None and shutil.which("fusermount") is None:
        return "no fusermount3"
    try:
        import mfusepy  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"mfusepy unusable: {exc}"
    return ""


# -- the test's side ------------------------------------------------------------------------------

class StallShare:
    """A mounted misbehaving share: ``.path`` is what FieldDesk is given, ``.backing`` the truth."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.backing = self.root / "backing"
        self.path = self.root / "mnt"
        self.control = self.root / "control"
        self._rules: dict = {}
        self._proc: subprocess.Popen | None = None

    # mounting
    def mount(self, timeout: float = 15) -> StallShare:
        for folder in (self.backing, self.path, self.control):
            folder.mkdir(parents=True, exist_ok=True)
        self._write()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                           os.environ.get("PYTHONPATH", "")])}
        self._log = open(self.control / "fs.log", "ab")  # noqa: SIM115 - lives as long as the mount
        self._proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.stall_fs", str(self.backing),
                                       str(self.path), str(self.control), str(os.getpid())],
                                      stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while not os.path.ismount(self.path):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"stall_fs did not mount: {(self.control / 'fs.log').read_text(errors='replace')}")
            time.sleep(0.02)
        return self

    def unmount(self) -> None:
        self._rules = {}
        self._write()
        (self.control / "stall").unlink(missing_ok=True)
        if self._proc is None:
            return
        tool = shutil.which("fusermount3") or "fusermount"
        for args in ([tool, "-u", str(self.path)], [tool, "-u", "-z", str(self.path)]):
            for _ in range(50):
                if subprocess.run(args, capture_output=True).returncode == 0 or not os.path.ismount(self.path):
                    break
                time.sleep(0.1)
            if not os.path.ismount(self.path):
                break
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(5)
        self._proc = None
        self._log.close()

    def __enter__(self) -> StallShare:
        return self.mount()

    def __exit__(self, *exc) -> None:
        self.unmount()

    # steering
    def stall(self, ops: tuple[str, ...] = ("*",), path: str = "*") -> None:
        """From now on, matching operations block until ``answer()``."""
        self._rules["stall"] = {"ops": list(ops), "path": path}
        self._write()
        (self.control / "stall").touch()

    def answer(self) -> None:
        (self.control / "stall").unlink(missing_ok=True)

    def slow(self, seconds: float, ops: tuple[str, ...] = ("*",), path: str = "*") -> None:
        self._rules["slow"] = {"ops": list(ops), "path": path, "seconds": seconds}
        self._write()

    def fail(self, ops: tuple[str, ...], path: str, error: int, *, times: int | None = None,
             then_gone: bool = False) -> None:
        self._rules.setdefault("faults", []).append({"ops": list(ops), "path": path, "errno": error,
                                                     "times": times, "then_gone": then_gone})
        self._write()

    def vanish(self, path: str, *, data: bytes | None = None) -> None:
        """A matching file is listed, then removed (or, with ``data``, replaced) right after."""
        self._rules.setdefault("vanish", []).append({"path": path, "data": None if data is None else data.hex()})
        self._write()

    def gone(self, error: int = errno.EIO) -> None:
        self._rules["gone"] = error
        self._write()

    def back(self) -> None:
        self._rules.pop("gone", None)
        (self.control / "gone").unlink(missing_ok=True)
        self._write()

    def clear(self) -> None:
        self._rules = {}
        self._write()
        (self.control / "stall").unlink(missing_ok=True)
        (self.control / "gone").unlink(missing_ok=True)

    def events(self) -> list[dict]:
        """What the file system did on purpose: stalls, faults, vanished files (one JSON a line)."""
        path = self.control / "events.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def _write(self) -> None:
        tmp = self.control / "rules.json.tmp"
        tmp.write_text(json.dumps(self._rules), encoding="utf-8")
        os.replace(tmp, self.control / "rules.json")


# -- the file system's side -----------------------------------------------------------------------

def _matches(rule: dict, op: str, path: str) -> bool:
    return any(fnmatch.fnmatch(op, o) for o in rule.get("ops", ["*"])) and fnmatch.fnmatch(path.lstrip("/"), rule["path"])


def _make_operations():
    import mfusepy as fuse

    class Misbehaving(fuse.Operations):
        use_ns = True

        def __init__(self, backing: str, control: str, parent: int):
            self.backing = backing
            self.control = control
            self.parent = parent
            self._rules: dict = {}
            self._key: tuple = ()
            self._fired: dict[int, int] = {}
            self._lock = threading.Lock()

        # steering
        def _rules_now(self) -> dict:
            path = os.path.join(self.control, "rules.json")
            try:
                st = os.stat(path)
                key = (st.st_ino, st.st_mtime_ns, st.st_size)
                if key != self._key:
                    with open(path, encoding="utf-8") as fh:
                        self._rules, self._key, self._fired = json.load(fh), key, {}
            except (OSError, ValueError):
                pass
            return self._rules

        def _event(self, **what) -> None:
            with self._lock, open(os.path.join(self.control, "events.jsonl"), "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"t": time.time(), **what}) + "\n")

        def _gate(self, op: str, path: str) -> None:
            """Every operation passes here first: stall, slow down or fail as the test asked."""
            rules = self._rules_now()
            if "gone" in rules or os.path.exists(os.path.join(self.control, "gone")):
                raise fuse.FuseOSError(rules.get("gone", errno.EIO))
            stall = rules.get("stall")
            if stall and _matches(stall, op, path) and os.path.exists(os.path.join(self.control, "stall")):
                self._event(kind="stall", op=op, path=path)
                deadline = time.monotonic() + MAX_STALL_S
                while os.path.exists(os.path.join(self.control, "stall")) and time.monotonic() < deadline:
                    if os.getppid() != self.parent:
                        break
                    if fuse._libfuse.fuse_interrupted():  # the caller was killed: give its call up, as SMB does
                        self._event(kind="interrupted", op=op, path=path)
                        raise fuse.FuseOSError(errno.EINTR)
                    time.sleep(0.02)
                self._event(kind="answer", op=op, path=path)
            slow = rules.get("slow")
            if slow and _matches(slow, op, path):
                time.sleep(float(slow["seconds"]))
            for number, fault in enumerate(rules.get("faults", [])):
                if not _matches(fault, op, path):
                    continue
                with self._lock:
                    fired = self._fired.get(number, 0)
                    if fault.get("times") is not None and fired >= fault["times"]:
                        continue
                    self._fired[number] = fired + 1
                self._event(kind="fault", op=op, path=path, errno=fault["errno"])
                if fault.get("then_gone"):
                    open(os.path.join(self.control, "gone"), "w").close()  # noqa: SIM115
                raise fuse.FuseOSError(fault["errno"])

        def _full(self, path: str) -> str:
            return os.path.join(self.backing, path.lstrip("/"))

        # directory operations
        def getattr(self, path, fh=None):
            self._gate("getattr", path)
            try:
                st = os.lstat(self._full(path))
            except OSError as exc:
                raise fuse.FuseOSError(exc.errno) from None
            return {k: getattr(st, k) for k in ("st_mode", "st_nlink", "st_size", "st_uid", "st_gid", "st_ino")} | {
                "st_atime": st.st_atime_ns, "st_mtime": st.st_mtime_ns, "st_ctime": st.st_ctime_ns}

        def readdir(self, path, fh):
            self._gate("readdir", path)
            full = self._full(path)
            try:
                names = os.listdir(full)
            except OSError as exc:
                raise fuse.FuseOSError(exc.errno) from None
            entries = [".", ".."]
            for name in names:
                try:  # the type goes with the name (d_type), as SMB and local disks give it
                    entries.append((name, {"st_mode": os.lstat(os.path.join(full, name)).st_mode}, 0))
                except OSError:
                    entries.append(name)
            for rule in self._rules_now().get("vanish", []):  # listed above, gone (or other bytes) now
                for name in names:
                    rel = f"{path.strip('/')}/{name}".lstrip("/")
                    if fnmatch.fnmatch(rel, rule["path"]):
                        target = os.path.join(full, name)
                        if rule.get("data") is None:
                            os.unlink(target)
                        else:
                            tmp = target + ".stall-fs-tmp"
                            with open(tmp, "wb") as out:
                                out.write(bytes.fromhex(rule["data"]))
                            os.replace(tmp, target)
                        self._event(kind="vanish", path=rel, replaced=rule.get("data") is not None)
            return entries

        def mkdir(self, path, mode):
            self._gate("mkdir", path)
            return self._call(os.mkdir, self._full(path), mode)

        def rmdir(self, path):
            self._gate("rmdir", path)
            return self._call(os.rmdir, self._full(path))

        def unlink(self, path):
            self._gate("unlink", path)
            return self._call(os.unlink, self._full(path))

        def rename(self, old, new):
            self._gate("rename", new)
            return self._call(os.rename, self._full(old), self._full(new))

        def link(self, target, source):
            self._gate("link", target)
            return self._call(os.link, self._full(source), self._full(target))

        def chmod(self, path, mode):
            self._gate("chmod", path)
            return self._call(os.chmod, self._full(path), mode)

        def chown(self, path, uid, gid):
            return 0

        def utimens(self, path, times=None):
            self._gate("utimens", path)
            return self._call(os.utime, self._full(path), ns=times) if times else self._call(os.utime, self._full(path))

        def truncate(self, path, length, fh=None):
            self._gate("truncate", path)
            return self._call(os.truncate, self._full(path), length)

        def statfs(self, path):
            st = os.statvfs(self._full(path))
            return {k: getattr(st, k) for k in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                                                "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

        # file operations
        def open(self, path, flags):
            self._gate("open", path)
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC | os.O_APPEND):
                self._gate("write-open", path)
            return self._call(os.open, self._full(path), flags)

        def create(self, path, mode, fi=None):
            self._gate("create", path)
            return self._call(os.open, self._full(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)

        def read(self, path, size, offset, fh):
            self._gate("read", path or "")
            os.lseek(fh, offset, os.SEEK_SET)
            return os.read(fh, size)

        def write(self, path, data, offset, fh):
            self._gate("write", path or "")
            os.lseek(fh, offset, os.SEEK_SET)
            return os.write(fh, data)

        def flush(self, path, fh):
            return 0

        def fsync(self, path, datasync, fh):
            self._gate("fsync", path or "")
            return self._call(os.fsync, fh)

        def release(self, path, fh):
            os.close(fh)
            return 0

        @staticmethod
        def _call(fn, *args, **kwargs):
            try:
                result = fn(*args, **kwargs)
            except OSError as exc:
                raise fuse.FuseOSError(exc.errno) from None
            return 0 if result is None else result

    return fuse, Misbehaving


def _watch_parent(parent: int, mountpoint: str) -> None:
    """Unmount when the test process is gone (a killed pytest must not leave a mount behind)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    subprocess.run([shutil.which("fusermount3") or "fusermount", "-u", "-z", mountpoint], capture_output=True)
    os._exit(0)


def main(argv: list[str]) -> None:
    backing, mountpoint, control, parent = argv[0], argv[1], argv[2], int(argv[3])
    fuse, operations = _make_operations()
    threading.Thread(target=_watch_parent, args=(parent, mountpoint), daemon=True).start()
    fuse.FUSE(operations(backing, control, parent), mountpoint, foreground=True, nothreads=False,
              entry_timeout=0, attr_timeout=0, negative_timeout=0, direct_io=True, fsname="stall_fs")


if __name__ == "__main__":
    main(sys.argv[1:])
