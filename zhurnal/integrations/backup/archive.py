"""The backup archive: one gzip-compressed tar holding the database copy, the uploaded files and a
manifest, and its checks (decision 0022).

    database.sqlite3 | database.pgdump   the copy of the database (engines in databases.py)
    media/<path>                          every file under MEDIA_ROOT
    manifest.json                         format, time, engine, SHA-256 and size of every part,
                                          the row count of every table at the snapshot
    manifest.sha256                       SHA-256 of manifest.json, so a damaged manifest is named

Every byte of the file is checked on reading: the whole file against `<archive>.sha256` written
beside it when it was made (when it is there), the gzip header against the fixed one we write
(no name, no time), the compressed stream and its CRC by zlib (read to the end), the tar headers
by their checksums, and every part by its SHA-256 in the manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from zhurnal.integrations.backup import databases
from zhurnal.integrations.backup.errors import BackupError

FORMAT = "zhurnal-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
MEDIA = "media"
COMPRESS_LEVEL = 1  # the database copy is large and the server is busy: speed over size
# What gzip writes for level 1 with no file name and mtime 0: magic, deflate, no flags, time 0,
# "fastest", OS unknown. Checked byte for byte, since zlib's CRC does not cover the header.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\xff"
CHUNK = 1 << 20

Progress = Callable[[str, int, int], None]  # (what, done, total)


def _quiet(what: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Manifest:
    made_at: dt.datetime
    engine: str
    database_part: str
    parts: dict[str, dict]  # name → {"size": int, "sha256": str}
    tables: dict[str, int]

    @property
    def files(self) -> dict[str, dict]:
        return {name: part for name, part in self.parts.items() if name.startswith(f"{MEDIA}/")}

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "made_at": self.made_at.isoformat(),
                "engine": self.engine,
                "database": self.database_part,
                "parts": self.parts,
                "tables": self.tables,
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT or raw.get("version") != VERSION:
                raise BackupError("это не архив резервной копии «Журнала» или его версия не поддерживается")
            return cls(
                made_at=dt.datetime.fromisoformat(raw["made_at"]),
                engine=raw["engine"],
                database_part=raw["database"],
                parts=raw["parts"],
                tables=raw["tables"],
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"опись архива ({MANIFEST}) не читается: {exc}") from exc


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    sha256: str
    manifest: Manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_name(at: dt.datetime) -> str:
    return f"zhurnal-backup-{at.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}.tar.gz"


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _add(tar: tarfile.TarFile, name: str, data: bytes | None = None, path: Path | None = None) -> None:
    info = tarfile.TarInfo(name)
    info.mtime = 0
    info.mode = 0o600
    if path is not None:
        info.size = path.stat().st_size
        with open(path, "rb") as fh:
            tar.addfile(info, fh)
    else:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


def create(
    *, db: databases.Database, media_root: Path, output_dir: Path, progress: Progress = _quiet, now=None
) -> Made:
    """Make one archive in `output_dir` (written under a temporary name, then renamed)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    made_at = now or dt.datetime.now(dt.UTC)
    final = output_dir / archive_name(made_at)
    partial = final.with_name(final.name + ".part")
    copy = output_dir / f".{final.name}.{db.part_name}"
    try:
        progress("database", 0, 1)
        tables = databases.snapshot(db, copy)
        progress("database", 1, 1)
        # Files are listed after the snapshot, so every file a row of the copy names is there.
        files = _media_files(media_root)
        parts: dict[str, dict] = {}
        with open(partial, "wb") as raw:
            gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=COMPRESS_LEVEL, mtime=0)
            with gz, tarfile.open(fileobj=gz, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                parts[db.part_name] = {"size": copy.stat().st_size, "sha256": sha256_file(copy)}
                _add(tar, db.part_name, path=copy)
                for i, path in enumerate(files, 1):
                    try:
                        data = path.read_bytes()  # one read: the hash and the copy agree
                    except FileNotFoundError:
                        continue  # removed since it was listed: its row went with it
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    parts[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    _add(tar, name, data)
                    progress("files", i, len(files))
                manifest = Manifest(made_at, db.vendor, db.part_name, parts, tables)
                manifest_bytes = manifest.as_json()
                _add(tar, MANIFEST, manifest_bytes)
                _add(tar, MANIFEST_SUM, hashlib.sha256(manifest_bytes).hexdigest().encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, final)
    finally:
        copy.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    digest = sha256_file(final)
    # The whole file's SHA-256 beside it (sha256sum's format): deflate may decode a changed bit
    # to the same bytes, which the checks inside cannot see; this sees any changed byte.
    sidecar_of(final).write_text(f"{digest}  {final.name}\n", encoding="ascii")
    return Made(path=final, size=final.stat().st_size, sha256=digest, manifest=manifest)


def sidecar_of(archive: Path) -> Path:
    """The `<archive>.sha256` file written beside an archive when it was made."""
    return archive.with_name(archive.name + ".sha256")


def _check_sidecar(archive: Path) -> None:
    sidecar = sidecar_of(archive)
    if not sidecar.is_file():
        return
    expected = sidecar.read_text(encoding="ascii", errors="replace").split()[:1]
    if expected != [sha256_file(archive)]:
        raise BackupError(
            f"архив повреждён: его SHA-256 не совпадает с записанным при создании ({sidecar.name})"
        )


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"недопустимое имя части в архиве: «{name}»")
    return path


def _copy_member(source, target: Path | None, *, keep: bool) -> tuple[int, str, bytes]:
    """Read one part through: its size, its SHA-256, its bytes when `keep`, a copy at `target`."""
    digest, size, kept = hashlib.sha256(), 0, bytearray()
    with open(target, "wb") if target is not None else contextlib.nullcontext() as sink:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if keep:
                kept += chunk
            if sink is not None:
                sink.write(chunk)
    return size, digest.hexdigest(), bytes(kept)


def read(archive: Path, *, into: Path | None = None, progress: Progress = _quiet) -> Manifest:
    """Check every byte of `archive` against its manifest; with `into`, also unpack it there.

    Raises BackupError naming the damaged part. The caller removes `into` when it fails.
    """
    if not archive.is_file():
        raise BackupError(f"архив не найден: {archive}")
    _check_sidecar(archive)
    total = archive.stat().st_size
    sums: dict[str, dict] = {}
    manifest_bytes = manifest_sum = None
    current = "заголовок архива"
    reading_data = False
    trailer_error = None
    with open(archive, "rb") as raw:
        if raw.read(len(GZIP_HEADER)) != GZIP_HEADER:
            raise BackupError(
                "архив повреждён: заголовок gzip не совпадает (это не архив «Журнала» или он испорчен)"
            )
        raw.seek(0)
        try:
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                with tarfile.open(fileobj=gz, mode="r|") as tar:
                    for member in tar:
                        current = member.name
                        reading_data = True
                        if not member.isfile():
                            raise BackupError(f"архив повреждён: часть «{member.name}» не файл")
                        relative = _safe_member(member.name)
                        source = tar.extractfile(member)
                        keep = member.name in (MANIFEST, MANIFEST_SUM)
                        target = None
                        if into is not None and not keep:
                            target = into.joinpath(*relative.parts)
                            target.parent.mkdir(parents=True, exist_ok=True)
                        size, digest, kept = _copy_member(source, target, keep=keep)
                        if member.name == MANIFEST:
                            manifest_bytes = bytes(kept)
                        elif member.name == MANIFEST_SUM:
                            manifest_sum = bytes(kept).decode("ascii", "replace").strip()
                        else:
                            sums[member.name] = {"size": size, "sha256": digest}
                        progress("check", raw.tell(), total)
                        # Between parts: a failure now is in the next part's header, not in this one.
                        reading_data = False
                    current = "конец архива"
                # Read to the end, so zlib checks the CRC and length of everything compressed.
                try:
                    while gz.read(CHUNK):
                        pass
                except (OSError, EOFError, ValueError, zlib.error) as exc:
                    # Name the part whose bytes changed, when the manifest can tell.
                    trailer_error = exc
        except BackupError:
            raise
        # zlib.error is none of the others: a changed byte can break the deflate stream's codes.
        except (OSError, EOFError, tarfile.TarError, ValueError, zlib.error) as exc:
            if reading_data:
                raise BackupError(f"архив повреждён: часть «{current}» не читается ({exc})") from exc
            # A changed compressed byte may decode to bytes of another length: the damage is in
            # or before the last part read, and it shows at the next part's header.
            where = "с начала" if not sums else f"после части «{current}»"
            raise BackupError(f"архив повреждён: {where} архив не читается ({exc})") from exc
    if manifest_bytes is None or manifest_sum is None:
        last = next(reversed(sums), "заголовок архива")
        raise BackupError(
            f"архив повреждён: после части «{last}» он не читается, описи ({MANIFEST}, {MANIFEST_SUM}) в нём нет"
        )
    if hashlib.sha256(manifest_bytes).hexdigest() != manifest_sum:
        raise BackupError(f"архив повреждён: опись «{MANIFEST}» не совпадает со своей контрольной суммой")
    manifest = Manifest.from_json(manifest_bytes)
    for name, expected in sorted(manifest.parts.items()):
        got = sums.get(name)
        if got is None:
            raise BackupError(f"архив повреждён: нет части «{name}», указанной в описи")
        if got != {"size": expected.get("size"), "sha256": expected.get("sha256")}:
            raise BackupError(f"архив повреждён: часть «{name}» не совпадает с описью (SHA-256 или размер)")
    extra = sorted(set(sums) - set(manifest.parts))
    if extra:
        raise BackupError(f"архив повреждён: часть «{extra[0]}» не указана в описи")
    if manifest.database_part not in manifest.parts:
        raise BackupError(f"архив повреждён: в описи нет копии базы данных «{manifest.database_part}»")
    if trailer_error is not None:
        raise BackupError(f"архив повреждён: контрольная сумма сжатых данных не сходится ({trailer_error})")
    return manifest


def files_equal(manifest: Manifest, media_root: Path) -> list[str]:
    """The manifest's files that are missing under `media_root` or differ (by SHA-256)."""
    wrong = []
    for name, part in sorted(manifest.files.items()):
        path = media_root.joinpath(*PurePosixPath(name).parts[1:])
        if not path.is_file() or sha256_file(path) != part["sha256"]:
            wrong.append(name)
    return wrong
