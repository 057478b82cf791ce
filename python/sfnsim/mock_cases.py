"""Test cases of ``sfnsim.Mocks``: ``mocks={"happy": happy, "declined": declined}``.

What a MockConfigFile's ``TestCases`` are to Step Functions Local, with Python mocks: a client
(or ``mock_aws``) runs an execution started on ``<stateMachineArn>#<case>`` with that case's
mocks, so one client tests several scenarios of one state machine side by side;
``sfnsim.run(..., test_case="happy")`` picks one for a one-off run. Each case's ``Mocks``
records its own calls.

>>> import sfnsim
>>> happy, declined = sfnsim.Mocks(), sfnsim.Mocks()
>>> _ = happy.state("Charge").returns({"ok": True})
>>> _ = declined.state("Charge").raises("PaymentDeclined")
>>> cases = MockCases({"happy": happy, "declined": declined})
>>> cases.mocks("OrderMachine", "declined") is declined
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Union

from .mock_config import MockConfig, MockConfigError
from .mocks import Mocks


class MockCases:
    """Named ``Mocks``, selected per execution like a MockConfigFile's test cases."""

    def __init__(self, cases: Mapping[str, Mocks]) -> None:
        if not cases:
            raise TypeError("mocks= as a mapping needs at least one test case: {name: Mocks}")
        for name, mocks in cases.items():
            if not isinstance(name, str) or not name or "#" in name:
                raise TypeError(f"a test case name is a non-empty string without '#': {name!r}")
            if not isinstance(mocks, Mocks):
                raise TypeError(
                    f"test case {name!r}: expected sfnsim.Mocks, not {type(mocks).__name__}"
                )
        self.cases = dict(cases)

    def __repr__(self) -> str:
        return f"<MockCases: {', '.join(self.cases)}>"

    def mocks(self, state_machine_name: str, test_case: str) -> Mocks:
        """The mocks of ``test_case`` (the same for every state machine)."""
        found = self.cases.get(test_case)
        if found is None:
            known = ", ".join(sorted(self.cases))
            raise MockConfigError(
                f"mocks= has no test case '{test_case}' (it has: {known}); "
                f"state machine '{state_machine_name}'"
            )
        return found


# Test cases of either kind: both answer .mocks(state_machine_name, test_case).
Cases = Union[MockConfig, MockCases]


def split_mocks(mocks: Any) -> tuple[Mocks | None, Cases | None]:
    """What ``mocks=`` holds: one ``Mocks`` for every execution, or test cases picked per
    execution (a MockConfigFile, ``{name: Mocks}``); neither for None. Anything else is a
    TypeError naming what ``mocks=`` takes."""
    if mocks is None or isinstance(mocks, Mocks):
        return mocks, None
    if isinstance(mocks, MockConfig):
        return None, mocks
    if isinstance(mocks, Mapping):
        return None, MockCases(mocks)
    raise TypeError(
        "mocks= takes sfnsim.Mocks, {test case name: Mocks} or "
        f"sfnsim.load_mock_config(...), not {type(mocks).__name__}"
    )


def test_case_labels(cases: Cases, state_machine_name: str, test_case: str) -> tuple[str, str]:
    """How the mocks of one test case are named in messages: what they are (``where``) and
    how one state's entry is written (``state_entry``, a format with the state's name)."""
    if isinstance(cases, MockConfig):
        path = f"StateMachines.{state_machine_name}.TestCases.{test_case}"
        return f" of test case '{test_case}'", path + ".{}"
    return f" of test case '{test_case}'", "mocks.state({!r})"
