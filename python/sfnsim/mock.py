"""Deprecated: ``mock_aws`` and ``patch_client`` live in ``sfnsim.boto3_routing`` (``sfnsim.mocks``
holds the Task mocks); import them from ``sfnsim``. This name keeps old imports working, with a
DeprecationWarning."""

from __future__ import annotations

import warnings

from .boto3_routing import *  # noqa: F403
from .boto3_routing import mock_aws, patch_client  # noqa: F401

warnings.warn(
    "sfnsim.mock is renamed sfnsim.boto3_routing; import mock_aws from sfnsim",
    DeprecationWarning,
    stacklevel=2,
)
