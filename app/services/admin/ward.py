"""Use cases of the ward key (docs/admin/ward_key.md): create it once, give it to each laptop as
a passphrase-protected key file or a join code, rotate it after a lost laptop, see which laptops
have moved to the sealed share and remove the older files once all have. The CLI (``fielddesk
key …``) and Settings → Ward key call these; the key itself lives in the OS credential store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.errors import UnavailableError, UserError
from app.i18n import _
from app.sync import seal, trees, ward_key
from app.sync.folder import ShareFolder

MIN_PASSPHRASE = 10


def _store(key: seal.WardKey, previous: seal.WardKey | None = None) -> None:
    try:
        ward_key.save(key, previous)
    except ward_key.KeyStoreError as exc:
        raise UnavailableError(str(exc)) from None


def current() -> seal.WardKey | None:
    try:
        return ward_key.load()
    except ward_key.KeyStoreError as exc:
        raise UnavailableError(str(exc)) from None


def check_passphrase(passphrase: str, again: str | None = None) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(_("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))
    if again is not None and again != passphrase:
        raise UserError(_("The two passphrases differ."))


def create(*, replace: bool = False) -> seal.WardKey:
    """The ward's first key (epoch 1), kept on this laptop. Refused when one is there already."""
    if current() is not None and not replace:
        raise UserError(_("This laptop already holds a ward key. To make a new one after a lost laptop, "
                          "rotate it (fielddesk key rotate)."))
    key = seal.new_key(1)
    _store(key)
    return key


def rotate() -> seal.WardKey:
    """A new epoch: from the next sync this laptop seals with it, in a new tree of the share."""
    old = current()
    if old is None:
        raise UserError(_("This laptop holds no ward key to rotate; create one first (fielddesk key init)."))
    key = seal.new_key(old.epoch + 1)
    _store(key, old)  # the old key stays, to read the old tree once when this laptop moves
    return key


def join(key: seal.WardKey) -> seal.WardKey:
    """Keep a key given from another laptop; an older epoch than the one held is refused."""
    old = current()
    if old is not None and old.epoch > key.epoch:
        raise UserError(_("This laptop already holds a newer ward key (epoch {have}) than the one given "
                          "(epoch {given}).").format(have=old.epoch, given=key.epoch))
    _store(key, old if old is not None and old.epoch < key.epoch else None)
    return key


def read_key_file(path: Path, passphrase: str) -> seal.WardKey:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(_("{file}: cannot be read ({reason}).").format(file=path, reason=exc.strerror or exc)) from None
    try:
        return seal.read_key_file(data, passphrase)
    except ValueError as exc:
        raise UserError(_("{file}: {reason}.").format(file=path, reason=exc)) from None


def from_code(code: str) -> seal.WardKey:
    try:
        return seal.from_join_code(code)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def write_key_file(path: Path, key: seal.WardKey, passphrase: str) -> None:
    """A key file for another laptop (never kept on the share: hand it over on a USB stick)."""
    check_passphrase(passphrase)
    try:
        with open(path, "xb") as fh:
            fh.write(seal.key_file_bytes(key, passphrase))
    except FileExistsError:
        raise UserError(_("{file} exists already; choose another name.").format(file=path)) from None
    except OSError as exc:
        raise UserError(_("{file}: cannot be written ({reason}).").format(file=path, reason=exc.strerror or exc)) from None


@dataclass
class Status:
    key: seal.WardKey | None
    tree: str = ""
    laptops: list[trees.Laptop] = field(default_factory=list)
    old_trees: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> list[trees.Laptop]:
        return [laptop for laptop in self.laptops if laptop.state != "moved"]


def status(share: Path | None) -> Status:
    """This laptop's key (epoch, id — never the key) and, with a share, how far the move is."""
    key = current()
    out = Status(key)
    if share is None or key is None:
        return out
    folder = ShareFolder(share, key)
    folder.check()
    out.tree = folder.tree
    out.laptops = trees.move_report(folder)
    out.old_trees = sorted(name for name in folder.trees() if name != folder.tree)
    return out


def finish_move(share: Path, retired: set[str] = frozenset()) -> list[str]:
    """Remove the older trees (the files in the clear, or sealed with an old key) from the share
    once every laptop found there is held in the current tree; UserError naming those that are not."""
    key = current()
    if key is None:
        raise UserError(_("This laptop holds no ward key; finish the move from a laptop that has it."))
    folder = ShareFolder(share, key)
    folder.check()
    if folder.tree not in folder.trees():
        raise UserError(_("Nothing is sealed in {folder} yet: sync once with the key first.").format(folder=share))
    try:
        gone, waiting = trees.finish_move(folder, retired)
    except OSError as exc:
        raise UnavailableError(_("The shared folder {folder} could not be changed ({reason}); nothing of this "
                                 "laptop's was lost. Try again.").format(folder=share, reason=exc.strerror or exc)) from None
    if waiting:
        raise UserError(_("Not yet: {n} laptops have not moved ({ids}). Give them the ward key and let them "
                          "sync, then try again; a laptop that is gone for good can be named with --retired "
                          "once its changes are held in the sealed folder.").format(
            n=len(waiting), ids=", ".join(sorted({w.device[:8] for w in waiting}))))
    return gone
