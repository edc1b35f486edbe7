"""End to end with a real SIP softphone on loopback: SIPp → baresip → ``callback-desk ring``.

Needs the Debian packages ``baresip-core`` and ``sip-tester`` (``.ci/run`` installs them). It
makes a temporary data folder with the demo database and starts the app there (offscreen, with
``CALLBACK_DESK_RING_PROBE=1``); starts baresip on 127.0.0.1 with one account and its
``ctrl_tcp`` event interface; a small bridge (this script, the recipe's "run this command" for
baresip) reads baresip's events and runs ``callback-desk ring <caller> --line baresip`` on each
``CALL_INCOMING``. Then, ``--runs`` times, SIPp places an INVITE from ``"ICBC" <sip:95588@…>``,
lets it ring and cancels it. Each round must end with the console painted with the ring and a
``ringing`` call record for 95588 on line ``baresip`` in the database. It prints the time from
SIPp starting to the console painted, and exits 1 when any round failed (2 when the packages are
missing). POSIX only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ring import ROOT, environment, start_app, wait_for

SCENARIO = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="a bank rings the desk">
  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[pid]-[call_number]-invite
From: "ICBC" <sip:95588@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 INVITE
Contact: sip:95588@[local_ip]:[local_port]
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: [len]

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180"/>
  <pause milliseconds="1000"/>
  <send><![CDATA[
CANCEL sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[pid]-[call_number]-invite
From: "ICBC" <sip:95588@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 CANCEL
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv response="200"/>
  <recv response="487"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-[pid]-[call_number]-invite
From: "ICBC" <sip:95588@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0
]]></send>
</scenario>
"""


def free_port(kind: int = socket.SOCK_DGRAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def baresip_config(folder: Path, sip_port: int, ctrl_port: int) -> Path:
    """A baresip configuration: loopback only, no sound device, the ctrl_tcp event interface."""
    folder.mkdir()
    (folder / "config").write_text(
        f"sip_listen 127.0.0.1:{sip_port}\n"
        "audio_player aufile,/dev/null\naudio_source aufile,/dev/null\n"
        "module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule aufile.so\n"
        "module_app account.so\nmodule_app ctrl_tcp.so\nmodule_app menu.so\n"
        f"ctrl_tcp_listen 127.0.0.1:{ctrl_port}\n",
        encoding="utf-8",
    )
    (folder / "accounts").write_text(
        f"<sip:desk@127.0.0.1:{sip_port}>;regint=0\n", encoding="utf-8"
    )
    return folder


def netstrings(connection: socket.socket) -> object:
    """baresip's ctrl_tcp messages: netstrings (``<length>:<json>,``), decoded."""
    buffer = b""
    while True:
        data = connection.recv(4096)
        if not data:
            return
        buffer += data
        while b":" in buffer:
            length_text, rest = buffer.split(b":", 1)
            length = int(length_text)
            if len(rest) < length + 1:
                break
            yield json.loads(rest[:length])
            buffer = rest[length + 1 :]


def bridge(ctrl_port: int, data_dir: Path, env: dict[str, str], rung: list[str]) -> None:
    """What a desk runs beside baresip: each incoming call → ``callback-desk ring``."""
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = socket.create_connection(("127.0.0.1", ctrl_port), timeout=None)
            break
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.1)  # baresip is starting (a benchmark script, not a test)
    with connection:
        for event in netstrings(connection):
            if not isinstance(event, dict) or event.get("type") != "CALL_INCOMING":
                continue
            uri = str(event.get("peeruri", ""))
            number = uri.split(":", 1)[-1].split("@", 1)[0]
            rung.append(number)
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "desktop_app",
                    "--data-dir",
                    str(data_dir),
                    "ring",
                    number,
                    "--line",
                    "baresip",
                ],
                cwd=ROOT,
                env=env,
            )


def rings_recorded(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "callback-desk.sqlite3") as database:
        row = database.execute(
            "SELECT count(*) FROM call_record WHERE line = 'baresip' AND caller_number = '95588'"
        ).fetchone()
    return int(row[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="calls placed (default 3)")
    args = parser.parse_args()
    missing = [tool for tool in ("baresip", "sipp") if shutil.which(tool) is None]
    if missing:
        print(
            f"missing: {', '.join(missing)} (apt-get install baresip-core sip-tester)",
            file=sys.stderr,
        )
        return 2
    env = environment()
    failures = 0
    timings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="softphone-ring-") as folder_name:
        folder = Path(folder_name)
        data_dir = folder / "data"
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "demo"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sip_port, ctrl_port = free_port(), free_port(socket.SOCK_STREAM)
        config = baresip_config(folder / "baresip", sip_port, ctrl_port)
        (folder / "ring.xml").write_text(SCENARIO, encoding="utf-8")
        app, lines = start_app(data_dir)
        phone = subprocess.Popen(
            ["baresip", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        rung: list[str] = []
        try:
            wait_for(lines, "ready", timeout=120)
            threading.Thread(
                target=bridge, args=(ctrl_port, data_dir, env, rung), daemon=True
            ).start()
            for round_ in range(args.runs):
                start = time.time()
                sipp = subprocess.run(
                    [
                        "sipp",
                        "-sf",
                        str(folder / "ring.xml"),
                        "-s",
                        "desk",
                        "-i",
                        "127.0.0.1",
                        "-p",
                        str(free_port()),
                        "-m",
                        "1",
                        "-nostdin",
                        "-timeout",
                        "20s",
                        f"127.0.0.1:{sip_port}",
                    ],
                    cwd=folder,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
                try:
                    painted = wait_for(lines, "ring_painted baresip", timeout=30)
                except SystemExit as problem:
                    print(f"round {round_ + 1}: {problem}")
                    failures += 1
                    continue
                timings.append((painted - start) * 1000)
                print(
                    f"round {round_ + 1}: SIPp exit {sipp.returncode}; "
                    f"INVITE → console painted {timings[-1]:.0f} ms"
                )
        finally:
            phone.terminate()
            phone.wait(timeout=30)
            app.terminate()
            app.wait(timeout=30)
        recorded = rings_recorded(data_dir)
    print(f"caller IDs baresip reported: {rung}")
    print(f"ringing records for 95588 on line baresip: {recorded} of {args.runs}")
    if timings:
        print(f"SIPp start → console painted: median {statistics.median(timings):.0f} ms")
    ok = failures == 0 and recorded == args.runs and rung == ["95588"] * args.runs
    print("softphone end to end: " + ("PASSED" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
