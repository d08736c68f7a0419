"""API keys and roles: who is calling, and may they call this route."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.errors import Forbidden, Unauthorized

Role = Literal["integration", "host", "ops", "admin"]
ROLES: tuple[Role, ...] = ("integration", "host", "ops", "admin")


@dataclass(frozen=True)
class Principal:
    role: Role
    identity: str  # stable, not secret: names the key in the movement stream and confirmations


def parse_api_keys(raw: str) -> dict[str, Role]:
    keys: dict[str, Role] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        role, sep, key = pair.partition(":")
        if not sep or role not in ROLES or not key:
            raise ValueError(f"STOCK_ASSISTANT_API_KEYS: '{role}:…' must be role:key with role in {', '.join(ROLES)}")
        keys[key] = role
    return keys


def load_or_generate_keys(data_dir: Path) -> tuple[dict[str, Role], Path]:
    """One key per role, kept in the data dir so a restart keeps working integrations."""
    path = data_dir / "api-keys.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        stored = {role: secrets.token_urlsafe(24) for role in ROLES}
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    return {key: role for role, key in stored.items()}, path  # type: ignore[misc]


def key_identity(role: str, key: str) -> str:
    return f"{role}:{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def authenticate(keys: Mapping[str, Role], header: str | None) -> Principal:
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send Authorization: Bearer <api key>", code="missing_api_key")
    token = token.strip()
    for key, role in keys.items():
        if hmac.compare_digest(key.encode(), token.encode()):
            return Principal(role=role, identity=key_identity(role, key))
    raise Unauthorized("the API key is not valid", code="invalid_api_key")


# Declares the scheme in OpenAPI (Swagger's Authorize button); the check and its errors are authenticate()'s.
BEARER = HTTPBearer(auto_error=False, scheme_name="ApiKey",
                    description="An API key: `Authorization: Bearer <key>`. Roles: integration, host, ops, admin.")


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    async def dependency(  # async: no thread hop per request
        request: Request, _: HTTPAuthorizationCredentials | None = Security(BEARER)
    ) -> Principal:
        principal = authenticate(request.app.state.api_keys, request.headers.get("authorization"))
        if principal.role not in roles:
            raise Forbidden(
                f"the {principal.role} key may not call this route (needs {' or '.join(roles)})",
                code="wrong_role",
            )
        return principal

    dependency.allowed_roles = roles  # type: ignore[attr-defined]  # read by the route-coverage test
    return dependency
