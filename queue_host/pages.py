"""Every HTML page from one set of Jinja2 templates (assets/templates): one base layout, one stylesheet.

Autoescaping is on for every template, so nothing a person typed (a name, a note, a scenario) can become
markup; a fragment built as HTML on purpose must arrive as markupsafe.Markup.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from queue_host.paths import asset

__all__ = ["Markup", "render"]


@lru_cache(maxsize=None)
def environment() -> Environment:
    """The templates, loaded once, autoescaped."""
    return Environment(loader=FileSystemLoader(str(asset("templates"))), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(name: str, **values: Any) -> str:
    """One page from its template and values."""
    return environment().get_template(name).render(**values)
