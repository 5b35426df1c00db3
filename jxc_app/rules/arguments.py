"""Shapes of request arguments (pure): JSON lists and objects, rows of a list, numbers and dates.

Whitelisted methods get their arguments as strings from a form, or as JSON values from a JSON body.
These functions turn either into the value the method works with, or refuse it with an
``ArgumentRuleError`` whose ``code`` says what is wrong; ``jxc_app.utils.arguments`` turns that into
a translated message. An empty or malformed list is refused, never read as "everything".
"""

import json
import math
from collections.abc import Iterable
from datetime import date, datetime

# Frappe's Float and Currency columns are decimal(21, 9): 12 digits before the point
MAX_ABS_NUMBER = 1e12


class ArgumentRuleError(ValueError):
	"""``code``: not_json, not_list, empty_list, not_object, row_not_object, not_number, too_large,
	below_minimum, not_a_date, not_a_flag, not_text, not_a_choice."""

	def __init__(self, code: str, **figures):
		super().__init__(code, figures)
		self.code = code
		self.figures = figures


def _no_constant(constant: str):
	# json.loads reads NaN, Infinity and -Infinity, which are not JSON
	raise ArgumentRuleError("not_json")


def json_value(value):
	"""A JSON string decoded; any other value as it is."""
	if isinstance(value, bytes):
		value = value.decode("utf-8", errors="replace")
	if not isinstance(value, str):
		return value
	try:
		return json.loads(value, parse_constant=_no_constant)
	except ValueError as error:
		if isinstance(error, ArgumentRuleError):
			raise
		raise ArgumentRuleError("not_json") from None


def json_list(value, *, allow_empty: bool = False) -> list:
	"""A list, given as one or as a JSON array. Empty only when ``allow_empty``."""
	value = json_value(value)
	if not isinstance(value, list | tuple):
		raise ArgumentRuleError("not_list")
	if not value and not allow_empty:
		raise ArgumentRuleError("empty_list")
	return list(value)


def json_object(value) -> dict:
	"""A dict, given as one or as a JSON object."""
	value = json_value(value)
	if not isinstance(value, dict):
		raise ArgumentRuleError("not_object")
	return value


def rows(
	value, *, numbers: Iterable[str] = (), texts: Iterable[str] = (), minimum: float | None = None
) -> list[dict]:
	"""A non-empty list of objects; where given, the ``numbers`` keys become finite numbers (at
	least ``minimum``) and the ``texts`` keys must be text. Errors carry the row's number (from 1)
	and the key."""
	result = []
	for number, row in enumerate(json_list(value), start=1):
		if not isinstance(row, dict):
			raise ArgumentRuleError("row_not_object", row=number)
		row = dict(row)
		for keys, convert in ((numbers, lambda v: to_number(v, minimum=minimum)), (texts, to_text)):
			for key in keys:
				if row.get(key) in (None, ""):
					continue
				try:
					row[key] = convert(row[key])
				except ArgumentRuleError as error:
					raise ArgumentRuleError(error.code, row=number, key=key, **error.figures) from None
		result.append(row)
	return result


def to_number(value, *, minimum: float | None = None, integer: bool = False) -> float | int:
	"""A finite number below ``MAX_ABS_NUMBER`` in size, given as one or as a numeric string."""
	if isinstance(value, bool) or not isinstance(value, int | float | str):
		raise ArgumentRuleError("not_number", value=value)
	if isinstance(value, str):
		try:
			number = float(value.strip())
		except ValueError:
			raise ArgumentRuleError("not_number", value=value) from None
	else:
		number = float(value)
	if not math.isfinite(number):
		raise ArgumentRuleError("not_number", value=value)
	if abs(number) >= MAX_ABS_NUMBER:
		raise ArgumentRuleError("too_large", value=value)
	if integer:
		if number != int(number):
			raise ArgumentRuleError("not_number", value=value)
		number = int(number)
	if minimum is not None and number < minimum:
		raise ArgumentRuleError("below_minimum", value=value, minimum=minimum)
	return number


def to_date(value) -> date:
	"""A date, given as one or as an ISO string (YYYY-MM-DD, optionally with a time)."""
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, str):
		text = value.strip()
		for parse in (date.fromisoformat, lambda text: datetime.fromisoformat(text).date()):
			try:
				return parse(text)
			except ValueError:
				continue
	raise ArgumentRuleError("not_a_date", value=value)


def to_flag(value) -> bool:
	"""A check box: true/false, 1/0 (as numbers or strings), or empty for false."""
	if value in (None, "", 0, "0", False, "false", "False"):
		return False
	if value in (1, "1", True, "true", "True"):
		return True
	raise ArgumentRuleError("not_a_flag", value=value)


def to_text(value) -> str:
	"""A single name or word: a string (numbers are read as their text)."""
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		raise ArgumentRuleError("not_text", value=value)
	return str(value)


def to_text_list(value) -> list[str]:
	"""One name or several (a multi-select filter): a string, a list of strings, or a JSON array."""
	if isinstance(value, str) and value.strip().startswith("["):
		value = json_list(value, allow_empty=True)
	if isinstance(value, list | tuple):
		return [to_text(item) for item in value]
	return [to_text(value)]


def to_choice(value, choices: Iterable[str]) -> str:
	choices = tuple(choices)
	if not isinstance(value, str) or value not in choices:
		raise ArgumentRuleError("not_a_choice", value=value, choices=choices)
	return value
