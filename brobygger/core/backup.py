"""Backups: the whole of a Brobygger installation in one tar archive, and back again.

``backup_create(out)`` writes one archive holding

- the database: SQLite through its online backup API (a consistent copy while the site runs),
  PostgreSQL as ``pg_dump --format=custom`` taken in the same snapshot as the manifest's counts;
- the insights results under ``INSIGHTS_DIR`` (the analyses the worker made);
- ``manifest.json``: the format, the app version, the database engine, the migrations applied
  per app, the row count of every table, and a sha256 checksum of every other member.

``backup_restore(archive)`` checks the archive first (checksums, the engine, a schema no newer
than this code, an empty target unless ``force``), then restores the database and the insights
results and compares the row counts with the manifest. Every refusal is a ``BackupError`` whose
message is one line naming the file. After a restore, ``brobygger setup`` applies the migrations
this code has that the backup has not (the upgrade sequence: back up, install, setup, restart).

Example:

    manifest = backup_create(Path("/var/backups/brobygger/2026-12-07.tar"))
    backup_restore(Path("/var/backups/brobygger/2026-12-07.tar"))
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
INSIGHTS_MEMBER = "insights"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line naming the file."""


@dataclass
class Manifest:
    """What an archive holds, written as ``manifest.json``."""

    app_version: str
    engine: str  # "sqlite" or "postgresql"
    created: str  # ISO 8601, UTC
    migrations: dict[str, list[str]]  # app label -> applied migration names, sorted
    counts: dict[str, int]  # table -> rows
    checksums: dict[str, str] = field(default_factory=dict)  # member -> sha256 hex
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes, *, where: str) -> Manifest:
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise BackupError(
                    f"{where}: backup format {raw.get('format')!r} is not {FORMAT} "
                    "(made by another version of Brobygger)"
                )
            return cls(**{name: raw[name] for name in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(
                f"{where}: {MANIFEST} is not a Brobygger manifest ({error})"
            ) from None


def app_version() -> str:
    try:
        return version("brobygger")
    except PackageNotFoundError:  # a source tree that is not installed
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _state(cursor, tables: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Migrations applied per app and rows per table, read through a DB-API ``cursor``."""
    tables = sorted(tables)
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (a table name)
        counts[table] = cursor.fetchone()[0]
    return {app: sorted(names) for app, names in sorted(migrations.items())}, counts


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in rows]


_PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"


def postgres_binary(name: str) -> str:
    """The newest ``name`` (pg_dump, pg_restore) of /usr/lib/postgresql/*/bin, else PATH's."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    found = str(candidates[-1]) if candidates else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found (Debian: apt install postgresql-client)")
    return found


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, and the environment with the password."""
    db = settings.DATABASES["default"]
    options = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        options += ["--host", db["HOST"]]
    if db.get("PORT"):
        options += ["--port", str(db["PORT"])]
    if db.get("USER"):
        options += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return options, env


def _run(command: list[str], env: dict[str, str], *, what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit {done.returncode}'}")


def _dump_sqlite(into: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    connection.ensure_connection()
    with closing(sqlite3.connect(into)) as copy:
        connection.connection.backup(copy)  # the online backup API: consistent while in use
        return _state(copy.cursor(), _sqlite_tables(copy))


def _dump_postgres(into: Path) -> tuple[dict[str, list[str]], dict[str, int]]:
    connection.ensure_connection()
    params = connection.get_connection_params()
    with closing(psycopg.connect(**params)) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone() or ("",)
            cursor.execute(_PG_TABLES)
            state = _state(cursor, [name for (name,) in cursor.fetchall()])
        options, env = _postgres_env()
        _run(
            [postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot_id}", "--file", str(into), *options],
            env, what="pg_dump",
        )  # fmt: skip
    return state


def _insights_dir() -> Path:
    return Path(settings.INSIGHTS_DIR)


def backup_create(out: Path) -> Manifest:
    """Write the archive ``out`` (see the module's docstring); return its manifest."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BackupError(f"{out}: the folder {out.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="brobygger-backup-") as work:
        if connection.vendor == "sqlite":
            member, dump = SQLITE_MEMBER, _dump_sqlite
        elif connection.vendor == "postgresql":
            member, dump = POSTGRES_MEMBER, _dump_postgres
        else:
            raise BackupError(f"{out}: cannot back up a {connection.vendor} database")
        database = Path(work) / member
        migrations, counts = dump(database)
        manifest = Manifest(
            app_version=app_version(),
            engine=connection.vendor,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            migrations=migrations,
            counts=counts,
        )
        members = [(database, member)]
        insights = _insights_dir()
        if insights.is_dir():
            for path in sorted(insights.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    members.append((path, f"{INSIGHTS_MEMBER}/{path.relative_to(insights)}"))
        manifest.checksums = {name: _sha256(path) for path, name in members}
        partial = out.with_name(f".{out.name}.partial")
        with tarfile.open(partial, "w") as tar:
            data = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(data), 0o600
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            for path, name in members:
                tar.add(path, arcname=name, recursive=False)
        partial.chmod(0o600)  # personal data: owner only
        partial.replace(out)  # never a half-written archive under the real name
    return manifest


def _read_archive(archive: Path, into: Path) -> Manifest:
    """Unpack ``archive`` into ``into`` and check it against its manifest."""
    where = str(archive)
    if not archive.is_file():
        raise BackupError(f"{where}: no such file")
    try:
        with tarfile.open(archive, "r:") as tar:  # plain tar, as backup_create writes it
            tar.extractall(into, filter="data")  # refuses absolute paths, .., devices, links
    except tarfile.TarError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BackupError(
            f"{where}: not a Brobygger backup (not a tar archive: {reason})"
        ) from None
    except OSError as error:
        raise BackupError(f"{where}: cannot be read ({error.strerror or error})") from None
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{where}: holds no {MANIFEST} (not a Brobygger backup)")
    manifest = Manifest.from_json(manifest_path.read_bytes(), where=where)
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path != manifest_path
    }
    if present - set(manifest.checksums):
        extra = sorted(present - set(manifest.checksums))[0]
        raise BackupError(f"{where}: {extra} is not in the manifest")
    for name, expected in sorted(manifest.checksums.items()):
        if name not in present:
            raise BackupError(f"{where}: {name} is missing from the archive")
        if _sha256(into / name) != expected:
            raise BackupError(f"{where}: {name} does not match its checksum (damaged archive)")
    return manifest


def unknown_migrations(manifest: Manifest) -> list[str]:
    """The migrations the backup has applied that this code does not know: a newer schema."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    ]


def _target_tables() -> list[str]:
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def _target_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _state(cursor, connection.introspection.table_names(cursor))[1]


def _restore_sqlite(dump: Path) -> None:
    connection.close()
    target = Path(settings.DATABASES["default"]["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(target)) as into:
        source.backup(into)  # replaces the target's whole content, WAL or not


def _restore_postgres(dump: Path, *, clean: bool) -> None:
    connection.close()
    options, env = _postgres_env()
    _run(
        [postgres_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", *(["--clean", "--if-exists"] if clean else []), *options,
         str(dump)],
        env, what="pg_restore",
    )  # fmt: skip


def _restore_insights(unpacked: Path) -> None:
    target = _insights_dir()
    if target.exists():
        shutil.rmtree(target)
    source = unpacked / INSIGHTS_MEMBER
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir(parents=True)


def backup_restore(archive: Path, *, force: bool = False) -> Manifest:
    """Restore ``archive`` into the configured database and ``INSIGHTS_DIR``.

    Refuses (``BackupError``) a damaged archive, another engine's dump, a schema newer than this
    code, and a target that holds tables or insights results unless ``force``.
    """
    archive = Path(archive)
    where = str(archive)
    with tempfile.TemporaryDirectory(prefix="brobygger-restore-") as work:
        unpacked = Path(work)
        manifest = _read_archive(archive, unpacked)
        if manifest.engine != connection.vendor:
            raise BackupError(
                f"{where}: a {manifest.engine} backup cannot be restored into {connection.vendor}"
                " (set DATABASE_URL to a database of the same kind)"
            )
        newer = unknown_migrations(manifest)
        if newer:
            raise BackupError(
                f"{where}: the backup's schema is newer than this code (unknown migrations: "
                f"{', '.join(newer[:5])}{', …' if len(newer) > 5 else ''}); install the version "
                f"that made it ({manifest.app_version}) or newer"
            )
        if not force:
            tables = _target_tables()
            if tables:
                raise BackupError(
                    f"{where}: the target database is not empty ({len(tables)} tables); restore "
                    "into an empty database, or pass --force to replace its content"
                )
            insights = _insights_dir()
            if insights.is_dir() and any(insights.iterdir()):
                raise BackupError(
                    f"{where}: {insights} is not empty; pass --force to replace its content"
                )
        if manifest.engine == "sqlite":
            _restore_sqlite(unpacked / SQLITE_MEMBER)
        else:
            _restore_postgres(unpacked / POSTGRES_MEMBER, clean=force)
        _restore_insights(unpacked)
    restored = {
        table: count for table, count in _target_counts().items() if table in manifest.counts
    }
    differ = sorted(
        table for table in manifest.counts if restored.get(table) != manifest.counts[table]
    )
    if differ:
        raise BackupError(
            f"{where}: after the restore, the row counts differ from the manifest in "
            f"{', '.join(differ[:5])}"
        )
    return manifest
