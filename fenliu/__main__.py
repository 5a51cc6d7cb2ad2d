"""Allow `python -m fenliu`."""
from fenliu.cli import main

raise SystemExit(main())
