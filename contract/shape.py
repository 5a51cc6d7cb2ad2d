"""Keep of some data exactly what a model declares: the one gate every answer and event passes."""
from __future__ import annotations

import types
import typing
from functools import lru_cache

from pydantic import BaseModel

# A plan says, per declared field, how to keep its value: None keeps it as it is, a plan recurses into a
# mapping, ("list", plan) recurses into each item of a list.
Plan = dict


def _inner_model(annotation) -> tuple[str, type[BaseModel]] | None:
    """("one", Model) for Model | None, ("list", Model) for list[Model]; None for a plain value."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "one", annotation
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
        return None
    if origin in (list, tuple):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        found = _inner_model(args[0]) if args else None
        if found and found[0] == "one":
            return "list", found[1]
    return None


ALL = "all"  # a model that allows extra fields keeps every field it is given


@lru_cache(maxsize=None)
def plan(model: type[BaseModel]) -> Plan | str:
    """Field name -> None (keep) or (kind, sub-plan) for nested models; computed once per model."""
    if model.model_config.get("extra") == "allow":
        return ALL
    out: Plan = {}
    for name, field in model.model_fields.items():
        found = _inner_model(field.annotation)
        out[field.alias or name] = (found[0], plan(found[1])) if found else None
    return out


def _keep(p: Plan | str, data: dict) -> dict:
    if p is ALL:
        return data
    out = {}
    for name, sub in p.items():
        if name not in data:
            continue
        value = data[name]
        if sub is not None and value is not None:
            kind, inner = sub
            if kind == "one" and isinstance(value, dict):
                value = _keep(inner, value)
            elif kind == "list" and isinstance(value, (list, tuple)):
                value = [_keep(inner, v) if isinstance(v, dict) else v for v in value]
        out[name] = value
    return out


def shape(model: type[BaseModel], data: dict) -> dict:
    """The fields of `data` that `model` declares, recursively; nothing else passes."""
    return _keep(plan(model), data)


def undeclared(models: list[type[BaseModel]], data: dict) -> list[str]:
    """The fields of `data` that none of `models` declares (dotted paths): what the host builds for nobody."""
    return sorted(set(_undeclared([plan(m) for m in models], data, "")))


def _undeclared(plans: list, data: dict, at: str) -> list[str]:
    if any(p is ALL for p in plans):
        return []
    out = []
    for name, value in data.items():
        subs = [p[name] for p in plans if name in p]
        if not subs:
            out.append(at + name)
            continue
        inner = [sub[1] for sub in subs if sub is not None]
        if inner and value is not None:
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(item, dict):
                    out.extend(_undeclared(inner, item, f"{at}{name}."))
    return out
