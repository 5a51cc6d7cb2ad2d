"""Sign-in and secrets without a server: per-identity PIN locks on an injected clock, salted hashes, token lookup."""
from __future__ import annotations

import pytest

from queue_host.auth import Locked, PinGate, TokenBook, Unauthorized, token_for
from queue_host.hashing import hash_secret, verify_secret


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def gate(cfg):
    return PinGate(cfg, clock=Clock())


def test_a_teller_interleaving_their_own_pin_gets_only_ten_guesses_at_the_manager(gate):
    wrong = 0
    for guess in range(40):
        gate.sign_in("counter-1", "1111")
        try:
            gate.sign_in("manager", f"{guess:04d}")
        except Unauthorized:
            wrong += 1
        except Locked:
            pass
    assert wrong == 10
    with pytest.raises(Locked):
        gate.sign_in("manager", "2468")


def test_one_locked_identity_never_locks_another(gate):
    for _ in range(10):
        with pytest.raises(Unauthorized):
            gate.sign_in("counter-2", "0000")
    with pytest.raises(Locked):
        gate.sign_in("counter-2", "2222")
    assert gate.sign_in("manager", "2468").role == "manager"
    assert gate.sign_in("counter-3", "3333").counter == "3"


def test_a_lock_frees_itself_when_the_oldest_failure_leaves_the_hour(gate):
    for _ in range(10):
        with pytest.raises(Unauthorized):
            gate.sign_in("manager", "0000")
    gate.clock.t += 3599
    with pytest.raises(Locked) as locked:
        gate.sign_in("manager", "2468")
    assert locked.value.detail["retry_after_s"] >= 1
    gate.clock.t += 2
    assert gate.sign_in("manager", "2468").id == "manager"


def test_guesses_spread_over_the_hour_still_count_against_the_limit(gate):
    for _ in range(10):
        with pytest.raises(Unauthorized):
            gate.sign_in("manager", "0000")
        gate.clock.t += 300
    with pytest.raises(Locked):
        gate.sign_in("manager", "0001")


def test_the_managers_unlock_frees_one_identity_only(gate):
    for who in ("counter-1", "counter-2"):
        for _ in range(10):
            with pytest.raises(Unauthorized):
                gate.sign_in(who, "0000")
    gate.unlock("counter-1")
    assert gate.sign_in("counter-1", "1111").counter == "1"
    with pytest.raises(Locked):
        gate.sign_in("counter-2", "2222")


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


def test_parallel_guesses_cannot_overrun_the_ten_allowed(gate):
    from concurrent.futures import ThreadPoolExecutor

    def guess(n):
        try:
            gate.sign_in("manager", f"{n:04d}")
        except Unauthorized:
            return "wrong"
        except Locked:
            return "locked"
        return "in"
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(guess, range(3000, 3030)))
    assert answers.count("wrong") == 10 and answers.count("locked") == 20


def test_wrong_pins_count_down_in_each_languages_words_and_the_lock_says_who_can_open_it(gate):
    said = []
    for _ in range(10):
        with pytest.raises(Unauthorized) as refused:
            gate.sign_in("counter-1", "0000")
        said.append((refused.value.message_zh, refused.value.message_en))
    assert said[0] == ("密码错误，还可尝试 9 次", "wrong PIN; 9 attempts left before a lock")
    assert said[8] == ("密码错误，还可尝试 1 次", "wrong PIN; 1 attempt left before a lock")
    with pytest.raises(Locked) as locked:
        gate.sign_in("counter-1", "1111")
    assert locked.value.message_zh.endswith("分钟后再试或请大堂经理解锁")
    assert locked.value.message_en.endswith("or until the lobby manager unlocks it")
