"""A local Neo4j 5.26 LTS server for tests and for users without a Neo4j server.

The server is the small Maven project beside this module (``neo4j_server/``): embedded
Neo4j with only a Bolt connector on 127.0.0.1, auth enabled for user ``neo4j``. This
module builds it with Maven (Java 17 + ``mvn`` on PATH), starts it as a background
``java`` process in its own process group, and stops it again. Standard library only.

Files in the data directory (default ``.neo4j-local/`` under the working directory):
Neo4j's ``data/`` and ``logs/``, ``local-server.pid`` (pid of the java process) and
``local-server.log`` (its stdout/stderr, whose ``READY bolt://...`` line gives the URI).

Command line (``start`` prints the URI, ``status`` exits 1 when no server runs)::

    python -m policykg.loaders.neo4j_local start --port 7687 --data-dir .neo4j-local
    python -m policykg.loaders.neo4j_local status
    python -m policykg.loaders.neo4j_local stop

Example:
    >>> server = start_local_server(port=7687)          # doctest: +SKIP
    >>> server.uri, server.user                         # doctest: +SKIP
    ('bolt://127.0.0.1:7687', 'neo4j')
    >>> stop_local_server()                             # doctest: +SKIP
    True
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_PORT",
    "DEFAULT_DATA_DIR",
    "SERVER_PROJECT",
    "SERVER_JAR",
    "JVM_OPTIONS",
    "LocalServer",
    "LocalServerError",
    "build_local_server",
    "start_local_server",
    "stop_local_server",
    "local_server_status",
    "main",
]

DEFAULT_PORT = 7687
DEFAULT_DATA_DIR = ".neo4j-local"
DEFAULT_PASSWORD = "policykg-local"
USER = "neo4j"
HOST = "127.0.0.1"

SERVER_PROJECT = Path(__file__).resolve().parent / "neo4j_server"
SERVER_JAR = SERVER_PROJECT / "target" / "policykg-neo4j-local.jar"
#: Modest memory so the server fits beside a test run on a 2-core machine
#: (the page cache, 64 MiB, is set inside the server).
JVM_OPTIONS = ("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC")

PID_FILE = "local-server.pid"
LOG_FILE = "local-server.log"
READY_PREFIX = "READY "

# Popen objects of servers started by this process, kept so they are reaped on stop.
_children: dict[int, subprocess.Popen] = {}


class LocalServerError(RuntimeError):
    """The local server could not be built, started or stopped."""


@dataclass(frozen=True)
class LocalServer:
    """A running local server and how to log in to it.

    Example:
        >>> LocalServer("bolt://127.0.0.1:7687", "neo4j", "policykg-local", 4242).uri
        'bolt://127.0.0.1:7687'
    """

    uri: str
    user: str
    password: str
    pid: int


def _source_files() -> list[Path]:
    return [SERVER_PROJECT / "pom.xml", *sorted((SERVER_PROJECT / "src").rglob("*"))]


def _jar_is_current() -> bool:
    if not SERVER_JAR.is_file() or not (SERVER_JAR.parent / "lib").is_dir():
        return False
    newest_source = max(p.stat().st_mtime for p in _source_files() if p.is_file())
    return SERVER_JAR.stat().st_mtime >= newest_source


def _require_tool(name: str) -> str:
    if name == "java" and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise LocalServerError(
            f"`{name}` was not found on PATH: the local Neo4j server needs Java 17+ and Maven "
            "(e.g. `apt-get install openjdk-17-jdk-headless maven`), or point NEO4J_URI at an existing server."
        )
    return found


def build_local_server(quiet: bool = True) -> Path:
    """Build the server jar with ``mvn package`` unless it is newer than its sources; return its path.

    Example:
        >>> build_local_server().name                   # doctest: +SKIP
        'policykg-neo4j-local.jar'
    """
    _require_tool("java")
    if _jar_is_current():
        return SERVER_JAR
    mvn = _require_tool("mvn")
    command = [mvn, "-B", *(["-q"] if quiet else []), "package"]
    result = subprocess.run(
        command,
        cwd=SERVER_PROJECT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        text=True,
    )
    if result.returncode != 0 or not SERVER_JAR.is_file():
        tail = "\n".join((result.stdout or "").splitlines()[-40:])
        raise LocalServerError(f"`{' '.join(command)}` in {SERVER_PROJECT} failed ({result.returncode}):\n{tail}")
    SERVER_JAR.touch()  # Maven may keep an unchanged jar's old mtime; mark it as current.
    return SERVER_JAR


def _pid_is_local_server(pid: int) -> bool:
    """True if ``pid`` is alive and is a java process running the local server jar."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc: trust the pid file
    if not cmdline:  # zombie
        return False
    return SERVER_JAR.name.encode() in cmdline


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _ready_uri(data_dir: Path) -> str | None:
    try:
        lines = (data_dir / LOG_FILE).read_text(errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(READY_PREFIX):
            return line[len(READY_PREFIX):].strip()
    return None


def _port_is_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def _log_tail(data_dir: Path, lines: int = 30) -> str:
    try:
        return "\n".join((data_dir / LOG_FILE).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _password(password: str | None) -> str:
    return password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD


def local_server_status(data_dir: str | os.PathLike = DEFAULT_DATA_DIR, password: str | None = None) -> LocalServer | None:
    """Return the server running from ``data_dir`` (per its pid file and READY line), else None.

    Example:
        >>> local_server_status("/nonexistent") is None
        True
    """
    data_dir = Path(data_dir).resolve()
    pid = _read_pid(data_dir)
    if pid is None or not _pid_is_local_server(pid):
        return None
    uri = _ready_uri(data_dir)
    if uri is None:
        return None
    return LocalServer(uri=uri, user=USER, password=_password(password), pid=pid)


def start_local_server(
    port: int = DEFAULT_PORT,
    data_dir: str | os.PathLike = DEFAULT_DATA_DIR,
    password: str | None = None,
    wait_seconds: float = 120,
) -> LocalServer:
    """Build if needed, start the server in the background and wait until Bolt accepts logins.

    The password is ``password``, else env ``NEO4J_PASSWORD``, else ``policykg-local``; it is
    (re)applied to user ``neo4j`` at every start. A server already running from ``data_dir``
    is returned as is.

    Example:
        >>> start_local_server(port=7687).uri           # doctest: +SKIP
        'bolt://127.0.0.1:7687'
    """
    password = _password(password)
    if len(password) < 8:
        raise LocalServerError("Neo4j 5 needs a password of at least 8 characters")
    data_dir = Path(data_dir).resolve()
    running = local_server_status(data_dir, password)
    if running is not None:
        return running
    if _port_is_open(port):
        raise LocalServerError(f"port {HOST}:{port} is already in use by another process")

    jar = build_local_server()
    java = _require_tool("java")
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / PID_FILE).unlink(missing_ok=True)
    command = [java, *JVM_OPTIONS, "-jar", str(jar), "--port", str(port), "--data-dir", str(data_dir)]
    env = {**os.environ, "NEO4J_PASSWORD": password}  # not on the command line, where `ps` shows it
    with open(data_dir / LOG_FILE, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data_dir,
            start_new_session=True,  # own session and process group: stop signals the whole group
        )
    _children[process.pid] = process
    (data_dir / PID_FILE).write_text(f"{process.pid}\n")

    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        uri = _ready_uri(data_dir)
        if uri is not None:
            return LocalServer(uri=uri, user=USER, password=password, pid=process.pid)
        if process.poll() is not None:
            (data_dir / PID_FILE).unlink(missing_ok=True)
            _children.pop(process.pid, None)
            raise LocalServerError(
                f"local Neo4j exited with code {process.returncode} before it was ready; "
                f"{data_dir / LOG_FILE}:\n{_log_tail(data_dir)}"
            )
        time.sleep(0.2)
    stop_local_server(data_dir)
    raise LocalServerError(
        f"local Neo4j was not ready within {wait_seconds} s; {data_dir / LOG_FILE}:\n{_log_tail(data_dir)}"
    )


def _wait_for_exit(pid: int, seconds: float) -> bool:
    """Wait until ``pid`` has exited (reaping it if it is our child); True if it did."""
    deadline = time.monotonic() + seconds
    while True:
        child = _children.get(pid)
        if child is not None:
            if child.poll() is not None:
                _children.pop(pid, None)
                return True
        elif not _pid_is_local_server(pid):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def stop_local_server(data_dir: str | os.PathLike = DEFAULT_DATA_DIR, wait_seconds: float = 30) -> bool:
    """Stop the server running from ``data_dir``: SIGTERM, wait, then SIGKILL. True if one was running.

    Example:
        >>> stop_local_server("/nonexistent")
        False
    """
    data_dir = Path(data_dir).resolve()
    pid = _read_pid(data_dir)
    if pid is None or not _pid_is_local_server(pid):
        (data_dir / PID_FILE).unlink(missing_ok=True)
        return False
    for sig, seconds in ((signal.SIGTERM, wait_seconds), (signal.SIGKILL, 10)):
        try:
            os.killpg(pid, sig)  # the java process leads its own process group
        except ProcessLookupError:
            break
        except PermissionError:
            os.kill(pid, sig)
        if _wait_for_exit(pid, seconds):
            break
    else:
        raise LocalServerError(f"local Neo4j (pid {pid}) did not exit after SIGKILL")
    (data_dir / PID_FILE).unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build``, ``start`` (prints the URI), ``stop``, ``status`` (exit 1 if stopped)."""
    parser = argparse.ArgumentParser(prog="python -m policykg.loaders.neo4j_local", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "start", "stop", "status"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("NEO4J_PORT", DEFAULT_PORT)))
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    parser.add_argument("--password", default=None, help="default: env NEO4J_PASSWORD, else policykg-local")
    parser.add_argument("--wait-seconds", type=float, default=120)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            print(build_local_server(quiet=False))
        elif args.command == "start":
            print(start_local_server(args.port, args.data_dir, args.password, args.wait_seconds).uri)
        elif args.command == "stop":
            print("stopped" if stop_local_server(args.data_dir) else "not running")
        else:
            server = local_server_status(args.data_dir, args.password)
            if server is None:
                print("stopped")
                return 1
            print(f"running {server.uri} pid {server.pid}")
    except LocalServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
