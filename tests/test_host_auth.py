"""Sign-in and secrets without a server: per-identity PIN locks on an injected clock, salted hashes, token lookup."""
from __future__ import annotations

import pytest

from queue_host.auth import (FREE_TRIES, LOCK_AFTER, Locked, PinGate, RateLimited, TokenBook, Unauthorized,
                             delay_after, token_for)
from queue_host.hashing import hash_secret, verify_secret


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def gate(cfg):
    return PinGate(cfg, clock=Clock())


def wrong(gate, who="manager", client="10.0.0.9", pin="0000"):
    """One wrong PIN; the refusal's detail."""
    with pytest.raises(Unauthorized) as refused:
        gate.sign_in(who, pin, client)
    return refused.value.detail


def test_wrong_pins_from_one_address_wait_longer_and_longer_answered_not_slept(gate):
    waits = []
    for _ in range(12):
        waits.append(wrong(gate)["retry_after_s"])
        if waits[-1]:
            with pytest.raises(RateLimited) as early:  # at once again: refused before any PIN is checked
                gate.sign_in("manager", "2468", "10.0.0.9")
            assert early.value.detail["retry_after_s"] == waits[-1]
        gate.clock.t += waits[-1]
    assert waits == [delay_after(n) for n in range(1, 13)] == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


def test_a_guesser_elsewhere_never_keeps_the_right_pin_out(gate):
    waited = 0
    for _ in range(6):
        gate.clock.t += waited
        waited = wrong(gate, client="10.0.0.66")["retry_after_s"]
    assert gate.sign_in("manager", "2468", "10.0.0.5").id == "manager"  # the manager's own panel
    with pytest.raises(RateLimited):
        gate.sign_in("manager", "2468", "10.0.0.66")  # the guesser's address still waits


def test_the_right_pin_clears_its_addresss_count(gate):
    for _ in range(3):
        wrong(gate, "counter-1", "10.0.0.5")
    gate.clock.t += 2
    assert gate.sign_in("counter-1", "1111", "10.0.0.5").counter == "1"
    assert wrong(gate, "counter-1", "10.0.0.5")["retry_after_s"] == 0


def spread(gate, who, n, pin="0000"):
    """n wrong PINs from n // FREE_TRIES + 1 addresses, none of them waiting."""
    for i in range(n):
        wrong(gate, who, f"10.1.{i // FREE_TRIES}.1", pin)


def test_many_wrong_pins_from_many_addresses_lock_the_staff_id_until_the_manager_unlocks(gate):
    spread(gate, "counter-2", LOCK_AFTER)
    gate.clock.t += 86400  # a day later: still locked, a person must look at it
    with pytest.raises(Locked) as locked:
        gate.sign_in("counter-2", "2222", "10.9.9.9")
    assert "unlocks" in locked.value.message_en and locked.value.message_zh
    assert [row["staff"] for row in gate.locks()] == ["counter-2"]
    assert gate.sign_in("counter-3", "3333", "10.9.9.9").counter == "3"  # one locked id never locks another
    gate.unlock("counter-2")
    assert gate.sign_in("counter-2", "2222", "10.9.9.9").counter == "2" and gate.locks() == []


def test_the_managers_own_lock_ends_after_an_hour(gate):
    spread(gate, "manager", LOCK_AFTER)
    gate.clock.t += 3599
    with pytest.raises(Locked):
        gate.sign_in("manager", "2468", "10.9.9.9")
    gate.clock.t += 2
    assert gate.sign_in("manager", "2468", "10.9.9.9").id == "manager"


def test_wrong_pins_older_than_the_window_stop_counting_towards_a_lock(gate):
    spread(gate, "counter-1", LOCK_AFTER - 1)
    gate.clock.t += 3601
    spread(gate, "counter-1", LOCK_AFTER - 1)
    assert gate.locks() == []


def test_counts_and_locks_come_back_from_their_rows(cfg, gate):
    spread(gate, "counter-2", LOCK_AFTER)
    spread(gate, "counter-1", FREE_TRIES)
    again = PinGate(cfg, clock=gate.clock, rows={s: gate.row(s) for s in ("counter-1", "counter-2", "manager")
                                                  if gate.row(s)})
    with pytest.raises(Locked):
        again.sign_in("counter-2", "2222", "10.9.9.9")
    with pytest.raises(RateLimited):
        again.sign_in("counter-1", "1111", "10.1.0.1")


def test_a_lobby_of_guessers_gets_a_bounded_number_of_tries_per_hour(gate):
    """The figures the README states: per address and per staff id, within one hour."""
    tries, start = 0, gate.clock.t
    while True:
        try:
            wrong(gate, "counter-1", "10.0.0.9")
            tries += 1
        except RateLimited as early:
            gate.clock.t += early.detail["retry_after_s"]
        if gate.clock.t - start >= 3600:
            break
    assert tries == 21  # one address, one staff id, first hour
    assert LOCK_AFTER == 30  # any number of addresses: 30, then a lock only the manager lifts


def test_an_unknown_name_or_a_kiosk_cannot_sign_in(gate):
    with pytest.raises(Unauthorized):
        gate.sign_in("nobody", "2468")
    with pytest.raises(Unauthorized):
        gate.sign_in("kiosk", "2468")


def test_a_refusal_never_carries_the_pin(gate):
    with pytest.raises(Unauthorized) as wrong:
        gate.sign_in("manager", "8642")
    assert "8642" not in f"{wrong.value.message_zh}{wrong.value.message_en}{wrong.value.detail}"


def test_a_token_hash_is_salted_and_verifies_only_its_secret():
    a, b = hash_secret("a-long-device-token", "token"), hash_secret("a-long-device-token", "token")
    assert a != b and a.startswith("sha256$") and "a-long-device-token" not in a
    assert verify_secret("a-long-device-token", a) and not verify_secret("a-long-device-tokeN", a)


def test_a_pin_hash_is_a_slow_pbkdf2_with_its_iterations_written_down():
    stored = hash_secret("2468", "pin")
    kind, iterations, salt, digest = stored.split("$")
    assert kind == "pbkdf2_sha256" and int(iterations) >= 100_000 and len(salt) == 32 and len(digest) == 64
    assert verify_secret("2468", stored) and not verify_secret("2469", stored)


def test_a_malformed_hash_matches_nothing():
    for stored in ("", "sha256$zz$00", "md5$00$00", "pbkdf2_sha256$x$00$00", "2468"):
        assert not verify_secret("2468", stored)


def test_token_lookup_caches_a_verified_token_and_refuses_a_wrong_one(cfg):
    book = TokenBook(cfg)
    assert token_for(book, "Bearer kiosk-demo-token").role == "kiosk"
    assert "kiosk-demo-token" in book.cache
    with pytest.raises(Unauthorized):
        token_for(book, "Bearer kiosk-demo-tokem")
    assert len(book.cache) == 1


def test_a_session_from_sign_in_stands_for_its_staff_member(cfg):
    book = TokenBook(cfg)
    session = book.open_session(cfg.tokens["counter-2"])
    assert token_for(book, f"Bearer {session}").counter == "2"
    assert session != book.open_session(cfg.tokens["counter-2"])


def test_the_shipped_branch_counts_as_demo_secrets_and_a_rekeyed_one_does_not(cfg):
    from dataclasses import replace

    from queue_host.cli import uses_demo_secrets
    assert uses_demo_secrets(cfg)
    branch = replace(cfg.branch, ref_hash_key="a-branch-of-its-own-key")
    own = {k: replace(t, token_hash=hash_secret(f"{k}-fresh-token-0123456789", "token"),
                      pin_hash=hash_secret("9753", "pin") if t.pin_hash else None) for k, t in cfg.tokens.items()}
    assert not uses_demo_secrets(replace(cfg, branch=branch, tokens=own))
    assert uses_demo_secrets(replace(cfg, tokens=own))  # the demo ref_hash_key alone is enough
    demo_pin = dict(own, manager=cfg.tokens["manager"])
    assert uses_demo_secrets(replace(cfg, branch=branch, tokens=demo_pin))


def test_parallel_guesses_cannot_overrun_the_free_tries_or_the_lock(gate):
    from concurrent.futures import ThreadPoolExecutor

    def guess(n, client="10.0.0.9"):
        try:
            gate.sign_in("manager", f"{n:04d}", client)
        except Unauthorized:
            return "wrong"
        except RateLimited:
            return "wait"
        except Locked:
            return "locked"
        return "in"
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(guess, range(3000, 3030)))
        assert answers.count("wrong") == FREE_TRIES and answers.count("wait") == 30 - FREE_TRIES
        answers = list(pool.map(lambda n: guess(n, f"10.2.{n}.1"), range(3100, 3160)))
    assert answers.count("wrong") == LOCK_AFTER - FREE_TRIES and answers.count("locked") == 60 - answers.count("wrong")


def test_a_wrong_pin_says_how_long_to_wait_in_each_language_and_the_lock_says_who_can_open_it(gate):
    assert wrong(gate, "counter-1")["retry_after_s"] == 0
    with pytest.raises(Unauthorized) as refused:
        gate.sign_in("counter-1", "0000", "10.0.0.9")
    assert (refused.value.message_zh, refused.value.message_en) == ("密码错误，请核对后重试",
                                                                     "wrong PIN; check it and try again")
    with pytest.raises(Unauthorized) as refused:
        gate.sign_in("counter-1", "0000", "10.0.0.9")
    assert (refused.value.message_zh, refused.value.message_en) == ("密码错误，请等待 2 秒后再试",
                                                                     "wrong PIN; wait 2 s before the next try")
    spread(gate, "counter-1", LOCK_AFTER - FREE_TRIES)
    with pytest.raises(Locked) as locked:
        gate.sign_in("counter-1", "1111", "10.9.9.9")
    assert locked.value.message_zh == "密码错误次数过多，该员工已锁定，请大堂经理在面板上解锁"
    assert locked.value.message_en.endswith("until the lobby manager unlocks it on the panel")
