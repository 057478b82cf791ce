"""sfnsim.jsonata: the C++ JSONata engine as Python users call it."""

from __future__ import annotations

import threading

import pytest
import sfnsim
from sfnsim import jsonata


def test_compile_once_evaluate_many() -> None:
    expr = jsonata.compile("$sum(items.price)")
    assert expr.source == "$sum(items.price)"
    assert expr.evaluate({"items": [{"price": 2}, {"price": 3.5}]}) == 5.5
    # items.price selects nothing, and $sum of nothing is undefined, as in jsonata-js.
    assert expr.evaluate({"items": []}) is jsonata.UNDEFINED
    assert expr.evaluate({"items": [{"price": 0}]}) == 0


def test_undefined_is_not_none_and_no_input_is_not_null() -> None:
    assert jsonata.compile("missing").evaluate({}) is jsonata.UNDEFINED
    assert jsonata.compile("$").evaluate() is jsonata.UNDEFINED
    assert jsonata.compile("$").evaluate(None) is None
    assert jsonata.compile("null").evaluate() is None
    assert repr(jsonata.UNDEFINED) == "UNDEFINED" and not jsonata.UNDEFINED


def test_bindings_are_variables() -> None:
    assert jsonata.evaluate("$a + $b.c", {}, {"a": 1, "b": {"c": 2}}) == 3
    assert jsonata.evaluate("$x", bindings={"x": [1, "two", None]}) == [1, "two", None]


def test_results_keep_types_and_order() -> None:
    value = jsonata.evaluate('{"z": 1, "a": [true, 1.5, "s"], "n": null}')
    assert value == {"z": 1, "a": [True, 1.5, "s"], "n": None}
    assert list(value) == ["z", "a", "n"]
    assert isinstance(jsonata.evaluate("1 + 1"), int)


def test_syntax_error_carries_code_position_token() -> None:
    with pytest.raises(sfnsim.JSONataError) as info:
        jsonata.compile("foo(")
    err = info.value
    assert err.code.startswith("S0")
    assert err.position >= 0
    assert str(err).startswith(err.code + ": ")


def test_evaluation_error_codes_as_jsonata_js() -> None:
    with pytest.raises(jsonata.JSONataError) as info:
        jsonata.evaluate('"a" + 1')
    assert info.value.code == "T2001"
    assert isinstance(info.value, sfnsim.SfnSimError)


def test_aws_dialect_by_default() -> None:
    assert jsonata.evaluate("$partition([1, 2, 3], 2)") == [[1, 2], [3]]
    assert jsonata.evaluate("$range(0, 10, 5)") == [0, 5, 10]  # AWS's end is inclusive
    assert jsonata.evaluate('$parse("{\\"a\\": 1}")') == {"a": 1}
    with pytest.raises(jsonata.JSONataError):
        jsonata.evaluate('$eval("1 + 1")')
    assert jsonata.evaluate('$eval("1 + 1")', aws=False) == 2


def test_function_results_are_not_json() -> None:
    result = jsonata.evaluate("function($x) { $x }")
    assert result is not jsonata.UNDEFINED and result is not None
    assert "function" in repr(result)


def test_values_json_cannot_hold_are_refused() -> None:
    with pytest.raises(ValueError):
        jsonata.evaluate("$", {1, 2})
    with pytest.raises((TypeError, ValueError)):
        jsonata.evaluate("$x", {}, {"x": object()})


def test_one_expression_shared_by_threads() -> None:
    expr = jsonata.compile("$count($filter(xs, function($v) { $v % 2 = 0 }))")
    results: list[int] = []

    def work() -> None:
        for n in range(200):
            results.append(expr.evaluate({"xs": list(range(n))}))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted([(n + 1) // 2 for n in range(200)] * 4)


def test_a_document_is_converted_once_for_many_evaluations() -> None:
    data = jsonata.document({"orders": [{"id": i, "price": i % 40} for i in range(100)]})
    assert jsonata.evaluate("$count(orders[price > 30])", data) == 18
    assert jsonata.evaluate("$max(orders.price)", data) == 39
    assert jsonata.evaluate("$d.orders[0].id", bindings={"d": data}) == 0
