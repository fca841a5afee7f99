"""The refusals of the accepting path, shared by acceptance, consent and undo.

Kept apart from :mod:`.acceptance` so that :mod:`.consent`, which acceptance calls, can refuse
without importing acceptance back.
"""

from __future__ import annotations

from typing import Any


class AcceptanceError(Exception):
    """A refusal the API reports as ``{"detail": ..., "code": ...}`` with ``status``."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extra = status, code, detail, extra

    def as_dict(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code, **self.extra}
