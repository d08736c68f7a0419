"""The OpenAPI description's finishing touches: who may call each operation, read from its dependencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, included routers' too (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def allowed_roles(dependant: Dependant) -> tuple[str, ...] | None:
    for dependency in dependant.dependencies:
        roles = getattr(dependency.call, "allowed_roles", None)
        if roles:
            return tuple(roles)
        found = allowed_roles(dependency)
        if found:
            return found
    return None


def describe_api(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes, tags=app.openapi_tags)
        for route in api_routes(app.routes):
            if not route.include_in_schema:
                continue
            roles = allowed_roles(route.dependant)
            for method in route.methods or ():
                operation = schema["paths"][route.path_format].get(method.lower())
                if operation is None or roles is None:
                    continue
                operation["x-roles"] = list(roles)
                operation["description"] = (operation.get("description", "") + f"\n\n**Roles:** {', '.join(roles)}").strip()
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
