"""The branch configuration: read once from TOML into frozen dataclasses, every key checked."""
from __future__ import annotations

import ipaddress
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queue_host.hashing import well_formed
from queue_host.paths import data_dir

ROUTES = ("counter", "self_service", "lobby_manager", "customer_manager")
KINDS = ("cash", "signup", "special", "wealth", "credit_card", "corporate", "other")
ROLES = ("kiosk", "counter", "manager", "display", "counter_screen", "panel")
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
    prefill: str = ""  # "remittance": the kiosk offers to pre-fill this purpose's form after the ticket


@dataclass(frozen=True)
class Prefill:
    """The pre-filled remittance slip: its numbered form template and the banks the customer chooses from."""

    form_template: str = ""
    form_name_zh: str = ""
    form_name_en: str = ""
    banks: tuple[str, ...] = ()


PREFILLS = ("remittance",)


@dataclass(frozen=True)
class Reason:
    code: str
    name_zh: str
    name_en: str
    purposes: tuple[str, ...] = ()  # the purposes whose customers are offered this reason; () = every one

    def fits(self, purpose: str) -> bool:
        """True when a customer of `purpose` may give this reason for turning down the machine."""
        return not self.purposes or purpose in self.purposes


@dataclass(frozen=True)
class Tier:
    code: str
    name_zh: str
    name_en: str
    min_assets_cny: int = 0


@dataclass(frozen=True)
class Token:
    id: str
    token_hash: str
    role: str
    name: str
    counter: str | None = None
    pin_hash: str | None = None
    name_zh: str = ""  # the display name people read (a teller's own name, a device's place); optional
    name_en: str = ""
    staff_no: str = ""  # 工号, shown to the customer at the counter beside the teller's name; optional


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
class HeadOffice:
    """Where the branch ships its event log ([hq] in the branch file); the password is never in the file."""

    dsn: str
    branch_id: str
    batch_size: int = 500
    password_env: str = "FENLIU_HQ_PASSWORD"
    password_file: str = ""
    poll_s: float = 1.0
    retry_max_s: float = 60.0
    heartbeat_s: float = 30.0


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
    prefill: Prefill = field(default_factory=Prefill)
    lead_days: int = 30  # days a lead (name, phone, need) is kept; purged at the day's reset
    retention_days: int = 200  # past days' rows older than this move to a monthly archive file
    display_offline_s: int = 30
    trusted_proxies: tuple[str, ...] = ()
    tls_cert: str = ""
    tls_key: str = ""
    hq: HeadOffice | None = None
    source: str = ""


class _Reader:
    """Walks the TOML tree and names the full key in every error."""

    def __init__(self, data: dict, where: str):
        self.data, self.where = data, where
        self.seen: set[str] = set()

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kind: type | tuple, default: Any = ..., *, check=None, hint: str = "",
            hidden: bool = False) -> Any:
        self.seen.add(key)
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
            shown = "this value" if hidden else repr(value)
            raise ConfigError(f"{self._key(key)}: {shown} is not allowed; {hint}")
        return value

    def no_others(self) -> None:
        """Refuse a key this table does not know (a typo would otherwise be silently ignored)."""
        for key in self.data:
            if key not in self.seen:
                raise ConfigError(f"{self._key(key)}: unknown key; this table knows {', '.join(sorted(self.seen))}")

    def strings(self, key: str, default=()) -> tuple[str, ...]:
        value = self.get(key, list, list(default))
        if not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{self._key(key)}: expected a list of strings")
        return tuple(value)

    def table(self, key: str, required: bool = False, hint: str = "") -> "_Reader":
        """A sub-table; a missing optional one reads as empty (every key then takes its default)."""
        if required and key not in self.data:
            raise ConfigError(f"{self._key(key)}: missing table; {hint or f'add a [{self._key(key)}] table'}")
        return _Reader(self.get(key, dict, {}), self._key(key))

    def number(self, key: str, default: Any, lo: float, hi: float, *, integer: bool = True, unit: str = "") -> Any:
        """A finite number within [lo, hi] (an int where `integer`), named with the range in any error."""
        kinds = int if integer else (int, float)
        span = f"use {'a whole number' if integer else 'a number'} from {lo:g} to {hi:g}{unit}"
        value = self.get(key, kinds, default, hint=span)
        if not math.isfinite(value) or not lo <= value <= hi:
            raise ConfigError(f"{self._key(key)}: {value!r} is out of range; {span}")
        return value

    def tables(self, key: str) -> list["_Reader"]:
        items = self.get(key, list, [])
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ConfigError(f"{self._key(key)}[{i}]: expected a table")
            out.append(_Reader(item, f"{self._key(key)}[{i}]"))
        return out


def _address(v: str) -> bool:
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return bool(re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})", v))


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


TABLES = ("branch", "host", "diversion", "calling", "tiers", "services", "counters", "targets", "purposes",
          "decline_reasons", "display", "alerts", "tokens", "privacy", "retention", "hq", "prefill")
# Audit and access logs are kept at least six months (Cybersecurity Law art. 21); past days are archived
# no sooner than this.
MIN_RETENTION_DAYS = 183
BIG_CNY = 10**12  # a trillion yuan: far past any real amount, well inside 64 bits


def parse(data: dict, source: str = "") -> Config:
    """Build a Config from a parsed TOML document, or raise ConfigError naming the bad key."""
    root = _Reader(data, "")
    unknown = [key for key in data if key not in TABLES]
    if unknown:
        raise ConfigError(f"{unknown[0]}: unknown table or key; the branch file knows {', '.join(TABLES)}")
    b = root.table("branch", required=True, hint="add a [branch] table with name_zh and ref_hash_key")
    try:
        tz = ZoneInfo(b.get("timezone", str, "Asia/Shanghai"))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"branch.timezone: unknown time zone ({exc}); use e.g. \"Asia/Shanghai\"") from None
    branch = Branch(
        name_zh=b.get("name_zh", str), name_en=b.get("name_en", str, ""), timezone=tz,
        day_reset=_parse_time(b.get("day_reset", str, "04:00"), "branch.day_reset"),
        public_url=b.get("public_url", str, "http://127.0.0.1:8600",
                         check=lambda v: re.fullmatch(r"https?://[^\s/]+(/\S*)?", v),
                         hint="use the host's address as the customer's phone reaches it, e.g. "
                              "\"http://10.0.0.2:8600\"").rstrip("/"),
        ref_hash_key=b.get("ref_hash_key", str, check=lambda v: len(v) >= 8, hint="use at least 8 characters"),
        number_digits=b.number("number_digits", 3, 2, 6),
        form_desk_zh=b.get("form_desk_zh", str, ""), form_desk_en=b.get("form_desk_en", str, ""),
    )
    h = root.table("host", required=True, hint="add a [host] table with address, port and database")
    d = root.table("diversion")
    c = root.table("calling", required=True, hint="add a [calling] table (recalls, max_wait_minutes, ...)")
    calling = Calling(
        recalls=c.number("recalls", 2, 0, 10),
        recall_interval_s=c.number("recall_interval_s", 15, 0, 600, unit=" seconds"),
        reinstate_places_back=c.number("reinstate_places_back", 3, 0, 100),
        reinstate_max=c.number("reinstate_max", 1, 0, 10),
        vip_ratio=c.number("vip_ratio", 2, 1, 20),
        max_wait_minutes=c.number("max_wait_minutes", 30, 1, 24 * 60, unit=" minutes"),
        park_minutes=c.number("park_minutes", 5, 1, 240, unit=" minutes"),
        default_service_minutes=float(c.number("default_service_minutes", 4, 0.1, 480, integer=False,
                                               unit=" minutes")),
    )
    services = _unique([Service(
        code=s.get("code", str), prefix=s.get("prefix", str, check=lambda v: re.fullmatch(r"[A-Z]", v),
                                               hint="use one capital letter A-Z"),
        name_zh=s.get("name_zh", str), name_en=s.get("name_en", str),
        form_template=s.get("form_template", str, None), form_name_zh=s.get("form_name_zh", str, None),
        form_name_en=s.get("form_name_en", str, None),
        documents_zh=s.strings("documents_zh"), documents_en=s.strings("documents_en"),
        service_level_minutes=s.number("service_level_minutes", 20, 1, 480, unit=" minutes"),
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
            prefill=p.get("prefill", str, "", check=lambda v: v in PREFILLS,
                          hint=f"use one of {', '.join(PREFILLS)} (or leave the key out)"),
        )
        if purpose.route == "self_service" and not purpose.target:
            raise ConfigError(f"{p.where}.target: a self_service purpose needs a target")
        if purpose.route in ("counter", "customer_manager", "self_service") and not purpose.service:
            raise ConfigError(f"{p.where}.service: route {purpose.route} needs a service (the counter queue)")
        purposes.append(purpose)
    purposes_by_code = _unique(purposes, "purposes")
    reasons = _reasons(root.tables("decline_reasons"), purposes_by_code)
    t = root.table("tiers")
    tiers = tuple(Tier(x.get("code", str, check=lambda v: v in TIER_CODES, hint=f"use {', '.join(TIER_CODES)}"),
                       x.get("name_zh", str), x.get("name_en", str), x.number("min_assets_cny", 0, 0, BIG_CNY * 100))
                  for x in t.tables("levels")) or tuple(Tier(code, code, code) for code in TIER_CODES)
    local = t.get("local", dict, {})
    for ref, tier in local.items():
        if tier not in TIER_CODES:
            raise ConfigError(f"tiers.local.{ref}: unknown tier {tier!r}; use {', '.join(TIER_CODES)}")
    tokens = _tokens(root.tables("tokens"), counters)
    trusted = h.strings("trusted_proxies")
    for i, proxy in enumerate(trusted):
        try:
            ipaddress.ip_network(proxy)
        except ValueError:
            raise ConfigError(f"host.trusted_proxies[{i}]: {proxy!r} is not an IP address or network; "
                              f"use e.g. \"10.0.0.1\" or leave the list empty") from None
    a = root.table("alerts")
    privacy = root.table("privacy")
    retention = root.table("retention")
    pf = root.table("prefill")
    prefill = Prefill(form_template=pf.get("form_template", str, ""), form_name_zh=pf.get("form_name_zh", str, ""),
                      form_name_en=pf.get("form_name_en", str, ""), banks=pf.strings("banks"))
    if any(p.prefill for p in purposes) and not prefill.banks:
        raise ConfigError("prefill.banks: a purpose is marked prefill but no banks are listed; "
                          "add banks = [\"中国工商银行\", ...] under [prefill]")
    cash = d.number("cash_threshold_cny", ..., 1, BIG_CNY, unit=" CNY")  # the branch's own figures: no default
    high = d.number("high_value_cny", ..., 1, BIG_CNY, unit=" CNY")
    most = d.number("max_amount_cny", 100_000_000, 1, BIG_CNY, unit=" CNY")
    if most < max(cash, high):
        raise ConfigError(f"diversion.max_amount_cny: {most} is below the cash threshold or the high-value amount; "
                          f"use at least {max(cash, high)}")
    display = root.get("display", dict, {})
    cfg = Config(
        branch=branch, address=h.get("address", str, "127.0.0.1", check=_address,
                                     hint="use an IP address such as \"0.0.0.0\" or \"127.0.0.1\", or a host name"),
        port=h.number("port", 8600, 1, 65535),
        database=h.get("database", str, "var/fenliu.db", check=lambda v: v.strip() != "",
                       hint="name the SQLite file, e.g. \"var/fenliu.db\""),
        kiosk_visits_per_minute=h.number("kiosk_visits_per_minute", 60, 1, 100_000),
        cash_threshold_cny=cash, high_value_cny=high, max_amount_cny=most,
        calling=calling, tiers=tiers, tier_lookup=t.get("lookup", str, "local", check=lambda v: v in ("local", "http"),
                                                        hint="use \"local\" or \"http\""),
        crm_url=t.get("crm_url", str, ""), crm_timeout_s=float(t.number("crm_timeout_s", 0.8, 0.05, 30, integer=False, unit=" seconds")),
        local_tiers=dict(local), services=services, counters=counters, targets=targets,
        purposes=purposes_by_code, decline_reasons=reasons, tokens=tokens,
        display=display,
        waiting_over=a.number("waiting_over", 15, 1, 10_000),
        display_offline_s=a.number("display_offline_s", 30, 1, 3600, unit=" seconds"),
        trusted_proxies=trusted, source=source,
        tls_cert=h.get("tls_cert", str, "", check=lambda v: v.strip() != "",
                       hint="name the host's certificate file, e.g. \"host.pem\", or leave the key out"),
        tls_key=h.get("tls_key", str, "", check=lambda v: v.strip() != "",
                      hint="name the host's private key file, e.g. \"host-key.pem\", or leave the key out"),
        lead_days=privacy.number("lead_days", 30, 1, 180, unit=" days"), prefill=prefill,
        retention_days=_retention_days(retention),
        hq=_head_office(root.table("hq")) if "hq" in data else None,
    )
    for table in (b, h, d, c, t, a, privacy, retention, pf):
        table.no_others()
    if bool(cfg.tls_cert) != bool(cfg.tls_key):
        raise ConfigError("host.tls_cert / host.tls_key: give both the certificate and its key, or neither")
    return cfg


def _reasons(tables: list[_Reader], purposes: dict[str, Purpose]) -> dict[str, Reason]:
    """The [[decline_reasons]], each for the purposes it fits; every purpose with a machine gets some."""
    diverted = [code for code, p in purposes.items() if p.target]
    out = []
    for r in tables:
        reason = Reason(r.get("code", str), r.get("name_zh", str), r.get("name_en", str),
                        r.strings("purposes"))
        for code in reason.purposes:
            if code not in purposes:
                raise ConfigError(f"{r.where}.purposes: unknown purpose {code!r}; known: {', '.join(purposes)}")
            if not purposes[code].target:
                raise ConfigError(f"{r.where}.purposes: purpose {code!r} has no self-service target, so its "
                                  f"customers are never offered a machine to turn down; remove it from the list")
        r.no_others()
        out.append(reason)
    reasons = _unique(out, "decline_reasons")
    for code in diverted:
        if reasons and not any(reason.fits(code) for reason in reasons.values()):
            raise ConfigError(f"decline_reasons: no reason fits purpose {code!r}, whose customers may turn down "
                              f"its machine; add {code!r} to a reason's purposes, or give a reason no purposes list")
    return reasons


def _retention_days(table: "_Reader") -> int:
    """[retention] days: at least six months, since the audit log is archived with the rest."""
    days = table.get("days", int, 200, hint="use a whole number of days, e.g. 200")
    if isinstance(days, bool) or days < MIN_RETENTION_DAYS:
        raise ConfigError(f"{table._key('days')}: {days!r} is too short; the audit log must be kept at least six "
                          f"months (Cybersecurity Law art. 21): use at least {MIN_RETENTION_DAYS} days")
    if days > 3650:
        raise ConfigError(f"{table._key('days')}: {days!r} is out of range; use at most 3650 days (ten years)")
    return days


def _dsn_has_password(dsn: str) -> bool:
    """Whether a libpq connection string (key=value or URI) carries a password."""
    if re.search(r"(^|\s)password\s*=", dsn) or re.search(r"[?&]password=", dsn):
        return True
    return bool(re.match(r"postgres(ql)?://[^/@]*:[^/@]*@", dsn))


def _head_office(hq: _Reader) -> HeadOffice:
    """The [hq] table: head office's PostgreSQL, this branch's id, batching and retry bounds."""
    if "password" in hq.data:
        raise ConfigError("hq.password: a password is not allowed in the branch file; put it in the environment "
                          "variable named by hq.password_env (default FENLIU_HQ_PASSWORD) or in the file named by "
                          "hq.password_file")
    dsn = hq.get("dsn", str, check=lambda v: v.strip() != "", hint='name head office\'s PostgreSQL, e.g. '
                 '"host=hq.bank.example dbname=fenliu_hq user=branch_0412 sslmode=verify-full"')
    if _dsn_has_password(dsn):
        raise ConfigError("hq.dsn: the connection string holds a password; take it out and put it in the "
                          "environment variable named by hq.password_env (default FENLIU_HQ_PASSWORD) or in "
                          "the file named by hq.password_file")
    out = HeadOffice(
        dsn=dsn,
        branch_id=hq.get("branch_id", str, check=lambda v: re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", v),
                         hint="use 1-64 letters, digits, '.', '-' or '_' (the bank's branch code, e.g. \"0412\")"),
        batch_size=hq.number("batch_size", 500, 1, 10_000),
        password_env=hq.get("password_env", str, "FENLIU_HQ_PASSWORD",
                            check=lambda v: re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,127}", v),
                            hint="name an environment variable, e.g. \"FENLIU_HQ_PASSWORD\""),
        password_file=hq.get("password_file", str, "", check=lambda v: v.strip() != "",
                             hint="name a file holding only the password (mode 600), or leave the key out"),
        poll_s=float(hq.number("poll_s", 1.0, 0.05, 600, integer=False, unit=" seconds")),
        retry_max_s=float(hq.number("retry_max_s", 60, 0.1, 3600, integer=False, unit=" seconds")),
        heartbeat_s=float(hq.number("heartbeat_s", 30, 1, 3600, integer=False, unit=" seconds")),
    )
    hq.no_others()
    return out


def _tokens(tables: list[_Reader], counters: dict) -> dict[str, Token]:
    """The [[tokens]] tables by staff id; secrets only as salted hashes."""
    out: dict[str, Token] = {}
    for k in tables:
        for plain, kind in (("token", "token"), ("pin", "pin")):
            if plain in k.data:
                raise ConfigError(f"{k.where}.{plain}: a plaintext {kind} is not allowed in the branch file; "
                                  f"run `fenliu hash-secret --kind {kind}` and write the result as {kind}_hash")
        role = k.get("role", str, check=lambda v: v in ROLES, hint=f"use one of {', '.join(ROLES)}")
        counter = str(k.get("counter", (str, int), "")) or None
        if role in ("counter", "counter_screen") and counter not in counters:
            raise ConfigError(f"{k.where}.counter: a {role} token needs one of the counters: {', '.join(counters)}")
        default_id = token_id({"role": role, "counter": counter})
        token = Token(
            id=k.get("id", str, default_id, check=lambda v: re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", v),
                     hint="use 1-32 lower-case letters, digits, - or _"),
            token_hash=k.get("token_hash", str, check=lambda v: well_formed(v, "token"), hidden=True,
                             hint="expected sha256$<salt>$<digest>; make it with `fenliu hash-secret --kind token`"),
            role=role, name=k.get("name", str, ""), counter=counter,
            name_zh=k.get("name_zh", str, ""), name_en=k.get("name_en", str, ""),
            staff_no=k.get("staff_no", str, "", check=lambda v: re.fullmatch(r"[0-9A-Za-z-]{0,16}", v),
                           hint="use up to 16 letters, digits or -"),
            pin_hash=k.get("pin_hash", str, None, check=lambda v: well_formed(v, "pin"), hidden=True,
                           hint="expected pbkdf2_sha256$<n>$<salt>$<digest>; make it with "
                                "`fenliu hash-secret --kind pin`"),
        )
        k.no_others()
        if token.id in out:
            raise ConfigError(f"{k.where}.id: {token.id!r} appears twice; give each token its own id")
        twin = next((t for t in out.values() if t.token_hash == token.token_hash), None)
        if twin is not None:  # one secret would open both: whoever holds it acts as either device
            raise ConfigError(f"{k.where}.token_hash: tokens {twin.id!r} and {token.id!r} have the same token_hash; "
                              "give each device its own secret (`fenliu hash-secret --kind token`)")
        out[token.id] = token
    return out


def token_id(entry: dict) -> str:
    """A [[tokens]] entry's staff id: its `id`, else counter-N for a teller, screen-N for a counter screen, else the role."""
    if entry.get("id"):
        return str(entry["id"])
    role, counter = entry.get("role"), entry.get("counter")
    return f"counter-{counter}" if role == "counter" else f"screen-{counter}" if role == "counter_screen" else str(role)


def beside(cfg: Config, value: str) -> Path:
    """A path named in the branch file: as written when absolute, else in the branch file's folder."""
    path = Path(value).expanduser()
    if path.is_absolute() or not cfg.source:
        return path
    return Path(cfg.source).resolve().parent / path


def working_folder_branch() -> Path | None:
    """config/branch.toml in the working folder (what `fenliu host` runs without --config); None if absent."""
    path = Path("config") / "branch.toml"
    return path.resolve() if path.is_file() else None


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
DEFAULT_PATH = data_dir("config") / "branch.toml"
