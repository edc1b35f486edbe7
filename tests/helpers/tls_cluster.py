"""A private PostgreSQL cluster with TLS on, for the tests of encrypted team connections.

``initdb`` and ``pg_ctl`` are found at run time (``pg_config --bindir``, then ``PATH``), never by
a path written here. The cluster lives in a temporary folder, listens on 127.0.0.1 at a free port
with trust authentication, and serves a certificate for the name ``localhost`` only, signed by a
test CA made with ``trustme`` — so ``verify-full`` to ``localhost`` succeeds and to ``127.0.0.1``
fails on the name, and another test CA fails ``verify-ca``. PostgreSQL refuses to run as root: as
root the cluster belongs to the ``postgres`` account and its programs run through ``runuser``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import trustme

SERVER_NAME = "localhost"


def find_bin(name: str) -> Path:
    """A PostgreSQL server program: where ``pg_config`` says the binaries are, or on PATH."""
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


class TlsCluster:
    """initdb + pg_ctl start with ssl on; :meth:`close` stops it and removes the folder."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="callback-desk-tls-"))
        self.data = self.folder / "data"
        self.ca = trustme.CA()
        self.other_ca = trustme.CA()  # a CA that signed nothing of this server's
        self.ca_file = self.folder / "ca.pem"
        self.other_ca_file = self.folder / "other-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.other_ca.cert_pem.write_to_path(str(self.other_ca_file))
        self._as: list[str] = []
        owner = None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-instructions")  # fmt: skip
        certificate = self.ca.issue_cert(SERVER_NAME)
        for name, blob in (
            ("server.crt", b"".join(part.bytes() for part in certificate.cert_chain_pems)),
            ("server.key", certificate.private_key_pem.bytes()),
        ):
            path = self.data / name
            path.write_bytes(blob)
            path.chmod(0o600)
            if owner is not None:
                os.chown(path, owner.pw_uid, owner.pw_gid)
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c ssl=on "
            "-c ssl_cert_file=server.crt -c ssl_key_file=server.key"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-o", options, "-w", "start")  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self._as, str(find_bin(program)), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.folder,
        )

    def url(self, host: str = SERVER_NAME, **query: str) -> str:
        """The cluster's ``postgres`` database at ``host``, with ``query`` (sslmode=…)."""
        tail = "&".join(f"{key}={value}" for key, value in query.items())
        return f"postgresql+psycopg://postgres@{host}:{self.port}/postgres" + (
            f"?{tail}" if tail else ""
        )

    def close(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
