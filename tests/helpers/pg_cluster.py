"""A private PostgreSQL cluster, for a test or benchmark that restarts its server or sets it up
in a way the machine's own server must not be (TLS: :mod:`tests.helpers.tls_cluster`).

``initdb`` and ``pg_ctl`` of the installed PostgreSQL (found at run time) make a throw-away
cluster in a temporary folder, listening on 127.0.0.1 at a free port with trust authentication
(never the machine's own server). PostgreSQL refuses to run as root: as root the cluster
belongs to the ``postgres`` account and every command runs through ``runuser``.
:meth:`PrivateCluster.close` stops it and removes the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_bin(name: str) -> Path:
    """A PostgreSQL server program, found at run time: where ``pg_config --bindir`` says the
    binaries are, then on PATH (no path is written here)."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and (Path(found) / name).exists():
            return Path(found) / name
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    raise RuntimeError(f"{name} not found: install the PostgreSQL server (pg_config, PATH)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """initdb + pg_ctl start in a temporary folder; restart on demand; stop and clean up."""

    def __init__(self, prefix: str = "callback-desk-pg-") -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as: list[str] = []
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.owner = pwd.getpwnam("postgres")
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._made()
        self._run(
            find_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-instructions",
        )
        self._prepare()
        self.start()

    def _made(self) -> None:
        """Before initdb: what a kind of cluster makes in its folder first."""

    def _prepare(self) -> None:
        """After initdb, before the first start: what a kind of cluster adds to its data."""

    def give(self, path: Path) -> None:
        """Hand a file in the data folder to the cluster's owner, readable by it alone."""
        path.chmod(0o600)
        if self.owner is not None:
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)

    def _run(self, program: Path, *args: str) -> float:
        """Run a PostgreSQL program as the cluster's owner; return how long it took (s)."""
        started = time.perf_counter()
        subprocess.run(
            [*self._as, str(program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.folder,
        )
        return time.perf_counter() - started

    def _options(self) -> str:
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"

    def start(self) -> float:
        return self._run(
            find_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-w", "start",
        )  # fmt: skip

    def restart(self) -> float:
        """A fast restart (``pg_ctl restart -m fast``): sessions are ended, commits are kept."""
        return self._run(
            find_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-m", "fast", "-w", "restart",
        )  # fmt: skip

    def url(self, host: str = "127.0.0.1", **query: str) -> str:
        """The cluster's ``postgres`` database at ``host``, with ``query`` (sslmode=…)."""
        tail = "&".join(f"{key}={value}" for key, value in query.items())
        return f"postgresql+psycopg://postgres@{host}:{self.port}/postgres" + (
            f"?{tail}" if tail else ""
        )

    def close(self) -> None:
        try:
            self._run(find_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
