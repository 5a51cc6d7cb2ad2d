"""Salted hashes of the branch file's tokens (fast, they are long and random) and PINs (slow, they are short)."""
from __future__ import annotations

import hashlib
import hmac
import os

PIN_ITERATIONS = 100_000
KINDS = ("token", "pin")


def hash_secret(secret: str, kind: str) -> str:
    """The stored form of a token ("sha256$salt$digest") or a PIN ("pbkdf2_sha256$n$salt$digest")."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    salt = os.urandom(16)
    if kind == "token":
        return f"sha256${salt.hex()}${_sha256(salt, secret)}"
    return f"pbkdf2_sha256${PIN_ITERATIONS}${salt.hex()}${_pbkdf2(salt, secret, PIN_ITERATIONS)}"


def verify_secret(secret: str, stored: str) -> bool:
    """Whether `secret` matches a stored hash; a malformed hash matches nothing."""
    parts = stored.split("$")
    try:
        if parts[0] == "sha256" and len(parts) == 3:
            digest = _sha256(bytes.fromhex(parts[1]), secret)
            return hmac.compare_digest(digest, parts[2])
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            digest = _pbkdf2(bytes.fromhex(parts[2]), secret, int(parts[1]))
            return hmac.compare_digest(digest, parts[3])
    except ValueError:
        return False
    return False


def well_formed(stored: str, kind: str) -> bool:
    """Whether a stored hash has the shape of its kind (checked when the branch file is read)."""
    parts = stored.split("$")
    try:
        if kind == "token":
            return len(parts) == 3 and parts[0] == "sha256" and bool(bytes.fromhex(parts[1])) and len(parts[2]) == 64
        return (len(parts) == 4 and parts[0] == "pbkdf2_sha256" and 1_000 <= int(parts[1]) <= 10_000_000
                and bool(bytes.fromhex(parts[2])) and len(parts[3]) == 64)
    except ValueError:
        return False


def _sha256(salt: bytes, secret: str) -> str:
    return hashlib.sha256(salt + secret.encode("utf-8")).hexdigest()


def _pbkdf2(salt: bytes, secret: str, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, iterations).hex()
