"""The approval guard (``doc_events["*"]``): no covered document reaches docstatus 1 without an
approval of exactly what it is, and a submitted one keeps to what was approved."""

import frappe
from frappe import _

from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_approvals.requests import is_approved
from jxc_app.jxc_approvals.rule_lookup import all_rules, match_rule, signature_of


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
	"""Update Items and other changes after submit: a document that, as changed, falls under a rule
	needs an approval of exactly its new state — whether or not it needed one before (an order
	submitted without approval and then repriced below its minimum is refused too). A change that
	leaves the approval's scope as it was (a delivery date) passes, also on documents submitted
	before their rule existed."""
	if doc.doctype not in all_rules() or frappe.flags.jxc_previewing_change:
		return
	rule = match_rule(doc)
	if not rule or is_approved(doc, rule) or _scope_unchanged(doc, rule):
		return
	frappe.throw(
		_("This change of {0} {1} needs approval (rule {2}): use Approval → Request Change Approval.").format(
			_(doc.doctype), doc.name, rule["name"]
		),
		title=_("Approval Required"),
		exc=ApprovalRequiredError,
	)


def _scope_unchanged(doc, rule: dict) -> bool:
	"""Before the change the document fell under the same rule with the same signature. ERPNext's
	Update Items (the only save that sets ``ignore_validate_update_after_submit`` on these documents)
	writes the lines before it saves the document, so what was before cannot be read back: its
	changes are never taken as unchanged."""
	before = doc.get_doc_before_save()
	if before is None or doc.flags.ignore_validate_update_after_submit:
		return False
	rule_before = match_rule(before)
	return bool(
		rule_before
		and rule_before["name"] == rule["name"]
		and signature_of(before, rule) == signature_of(doc, rule)
	)
