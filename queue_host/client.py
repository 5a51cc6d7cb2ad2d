"""The only way apps talk to the queue host: a small HTTP client and a resuming event-stream reader."""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import requests

from queue_host.checks import luhn_ok  # noqa: F401 (the kiosk checks an account as the host will)
from queue_host.config import token_id  # noqa: F401 (the apps and fenliu name staff as the host does)
from queue_host.words import zh, zh_en

# A branch LAN host answers a connect in milliseconds. Once a kiosk knows the host is out of reach (a cable
# pulled: nothing answers at all), it waits only this long before printing from its block of numbers.
OFFLINE_CONNECT_S = 0.25


class HostError(Exception):
    """The host answered with an error; carries its code and bilingual message."""

    def __init__(self, status: int, error: str, message_zh: str, message_en: str, detail: Any = None):
        super().__init__(f"{status} {error}: {message_en}")
        self.status = status
        self.error = error
        self.message_zh = message_zh
        self.message_en = message_en
        self.detail = detail


class HostUnreachable(Exception):
    """The host did not answer (down, restarting, network fault)."""

    message_zh, message_en = zh_en("The queue system cannot be reached; retrying")


def branch_ca(ca: str | None = None) -> str | bool:
    """What requests should verify the host against: the branch CA file (argument or env FENLIU_CA), else system CAs."""
    return ca or os.environ.get("FENLIU_CA") or True


def use_ca(path: str | None) -> bool:
    """Make a --ca file the CA of every client in this process (env FENLIU_CA); False and a message if unreadable."""
    if not path:
        return True
    if not os.path.isfile(path):
        print("fenliu: {} / {}".format(*zh_en("the branch CA file is missing: {path}", path=path)), file=sys.stderr)
        return False
    os.environ["FENLIU_CA"] = os.path.abspath(path)
    return True


class _NamedTLS(requests.adapters.HTTPAdapter):
    """Connects where the URL says but checks the host's certificate for another name."""

    def __init__(self, name: str):
        self.name = name
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["server_hostname"] = self.name
        super().init_poolmanager(*args, **kwargs)


class HostClient:
    """Blocking JSON client for the queue host; call it off the UI thread."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 3.0, ca: str | None = None,
                 connect_timeout: float = 1.0, tls_name: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        # A host on the branch LAN answers a connect in milliseconds; with the cable pulled nothing answers
        # at all, and the customer at the kiosk should not wait the whole answer timeout to learn it.
        self.connect_timeout = self._connect_s = min(connect_timeout, timeout)
        self.ca = branch_ca(ca)
        self._session = requests.Session()
        self._session.verify = self.ca  # also passed per request: REQUESTS_CA_BUNDLE would override the session's
        if tls_name:  # reach the URL's address but check the certificate for this name (fenliu doctor)
            self._session.mount(self.base_url + "/", _NamedTLS(tls_name))

    def patience(self, known_offline: bool) -> None:
        """While the caller knows the host is out of reach, give up on an unanswered connect sooner (0.25 s)."""
        self.connect_timeout = min(self._connect_s, OFFLINE_CONNECT_S) if known_offline else self._connect_s

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(self, method: str, path: str, body: dict | None = None, **params: Any) -> Any:
        """Send one request and return the decoded JSON, raising HostError or HostUnreachable."""
        try:
            resp = self._session.request(
                method, self.base_url + path, json=body, params=params or None,
                headers=self._headers(), timeout=(self.connect_timeout, self.timeout), verify=self.ca,
            )
        except requests.RequestException as exc:
            raise HostUnreachable(str(exc)) from exc
        if resp.status_code >= 400:
            try:
                err = resp.json()
            except ValueError:
                err = {}
            raise HostError(resp.status_code, err.get("error", "http_error"),
                            err.get("message_zh") or zh("The queue system answered with an error"),
                            err.get("message_en", resp.text[:200]),
                            err.get("detail"))
        if resp.headers.get("content-type", "").startswith("application/json"):
            return resp.json()
        return resp.text

    def get(self, path: str, **params: Any) -> Any:
        """GET a route."""
        return self.request("GET", path, **params)

    def post(self, path: str, body: dict | None = None) -> Any:
        """POST a route with a JSON body."""
        return self.request("POST", path, body or {})

    # The routes, named as the branch says them.
    def health(self) -> dict:
        """Is the host up? Returns day and last event sequence."""
        return self.get("/api/health")

    def config(self) -> dict:
        """The branch as the apps need it (purposes, services, targets, counters, notices)."""
        return self.get("/api/config")

    def visit(self, purpose: str, **fields: Any) -> dict:
        """Route a visit; returns route, target and, for queue routes, the ticket."""
        return self.post("/api/visits", {"purpose": purpose, **fields})

    def kiosk_blocks(self, refill: tuple[str, ...] | list[str] = ()) -> dict:
        """This kiosk's reserved numbers for today; `refill` asks one more block for those services."""
        return self.post("/api/kiosk/blocks", {"refill": list(refill)})

    def hand_in(self, tickets: list[dict]) -> dict:
        """Hand in tickets issued offline: {"accepted", "duplicates", "expired"}."""
        return self.post("/api/kiosk/offline-tickets", {"tickets": tickets})

    def block_audit(self, day: str | None = None) -> dict:
        """Every kiosk block reserved on a day, with numbers handed in (manager)."""
        return self.get("/api/kiosk-blocks", **({"day": day} if day else {}))

    def queues(self) -> dict:
        """Snapshot of services, waiting tickets, counters, missed list and recent calls."""
        return self.get("/api/queues")

    def ticket(self, ticket_id: int) -> dict:
        """One ticket by id."""
        return self.get(f"/api/tickets/{ticket_id}")

    def issue(self, service: str, reason: str, **fields: Any) -> dict:
        """Issue a ticket by hand (manager)."""
        return self.post("/api/tickets", {"service": service, "reason": reason, **fields})

    def call_next(self, counter: str, expect_current: Any = ...) -> dict:
        """Call the next ticket to a counter; {"ticket": ... or None, "finished": ...}.

        Pass expect_current (the ticket id the screen shows, or None) so a double press or a lost
        answer cannot finish a customer the teller never served: the host answers 409 instead.
        """
        body = {} if expect_current is ... else {"expect_current": expect_current}
        return self.post(f"/api/counters/{counter}/call-next", body)

    def call(self, counter: str, ticket_id: int, reason: str = "") -> dict:
        """Call a specific waiting ticket to a counter."""
        return self.post(f"/api/counters/{counter}/call", {"ticket_id": ticket_id, "reason": reason})

    def pause(self, counter: str, reason: str = "") -> dict:
        """Pause a counter (it gets no calls)."""
        return self.post(f"/api/counters/{counter}/pause", {"reason": reason})

    def resume(self, counter: str, reason: str = "") -> dict:
        """Open a paused counter again."""
        return self.post(f"/api/counters/{counter}/resume", {"reason": reason})

    def act(self, ticket_id: int, action: str, **body: Any) -> dict:
        """A per-ticket action: recall, no-show, reinstate, transfer, park, finish, cancel, move."""
        return self.post(f"/api/tickets/{ticket_id}/{action}", body)

    def suspend_target(self, code: str, reason: str) -> dict:
        """Suspend a self-service target (e.g. ATM out of cash)."""
        return self.post(f"/api/targets/{code}/suspend", {"reason": reason})

    def resume_target(self, code: str, reason: str = "") -> dict:
        """Put a suspended self-service target back in use."""
        return self.post(f"/api/targets/{code}/resume", {"reason": reason})

    def stats(self) -> dict:
        """The day's figures."""
        return self.get("/api/stats")

    def alerts(self, all_day: bool = False) -> list[dict]:
        """Open alerts (or all of the day)."""
        return self.get("/api/alerts", **({"all": 1} if all_day else {}))["alerts"]

    def raise_alert(self, kind: str, message_zh: str, message_en: str, key: str = "") -> dict:
        """Tell the lobby manager about a fault (printer, display)."""
        return self.post("/api/alerts", {"kind": kind, "message_zh": message_zh,
                                         "message_en": message_en, "key": key})

    def signin(self, staff: str, pin: str) -> dict:
        """Exchange a staff id and PIN for a session token, role and counter."""
        return self.post("/api/signin", {"staff": staff, "pin": pin})

    def signout(self) -> dict:
        """End this client's sign-in session on the host."""
        return self.post("/api/signout", {})

    def staff(self) -> list[dict]:
        """Who may sign in at a panel: id, role, counter, name."""
        return self.get("/api/staff")["staff"]

    def unlock_staff(self, staff: str, reason: str = "") -> dict:
        """The manager lifts one staff id's PIN lock."""
        return self.post(f"/api/staff/{staff}/unlock", {"reason": reason})


@dataclass
class Event:
    """One event from the host's stream."""

    seq: int
    kind: str
    data: dict = field(default_factory=dict)


def parse_sse(lines: Iterator[str]) -> Iterator[Event]:
    """Turn server-sent-event lines into Events (comments and keepalives are skipped)."""
    seq, kind, data = None, "message", []
    for line in lines:
        if line == "":
            if data:
                payload = json.loads("\n".join(data))
                yield Event(int(seq if seq is not None else payload.get("seq", 0)), kind, payload)
            seq, kind, data = None, "message", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "id":
                seq = value
            elif name == "event":
                kind = value
            elif name == "data":
                data.append(value)


class EventStream:
    """Follows /api/events forever: reconnects with backoff and resumes after the last event seen."""

    def __init__(self, base_url: str, token: str | None, last_event_id: int = 0,
                 on_state: Callable[[bool], None] | None = None, retry_s: float = 0.5,
                 max_retry_s: float = 1.0, read_timeout: float = 25.0, ca: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.ca = branch_ca(ca)
        self.token = token
        self.last_event_id = last_event_id
        self.on_state = on_state or (lambda connected: None)
        self.retry_s, self.max_retry_s, self.read_timeout = retry_s, max_retry_s, read_timeout
        self._stop = threading.Event()
        self._resp: requests.Response | None = None

    def stop(self) -> None:
        """Stop following (the iterator ends at its next wake-up)."""
        self._stop.set()
        resp = self._resp
        if resp is not None:
            # Shut the socket down rather than close() the response: close() waits for the reader
            # thread's lock, i.e. until the next keepalive arrives.
            conn = getattr(resp.raw, "_connection", None)
            sock = getattr(conn, "sock", None)
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by the other side
                pass

    def __iter__(self) -> Iterator[Event]:
        delay = self.retry_s
        while not self._stop.is_set():
            headers = {"Accept": "text/event-stream", "Last-Event-ID": str(self.last_event_id)}
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            try:
                # The host sends a keepalive every 10 s, so a read timeout means the link is dead.
                with requests.get(self.base_url + "/api/events", headers=headers, stream=True,
                                  timeout=(2.0, self.read_timeout), verify=self.ca) as resp:
                    self._resp = resp
                    if resp.status_code in (401, 403):
                        raise HostError(resp.status_code, "unauthorized", *zh_en("token refused"))
                    resp.raise_for_status()
                    self.on_state(True)
                    delay = self.retry_s
                    for event in parse_sse(resp.iter_lines(decode_unicode=True)):
                        self.last_event_id = event.seq
                        yield event
                        if self._stop.is_set():
                            return
            except HostError:
                raise
            except (requests.RequestException, ValueError, AttributeError):
                pass
            finally:
                self._resp = None
            if self._stop.is_set():
                return
            self.on_state(False)
            self._stop.wait(delay)
            delay = min(delay * 2, self.max_retry_s)


def pin_matches_branch_file(branch_file: str, staff: str, pin: str) -> bool:
    """Offline: whether a staff PIN matches its hash in a copy of the branch file (hashes only, no secrets)."""
    import tomllib

    from queue_host.hashing import verify_secret
    with open(branch_file, "rb") as f:
        data = tomllib.load(f)
    for tok in data.get("tokens", []):
        if token_id(tok) == staff and isinstance(tok.get("pin_hash"), str):
            return verify_secret(pin, tok["pin_hash"])
    return False
