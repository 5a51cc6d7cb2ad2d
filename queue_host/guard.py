"""Every route passes the guard: the caller is admitted by the access declaration before anything of the
request is read, and what the route answers is cut to the model declared for the caller's role."""
from __future__ import annotations

import functools
import inspect
import json
import os
from contextvars import ContextVar
from typing import Any, Callable, Union

import fastapi.routing
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError

from contract.shape import shape, undeclared
from queue_host.access import ANYONE, LOOPBACK, Rule, rule_for
from queue_host.auth import Unauthorized, require, token_for
from queue_host.config import Token
from queue_host.http_errors import responses
from queue_host.metrics import loopback
from queue_host.model import Forbidden
from queue_host.words import zh_en

_request: ContextVar[Request] = ContextVar("guarded_request")
_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


class Answer(JSONResponse):
    """Starlette's JSONResponse, the same bytes, from one encoder made once (not one per answer)."""

    def render(self, content: Any) -> bytes:
        return _ENCODE(content).encode("utf-8")


def admit(rule: Rule, request: Request) -> Token | None:
    """The caller's token (None for a route anyone may call without one), or Unauthorized / Forbidden."""
    header = request.headers.get("authorization")
    if ANYONE in rule.answers:
        # Anyone may ask: a token, when it is one the branch knows, only picks a richer answer; a stale or
        # foreign one is no reason to refuse what needs none (a device's health check, a phone).
        try:
            return token_for(request.app.state.host.book, header) if header else None
        except Unauthorized:
            return None
    if LOOPBACK in rule.answers and not header and loopback(request.client.host if request.client else None):
        return None
    token = token_for(request.app.state.host.book, header)
    require(token, *[r for r in rule.answers if r not in (ANYONE, LOOPBACK)])
    if rule.own_counter and token.role != "manager":
        counter = request.path_params.get(rule.own_counter)
        if token.counter != counter:
            raise Forbidden(*zh_en("this token belongs to counter {mine}, not {other}", mine=token.counter,
                                   other=counter), {"counter": counter})
    return token


def caller(request: Request) -> Token | None:
    """The token the guard admitted for this request."""
    return request.scope["state"]["token"]


def answer(request: Request, data: Any, headers: dict | None = None) -> Response:
    """The answer as the caller's declared model allows it (the one place answers are cut)."""
    state = request.scope["state"]
    rule: Rule = state["rule"]
    token = state["token"]
    model = rule.model_for(token.role if token is not None else None)
    if model is not None and isinstance(data, dict):
        if STRICT:
            _all_declared(rule, data)
        data = shape(model, data)
    return Answer(data, headers=headers)


@functools.lru_cache(maxsize=1)
def known_fields() -> frozenset[str]:
    """Every field name some contract model declares (a shared builder's field cut away here is no drift)."""
    import contract.answers
    import contract.branch
    import contract.events
    import contract.lobby
    import contract.phone
    import contract.tickets
    from pydantic import BaseModel
    names = set()
    for module in (contract.answers, contract.branch, contract.events, contract.lobby, contract.phone, contract.tickets):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                names.update(value.model_fields)
    return frozenset(names)


# Tests run the host with FENLIU_CONTRACT_STRICT=1: a field the host builds that no audience's model declares is
# then an error, not a field silently dropped, so the contract and the code cannot drift apart unnoticed.
STRICT = os.environ.get("FENLIU_CONTRACT_STRICT") == "1"


def _all_declared(rule: Rule, data: dict) -> None:
    missing = [path for path in undeclared([m for m in rule.answers.values() if m is not None], data)
               if path.rpartition(".")[2] not in known_fields()]  # a shared view's field some audience has
    if missing:
        raise RuntimeError(f"the host built fields no model of this route declares: {', '.join(missing[:10])}; "
                           "declare them in contract/ for the audiences that need them")


class Guarded(APIRoute):
    """An APIRoute that admits by the access declaration first and shapes what its endpoint returns."""

    def __init__(self, path: str, endpoint: Callable, **kwargs: Any):
        methods = sorted(kwargs.get("methods") or ["GET"])
        self.rule = rule_for(methods[0], path)
        if not getattr(endpoint, "__guarded__", False):
            endpoint = _shaping(endpoint)
        refusals = responses() if ANYONE in self.rule.answers else responses(403)  # 401 is in every route's
        kwargs["responses"] = {**refusals, **(kwargs.get("responses") or {}), **_documented(self.rule)}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable:
        """Admit before the body is read: an outsider learns nothing of the body's shape."""
        inner = super().get_route_handler()
        rule = self.rule
        plain = _plain_body(_effective(self))

        async def handler(request: Request) -> Response:
            state = request.scope.setdefault("state", {})  # request.state's own dict, without its attribute hooks
            state["rule"] = rule
            state["token"] = admit(rule, request)
            _request.set(request)
            if plain is not None and request.headers.get("content-type") == "application/json":
                # A JSON body that is valid as it stands goes to the endpoint validated once, by the model
                # itself; anything else takes FastAPI's own way, so every refusal is answered as before.
                raw = await request.body()
                if raw:
                    call, body_name, model, request_name = plain
                    try:
                        body = model.model_validate_json(raw)
                    except ValidationError:
                        pass
                    else:
                        return await call(**{body_name: body, request_name: request})
            return await inner(request)
        return handler


def _effective(route: APIRoute) -> Any:
    """The route as FastAPI builds its handler now: an included router's context (its dependencies merged)."""
    context_var = getattr(fastapi.routing, "_effective_route_context_var", None)
    context = context_var.get() if context_var is not None else None
    return context if context is not None and getattr(context, "original_route", None) is route else route


def _plain_body(route: Any) -> tuple[Callable, str, type[BaseModel], str] | None:
    """(endpoint, body name, model, request name) for an endpoint taking one JSON model body and the
    request, nothing else (no path, query, header or dependency); None for any other endpoint."""
    d = route.dependant
    if (d.path_params or d.query_params or d.header_params or d.cookie_params or d.dependencies
            or len(d.body_params) != 1 or not d.request_param_name or d.response_param_name
            or d.background_tasks_param_name or d.http_connection_param_name or d.websocket_param_name
            or d.security_scopes_param_name or route.dependencies or getattr(route, "_embed_body_fields", True)):
        return None
    field = d.body_params[0]
    model = field.field_info.annotation
    if getattr(field.field_info, "embed", False) or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    return d.call, field.name, model, d.request_param_name


def _documented(rule: Rule) -> dict:
    """The OpenAPI answer of a route: one schema per audience, from the same models the guard cuts with."""
    models = list(dict.fromkeys(m for m in rule.answers.values() if m is not None))
    if not models:
        return {}
    who = ", ".join(f"{role}: {model.__name__}" for role, model in rule.answers.items() if model is not None)
    return {200: {"model": models[0] if len(models) == 1 else Union[tuple(models)],
                  "description": f"by caller ({who})"}}


def _shaping(endpoint: Callable) -> Callable:
    if not inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"{endpoint.__name__}: guarded endpoints are async")

    @functools.wraps(endpoint)
    async def shaped(*args: Any, **kwargs: Any) -> Any:
        result = await endpoint(*args, **kwargs)
        if isinstance(result, Response):
            return result
        return answer(_request.get(), result)
    shaped.__guarded__ = True
    return shaped
