"""Quotation validity (报价有效期): Valid Till from JXC Settings, expired quotations not converted to
orders (unless the settings allow it), and the expiring/expired list with its daily reminders.

- ``set_default_valid_till(quotation)``: Quotation validate — date + JXC Settings › Quotation Validity.
- ``check_source_quotations(order)``: Sales Order validate — refuses an order dated after the Valid
  Till of a quotation it comes from (``ExpiredQuotationError``) unless JXC Settings allows it.
- ``make_sales_order``: ERPNext's "Create › Sales Order" mapper (hooks: override_whitelisted_methods)
  with JXC Settings deciding about expired quotations instead of Selling Settings.
- ``expiring_quotations(company, days)`` (GET): open submitted quotations the user may read that
  expire within the window or have expired.
- ``remind_expiring_quotations()`` (daily): one ToDo per quotation for its owner.
"""

import frappe
from erpnext.selling.doctype.quotation.quotation import _make_sales_order
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, getdate, nowdate

from jxc_app.rules import quotation as rules
from jxc_app.utils.arguments import (
	InvalidArgumentError,
	check_exists,
	check_target_doc,
	parse_number,
	require_arguments,
)

QUOTATION = "Quotation"
# submitted quotations that may still become an order
OPEN_STATUSES = ("Open", "Replied", "Partially Ordered", "Expired")
MAX_WINDOW_DAYS = 3660


class ExpiredQuotationError(frappe.ValidationError):
	pass


SETTINGS = "JXC Settings"
SETTING_FIELDS = ("quotation_validity_days", "quotation_expiring_days", "allow_expired_quotation_to_order")


def _settings() -> frappe._dict:
	"""JXC Settings › Selling, read from the table each time (a cached document would outlive a
	rolled-back change); a value never saved is the field's default."""
	values = frappe.db.get_singles_dict(SETTINGS)
	meta = frappe.get_meta(SETTINGS)
	return frappe._dict(
		{
			fieldname: values.get(fieldname)
			if values.get(fieldname) is not None
			else meta.get_field(fieldname).default
			for fieldname in SETTING_FIELDS
		}
	)


def expired_conversion_allowed() -> bool:
	return bool(cint(_settings().allow_expired_quotation_to_order))


def set_default_valid_till(doc) -> None:
	if doc.valid_till or not doc.transaction_date:
		return
	valid_till = rules.default_valid_till(doc.transaction_date, cint(_settings().quotation_validity_days))
	if valid_till:
		doc.valid_till = valid_till


def _refuse_expired(quotation: str, valid_till, on_date) -> None:
	frappe.throw(
		_(
			"Quotation {0} was valid till {1} and has expired on {2}: it cannot become a sales order. Amend it, or allow expired quotations in JXC Settings."
		).format(quotation, frappe.format(valid_till, "Date"), frappe.format(on_date, "Date")),
		title=_("Quotation Expired"),
		exc=ExpiredQuotationError,
	)


def check_source_quotations(doc) -> None:
	"""A Sales Order dated after the Valid Till of a quotation it is made from is refused."""
	names = sorted({row.prevdoc_docname for row in doc.get("items") or [] if row.get("prevdoc_docname")})
	if not names or not doc.transaction_date or expired_conversion_allowed():
		return
	quotation = DocType(QUOTATION)
	rows = (
		frappe.qb.from_(quotation)
		.select(quotation.name, quotation.valid_till)
		.where(quotation.name.isin(names))
		.orderby(quotation.name)
		.run(as_dict=True)
	)
	for row in rows:
		if rules.is_expired(row.valid_till, doc.transaction_date):
			_refuse_expired(row.name, row.valid_till, doc.transaction_date)


@frappe.whitelist()
@require_arguments
def make_sales_order(source_name: str, target_doc=None, args=None):
	"""ERPNext's Quotation → Sales Order mapper, JXC Settings deciding about expired quotations.
	``target_doc`` untyped: Frappe's ``map_docs`` passes the Document of the previous source."""
	check_target_doc(target_doc, "Sales Order")
	check_exists(QUOTATION, source_name, "source_name")
	frappe.has_permission(QUOTATION, "read", source_name, throw=True)
	valid_till = frappe.db.get_value(QUOTATION, source_name, "valid_till")
	expired = rules.is_expired(valid_till, nowdate())
	if expired and not expired_conversion_allowed():
		_refuse_expired(source_name, valid_till, nowdate())
	order = _make_sales_order(source_name, target_doc, args=args)
	if expired and any(
		row.due_date and getdate(row.due_date) < getdate(order.transaction_date)
		for row in order.get("payment_schedule") or []
	):
		# the quotation's payment terms fell due before the order: ERPNext sets them anew from the order date
		order.set("payment_schedule", [])
	return order


def _window(days) -> int:
	if days in (None, ""):
		return cint(_settings().quotation_expiring_days)
	window = parse_number(days, "days", minimum=0, integer=True)
	if window > MAX_WINDOW_DAYS:
		frappe.throw(
			_("days must be at most {0}.").format(MAX_WINDOW_DAYS),
			title=_("Invalid Argument"),
			exc=InvalidArgumentError,
		)
	return int(window)


def _expiring(company: str | None, window: int, *, ignore_permissions: bool = False) -> list[dict]:
	today = getdate(nowdate())
	filters = {
		"docstatus": 1,
		"status": ("in", OPEN_STATUSES),
		"valid_till": ("<=", rules.expiring_cutoff(today, window)),
	}
	if company:
		filters["company"] = company
	getter = frappe.get_all if ignore_permissions else frappe.get_list
	rows = getter(
		QUOTATION,
		filters=filters,
		fields=[
			"name",
			"company",
			"quotation_to",
			"party_name",
			"customer_name",
			"transaction_date",
			"valid_till",
			"grand_total",
			"currency",
			"status",
			"owner",
		],
		order_by="valid_till asc, name asc",
	)
	for row in rows:
		row["expiry"] = rules.expiry_state(row["valid_till"], today, window)
	return rows


@frappe.whitelist(methods=["GET"])
@require_arguments
def expiring_quotations(company: str, days: int | str | None = None) -> list[dict]:
	"""Open submitted quotations of ``company`` the user may read, expiring within ``days`` (default
	JXC Settings › Remind Quotations Expiring Within) or already expired; soonest first."""
	check_exists("Company", company, "company")
	window = _window(days)
	frappe.has_permission(QUOTATION, "read", throw=True)
	return _expiring(company, window)


def remind_expiring_quotations() -> int:
	"""Daily: a ToDo for the owner of each expiring or expired open quotation — once per quotation,
	owner and Valid Till (a re-run or the next day's run adds none). Returns how many were made."""
	made = 0
	for row in _expiring(None, cint(_settings().quotation_expiring_days), ignore_permissions=True):
		if frappe.db.exists(
			"ToDo",
			{
				"reference_type": QUOTATION,
				"reference_name": row["name"],
				"allocated_to": row["owner"],
				"date": row["valid_till"],
			},
		):
			continue
		if row["expiry"] == "Expired":
			text = _("Quotation {0} ({1}) expired on {2}: follow up with the customer or amend it.")
		else:
			text = _("Quotation {0} ({1}) expires on {2}: follow up with the customer.")
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": row["owner"],
				"date": row["valid_till"],
				"reference_type": QUOTATION,
				"reference_name": row["name"],
				"description": text.format(
					row["name"],
					row["customer_name"] or row["party_name"],
					frappe.format(row["valid_till"], "Date"),
				),
			}
		).insert(ignore_permissions=True)
		made += 1
	return made


def boot_session(bootinfo) -> None:
	"""ERPNext's Quotation form reads these defaults from the boot (Selling Settings): JXC Settings
	decides them (Valid Till of a new quotation; the Create › Sales Order button when expired)."""
	if frappe.session.user == "Guest" or bootinfo.get("sysdefaults") is None:
		return
	settings = _settings()
	if cint(settings.quotation_validity_days):
		bootinfo.sysdefaults.quotation_valid_till = cint(settings.quotation_validity_days)
	bootinfo.sysdefaults.allow_sales_order_creation_for_expired_quotation = cint(
		settings.allow_expired_quotation_to_order
	)
