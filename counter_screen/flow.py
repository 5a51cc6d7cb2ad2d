"""The counter screen's logic without a window: what it shows, when it asks for a rating, the timeout."""
from __future__ import annotations

from dataclasses import dataclass

from fenliu.words import N_, en, zh, zh_en, zh_en_n

ASK_S = 20.0  # the rating question goes away by itself after this (no time limit the customer must beat)
THANKS_S = 3.0
CHOICES = (("very_satisfied", N_("Very satisfied")), ("satisfied", N_("Satisfied")),
           ("neutral", N_("Neutral")), ("dissatisfied", N_("Dissatisfied")))  # (rating, msgid)


def teller_names(teller: dict) -> tuple[str, str]:
    """The teller as the customer reads them: the branch file's display name and staff number (工号), Chinese
    then English; a teller with no display name is just "your teller", never a login id."""
    if not teller:  # nobody signed in at the window
        return "", ""
    name_zh = teller.get("name_zh") or zh("teller (role)")
    name_en = teller.get("name_en") or en("teller (role)")
    number = teller.get("staff_no") or ""
    if not number:
        return name_zh, name_en
    return (zh("{name}  Staff ID {id}", name=name_zh, id=number), en("{name}  Staff ID {id}", name=name_en, id=number))


@dataclass(frozen=True)
class View:
    """Everything the screen shows, as text."""

    mode: str  # serving | idle | paused | rate | thanks
    window_zh: str
    window_en: str
    number: str
    teller: str
    headline_zh: str
    headline_en: str
    left_s: int = 0
    online: bool = True
    teller_en: str = ""

    @property
    def which(self) -> str:
        """The window and the number being rated."""
        return zh("{window}  Number {number}", window=self.window_zh, number=self.number)

    @property
    def countdown(self) -> str:
        """How long the question stays, Chinese / English (one second, two seconds)."""
        return " / ".join(zh_en_n("closes in {n} second", "closes in {n} seconds", self.left_s, n=self.left_s))

    @property
    def teller_lines(self) -> tuple[str, str]:
        """Who serves the customer, by name and staff number, Chinese then English ("" when nobody is signed in)."""
        if not self.teller:
            return "", ""
        return zh("Your teller: {teller}", teller=self.teller), en("Your teller: {teller}", teller=self.teller_en)

    @property
    def link(self) -> str:
        """What the screen says while the host cannot be reached ("" while it can)."""
        return "" if self.online else " / ".join(zh_en("reconnecting…"))


class ScreenFlow:
    """Follows the host's /api/counters/{id}/screen answers; the app's Clock drives tick(dt)."""

    def __init__(self, counter: str):
        self.counter = counter
        self.screen: dict = {}
        self.online = False
        self.mode = "idle"
        self.asking: dict | None = None  # the finished visit being rated
        self.left = 0.0
        self.seen: set[int] = set()  # visits asked once already: never asked twice

    def show(self, screen: dict) -> None:
        """The host's latest answer for this counter."""
        self.screen, self.online = screen, True
        visit = screen.get("to_rate")
        if visit and visit["id"] not in self.seen and self.mode not in ("rate", "thanks"):
            self.seen.add(visit["id"])
            self.asking, self.mode, self.left = visit, "rate", ASK_S
        elif self.mode not in ("rate", "thanks"):
            self.mode = self._resting()

    def lost(self) -> None:
        """The host cannot be reached; keep what is shown, say so."""
        self.online = False

    def _resting(self) -> str:
        if self.screen.get("state") == "paused":
            return "paused"
        return "serving" if self.screen.get("current") else "idle"

    def tick(self, dt: float) -> bool:
        """Time passes (Clock); True when the screen must change (the question or the thanks ran out)."""
        if self.mode not in ("rate", "thanks"):
            return False
        self.left -= dt
        if self.left > 0:
            return self.mode == "rate"  # the countdown shown changed
        self.asking, self.mode = None, "idle"
        self.show(self.screen)  # a visit finished meanwhile is asked about now
        return True

    def choose(self, rating: str) -> tuple[int, str] | None:
        """The customer tapped a rating: what to send to the host (None when nothing is asked)."""
        if self.mode != "rate" or self.asking is None or rating not in {c[0] for c in CHOICES}:
            return None
        visit = self.asking
        self.asking, self.mode, self.left = None, "thanks", THANKS_S
        return visit["id"], rating

    def view(self) -> View:
        """What to draw now."""
        s = self.screen
        teller_zh, teller_en = teller_names(s.get("teller") or {})
        current = (s.get("current") or {}).get("number", "")
        base = dict(window_zh=s.get("name_zh", ""), window_en=s.get("name_en", ""), teller=teller_zh, teller_en=teller_en,
                    online=self.online)
        if self.mode == "rate":
            number = (self.asking or {}).get("number", "")
            return View("rate", number=number, **self._headline(N_("Please rate our service")),
                        left_s=max(0, int(self.left + 0.999)), **base)
        if self.mode == "thanks":
            return View("thanks", number=current, **self._headline(N_("Thank you for your rating")), **base)
        if self.mode == "paused":
            return View("paused", number="", **self._headline(N_("Paused")), **base)
        if self.mode == "serving":
            # its own msgid: the teller's panel says "Now serving" for its current customer (当前客户)
            return View("serving", number=current, **self._headline(N_("Now serving at this window")), **base)
        return View("idle", number="", **self._headline(N_("Welcome")), **base)

    @staticmethod
    def _headline(msgid: str) -> dict[str, str]:
        headline_zh, headline_en = zh_en(msgid)
        return {"headline_zh": headline_zh, "headline_en": headline_en}
