"""`fenliu restore BACKUP --db FILE`: put a backup back while no host runs (the work is in operations/backup.py)."""
from __future__ import annotations

from operations.backup import add_restore_arguments as add_arguments, run_restore as run

__all__ = ["add_arguments", "run"]
