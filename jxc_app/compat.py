"""What differs between Frappe/ERPNext v15 and v16, bridged in one place.

jxc_app runs on both majors (``frappe >=15,<17``, ``erpnext >=15,<17``). Every check of which major
is running lives here; the rest of the app calls these functions and does not ask.

- Test mode: v16 reads the module-level ``frappe.in_test`` (``frappe.flags.in_test`` is kept only as
  a deprecated mirror, and request threads copy it from the module); v15 has only the flag.
- Serial and batch numbers: v16's Stock Settings has "Enable Serial and Batch No for Item", off on
  a new site; with it off, ERPNext refuses the Serial and Batch Bundles behind every batch movement.
- Budget: v15's Budget is one per fiscal year with its amounts in the "Budget Account" table and an
  optional Monthly Distribution; v16's names a single account and ``budget_amount``, spans
  ``from_fiscal_year``–``to_fiscal_year`` (``budget_start_date``–``budget_end_date``) and keeps its
  monthly amounts in a "Budget Distribution" table.
- Amounts in words: v16's ``money_in_words`` fails (TypeError) on an amount with cents in a currency
  that has fraction units but no fraction name — CNY among them (frappe/frappe#39179,
  frappe/erpnext#52341): every CNY order of ¥12.50 would fail to save. v15 fell back to "Cent".
- ``has_permission`` hooks: v15 reads None as "no opinion", v16 as a denial; ours answer True when
  they do not deny (both read that as "the roles decide"), so nothing here bridges it.
- Link searches by "select"-only users: Frappe 16 before frappe#37316 lets such a user filter only on
  a DocType's search fields, so the standard link search (which leaves out disabled records by
  filtering on ``disabled``) refuses them, e.g. a 盘点员 looking an item up (frappe#36280).
- A cached value that expires: v16's ``set_value`` keeps the request's own copy of it, v15's does not,
  so every later read in the same request would go to Redis again (``cache_for``).
- Field-level read permissions in list queries: v15's ``DatabaseQuery`` drops the fields a user may not
  read while it walks the list of fields, so the field right after a dropped one escapes the check
  (``frappe.get_list``, ``/api/resource/<DocType>?fields=…``); v16 walks the list backwards
  (``hide_fields_beyond_permlevel``).
"""

import erpnext
import frappe
from frappe.database.query import Engine
from frappe.model.db_query import DatabaseQuery


def _major(version: str) -> int:
	try:
		return int(version.split(".")[0])
	except ValueError:  # a develop checkout: the next major
		return 99


FRAPPE_MAJOR = _major(frappe.__version__)


def erpnext_major() -> int:
	return _major(erpnext.__version__)


# ----------------------------------------------------------------------------- test mode


def cache_for(key: str, value, seconds: int):
	"""Put ``value`` in Frappe's cache for ``seconds`` and keep this request's copy of it (read first by
	``frappe.cache.get_value``; ``delete_value`` drops both)."""
	frappe.cache.set_value(key, value, expires_in_sec=seconds)
	if FRAPPE_MAJOR < 16:
		frappe.local.cache[frappe.cache.make_key(key)] = value


def in_test() -> bool:
	"""Whether Frappe runs tests (ERPNext and Frappe then, for example, send jobs' work now)."""
	if FRAPPE_MAJOR >= 16:
		return bool(frappe.in_test)
	return bool(frappe.flags.in_test)


def set_in_test(flag: bool):
	"""Turn Frappe's test mode on or off, as Frappe's own test runner does on this major."""
	if FRAPPE_MAJOR >= 16:
		frappe.in_test = flag  # what v16's Frappe and ERPNext read
	frappe.flags.in_test = flag


# ----------------------------------------------------------------------------- permissions


def select_permission_filters_any_field() -> bool:
	"""Whether a user with only "select" permission on a DocType may filter on its fields (v15, and
	v16 from frappe#37316 on), so the standard link search answers them."""
	if FRAPPE_MAJOR < 16:
		return True
	return hasattr(Engine, "check_filter_field_permission")


def hide_fields_beyond_permlevel():
	"""On v15, check a list query's fields again until no more go, so a field the user may not read
	(a cost at permlevel 2) never escapes because it followed another one. Idempotent; run by the
	``before_request`` and ``before_job`` hooks."""
	if FRAPPE_MAJOR >= 16 or getattr(DatabaseQuery.apply_fieldlevel_read_permissions, "jxc_checked", False):
		return
	check = DatabaseQuery.apply_fieldlevel_read_permissions

	def check_until_stable(query):
		check(query)
		while not query.as_list:  # as a list, a dropped field leaves a None in its place: nothing escapes
			before = list(query.fields)
			check(query)
			if query.fields == before:
				break

	check_until_stable.jxc_checked = True
	DatabaseQuery.apply_fieldlevel_read_permissions = check_until_stable


# ----------------------------------------------------------------------------- serial and batch numbers


def enable_serial_and_batch_numbers():
	"""Let ERPNext move stock by serial and batch number (on v15 it always does)."""
	if erpnext_major() < 16:
		return
	if not frappe.db.get_single_value("Stock Settings", "enable_serial_and_batch_no_for_item"):
		# as ERPNext's own v16 patch and test setup do: the setting and the default the desk reads
		frappe.db.set_single_value("Stock Settings", "enable_serial_and_batch_no_for_item", 1)
		frappe.db.set_default("enable_serial_and_batch_no_for_item", 1)


# ----------------------------------------------------------------------------- amounts in words

# the name of a hundredth where Frappe's country data gives none (v15 said "Cent" for every one)
FRACTION_NAMES = {"CNY": "Fen"}


def name_currency_fractions():
	"""Give currencies with fraction units a fraction name where they have none (v16 needs one)."""
	if FRAPPE_MAJOR < 16:
		return
	for currency in frappe.get_all(
		"Currency", filters={"fraction_units": (">", 0), "fraction": ("is", "not set")}, pluck="name"
	):
		frappe.db.set_value(
			"Currency", currency, "fraction", FRACTION_NAMES.get(currency, "Cent"), update_modified=False
		)


# ----------------------------------------------------------------------------- budget


def budget_query(account: str, posting_date, fiscal_year: str):
	"""Submitted budgets on ``account`` that cover ``posting_date`` (in ``fiscal_year``), and the Budget
	table for the caller's own conditions (company, what they are against, what they apply to).

	The rows have the columns ERPNext's ``validate_budget_records`` reads on this major, and
	``from_fiscal_year``/``to_fiscal_year`` (the fiscal years the budget spans: its one year on v15)
	and ``period_start``/``period_end`` (its dates)."""
	budget = frappe.qb.DocType("Budget")
	query = frappe.qb.from_(budget).select(
		budget.name,
		budget.applicable_on_material_request.as_("for_material_request"),
		budget.applicable_on_purchase_order.as_("for_purchase_order"),
		budget.applicable_on_booking_actual_expenses.as_("for_actual_expenses"),
		budget.action_if_annual_budget_exceeded,
		budget.action_if_accumulated_monthly_budget_exceeded,
		budget.action_if_annual_budget_exceeded_on_mr,
		budget.action_if_accumulated_monthly_budget_exceeded_on_mr,
		budget.action_if_annual_budget_exceeded_on_po,
		budget.action_if_accumulated_monthly_budget_exceeded_on_po,
	)
	if erpnext_major() >= 16:
		query = query.select(
			budget.budget_amount,
			budget.from_fiscal_year,
			budget.to_fiscal_year,
			budget.budget_start_date.as_("period_start"),
			budget.budget_end_date.as_("period_end"),
		).where(
			(budget.docstatus == 1)
			& (budget.account == account)
			& (budget.budget_start_date <= posting_date)
			& (budget.budget_end_date >= posting_date)
		)
		return query, budget

	budget_account = frappe.qb.DocType("Budget Account")
	year = frappe.qb.DocType("Fiscal Year")
	query = (
		query.join(budget_account)
		.on(budget_account.parent == budget.name)
		.join(year)
		.on(year.name == budget.fiscal_year)
		.select(
			budget_account.budget_amount,
			budget.monthly_distribution,
			budget.fiscal_year.as_("from_fiscal_year"),
			budget.fiscal_year.as_("to_fiscal_year"),
			year.year_start_date.as_("period_start"),
			year.year_end_date.as_("period_end"),
		)
		.where(
			(budget.docstatus == 1)
			& (budget.fiscal_year == fiscal_year)
			& (budget_account.account == account)
		)
	)
	return query, budget


def budget_document(company: str, cost_center: str, account: str, amount: float, fiscal_year: str, **values):
	"""A new Budget of ``amount`` on ``account`` for ``cost_center`` in ``fiscal_year`` (not saved)."""
	doc = frappe.get_doc(
		{"doctype": "Budget", "budget_against": "Cost Center", "company": company, "cost_center": cost_center}
	)
	if erpnext_major() >= 16:
		doc.update(
			{
				"from_fiscal_year": fiscal_year,
				"to_fiscal_year": fiscal_year,
				"account": account,
				"budget_amount": amount,
			}
		)
	else:
		doc.update({"fiscal_year": fiscal_year, "accounts": [{"account": account, "budget_amount": amount}]})
	doc.update(values)
	return doc
