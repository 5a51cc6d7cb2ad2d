"""A branch that has run before keeps its database: a note beside the branch file records where the host made it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True)
class Refusal:
    """Why the host will not make a new database: the path it expected, and the note that says so."""
    expected: Path
    note: Path
    created: str


def note_path(branch_file: str | Path) -> Path:
    """The note beside the branch file: branch.toml -> branch.database."""
    path = Path(branch_file).resolve()
    return path.with_name(f"{path.stem}.database")


def read_note(note: Path) -> dict[str, str]:
    """The note's `key = value` lines (database, created); empty when there is none."""
    try:
        text = note.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {k.strip(): v.strip() for k, _, v in (line.partition("=") for line in text.splitlines()) if v}


def check(db: Path, branch_file: str | Path) -> Refusal | None:
    """A refusal when db is missing but this branch's note says a database was made before; else None."""
    if db.exists():
        return None
    note = note_path(branch_file)
    seen = read_note(note)
    if not seen.get("database"):
        return None
    return Refusal(Path(seen["database"]), note, seen.get("created", "?"))


def record(db: Path, branch_file: str | Path, now: datetime | None = None) -> str | None:
    """Write the note for db unless it already names it; a warning text when the folder is not writable."""
    note = note_path(branch_file)
    if read_note(note).get("database") == str(db):
        return None
    when = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    try:
        note.write_text("# Written by `fenliu host` when it made this branch's database; do not edit.\n"
                        f"database = {db}\ncreated = {when}\n", encoding="utf-8")
    except OSError as exc:
        return f"{note}: {exc.strerror}"
    return None
