"""信用管控 on Sales Order: credit approval through our engine instead of ERPNext's credit stop.

With JXC Settings › Credit Approval on:

- ``update_credit(order)`` (Sales Order validate): the order shows its customer's credit limit
  (ERPNext's ``get_credit_limit``: customer, else customer group, else company), the amount used
  (ERPNext's ``get_customer_outstanding``: receivables plus submitted orders not yet billed plus
  unbilled deliveries), what is available, the overdue amount and days of its unpaid Sales Invoices,
  and ``jxc_credit_check``: "Over Limit" when this order would take the customer over the limit,
  "Overdue" when an invoice is overdue by more than JXC Settings › Overdue Days, else "OK".
  An Approval Rule with a condition on ``jxc_credit_check`` (the demo's 信用审批) then makes such an
  order wait for approval: the engine refuses its submit until it is approved.
- ``check_at_submit(order)`` (Sales Order before_submit): the credit checked again (with the figures
  validate read in this transaction) and, for a customer with a limit, the customer's row locked
  (SELECT … FOR UPDATE), so orders submitted at the same time never both pass on the same available
  credit. A transaction reads one snapshot, taken before it waited for the lock; so each such submit
  writes a new ``jxc_credit_stamp`` on the customer, and an order whose snapshot is older than the
  stamp it finds under the lock (another order of the customer committed meanwhile) is refused with
  ``CreditChangedError``, to be submitted again. An order over its credit that the engine approved under a credit rule is let through
  ERPNext's own credit stop (``SalesOrder.check_credit_limit``, run at on_submit and after-submit
  updates) — for that document only. Without that approval ERPNext's stop stays as it is.

With the setting off the fields are cleared and ERPNext behaves as without jxc_app.
"""

import frappe
from erpnext.selling.doctype.customer.customer import get_credit_limit, get_customer_outstanding
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Min, Sum
from frappe.utils import cint, nowdate

from jxc_app.jxc_approvals.requests import is_approved
from jxc_app.jxc_approvals.rule_lookup import match_rule
from jxc_app.rules import credit as rules

CHECK_FIELD = "jxc_credit_check"
STAMP_FIELD = "jxc_credit_stamp"  # on Customer
FIGURES_FLAG = "jxc_credit_figures"
FIGURE_FIELDS = (
	"jxc_credit_limit",
	"jxc_credit_used",
	"jxc_credit_available",
	"jxc_overdue_amount",
	"jxc_max_overdue_days",
)


class CreditChangedError(frappe.ValidationError):
	"""Another order of the customer was submitted while this one was: submit it again."""


def enabled() -> bool:
	return bool(cint(frappe.get_cached_doc("JXC Settings").credit_approval))


def overdue_days_allowed() -> int:
	return cint(frappe.get_cached_doc("JXC Settings").credit_overdue_days)


def overdue_invoices(customer: str, company: str, today=None) -> tuple[float, int]:
	"""(amount overdue in the company currency, days the oldest is overdue) of the customer's
	submitted Sales Invoices with something outstanding past their due date."""
	today = today or nowdate()
	invoice = frappe.qb.DocType("Sales Invoice")
	company_currency = frappe.get_cached_value("Company", company, "default_currency")
	outstanding = (
		Case()
		.when(invoice.party_account_currency == company_currency, invoice.outstanding_amount)
		.else_(invoice.outstanding_amount * invoice.conversion_rate)
	)
	oldest, amount = (
		frappe.qb.from_(invoice)
		.select(Min(invoice.due_date), Sum(outstanding))
		.where(
			(invoice.customer == customer)
			& (invoice.company == company)
			& (invoice.docstatus == 1)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < today)
		)
		.run()[0]
	)
	return rules.overdue_summary([(oldest, amount)], today)


def figures(customer: str, company: str) -> dict:
	"""The customer's credit as an order shows it (before the order itself counts)."""
	limit = get_credit_limit(customer, company)
	used = get_customer_outstanding(customer, company)
	overdue_amount, overdue_days = overdue_invoices(customer, company)
	return {
		"jxc_credit_limit": limit,
		"jxc_credit_used": used,
		"jxc_credit_available": rules.available(limit, used),
		"jxc_overdue_amount": overdue_amount,
		"jxc_max_overdue_days": overdue_days,
	}


def _status(doc, values: dict) -> str:
	return rules.credit_status(
		values["jxc_credit_limit"],
		values["jxc_credit_used"],
		doc.base_grand_total,
		values["jxc_max_overdue_days"],
		overdue_days_allowed(),
	)


def _clear(doc):
	doc.set(CHECK_FIELD, None)
	for field in FIGURE_FIELDS:
		doc.set(field, 0)


def update_credit(doc, values: dict | None = None) -> None:
	"""Sales Order validate: the credit figures and ``jxc_credit_check`` of the order as it is now."""
	if not enabled() or not doc.get("customer") or not doc.get("company"):
		_clear(doc)
		return
	values = values or figures(doc.customer, doc.company)
	_remember(doc, values)
	doc.update(values)
	doc.set(CHECK_FIELD, _status(doc, values))


def _remember(doc, values: dict):
	"""Keep the figures on the document until this transaction ends: its submit, in the same
	transaction (and snapshot), reads the same and need not read them again."""

	def forget():
		doc.flags.pop(FIGURES_FLAG, None)

	doc.flags[FIGURES_FLAG] = (doc.customer, doc.company, values)
	frappe.db.after_commit.add(forget)
	frappe.db.after_rollback.add(forget)


def _figures_of_this_transaction(doc) -> dict:
	remembered = doc.flags.get(FIGURES_FLAG)
	if remembered and remembered[:2] == (doc.customer, doc.company):
		return remembered[2]
	return figures(doc.customer, doc.company)


def check_at_submit(doc) -> None:
	"""Sales Order before_submit: the credit checked again under the customer's row lock.

	Every read of this transaction (the figures, validate's included) is of one snapshot; the stamp,
	read under the lock, says whether another order of the customer committed since that snapshot."""
	if not enabled() or not doc.get("customer") or not doc.get("company"):
		return
	values = _figures_of_this_transaction(doc)
	if values["jxc_credit_limit"] > 0:
		seen = frappe.db.get_value("Customer", doc.customer, STAMP_FIELD)  # as this transaction reads it
		latest = frappe.db.get_value("Customer", doc.customer, STAMP_FIELD, for_update=True)
		if (seen or "") != (latest or ""):
			frappe.throw(
				_(
					"Another order of customer {0} was submitted at the same time. Submit {1} again to check its credit with that order counted."
				).format(doc.customer, doc.name),
				title=_("Credit Changed"),
				exc=CreditChangedError,
			)
		frappe.db.set_value(
			"Customer", doc.customer, STAMP_FIELD, frappe.generate_hash(length=16), update_modified=False
		)
	update_credit(doc, values)
	let_approved_order_pass_erpnext_check(doc)


def credit_approved(doc) -> bool:
	"""The order needs credit approval and the engine approved it under a rule that looks at credit."""
	if not rules.needs_approval(doc.get(CHECK_FIELD)):
		return False
	rule = match_rule(doc)
	return bool(
		rule
		and any(condition["fieldname"] == CHECK_FIELD for condition in rule.get("conditions") or [])
		and is_approved(doc, rule)
	)


def let_approved_order_pass_erpnext_check(doc) -> None:
	"""ERPNext's ``SalesOrder.check_credit_limit`` (v15 and v16: at on_submit and
	on_update_after_submit; also when a held or closed order is re-opened, which is left to ERPNext)
	stops an order over the limit unless the Customer Credit Limit row bypasses it for every order or
	the user has the Credit Controller role. An order approved under a credit rule has had its credit
	decided by its approvers: this document's check is skipped, and only this one's."""
	if enabled() and credit_approved(doc):
		doc.check_credit_limit = _approved_by_credit_rule


def _approved_by_credit_rule():
	"""Stands in for ERPNext's credit check on an order approved under a credit rule."""


def before_update_after_submit(doc) -> None:
	"""Changes after submit (delivery dates, Update Items): ERPNext checks the credit again at
	on_update_after_submit; an order approved for its credit keeps passing it."""
	let_approved_order_pass_erpnext_check(doc)
