"""The base of every contract model: extra fields are ignored on reading, so an app reads an older or newer host."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """A contract model: what one audience receives of one thing."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Said(Model):
    """A message for a person, Chinese first and English second."""

    message_zh: str = ""
    message_en: str = ""
