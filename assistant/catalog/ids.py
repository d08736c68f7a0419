"""The one shape of an id (SKU, product, stream, order, hold, shipment, warehouse, target ...), in request bodies,
paths and queries alike, so a bad id is a 422 naming the field wherever it is sent, never a 404 or a stored key.

Letters, digits, '_', '-' and '.', 1-64 characters, not only dots ('.' and '..' mean directories in paths). Rust's
regex (pydantic's) has no look-ahead, so the pattern reads: any leading dots, one other character, then any; the
length is its own constraint, so the pattern in the OpenAPI document stays short.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

ID_PATTERN = r"^\.*[A-Za-z0-9_-][A-Za-z0-9_.-]*$"
ID_MAX_LENGTH = 64
ID_RULE = "1-64 letters, digits, '_', '-' or '.', not only dots"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=ID_MAX_LENGTH)]
