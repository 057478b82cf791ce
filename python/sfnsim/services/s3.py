"""An in-memory S3 (``aws-sdk:s3:*`` only: S3 has no optimised integration for objects)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ._common import Call, Ids, Reply, compact, crc32, failed, md5, succeeded, text_of, v2_cause
from .item_formats import ReaderFormatError, reader_text


@dataclass
class Object:
    data: bytes  # the object's bytes (text objects: their UTF-8)
    etag: str  # with its quotes, as S3 gives it
    content_type: str
    last_modified: str
    metadata: dict[str, str]

    @property
    def body(self) -> str:
        return self.data.decode("utf-8", "replace")

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def checksum(self) -> str:
        return base64.b64encode(crc32(self.data).to_bytes(4, "big")).decode()


MAP_ACTIONS = ("getObject", "listObjectsV2", "putObject")


class S3:
    """Buckets by name, objects by key; ``getObject``, ``putObject``, ``deleteObject``,
    ``headObject``, ``listObjects`` and ``listObjectsV2``."""

    def __init__(self) -> None:
        self.buckets: dict[str, dict[str, Object]] = {}
        self._ids = Ids("s3")

    def create_bucket(self, name: str) -> None:
        self.buckets.setdefault(name, {})

    def put_object(self, bucket: str, key: str, body: Any, content_type: str = "") -> None:
        """Stores ``body`` (bytes as they are, text as UTF-8; anything else as its JSON text),
        creating the bucket."""
        self.create_bucket(bucket)
        self.buckets[bucket][key] = _object(body, content_type, 0)

    def get_object(self, bucket: str, key: str) -> str:
        """The object's body text (KeyError when there is none)."""
        return self.buckets[bucket][key].body

    def get_object_bytes(self, bucket: str, key: str) -> bytes:
        """The object's bytes (KeyError when there is none)."""
        return self.buckets[bucket][key].data

    @property
    def objects(self) -> dict[str, dict[str, str]]:
        """Every bucket's objects as ``{bucket: {key: body}}``."""
        return {b: {k: o.body for k, o in objs.items()} for b, objs in self.buckets.items()}

    # -- the task side ------------------------------------------------------------------------

    def handle(self, call: Call) -> Reply | None:
        # Tasks reach S3 through aws-sdk:s3:*; the optimised arn:aws:states:::s3:* resources are
        # the Distributed Map's ItemReader (getObject, listObjectsV2) and ResultWriter (putObject).
        if not call.sdk and call.action not in MAP_ACTIONS:
            return None
        operations = {
            "getObject": self._get,
            "headObject": self._head,
            "putObject": self._put,
            "deleteObject": self._delete,
            "listObjectsV2": self._list_v2,
            "listObjects": self._list,
        }
        op = operations.get(call.action)
        if op is None:
            return None
        params = call.parameters if isinstance(call.parameters, dict) else {}
        try:
            return succeeded(op(call, params))
        except ReaderFormatError as exc:
            return failed(exc.error, exc.cause)
        except _S3Error as exc:
            request_id = self._ids.request_id(call).replace("-", "")[:16].upper()
            extended = base64.b64encode(md5(request_id).encode()).decode()
            return failed(
                f"S3.{exc.code}Exception",
                v2_cause(exc.message, "S3", exc.status, request_id, extended),
            )

    def _bucket(self, p: dict[str, Any]) -> dict[str, Object]:
        name = p.get("Bucket")
        bucket = self.buckets.get(str(name)) if name is not None else None
        if bucket is None:
            raise _S3Error("NoSuchBucket", "The specified bucket does not exist", 404)
        return bucket

    def _found(self, p: dict[str, Any]) -> Object:
        found = self._bucket(p).get(str(p.get("Key")))
        if found is None:
            raise _S3Error("NoSuchKey", "The specified key does not exist.", 404)
        return found

    def _get(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        obj = self._found(p)
        out = self._head(call, p)
        # An ItemReader's read: the text the engine reads for the object (item_formats.py).
        body = reader_text(obj.data, call.reader_format) if call.reader_format else obj.body
        return {"AcceptRanges": "bytes", "Body": body, **out}

    def _head(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        obj = self._found(p)
        return {
            "ContentLength": obj.size,
            "ContentType": obj.content_type,
            "ETag": obj.etag,
            "LastModified": obj.last_modified,
            "Metadata": dict(obj.metadata),
            "ServerSideEncryption": "AES256",
        }

    def _put(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        bucket = self._bucket(p)
        if not p.get("Key"):
            raise _S3Error("InvalidRequest", "A key must be specified", 400)
        # The recordings: Step Functions sends Body as JSON text, a string with its quotes
        # ("text data" is stored as "\"text data\"", its ETag the MD5 of that). A ResultWriter's
        # files are the text it writes.
        body = compact(p.get("Body", "")) if call.sdk else text_of(p.get("Body", ""))
        obj = _object(body, str(p.get("ContentType") or ""), call.now_ms)
        metadata = p.get("Metadata")
        if isinstance(metadata, dict):
            obj.metadata = {str(k): str(v) for k, v in metadata.items()}
        bucket[str(p["Key"])] = obj
        # The recorded putObject result (AWS now checksums every upload with CRC32).
        return {
            "ChecksumCRC32": obj.checksum,
            "ChecksumType": "FULL_OBJECT",
            "ETag": obj.etag,
            "ServerSideEncryption": "AES256",
        }

    def _delete(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        self._bucket(p).pop(str(p.get("Key")), None)
        return {}

    def _contents(self, p: dict[str, Any]) -> tuple[list[dict[str, Any]], bool, str]:
        bucket = self._bucket(p)
        prefix = str(p.get("Prefix") or "")
        max_keys = p.get("MaxKeys", 1000)
        max_keys = max_keys if isinstance(max_keys, int) and max_keys >= 0 else 1000
        after = str(p.get("StartAfter") or p.get("ContinuationToken") or p.get("Marker") or "")
        keys = sorted(k for k in bucket if k.startswith(prefix) and k > after)
        page = keys[:max_keys]
        contents = [
            {
                "ChecksumAlgorithm": ["CRC32"],
                "ChecksumType": "FULL_OBJECT",
                "ETag": bucket[k].etag,
                "Key": k,
                "LastModified": bucket[k].last_modified,
                "Size": bucket[k].size,
                "StorageClass": "STANDARD",
            }
            for k in page
        ]
        return contents, len(keys) > len(page), page[-1] if page else ""

    def _list_v2(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        contents, truncated, last = self._contents(p)
        out: dict[str, Any] = {}
        if contents:
            out["Contents"] = contents
        out.update(
            {
                "IsTruncated": truncated,
                "KeyCount": len(contents),
                "MaxKeys": p.get("MaxKeys", 1000),
                "Name": p.get("Bucket"),
                "Prefix": p.get("Prefix", ""),
            }
        )
        if truncated:
            out["NextContinuationToken"] = last
        return out

    def _list(self, call: Call, p: dict[str, Any]) -> dict[str, Any]:
        contents, truncated, _ = self._contents(p)
        out: dict[str, Any] = {}
        if contents:
            out["Contents"] = contents
        out.update(
            {
                "IsTruncated": truncated,
                "Marker": p.get("Marker", ""),
                "MaxKeys": p.get("MaxKeys", 1000),
                "Name": p.get("Bucket"),
                "Prefix": p.get("Prefix", ""),
            }
        )
        return out


class _S3Error(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _object(body: Any, content_type: str, now_ms: int) -> Object:
    modified = datetime.fromtimestamp(now_ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    data = bytes(body) if isinstance(body, (bytes, bytearray)) else text_of(body).encode()
    return Object(
        data=data,
        etag=f'"{md5(data)}"',
        content_type=content_type or "binary/octet-stream",
        last_modified=modified,
        metadata={},
    )
