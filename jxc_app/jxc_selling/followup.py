"""报价跟进记录 (Quotation Follow Up): a contact with the customer about a quotation, and the reminder
ToDo on its next follow-up date — moved to the next working day (chinese-calendar) when that date is
a weekend or holiday. A quotation is declared lost through ERPNext's own "Set as Lost"
(``Quotation.declare_enquiry_lost``: lost reasons and competitors)."""

import frappe
from frappe import _
from frappe.utils import getdate

from jxc_app.rules import quotation as rules

QUOTATION = "Quotation"


class FollowUpError(frappe.ValidationError):
	pass


def validate(doc) -> None:
	if not doc.quotation:
		return  # Frappe's mandatory check refuses it
	quotation = frappe.db.get_value(
		QUOTATION,
		doc.quotation,
		["docstatus", "quotation_to", "party_name", "customer_name", "company"],
		as_dict=True,
	)
	if not quotation:
		frappe.throw(
			_("Quotation {0} not found.").format(doc.quotation),
			title=_("Quotation Follow Up"),
			exc=frappe.DoesNotExistError,
		)
	if not frappe.has_permission(QUOTATION, "read", doc.quotation):
		frappe.throw(
			_("You may not read quotation {0}.").format(doc.quotation),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	if quotation.docstatus == 2:
		frappe.throw(
			_("Quotation {0} is cancelled: record the follow-up on its amended version.").format(
				doc.quotation
			),
			title=_("Quotation Follow Up"),
			exc=FollowUpError,
		)
	doc.company = quotation.company
	doc.customer_name = quotation.customer_name
	doc.customer = quotation.party_name if quotation.quotation_to == "Customer" else None
	doc.followed_by = doc.followed_by or frappe.session.user
	if doc.next_follow_up_date and getdate(doc.next_follow_up_date) < getdate(doc.follow_up_date):
		frappe.throw(
			_("The next follow-up date {0} is before this follow-up's date {1}.").format(
				frappe.format(doc.next_follow_up_date, "Date"), frappe.format(doc.follow_up_date, "Date")
			),
			title=_("Quotation Follow Up"),
			exc=FollowUpError,
		)


def after_insert(doc) -> None:
	"""The reminder: a ToDo on the quotation for whoever follows up, on the next working day from
	the next follow-up date."""
	if not doc.next_follow_up_date:
		return
	user = doc.followed_by or frappe.db.get_value(QUOTATION, doc.quotation, "owner")
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"assigned_by": frappe.session.user,
			"date": rules.reminder_date(doc.next_follow_up_date),
			"reference_type": QUOTATION,
			"reference_name": doc.quotation,
			"description": _("Follow up quotation {0} ({1}). Last contact: {2}").format(
				doc.quotation, doc.customer_name or "", frappe.utils.escape_html(doc.notes or "")
			),
		}
	).insert(ignore_permissions=True)
	doc.db_set("reminder", todo.name, update_modified=False)
