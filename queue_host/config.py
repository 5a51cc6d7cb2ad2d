"""The branch configuration: read once from TOML into frozen dataclasses, every key checked."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROUTES = ("counter", "self_service", "lobby_manager", "customer_manager")
KINDS = ("cash", "signup", "special", "wealth", "credit_card", "corporate", "other")
ROLES = ("kiosk", "counter", "manager", "display")
TIER_CODES = ("normal", "standard", "platinum", "black_gold")


class ConfigError(ValueError):
    """The branch file is wrong; the message names the key and what to do."""


@dataclass(frozen=True)
class Service:
    code: str
    prefix: str
    name_zh: str
    name_en: str
    form_template: str | None = None
    form_name_zh: str | None = None
    form_name_en: str | None = None
    documents_zh: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()
    service_level_minutes: int = 20
    vip_for: tuple[str, ...] = ()

    @property
    def vip(self) -> bool:
        """A VIP queue takes customers of tier standard and above from the queues in vip_for."""
        return bool(self.vip_for)


@dataclass(frozen=True)
class Counter:
    id: str
    name_zh: str
    name_en: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    code: str
    name_zh: str
    name_en: str
    location_zh: str
    location_en: str
    steps_zh: tuple[str, ...] = ()
    steps_en: tuple[str, ...] = ()
    qr_url: str | None = None


@dataclass(frozen=True)
class Purpose:
    code: str
    name_zh: str
    name_en: str
    kind: str
    route: str
    service: str | None = None
    target: str | None = None
    high_value: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Tier:
    code: str
    name_zh: str
    name_en: str
    min_assets_cny: int = 0


@dataclass(frozen=True)
class Token:
    token: str
    role: str
    name: str
    counter: str | None = None
    pin: str | None = None


@dataclass(frozen=True)
class Calling:
    recalls: int = 2
    recall_interval_s: int = 15
    reinstate_places_back: int = 3
    reinstate_max: int = 1
    vip_ratio: int = 2
    max_wait_minutes: int = 30
    park_minutes: int = 5
    default_service_minutes: float = 4.0


@dataclass(frozen=True)
class Branch:
    name_zh: str
    name_en: str
    timezone: ZoneInfo
    day_reset: time
    public_url: str
    ref_hash_key: str
    number_digits: int = 3
    form_desk_zh: str = ""
    form_desk_en: str = ""


@dataclass(frozen=True)
class Config:
    branch: Branch
    address: str
    port: int
    database: str
    kiosk_visits_per_minute: int
    cash_threshold_cny: int
    high_value_cny: int
    max_amount_cny: int
    calling: Calling
    tiers: tuple[Tier, ...]
    tier_lookup: str
    crm_url: str
    crm_timeout_s: float
    local_tiers: dict[str, str]
    services: dict[str, Service]
    counters: dict[str, Counter]
    targets: dict[str, Target]
    purposes: dict[str, Purpose]
    decline_reasons: dict[str, Reason]
    tokens: dict[str, Token]
    display: dict[str, Any] = field(default_factory=dict)
    waiting_over: int = 15
    display_offline_s: int = 30
    source: str = ""


class _Reader:
    """Walks the TOML tree and names the full key in every error."""

    def __init__(self, data: dict, where: str):
        self.data, self.where = data, where

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple, default: Any = ..., *, check=None, hint: str = "") -> Any:
        if key not in self.data:
            if default is ...:
                raise ConfigError(f"{self._key(key)}: missing; {hint or 'add it'}")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            raise ConfigError(f"{self._key(key)}: expected {kinds[0].__name__}, got {value!r}")
        if not isinstance(value, kinds):
            raise ConfigError(f"{self._key(key)}: expected {kinds[0].__name__}, got {value!r}")
        if check is not None and not check(value):
            raise ConfigError(f"{self._key(key)}: {value!r} is not allowed; {hint}")
        return value

    def strings(self, key: str, default=()) -> tuple[str, ...]:
        value = self.get(key, list, list(default))
        if not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{self._key(key)}: expected a list of strings")
        return tuple(value)

    def table(self, key: str, default: Any = ...) -> "_Reader":
        return _Reader(self.get(key, dict, {} if default is ... else default), self._key(key))

    def tables(self, key: str) -> list["_Reader"]:
        items = self.get(key, list, [])
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ConfigError(f"{self._key(key)}[{i}]: expected a table")
            out.append(_Reader(item, f"{self._key(key)}[{i}]"))
        return out


def _positive(v) -> bool:
    return v > 0


def _non_negative(v) -> bool:
    return v >= 0


def _parse_time(text: str, key: str) -> time:
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ConfigError(f"{key}: {text!r} is not a time of day; write it as HH:MM, e.g. \"04:00\"")
    return time(int(m[1]), int(m[2]))


def _unique(items: list, what: str, attr: str = "code") -> dict:
    out: dict = {}
    for item in items:
        key = getattr(item, attr)
        if key in out:
            raise ConfigError(f"{what}: {attr} {key!r} appears twice; each must be unique")
        out[key] = item
    return out


def parse(data: dict, source: str = "") -> Config:
    """Build a Config from a parsed TOML document, or raise ConfigError naming the bad key."""
    root = _Reader(data, "")
    b = root.table("branch", None)
    try:
        tz = ZoneInfo(b.get("timezone", str, "Asia/Shanghai"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"branch.timezone: unknown time zone ({exc}); use e.g. \"Asia/Shanghai\"") from None
    branch = Branch(
        name_zh=b.get("name_zh", str), name_en=b.get("name_en", str, ""), timezone=tz,
        day_reset=_parse_time(b.get("day_reset", str, "04:00"), "branch.day_reset"),
        public_url=b.get("public_url", str, "http://127.0.0.1:8600").rstrip("/"),
        ref_hash_key=b.get("ref_hash_key", str, check=lambda v: len(v) >= 8, hint="use at least 8 characters"),
        number_digits=b.get("number_digits", int, 3, check=lambda v: 2 <= v <= 6, hint="use 2 to 6"),
        form_desk_zh=b.get("form_desk_zh", str, ""), form_desk_en=b.get("form_desk_en", str, ""),
    )
    h = root.table("host", None)
    d = root.table("diversion", None)
    c = root.table("calling", None)
    calling = Calling(
        recalls=c.get("recalls", int, 2, check=_non_negative, hint="use 0 or more"),
        recall_interval_s=c.get("recall_interval_s", int, 15, check=_non_negative, hint="use 0 or more"),
        reinstate_places_back=c.get("reinstate_places_back", int, 3, check=_non_negative, hint="use 0 or more"),
        reinstate_max=c.get("reinstate_max", int, 1, check=_non_negative, hint="use 0 or more"),
        vip_ratio=c.get("vip_ratio", int, 2, check=_positive, hint="use 1 or more"),
        max_wait_minutes=c.get("max_wait_minutes", int, 30, check=_positive, hint="use 1 or more"),
        park_minutes=c.get("park_minutes", int, 5, check=_positive, hint="use 1 or more"),
        default_service_minutes=float(c.get("default_service_minutes", (int, float), 4, check=_positive,
                                            hint="use a positive number of minutes")),
    )
    services = _unique([Service(
        code=s.get("code", str), prefix=s.get("prefix", str, check=lambda v: re.fullmatch(r"[A-Z]", v),
                                               hint="use one capital letter A-Z"),
        name_zh=s.get("name_zh", str), name_en=s.get("name_en", str),
        form_template=s.get("form_template", str, None), form_name_zh=s.get("form_name_zh", str, None),
        form_name_en=s.get("form_name_en", str, None),
        documents_zh=s.strings("documents_zh"), documents_en=s.strings("documents_en"),
        service_level_minutes=s.get("service_level_minutes", int, 20, check=_positive, hint="use 1 or more"),
        vip_for=s.strings("vip_for"),
    ) for s in root.tables("services")], "services")
    if not services:
        raise ConfigError("services: none configured; add at least one [[services]] table")
    _unique(list(services.values()), "services", "prefix")
    for s in services.values():
        for code in s.vip_for:
            if code not in services:
                raise ConfigError(f"services.{s.code}.vip_for: unknown service {code!r}")
    counters = _unique([Counter(
        id=str(k.get("id", (str, int))), name_zh=k.get("name_zh", str), name_en=k.get("name_en", str, ""),
        services=k.strings("services"),
    ) for k in root.tables("counters")], "counters", "id")
    for k in counters.values():
        for code in k.services:
            if code not in services:
                raise ConfigError(f"counters.{k.id}.services: unknown service {code!r}; known: {', '.join(services)}")
    targets = _unique([Target(
        code=t.get("code", str), name_zh=t.get("name_zh", str), name_en=t.get("name_en", str),
        location_zh=t.get("location_zh", str, ""), location_en=t.get("location_en", str, ""),
        steps_zh=t.strings("steps_zh"), steps_en=t.strings("steps_en"), qr_url=t.get("qr_url", str, None),
    ) for t in root.tables("targets")], "targets")
    purposes = []
    for p in root.tables("purposes"):
        purpose = Purpose(
            code=p.get("code", str), name_zh=p.get("name_zh", str), name_en=p.get("name_en", str),
            kind=p.get("kind", str, check=lambda v: v in KINDS, hint=f"use one of {', '.join(KINDS)}"),
            route=p.get("route", str, check=lambda v: v in ROUTES, hint=f"use one of {', '.join(ROUTES)}"),
            service=p.get("service", str, None, check=lambda v: v in services,
                          hint=f"use one of the services: {', '.join(services)}"),
            target=p.get("target", str, None, check=lambda v: v in targets,
                         hint=f"use one of the targets: {', '.join(targets)}"),
            high_value=p.get("high_value", bool, False),
        )
        if purpose.route == "self_service" and not purpose.target:
            raise ConfigError(f"{p.where}.target: a self_service purpose needs a target")
        if purpose.route in ("counter", "customer_manager", "self_service") and not purpose.service:
            raise ConfigError(f"{p.where}.service: route {purpose.route} needs a service (the counter queue)")
        purposes.append(purpose)
    purposes_by_code = _unique(purposes, "purposes")
    reasons = _unique([Reason(r.get("code", str), r.get("name_zh", str), r.get("name_en", str))
                       for r in root.tables("decline_reasons")], "decline_reasons")
    t = root.table("tiers", None)
    tiers = tuple(Tier(x.get("code", str, check=lambda v: v in TIER_CODES, hint=f"use {', '.join(TIER_CODES)}"),
                       x.get("name_zh", str), x.get("name_en", str), x.get("min_assets_cny", int, 0))
                  for x in t.tables("levels")) or tuple(Tier(code, code, code) for code in TIER_CODES)
    local = t.get("local", dict, {})
    for ref, tier in local.items():
        if tier not in TIER_CODES:
            raise ConfigError(f"tiers.local.{ref}: unknown tier {tier!r}; use {', '.join(TIER_CODES)}")
    tokens = _unique([Token(
        token=k.get("token", str, check=lambda v: len(v) >= 8, hint="use at least 8 characters"),
        role=k.get("role", str, check=lambda v: v in ROLES, hint=f"use one of {', '.join(ROLES)}"),
        name=k.get("name", str, ""), counter=(str(k.get("counter", (str, int), "")) or None),
        pin=(str(k.get("pin", (str, int), "")) or None),
    ) for k in root.tables("tokens")], "tokens", "token")
    for tok in tokens.values():
        if tok.role == "counter" and tok.counter not in counters:
            raise ConfigError(f"tokens ({tok.name or tok.role}).counter: a counter token needs one of the "
                              f"counters: {', '.join(counters)}")
    pins = [tok.pin for tok in tokens.values() if tok.pin]
    if len(pins) != len(set(pins)):
        raise ConfigError("tokens.pin: two tokens share a PIN; each staff PIN must be unique")
    a = root.table("alerts", None)
    return Config(
        branch=branch, address=h.get("address", str, "127.0.0.1"),
        port=h.get("port", int, 8600, check=lambda v: 0 <= v < 65536, hint="use a TCP port 1-65535"),
        database=h.get("database", str, "var/fenliu.db"),
        kiosk_visits_per_minute=h.get("kiosk_visits_per_minute", int, 60, check=_positive, hint="use 1 or more"),
        cash_threshold_cny=d.get("cash_threshold_cny", int, 20000, check=_positive, hint="use a positive amount"),
        high_value_cny=d.get("high_value_cny", int, 50000, check=_positive, hint="use a positive amount"),
        max_amount_cny=d.get("max_amount_cny", int, 100_000_000, check=_positive, hint="use a positive amount"),
        calling=calling, tiers=tiers, tier_lookup=t.get("lookup", str, "local", check=lambda v: v in ("local", "http"),
                                                        hint="use \"local\" or \"http\""),
        crm_url=t.get("crm_url", str, ""), crm_timeout_s=float(t.get("crm_timeout_s", (int, float), 0.8)),
        local_tiers=dict(local), services=services, counters=counters, targets=targets,
        purposes=purposes_by_code, decline_reasons=reasons, tokens=tokens,
        display=root.get("display", dict, {}),
        waiting_over=a.get("waiting_over", int, 15, check=_positive, hint="use 1 or more"),
        display_offline_s=a.get("display_offline_s", int, 30, check=_positive, hint="use 1 or more"),
        source=source,
    )


def load(path: str | Path) -> Config:
    """Read and check a branch TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; pass --config with the branch file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    try:
        return parse(data, str(path))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


# The template sits in config/ of the source tree, or in fenliu/data/config/ of an installed wheel.
DEFAULT_PATH = next(p for p in (Path(__file__).resolve().parent.parent / "fenliu" / "data" / "config",
                                Path(__file__).resolve().parent.parent / "config") if p.is_dir()) / "branch.toml"
