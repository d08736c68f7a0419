"""The base of every typed result the domain hands back (a comment result, a card, a ledger answer).

One definition per result, in the package that produces it; the API's response models are these same classes,
so the OpenAPI schema is derived from them. Extra fields pass through: the contract adds fields freely and never
renames or removes one.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ResultModel(BaseModel):
    """A result: extra fields allowed, assignments validated (a reason set later is checked like one built)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)
