"""Arguments of whitelisted methods and report filters: a clear 4xx for whatever is missing or
malformed, before anything is read or written.

- ``@require_arguments`` under ``@frappe.whitelist(...)``: a required parameter that is missing,
  null or empty is refused (Frappe would call the function anyway and answer a ``TypeError`` with
  HTTP 500). ``functools.wraps`` keeps the signature and annotations, so Frappe still matches the
  form's keys to the parameters and checks their types.
- ``parse_*``: JSON lists, rows, objects, numbers, dates and choices (shapes from
  ``jxc_app.rules.arguments``); ``check_doctype`` / ``check_exists``: names that must exist.
- ``report_filters``: a Script Report's filters, each value of the kind the filter declares.

Every refusal is an ``InvalidArgumentError`` (HTTP 417) or ``frappe.DoesNotExistError`` (404).
"""

import functools
import inspect
from collections.abc import Iterable, Mapping

import frappe
from frappe import _
from frappe.desk import query_report
from frappe.model.document import Document
from frappe.utils import escape_html

from jxc_app.rules import arguments as argument_rules


class InvalidArgumentError(frappe.ValidationError):
	pass


def _title() -> str:
	return _("Invalid Argument")


def require_arguments(fn):
	"""Refuse a call that lacks a required parameter (no default) or gives it as null or ""."""
	signature = inspect.signature(fn)
	required = [
		name
		for name, parameter in signature.parameters.items()
		if parameter.default is inspect.Parameter.empty
		and parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
		and name != "self"
	]

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		try:
			given = signature.bind_partial(*args, **kwargs).arguments
		except TypeError:
			return fn(*args, **kwargs)  # a wrong call from Python: Python's own error
		missing = [name for name in required if given.get(name) in (None, "")]
		if missing:
			frappe.throw(
				_("Missing argument: {0}.").format(", ".join(missing)),
				title=_title(),
				exc=InvalidArgumentError,
			)
		return fn(*args, **kwargs)

	return wrapper


def _shown(value) -> str:
	"""A value as it may appear in a message: short, and never markup."""
	text = value if isinstance(value, str) else repr(value)
	return escape_html(text if len(text) <= 40 else text[:37] + "...")


def _refuse(error: argument_rules.ArgumentRuleError, argument: str):
	figures = error.figures
	if "row" in figures:
		argument = _("{0}, row {1}").format(argument, figures["row"])
		if figures.get("key"):
			argument = f"{argument}: {figures['key']}"
	value = _shown(figures.get("value"))
	message = {
		"not_json": lambda: _("{0} is not valid JSON.").format(argument),
		"not_list": lambda: _("{0} must be a list.").format(argument),
		"empty_list": lambda: _("{0} is empty: give at least one row.").format(argument),
		"not_object": lambda: _("{0} must be an object.").format(argument),
		"row_not_object": lambda: _("{0}: each row must be an object.").format(argument),
		"not_number": lambda: _("{0} must be a number, not {1}.").format(argument, value),
		"too_large": lambda: _("{0} is too large: {1}.").format(argument, value),
		"below_minimum": lambda: _("{0} must be at least {1}, not {2}.").format(
			argument, figures.get("minimum"), value
		),
		"not_a_date": lambda: _("{0} must be a date (YYYY-MM-DD), not {1}.").format(argument, value),
		"not_a_flag": lambda: _("{0} must be 0 or 1, not {1}.").format(argument, value),
		"not_text": lambda: _("{0} must be text, not {1}.").format(argument, value),
		"not_a_choice": lambda: _("{0} must be one of {1}, not {2}.").format(
			argument, ", ".join(_shown(choice) or '""' for choice in figures.get("choices", ())), value
		),
	}[error.code]()
	frappe.throw(message, title=_title(), exc=InvalidArgumentError)


def _parsed(parse, value, argument: str, **options):
	try:
		return parse(value, **options)
	except argument_rules.ArgumentRuleError as error:
		_refuse(error, argument)


def parse_list(value, argument: str, *, allow_empty: bool = False) -> list:
	"""A list (or JSON array); an empty one is refused unless ``allow_empty``."""
	return _parsed(argument_rules.json_list, value, argument, allow_empty=allow_empty)


def parse_rows(
	value,
	argument: str,
	*,
	numbers: Iterable[str] = (),
	texts: Iterable[str] = (),
	minimum: float | None = None,
) -> list[frappe._dict]:
	"""A non-empty list of objects; where given, the ``numbers`` keys are finite numbers and the
	``texts`` keys are text."""
	rows = _parsed(argument_rules.rows, value, argument, numbers=numbers, texts=texts, minimum=minimum)
	return [frappe._dict(row) for row in rows]


def parse_dict(value, argument: str) -> dict:
	return _parsed(argument_rules.json_object, value, argument)


def parse_number(value, argument: str, *, minimum: float | None = None, integer: bool = False):
	return _parsed(argument_rules.to_number, value, argument, minimum=minimum, integer=integer)


def parse_date(value, argument: str) -> str | None:
	"""An optional date as an ISO string (None when not given)."""
	if value in (None, ""):
		return None
	return _parsed(argument_rules.to_date, value, argument).isoformat()


def parse_choice(value, argument: str, choices: Iterable[str]) -> str:
	return _parsed(argument_rules.to_choice, value, argument, choices=choices)


def check_doctype(doctype) -> str:
	"""A DocType that exists, as it is spelled (``frappe.get_doc`` of an unknown one raises
	ImportError: HTTP 500)."""
	name = isinstance(doctype, str) and doctype and frappe.db.exists("DocType", doctype)
	if not name:
		frappe.throw(
			_("DocType {0} not found.").format(_shown(doctype)),
			title=_title(),
			exc=frappe.DoesNotExistError,
		)
	return name


def check_exists(doctype: str, name, argument: str | None = None) -> str:
	"""A record that exists, named by a string."""
	if not isinstance(name, str) or not name or not frappe.db.exists(doctype, name):
		frappe.throw(
			_("{0} {1} not found.").format(_(doctype), _shown(name)),
			title=_title(),
			exc=frappe.DoesNotExistError,
		)
	return name


def check_target_doc(target_doc, doctype: str):
	"""A mapper's ``target_doc`` (the document being filled): none, or a ``doctype`` document
	(a Document, a dict or its JSON)."""
	if not target_doc or isinstance(target_doc, Document):
		if target_doc and target_doc.doctype != doctype:
			_wrong_target(doctype)
		return target_doc
	values = parse_dict(target_doc, "target_doc")
	if values.get("doctype") != doctype:
		_wrong_target(doctype)
	return target_doc


def _wrong_target(doctype: str):
	frappe.throw(_("target_doc must be a {0}.").format(_(doctype)), title=_title(), exc=InvalidArgumentError)


def report_filters(
	filters,
	*,
	text: Iterable[str] = (),
	text_lists: Iterable[str] = (),
	dates: Iterable[str] = (),
	integers: Iterable[str] = (),
	flags: Iterable[str] = (),
	choices: Mapping[str, Iterable[str]] | None = None,
) -> frappe._dict:
	"""A Script Report's filters with each declared one of its kind: ``text`` (Link, Data),
	``text_lists`` (MultiSelectList), ``dates``, ``integers`` (at least 0), ``flags`` (Check) and
	``choices`` (Select). Values not given are left out; filters not declared pass as they are."""
	if filters in (None, ""):
		filters = {}
	filters = parse_dict(filters, "filters")
	result = frappe._dict(filters)

	def given(key):
		if filters.get(key) in (None, "", []):
			result.pop(key, None)
			return False
		return True

	for key in text:
		if given(key):
			result[key] = _parsed(argument_rules.to_text, filters[key], key)
	for key in text_lists:
		if given(key):
			result[key] = _parsed(argument_rules.to_text_list, filters[key], key)
	for key in dates:
		if given(key):
			result[key] = parse_date(filters[key], key)
	for key in integers:
		if given(key):
			result[key] = parse_number(filters[key], key, minimum=0, integer=True)
	for key in flags:
		if key in filters:
			result[key] = int(_parsed(argument_rules.to_flag, filters[key], key))
	for key, allowed in (choices or {}).items():
		if given(key):
			result[key] = parse_choice(filters[key], key, allowed)
	return result


@frappe.whitelist()
@require_arguments
def run_report(report_name: str, filters=None, **kwargs):
	"""``frappe.desk.query_report.run`` (hooks: override_whitelisted_methods), our reports' filters
	checked first: Frappe decodes them before any report code runs, and answers filters that are not
	a JSON object with a 500. Other apps' reports go to Frappe unchanged; the other arguments are
	Frappe's (they differ between majors)."""
	if filters not in (None, "") and _is_our_report(report_name):
		filters = parse_dict(filters, "filters")
	return frappe.call(query_report.run, report_name=report_name, filters=filters, **kwargs)


def _is_our_report(report_name: str) -> bool:
	module = frappe.db.get_value("Report", report_name, "module")
	return bool(module) and module in frappe.get_module_list("jxc_app")
