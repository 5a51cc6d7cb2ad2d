"""What each request may carry: typed, bounded bodies, so a malformed field is a 422 naming it."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

# Bounds: no number past what SQLite and the rules hold, no text longer than a screen shows.
MAX_ID = 2**53
Text200 = Field("", max_length=200)


class Body(BaseModel):
    """A request body: unknown fields, NaN and infinities are refused, not ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class VisitIn(Body):
    purpose: str = Field(max_length=40, description="a purpose code from GET /api/config")
    amount_cny: Optional[float] = Field(None, ge=0, le=1e12, description="cash amount in CNY, when known")
    amount_band: Optional[Literal["under", "over"]] = Field(None, description="'under' or 'over' the cash threshold")
    customer_ref: Optional[str] = Field(None, max_length=64, description="card number or ID read at the kiosk")
    lang: Literal["zh", "en"] = "zh"
    elderly: bool = False
    insist_counter: bool = False
    decline_reason: Optional[str] = Field(None, max_length=40)
    request_id: Optional[str] = Field(None, max_length=64, description="the kiosk's id for this request: "
                                      "sending it again (a retry) returns the first answer, never a second ticket")
    replaces_visit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="the self-service visit a customer "
                                          "turns down (with insist_counter), so the day counts one visit")


class IssueIn(Body):
    service: str = Field(max_length=40)
    reason: str = Text200
    tier: Literal["normal", "standard", "platinum", "black_gold"] = "normal"
    elderly: bool = False
    note: str = Text200


class ReasonIn(Body):
    reason: str = Text200


class CallIn(ReasonIn):
    ticket_id: int = Field(ge=1, le=MAX_ID)


class CallNextIn(Body):
    expect_current: Optional[int] = Field(None, ge=1, le=MAX_ID, description="the ticket id the teller's screen "
                                          "shows as current (null for none); a mismatch is refused with 409")


class TransferIn(ReasonIn):
    service: str = Field(min_length=1, max_length=40)
    note: str = Text200


class ParkIn(ReasonIn):
    minutes: Optional[float] = Field(None, gt=0, le=60, description="minutes to fill the form (default: the branch's)")


class MoveIn(ReasonIn):
    position: int = Field(0, ge=0, le=10_000, description="places from the head of the queue (0 = first)")


class AlertIn(Body):
    kind: str = Field(max_length=40)
    message_zh: str = Field(max_length=200)
    message_en: str = Field("", max_length=200)
    key: str = Field("", max_length=80)
    clear: bool = False


class LeadIn(Body):
    name: str = Field(min_length=1, max_length=40)
    contact: str = Field(min_length=3, max_length=40)
    need: str = Field(min_length=1, max_length=200)
    consent: bool
    ticket_id: Optional[int] = Field(None, ge=1, le=MAX_ID)


class SignInIn(Body):
    staff: str = Field(min_length=1, max_length=40, description="a staff id from GET /api/staff")
    pin: str = Field(max_length=16)


class UnlockIn(ReasonIn):
    pass


class BlocksIn(Body):
    refill: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20, description="services whose block runs low: "
                              "one more block each (at most two per service with numbers left)")


class OfflineTicketIn(Body):
    key: str = Field(min_length=1, max_length=64, description="the kiosk's own id for this ticket: sending it "
                     "again inserts nothing")
    day: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="the business day of the block it came from")
    number: str = Field(min_length=2, max_length=12, description="the printed number, e.g. A950")
    service: str = Field(max_length=40)
    purpose: str = Field(max_length=40)
    tier: Literal["normal", "standard", "platinum", "black_gold"] = "normal"
    elderly: bool = False
    lang: Literal["zh", "en"] = "zh"
    issued_at: AwareDatetime = Field(description="when the kiosk printed it, by the kiosk's clock, with its offset")
    request_id: Optional[str] = Field(None, max_length=64, description="the visit request that could not reach "
                                      "the host, if any: a ticket the host issued for it is replaced")


class HandInIn(Body):
    tickets: list[OfflineTicketIn] = Field(min_length=1, max_length=200)


class PhoneCancelIn(Body):
    confirm: Literal[True] = Field(description="true: the customer confirmed on their phone that they are not coming")


class RatingIn(Body):
    ticket_id: int = Field(ge=1, le=MAX_ID, description="the visit just finished at this counter")
    rating: Literal["very_satisfied", "satisfied", "neutral", "dissatisfied"] = Field(
        description="very satisfied / satisfied / neutral / dissatisfied (the counter screen's four buttons)")


class PrefillIn(Body):
    payee_name: str = Field(min_length=1, max_length=20, description="the payee's account name, in Chinese characters")
    payee_account: str = Field(min_length=16, max_length=19, pattern=r"^\d+$",
                               description="the payee's account number, 16-19 digits")
    bank: str = Field(min_length=1, max_length=40, description="the payee's bank, one of GET /api/config prefill.banks")
    payer_card: str = Field("", max_length=24, description="the payer's card number, masked: only the last 4 digits")
