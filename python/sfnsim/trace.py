"""Deprecated: the history reader is ``sfnsim.history_reader`` ("trace" means X-Ray tracing in
Step Functions). This name keeps old imports working, with a DeprecationWarning."""

from __future__ import annotations

import warnings

from .history_reader import *  # noqa: F403
from .history_reader import Trace, details  # noqa: F401

warnings.warn("sfnsim.trace is renamed sfnsim.history_reader", DeprecationWarning, stacklevel=2)
