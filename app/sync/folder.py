"""The shared folder as a transport: each laptop writes only into its own folder, never changes a
published file, and reads everyone's. An unreadable share means "not available now", never
"deleted" (docs/dev/sync.md "Share layout", "Publish", "Import").

Between two steps on the share (a listing and a stat, a stat and an open) a file can vanish, be
replaced or become unreadable: a sync client, an admin, a server going away. Every step here
tolerates that (``FileNotFoundError``, ``PermissionError``, ``IsADirectoryError``, ``ESTALE``,
``EIO`` … are all ``OSError``): the file is skipped, named in ``skipped`` and tried again next
round, never a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.errors import NoWardKey, UnavailableError
from app.i18n import _
from app.sync.seal import SealError, WardKey, seal, unseal

SEGMENT = re.compile(r"^seg-(\d{12})-(\d{12})(.*)\.jsonl$")  # the rest: a sync client's conflict copy
DEVICE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_SEGMENT_BYTES = 64 * 1024 * 1024  # read into memory at most (a larger file is copied to local disk)
MAX_FILE_BYTES = 16 * 1024 ** 3  # a larger file is not read at all (refused, and reported)
STALE_PART_SECONDS = 24 * 3600
REPAIRS = "repairs"  # devices/<id>/repairs/<origin>/: other laptops' changes this laptop republished
_STATUS_CACHE: dict[str, tuple[tuple, dict | None]] = {}  # path -> ((size, mtime_ns, inode), parsed)


def segment_name(first: int, last: int) -> str:
    return f"seg-{first:012d}-{last:012d}.jsonl"


@dataclass(frozen=True)
class SeenFile:
    rel: str  # "devices/<id>/<name>", the key of sync_file
    device: str
    name: str
    size: int
    mtime_ns: int
    first: int
    last: int
    copy: bool  # a conflict copy made by a sync client (read like a segment, duplicates merge away)
    origin: str = ""  # whose changes it holds: ``device`` for a segment, another laptop for a repair

    @property
    def repair(self) -> bool:
        """A republished copy of another laptop's changes (``devices/<me>/repairs/<origin>/``)."""
        return self.origin != self.device


PLAIN_TREE = "v1"  # the tree of a share synced in the clear (FieldDesk before sealing)
SEALED_TREE = re.compile(r"^e(\d{1,6})$")  # e<epoch>: the tree sealed with that epoch of the ward key


class ShareFolder:
    """One tree of the share: ``v1`` in the clear, or ``e<epoch>`` sealed with ``key`` (every file
    written sealed, every file read must open with the key; docs/dev/sealed_share.md)."""

    def __init__(self, root: Path, key: WardKey | None = None, tree: str | None = None):
        self.root = Path(root)
        self.key = key
        self.tree = tree or (f"e{key.epoch}" if key else PLAIN_TREE)  # tree: another one, for listing only
        self.base = self.root / "FieldDesk" / self.tree
        self.devices = self.base / "devices"
        self.skipped: dict[str, str] = {}  # rel -> why it could not be used this round (tried again next round)

    def trees(self) -> dict[str, int]:
        """The trees on the share: name -> epoch (0 for the plain one). A sealed tree counts as soon
        as its folder is there (its FORMAT.json moved away must not make a laptop write in the
        clear); the plain one only with its FORMAT.json."""
        found = {}
        try:
            for entry in os.scandir(self.root / "FieldDesk"):
                match = SEALED_TREE.match(entry.name)
                if match or (entry.name == PLAIN_TREE and os.path.exists(os.path.join(entry.path, "FORMAT.json"))):
                    found[entry.name] = int(match[1]) if match else 0
        except OSError:
            pass
        return found

    def _seal(self, rel: str, data: bytes) -> bytes:
        return seal(self.key, rel, data) if self.key else data

    def _open(self, rel: str, data: bytes) -> bytes:
        return unseal(self.key, rel, data) if self.key else data

    def _skip(self, rel: str, exc: OSError) -> None:
        self.skipped.setdefault(rel, exc.strerror or type(exc).__name__)

    def skipped_warnings(self) -> list[str]:
        """One line per file the round had to leave for the next one, naming it."""
        return [_("{file} could not be read from the shared folder ({reason}); it is tried again at the next sync")
                .format(file=rel, reason=reason) for rel, reason in sorted(self.skipped.items())]

    def _entry_stat(self, entry: os.DirEntry, rel: str) -> os.stat_result | None:
        """A listed file's stat, None when it vanished or cannot be read since the listing."""
        try:
            return entry.stat()
        except OSError as exc:
            self._skip(rel, exc)
            return None

    def check(self) -> None:
        """Raise UnavailableError unless the share can be listed now."""
        try:
            if not self.root.is_dir():
                raise FileNotFoundError(errno.ENOENT, "not a folder", str(self.root))
            os.listdir(self.root)
        except OSError as exc:
            raise UnavailableError(_(
                "The shared folder {folder} cannot be reached ({reason}). Nothing was lost: your changes "
                "wait on this laptop and go out at the next sync. Check the network or the folder setting."
            ).format(folder=self.root, reason=exc.strerror or exc)) from exc

    def refuse_unkeyed(self) -> None:
        """Raise NoWardKey when this laptop may not write here: no key on a sealed or new share,
        or a key older than the share's newest. Nothing is published then; nothing is lost."""
        trees = self.trees()
        newest = max(trees.values(), default=0)
        if self.key is None and PLAIN_TREE not in trees and not newest:
            raise NoWardKey(_(
                "The shared folder {folder} is not set up yet: FieldDesk seals everything it puts there with "
                "the ward key, and this laptop has none. Nothing was sent. The administrator creates the key "
                "once (fielddesk key init, or Settings → Ward key) and gives it to each laptop."
            ).format(folder=self.root))
        if self.key is None and newest:
            raise NoWardKey(_(
                "The shared folder {folder} is sealed with the ward key, and this laptop has none. Nothing "
                "was sent: your changes wait on this laptop. Ask your administrator for the key file or "
                "join code (fielddesk key join, or Settings → Ward key).").format(folder=self.root))
        if self.key is not None and newest > self.key.epoch:
            raise NoWardKey(_(
                "The shared folder {folder} now uses a newer ward key (epoch {new}); this laptop holds epoch "
                "{old}. Nothing was sent: your changes wait on this laptop. Ask your administrator for the "
                "new key.").format(folder=self.root, new=newest, old=self.key.epoch))

    def format_info(self) -> dict | None:
        try:
            data = json.loads((self.base / "FORMAT.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def prepare(self, device: str) -> bool:
        """Create this laptop's folders (and FORMAT.json once); True when this call created the
        tree. Raises UnavailableError when read-only, NoWardKey when the tree has another key."""
        mine = self.devices / device
        fmt = self.base / "FORMAT.json"
        info = {"format": 1, "app": "FieldDesk"}
        if self.key:
            info |= {"sealed": True, "epoch": self.key.epoch, "key": self.key.key_id}
        created = False
        try:
            (mine / "tmp").mkdir(parents=True, exist_ok=True)
            if not fmt.exists():
                try:
                    with open(fmt, "x", encoding="utf-8") as fh:
                        json.dump(info, fh)
                    created = True
                except FileExistsError:
                    pass
        except OSError as exc:
            raise _unwritable(self.root, exc) from exc
        have = self.format_info() or {}
        if self.key and have.get("key") not in (None, self.key.key_id):
            raise NoWardKey(_(
                "The shared folder {folder} is sealed with another ward key than this laptop's (another ward, "
                "or a key made twice). Nothing was sent. Ask your administrator which key is the ward's."
            ).format(folder=self.root))
        return created

    def device_ids(self) -> list[str]:
        try:
            return sorted(d.name for d in os.scandir(self.devices) if DEVICE.match(d.name) and _is_dir(d))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise UnavailableError(_("The shared folder {folder} cannot be read ({reason}); try again later.")
                                   .format(folder=self.root, reason=exc.strerror or exc)) from exc

    def files(self, device: str) -> tuple[list[SeenFile], list[str]]:
        """Segment files (and conflict copies) of one laptop, and the other names found there."""
        segments, foreign = [], []
        try:
            entries = list(os.scandir(self.devices / device))
        except FileNotFoundError:
            return [], []  # the folder went away since the listing of devices
        except OSError as exc:
            self._skip(f"devices/{device}", exc)
            return [], []
        for entry in entries:
            if entry.name == "status.json":
                continue
            rel = f"devices/{device}/{entry.name}"
            match = SEGMENT.match(entry.name)
            if match is None:
                if _is_file(entry):  # folders (tmp, repairs) are ours
                    foreign.append(rel)
                continue
            st = self._entry_stat(entry, rel)
            if st is None or not stat.S_ISREG(st.st_mode):
                continue  # vanished or unreadable between the listing and its stat: next round
            segments.append(SeenFile(f"devices/{device}/{entry.name}", device, entry.name, st.st_size,
                                     st.st_mtime_ns, int(match[1]), int(match[2]), bool(match[3]), device))
        segments.sort(key=lambda f: (f.first, f.copy, f.name))
        return segments, foreign

    def repair_files(self, device: str) -> tuple[list[SeenFile], list[str]]:
        """Changes of other laptops that ``device`` republished (``repairs/<origin>/seg-….jsonl``)."""
        found, foreign = [], []
        try:
            origins = [e for e in os.scandir(self.devices / device / REPAIRS) if _is_dir(e)]
        except OSError:
            return [], []  # none (the usual case) or not readable now
        for folder in origins:
            if not DEVICE.match(folder.name) or folder.name == device:
                foreign.append(f"devices/{device}/{REPAIRS}/{folder.name}")
                continue
            try:
                entries = list(os.scandir(folder.path))
            except OSError as exc:
                if not isinstance(exc, FileNotFoundError):
                    self._skip(f"devices/{device}/{REPAIRS}/{folder.name}", exc)
                continue
            for entry in entries:
                match = SEGMENT.match(entry.name)
                rel = f"devices/{device}/{REPAIRS}/{folder.name}/{entry.name}"
                st = self._entry_stat(entry, rel) if match is not None else None
                if st is None and match is not None:
                    continue  # vanished or unreadable since the listing: next round
                if st is None or not stat.S_ISREG(st.st_mode):
                    foreign.append(rel)
                    continue
                found.append(SeenFile(rel, device, entry.name, st.st_size, st.st_mtime_ns, int(match[1]),
                                      int(match[2]), bool(match[3]), folder.name))
        found.sort(key=lambda f: (f.origin, f.first, f.name))
        return found, foreign

    def stat(self, rel: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of a file on the share, None when it is not there now."""
        try:
            st = os.stat(self.base / rel)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def mtime_ns(self, device: str, name: str) -> int:
        try:
            return (self.devices / device / name).stat().st_mtime_ns
        except OSError:
            return 0

    def read(self, rel: str) -> bytes:
        """A file's bytes (at most one more than any segment), opened with the key on a sealed
        tree (SealError when it does not open); an OSError is noted in ``skipped``."""
        try:
            with open(self.base / rel, "rb") as fh:
                data = fh.read(MAX_SEGMENT_BYTES + 1)
        except OSError as exc:
            self._skip(rel, exc)
            raise
        return self._open(rel, data)

    def readable(self, rel: str) -> bytes:
        """As ``read``, but a file that does not open reads as nothing (it proves nothing)."""
        try:
            return self.read(rel)
        except SealError:
            return b""

    def exists(self, path: Path) -> bool | None:
        """Is ``path`` (on the share) there: True, False, or None when the share cannot say now."""
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError:
            return None
        return True

    def copy_to(self, rel: str, dest: Path, limit: int) -> tuple[int, str]:
        """Copy a file of the share to local disk in blocks (bounded memory, whatever its size);
        returns (bytes copied, their sha256). Stops after ``limit`` + 1 bytes. A sealed file (at
        most a segment's size) is opened in memory and its plaintext written."""
        if self.key:
            plain = self.read(rel)
            dest.write_bytes(plain)
            return len(plain), hashlib.sha256(plain).hexdigest()
        digest = hashlib.sha256()
        size = 0
        with open(dest, "wb") as out:
            try:
                with open(self.base / rel, "rb") as src:
                    while size <= limit and (block := src.read(1 << 20)):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            except OSError as exc:  # the share's side: named in ``skipped``, tried next round
                self._skip(rel, exc)
                raise
        return size, digest.hexdigest()

    def publish(self, device: str, name: str, data: bytes, under: str = "") -> str:
        """Write a segment (in ``under``, a sub-folder of ours: repairs): tmp file (exclusive), fsync,
        rename without replacing, read back. Returns 'new', or 'same' when a crashed earlier run had
        already put these very bytes there, or 'different' when the name holds other bytes."""
        mine = self.devices / device
        final = mine / under / name
        part = mine / "tmp" / f"{uuid.uuid4()}.part"
        rel = f"devices/{device}/{under}/{name}" if under else f"devices/{device}/{name}"
        plain, data = data, self._seal(rel, data)
        try:
            if under:
                final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                return self._same(rel, final, plain)
            with open(part, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            for attempt in range(5):  # Windows sharing violations come and go
                try:
                    _rename_no_replace(part, final)
                    break
                except FileExistsError:
                    part.unlink(missing_ok=True)
                    return self._same(rel, final, plain)
                except PermissionError:
                    if attempt == 4:
                        raise
                    time.sleep(0.05 * (attempt + 1))
            if final.read_bytes() != data:
                raise OSError(errno.EIO, "the published file reads back different")
            return "new"
        except OSError as exc:
            _remove(part)
            raise _unwritable(self.root, exc) from exc

    def _same(self, rel: str, final: Path, plain: bytes) -> str:
        """'same' when the file under the name holds these very changes (sealed anew each time)."""
        try:
            return "same" if self._open(rel, final.read_bytes()) == plain else "different"
        except SealError:
            return "different"

    def write_status(self, device: str, status: dict) -> None:
        """The owner's heartbeat (advisory): replaced in place, never needed for correctness."""
        mine = self.devices / device
        tmp = mine / "tmp" / f"status-{uuid.uuid4()}.part"
        try:
            text = json.dumps(status, ensure_ascii=False).encode()
            tmp.write_bytes(self._seal(f"devices/{device}/status.json", text))
            os.replace(tmp, mine / "status.json")
        except OSError:
            _remove(tmp)

    def read_status(self, device: str) -> dict | None:
        """A laptop's heartbeat; read again only when its size or time changed (a round reads 50)."""
        path = self.devices / device / "status.json"
        try:
            st = os.stat(path)
            key = (st.st_size, st.st_mtime_ns, st.st_ino)
            cached = _STATUS_CACHE.get(str(path))
            if cached is not None and cached[0] == key:
                return cached[1]
            data = json.loads(self._open(f"devices/{device}/status.json", path.read_bytes()))
        except (OSError, ValueError):  # SealError is a ValueError: a forged heartbeat is no heartbeat
            return None
        data = data if isinstance(data, dict) else None
        if len(_STATUS_CACHE) > 1000:
            _STATUS_CACHE.clear()
        _STATUS_CACHE[str(path)] = (key, data)
        return data

    def clean_stale_parts(self, device: str, now: float | None = None) -> int:
        removed = 0
        now = time.time() if now is None else now
        try:
            entries = list(os.scandir(self.devices / device / "tmp"))
        except OSError:
            return 0
        for entry in entries:
            try:
                if entry.name.endswith(".part") and now - entry.stat().st_mtime > STALE_PART_SECONDS:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue  # gone already, or not removable now: next time
        return removed


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False  # gone or unreadable since the listing: not there this round


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the share went away: the owner removes stale parts later


def _rename_no_replace(src: Path, dst: Path) -> None:
    if os.name == "nt":
        os.rename(src, dst)  # never replaces on Windows
        return
    try:
        os.link(src, dst)  # fails with FileExistsError instead of replacing
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if dst.exists():  # a share without hard links: check, then rename (only we write here)
            raise FileExistsError(errno.EEXIST, "exists", str(dst)) from exc
        os.rename(src, dst)
        return
    os.unlink(src)


def _unwritable(root: Path, exc: OSError) -> UnavailableError:
    return UnavailableError(_(
        "The shared folder {folder} cannot be written ({reason}). Nothing was lost: your changes wait on "
        "this laptop. Ask the IT desk for write access or free space, then sync again."
    ).format(folder=root, reason=exc.strerror or exc))
