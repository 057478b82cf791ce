"""What a Distributed Map's ItemReader gets for an object it fetches with ``s3:getObject``.

The engine (C++) reads CSV, JSON, JSON Lines and S3 inventory manifests itself
(``cpp/engine/item_reader.cpp``, rules in ``docs/semantics/distributed-map.md``). Two things it
cannot read are binary: Parquet files (D9) and gzip-compressed S3 inventory data files (D10).
The engine says how it will read each object (the request's ``reader_format``), and whichever
Python layer answers the request (the S3 fake, pass-through) turns the object's bytes into the
text the engine reads, here and nowhere else: Parquet rows become JSON Lines, gzip is undone.
"""

from __future__ import annotations

import gzip
import json
import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

MISSING_EXTRA = "sfnsim.MissingExtra"
PARQUET_EXTRA_CAUSE = (
    "Reading ItemReader InputType PARQUET needs pyarrow: pip install 'sfnsim[parquet]'"
)
_GZIP_MAGIC = b"\x1f\x8b"


class ReaderFormatError(Exception):
    """The object cannot be turned into the text the reader reads: ``error`` and ``cause`` are
    the task failure."""

    def __init__(self, error: str, cause: str) -> None:
        super().__init__(cause)
        self.error = error
        self.cause = cause


def reader_text(data: bytes, reader_format: str) -> str:
    """The text the engine's reader reads for an object's bytes, read as ``reader_format``."""
    if reader_format == "PARQUET":
        return parquet_json_lines(data)
    if reader_format == "S3_INVENTORY_CSV" and data[:2] == _GZIP_MAGIC:
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def parquet_json_lines(data: bytes) -> str:
    """A Parquet file's rows as JSON Lines: one object per row, columns in the file's order."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ReaderFormatError(MISSING_EXTRA, PARQUET_EXTRA_CAUSE) from None
    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a bad file
        raise ReaderFormatError(
            "States.ItemReaderFailed", f"The object is not a Parquet file: {exc}"
        ) from None
    lines = []
    for batch in table.to_batches():
        for row in batch.to_pylist():
            lines.append(json.dumps(_json_value(row), separators=(",", ":"), ensure_ascii=False))
    return "\n".join(lines)


def _json_value(value: Any) -> Any:
    """A Parquet value as JSON (docs/semantics/distributed-map.md D9): numbers, strings,
    booleans and null as they are; lists and structs as arrays and objects; dates and times as
    ISO-8601 text; decimals as numbers; bytes as UTF-8 text; NaN and infinities as null."""
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return value
