"""How each phone system hands the caller ID to the app: the steps and the exact string to paste.

Settings › Phone system shows these with a copy button each; the README has the same. The
command is this installation's (``callback-desk`` when installed with pip, the full path of the
executable in a frozen build); the listener's address carries this desk's port and token.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.common.i18n import N_, _


@dataclass(frozen=True)
class Recipe:
    """One phone system: its name, the steps (translated when shown) and the string to paste."""

    key: str
    title: str
    steps: str
    paste: str


def listener_url(port: int, token: str, number: str, line: str) -> str:
    """The loopback listener's address for a phone system's variables."""
    return f"http://127.0.0.1:{port}/ring?number={number}&line={line}&token={token or 'TOKEN'}"


def recipes(command: str, port: int, token: str) -> tuple[Recipe, ...]:
    """Every recipe, translated, for ``command`` (how this installation is started)."""
    steps = {
        "microsip": N_(
            "Save the line below as callback-desk-ring.bat next to microsip.ini; then, MicroSIP "
            "closed, add the line cmdIncomingCall=<full path of that .bat> to microsip.ini. "
            "MicroSIP passes the caller's number as the first argument."
        ),
        "3cx": N_(
            "In the 3CX app: Settings › Integration (or Options › Call pop-up), choose to open a "
            "contact URL when a call rings, and paste the address. [Number] is 3CX's variable "
            "for the caller's number. The installer registers the callback-desk: address."
        ),
        "linkus": N_(
            "Turn on the listener above. In Linkus Web Client: Settings › Features › Popup URL, "
            "paste the address, choose inbound calls and the Ringing event, and save."
        ),
        "asterisk": N_(
            "When Asterisk (or FreePBX) runs on this computer: add the line to the inbound "
            "context of extensions.conf (FreePBX: extensions_custom.conf) before the Dial, "
            "then reload the dialplan. On a server elsewhere, use the softphone's recipe."
        ),
        "command": N_(
            "Any system that runs a program when the phone rings: this command, with the "
            "system's variables for the caller's number and the line in place of NUMBER and LINE."
        ),
        "url": N_(
            "Any system that opens a web address when the phone rings: turn on the listener "
            "above and give it this address, with its variables in place of NUMBER and LINE. "
            "Only this computer can reach it."
        ),
        "scheme": N_(
            "A softphone that opens links: this callback-desk: address (registered by the "
            "installer) needs no listener."
        ),
    }
    table = (
        ("microsip", "MicroSIP", f'@start "" {command} ring %1 --line MicroSIP'),
        ("3cx", "3CX", "callback-desk:ring?number=[Number]&line=3CX"),
        (
            "linkus",
            "Yeastar Linkus",
            listener_url(port, token, "{{.CallerNumber}}", "Linkus"),
        ),
        (
            "asterisk",
            "Asterisk / FreePBX",
            f'same => n,System({command} ring "${{CALLERID(num)}}" --line "${{EXTEN}}" &)',
        ),
        ("command", N_("Run a command"), f"{command} ring NUMBER --line LINE"),
        ("url", N_("Open a web address"), listener_url(port, token, "NUMBER", "LINE")),
        ("scheme", N_("Open a callback-desk: link"), "callback-desk:ring?number=NUMBER&line=LINE"),
    )
    return tuple(Recipe(key, _(title), _(steps[key]), paste) for key, title, paste in table)
