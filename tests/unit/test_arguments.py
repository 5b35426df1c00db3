"""Shapes of request arguments: what a whitelisted method accepts as a list, a row, a number or a date."""

from datetime import date, datetime

import pytest

from jxc_app.rules import arguments as rules
from jxc_app.rules.arguments import ArgumentRuleError


def _code(function, *args, **kwargs) -> str:
	with pytest.raises(ArgumentRuleError) as caught:
		function(*args, **kwargs)
	return caught.value.code


def test_a_list_is_a_list_or_a_json_array_and_never_empty_unless_allowed():
	assert rules.json_list([{"line": "a"}]) == [{"line": "a"}]
	assert rules.json_list('[{"line": "a"}, 2]') == [{"line": "a"}, 2]
	assert rules.json_list(b"[1]") == [1]
	assert rules.json_list("[]", allow_empty=True) == []
	# the dispatch of a whole order from items="{}" or "[]": refused
	for value in ("{}", {}, '"[1]"', "1", 5, None, '"text"', "null"):
		assert _code(rules.json_list, value) == "not_list", value
	for value in ("[]", [], ()):
		assert _code(rules.json_list, value) == "empty_list", value
	for value in ("not json", "[1,", "", "{'single': 'quotes'}", "[NaN]", "[Infinity]", "[-Infinity]"):
		assert _code(rules.json_list, value) == "not_json", value


def test_an_object_is_a_dict_or_a_json_object():
	assert rules.json_object('{"doctype": "Purchase Order"}') == {"doctype": "Purchase Order"}
	assert rules.json_object({}) == {}
	for value in ("[]", [1], "1", '"x"', None):
		assert _code(rules.json_object, value) == "not_object", value
	assert _code(rules.json_object, "not json") == "not_json"


def test_rows_are_objects_with_finite_numbers():
	rows = rules.rows(
		'[{"line": "a", "qty": "2.5"}, {"line": "b", "qty": 3}, {"line": "c"}]', numbers=["qty"]
	)
	assert rows == [{"line": "a", "qty": 2.5}, {"line": "b", "qty": 3.0}, {"line": "c"}]
	with pytest.raises(ArgumentRuleError) as caught:
		rules.rows([{"qty": 1}, "line"], numbers=["qty"])
	assert (caught.value.code, caught.value.figures) == ("row_not_object", {"row": 2})
	with pytest.raises(ArgumentRuleError) as caught:
		rules.rows([{"qty": 1}, {"qty": "abc"}], numbers=["qty"])
	assert caught.value.code == "not_number"
	assert caught.value.figures == {"row": 2, "key": "qty", "value": "abc"}
	assert _code(rules.rows, [{"qty": "nan"}], numbers=["qty"]) == "not_number"
	assert _code(rules.rows, [{"qty": 1e30}], numbers=["qty"]) == "too_large"
	assert _code(rules.rows, [{"qty": -1}], numbers=["qty"], minimum=0) == "below_minimum"
	with pytest.raises(ArgumentRuleError) as caught:
		rules.rows([{"line": "a"}, {"line": {"name": "a"}}], texts=["line"])
	assert (caught.value.code, caught.value.figures["row"], caught.value.figures["key"]) == (
		"not_text",
		2,
		"line",
	)
	assert rules.rows([{"line": "a", "reason": None}], texts=["line", "reason"]) == [
		{"line": "a", "reason": None}
	]
	assert _code(rules.rows, "{}") == "not_list"
	assert _code(rules.rows, []) == "empty_list"


@pytest.mark.parametrize(
	("value", "expected"),
	[(3, 3.0), ("3", 3.0), (" -2.5 ", -2.5), (0, 0.0), ("1e3", 1000.0), (999_999_999_999, 999_999_999_999)],
)
def test_numbers(value, expected):
	assert rules.to_number(value) == expected


@pytest.mark.parametrize(
	("value", "code"),
	[
		("abc", "not_number"),
		("", "not_number"),
		(None, "not_number"),
		(True, "not_number"),
		([1], "not_number"),
		({"qty": 1}, "not_number"),
		("nan", "not_number"),
		(float("inf"), "not_number"),
		("-Infinity", "not_number"),
		(1e12, "too_large"),
		("-1e30", "too_large"),
	],
)
def test_what_is_not_a_number(value, code):
	assert _code(rules.to_number, value) == code


def test_integers_and_minimums():
	assert rules.to_number("7", integer=True) == 7 and isinstance(rules.to_number("7", integer=True), int)
	assert _code(rules.to_number, "7.5", integer=True) == "not_number"
	assert rules.to_number(0, minimum=0) == 0
	with pytest.raises(ArgumentRuleError) as caught:
		rules.to_number(-1, minimum=0)
	assert caught.value.code == "below_minimum" and caught.value.figures["minimum"] == 0


def test_dates():
	assert rules.to_date("2025-03-01") == date(2025, 3, 1)
	assert rules.to_date(" 2025-03-01 10:30:00 ") == date(2025, 3, 1)
	assert rules.to_date(datetime(2025, 3, 1, 8)) == date(2025, 3, 1)
	assert rules.to_date(date(2025, 3, 1)) == date(2025, 3, 1)
	for value in ("garbage", "2025-13-45", "2025-02-30", "", None, 20250301, ["2025-03-01"]):
		assert _code(rules.to_date, value) == "not_a_date", value


def test_flags_text_and_choices():
	assert [rules.to_flag(value) for value in (1, "1", True, "true", 0, "0", "", None, False)] == [
		True,
		True,
		True,
		True,
		False,
		False,
		False,
		False,
		False,
	]
	for value in ("maybe", 2, [1]):
		assert _code(rules.to_flag, value) == "not_a_flag", value
	assert rules.to_text("仓库") == "仓库" and rules.to_text(12) == "12"
	for value in (["a"], {"a": 1}, None, True):
		assert _code(rules.to_text, value) == "not_text", value
	assert rules.to_text_list("总仓") == ["总仓"]
	assert rules.to_text_list(["总仓", "门店"]) == ["总仓", "门店"]
	assert rules.to_text_list('["总仓"]') == ["总仓"]
	assert _code(rules.to_text_list, [{"a": 1}]) == "not_text"
	assert _code(rules.to_text_list, "[not json") == "not_json"
	assert rules.to_choice("Supplier", ("", "Supplier")) == "Supplier"
	for value in ("supplier", None, ["Supplier"]):
		assert _code(rules.to_choice, value, ("", "Supplier")) == "not_a_choice", value
