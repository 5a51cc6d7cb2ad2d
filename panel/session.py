"""Sign-in: a staff PIN is exchanged with the host for a token, a role and (for tellers) a counter."""
from __future__ import annotations

from dataclasses import dataclass

from fenliu.words import zh_en
from queue_host.client import HostClient, HostError, HostUnreachable
from panel.names import staff_name
from panel.outcome import Outcome, done, refused

PIN_LENGTH = 4


@dataclass(frozen=True)
class Session:
    """Who is signed in at this panel."""

    base_url: str
    token: str
    role: str
    counter: str | None = None
    name: str = ""

    @property
    def mode(self) -> str:
        """The panel mode the role opens: "manager" or "counter"."""
        return "manager" if self.role == "manager" else "counter"

    def client(self) -> HostClient:
        """A host client carrying this session's token."""
        return HostClient(self.base_url, self.token)


class PinPad:
    """Who is signing in and the digits typed so far, shown as dots; sign-in happens on OK."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.digits = ""
        self.staff = ""

    def choose(self, staff: str) -> str:
        """Who is signing in; a half-typed PIN is forgotten."""
        self.staff, self.digits = staff, ""
        return staff

    def press(self, key: str) -> str:
        """Take one key (a digit, "back" or "clear"); returns the dots to show."""
        if key == "back":
            self.digits = self.digits[:-1]
        elif key == "clear":
            self.digits = ""
        elif key.isdigit() and len(self.digits) < 8:
            self.digits += key
        return self.dots()

    def dots(self) -> str:
        """The typed PIN masked."""
        return "●" * len(self.digits)

    def submit(self) -> Outcome:
        """Ask the host; on success the Outcome's data is a Session. The typed PIN is always cleared."""
        pin, self.digits = self.digits, ""
        return sign_in(self.base_url, self.staff, pin)


def staff_list(base_url: str, panel_token: str | None = None) -> Outcome:
    """Who may sign in here (the Outcome's data is the host's list), for the choice before the PIN; the host
    answers only a caller holding the panel's own token (or a staff session)."""
    try:
        people = HostClient(base_url, panel_token).staff()
    except HostError as exc:
        return refused(exc.message_zh, exc.message_en, exc.error)
    except HostUnreachable as exc:
        return refused(exc.message_zh, exc.message_en, "unreachable")
    return done("", "", [p for p in people if p.get("role") in ("manager", "counter")])


def sign_in(base_url: str, staff: str, pin: str) -> Outcome:
    """Exchange a staff id and PIN for a Session; a wrong PIN or a lockout comes back as a bilingual refusal."""
    if not staff:
        return refused(*zh_en("Choose who you are first"))
    if len(pin) < PIN_LENGTH:
        return refused(*zh_en("Enter your {n}-digit PIN", n=PIN_LENGTH))
    try:
        answer = HostClient(base_url).signin(staff, pin)
    except HostError as exc:
        if exc.status == 423:
            # The host's words say how long the lock lasts.
            return refused(*zh_en("Locked: {why_en}", why_zh=exc.message_zh, why_en=exc.message_en), "locked")
        return refused(exc.message_zh, exc.message_en, exc.error)
    except HostUnreachable as exc:
        return refused(exc.message_zh, exc.message_en, "unreachable")
    session = Session(base_url, answer["token"], answer["role"], answer.get("counter"), answer.get("name", ""))
    if session.role not in ("manager", "counter"):
        return refused(*zh_en("This PIN does not open a staff panel"), "forbidden")
    return done(*zh_en("Welcome, {name}", name=staff_name(answer)), session)  # the branch file's name, not the id
