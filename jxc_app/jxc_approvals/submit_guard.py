"""The approval guard (``doc_events["*"]``): no covered document reaches docstatus 1 without an
approval of exactly what it is, and a submitted one keeps to what was approved."""

import frappe
from frappe import _

from jxc_app.jxc_approvals.constants import APPROVED
from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_approvals.requests import get_requests, is_approved
from jxc_app.jxc_approvals.rule_lookup import all_rules, match_rule


def before_submit(doc, method=None):
	"""A covered document reaches docstatus 1 only with an approval of exactly its amount and lines."""
	if doc.doctype not in all_rules():
		return
	rule = match_rule(doc)
	if rule and not is_approved(doc, rule):
		frappe.throw(
			_("{0} {1} needs approval (rule {2}) before it can be submitted.").format(
				_(doc.doctype), doc.name, rule["name"]
			),
			title=_("Approval Required"),
			exc=ApprovalRequiredError,
		)


def before_update_after_submit(doc, method=None):
	"""Update Items and other changes after submit: a new amount or new lines need a new approval."""
	if doc.doctype not in all_rules() or frappe.flags.jxc_previewing_change:
		return
	rule = match_rule(doc)
	if not rule or not get_requests(doc.doctype, doc.name, APPROVED):
		return
	if not is_approved(doc, rule):
		frappe.throw(
			_(
				"{0} {1} was approved for another amount or other lines; this change needs a new approval: use Approval → Request Change Approval."
			).format(_(doc.doctype), doc.name),
			title=_("Approval Required"),
			exc=ApprovalRequiredError,
		)
