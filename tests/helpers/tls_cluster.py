"""A private PostgreSQL cluster with TLS on, for the tests of encrypted team connections.

``initdb`` and ``pg_ctl`` are found at run time (``pg_config --bindir``, then ``PATH``), never by
a path written here. The cluster lives in a temporary folder, listens on 127.0.0.1 at a free port
with trust authentication, and serves a certificate for the name ``localhost`` only, signed by a
test CA made with ``trustme`` — so ``verify-full`` to ``localhost`` succeeds and to ``127.0.0.1``
fails on the name, and another test CA fails ``verify-ca``. PostgreSQL refuses to run as root: as
root the cluster belongs to the ``postgres`` account and its programs run through ``runuser``.
"""

from __future__ import annotations

import trustme

from tests.helpers.pg_cluster import PrivateCluster

SERVER_NAME = "localhost"


class TlsCluster(PrivateCluster):
    """A private cluster started with ssl on, its certificate signed by a test CA."""

    def __init__(self) -> None:
        super().__init__(prefix="callback-desk-tls-")

    def _made(self) -> None:
        self.ca = trustme.CA()
        self.other_ca = trustme.CA()  # a CA that signed nothing of this server's
        self.ca_file = self.folder / "ca.pem"
        self.other_ca_file = self.folder / "other-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.other_ca.cert_pem.write_to_path(str(self.other_ca_file))

    def _prepare(self) -> None:
        certificate = self.ca.issue_cert(SERVER_NAME)
        for name, blob in (
            ("server.crt", b"".join(part.bytes() for part in certificate.cert_chain_pems)),
            ("server.key", certificate.private_key_pem.bytes()),
        ):
            path = self.data / name
            path.write_bytes(blob)
            self.give(path)

    def _options(self) -> str:
        return (
            super()._options() + " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
        )

    def url(self, host: str = SERVER_NAME, **query: str) -> str:
        return super().url(host, **query)
