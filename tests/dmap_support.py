"""The Distributed Map definition the ItemReader/ResultWriter tests wrap their fields in."""

from __future__ import annotations

from typing import Any


def distributed_map(processor: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A machine of one Distributed Map state, ``Files``, with ``fields`` (ItemReader,
    ResultWriter, ...) and ``processor``'s states (a Pass by default) for each item."""
    return {
        "StartAt": "Files",
        "States": {
            "Files": {
                "Type": "Map",
                **fields,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Each",
                    "States": processor or {"Each": {"Type": "Pass", "End": True}},
                },
                "End": True,
            }
        },
    }
