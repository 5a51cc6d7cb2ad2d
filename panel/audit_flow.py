"""The lobby manager's audit pane as plain Python: the day's overrides, and staff locked by wrong PINs."""
from __future__ import annotations

import re

from fenliu.labels import audit_action
from fenliu.words import zh_en, zh_en_n
from queue_host.client import HostClient
from panel.manager_flow import MIN_REASON, REASON_REQUIRED
from panel.names import Names
from panel.outcome import Outcome, attempt, done, refused

COUNTER_TARGET = re.compile(r"^counter (\S+)$")  # how the host names a paused or resumed counter
UNLOCK_REASONS: list[tuple[str, str]] = [
    zh_en("staff member forgot the PIN"), zh_en("checked in person who was signing in"),
]


class AuditFlow:
    """Reads the audit log and the PIN locks, lifts a lock; every code in them read as its name."""

    def __init__(self, client: HostClient, names: Names):
        self.client, self.names = client, names

    def audit(self) -> Outcome:
        """The day's audit log, newest first: who, what, when, why."""
        def take(answer: dict) -> Outcome:
            entries = sorted(answer.get("entries", []), key=lambda e: e.get("at", ""), reverse=True)
            return done(*zh_en_n("{n} audit entry", "{n} audit entries", len(entries), n=len(entries)), entries)
        return attempt(lambda: self.client.get("/api/audit"), take)

    def locks(self) -> Outcome:
        """Staff locked after too many wrong PINs (from many places), for the manager to let in again."""
        def take(answer: dict) -> Outcome:
            locks = answer.get("locks", [])
            return done(*zh_en_n("{n} staff member locked", "{n} staff members locked", len(locks), n=len(locks)),
                        locks)
        return attempt(lambda: self.client.get("/api/staff/locks"), take)

    def unlock(self, staff: str, reason: str) -> Outcome:
        """Lift one staff member's PIN lock, with the reason the audit log keeps."""
        if len((reason or "").strip()) < MIN_REASON:
            return refused(*zh_en(REASON_REQUIRED), "reason_required")
        said = zh_en("{staff} may sign in again", staff=" ".join(self.names.who(staff)))
        return attempt(lambda: self.client.unlock_staff(staff, reason.strip()), lambda answer: done(*said, answer))

    def lock_line(self, lock: dict) -> str:
        """One locked staff member as a line: who (their name, never the login id), since when, how many wrong PINs."""
        who = " ".join(self.names.who(str(lock.get("staff", ""))))
        return " / ".join(zh_en("{staff} {name}: locked since {at} after {n} wrong PINs", staff=who, name="",
                                at=str(lock.get("since", ""))[11:16], n=lock.get("failures", 0)))

    def audit_line(self, entry: dict) -> str:
        """One audit entry as a line: time, who, what, on what, why; every code read as its name."""
        at = str(entry.get("at", ""))[11:19]
        action = entry.get("action", "")
        who = " ".join(self.names.who(str(entry.get("who", ""))))
        what = " ".join(audit_action(action))
        return f"{at}  {who}  {what}  {self.audit_target(action, str(entry.get('target', '')))}  — {entry.get('reason', '')}"

    def audit_target(self, action: str, target: str) -> str:
        """What an audit entry acted on, by its name: a machine, a counter, a service, a member of staff."""
        counter = COUNTER_TARGET.match(target)
        if counter:
            return " ".join(self.names.counter(counter.group(1)))
        if action in ("suspend", "resume") and target in self.names.targets:
            return " ".join(self.names.target(target))
        if action == "issue" and target in self.names.services:
            return " ".join(self.names.service(target))
        if action == "unlock":
            return " ".join(self.names.who(target))
        if action == "export":
            return " ".join(zh_en("the leads list"))
        return target  # a ticket number, or a block of numbers (A950-A999)
