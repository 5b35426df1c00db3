"""The approval actions (desk buttons and REST): request, request a change, approve, reject (退回),
withdraw and transfer (转交). Each is POST-only, checks who acts, and refuses bad input with a 4xx."""

import frappe
from erpnext.controllers.accounts_controller import update_child_qty_rate
from frappe import _
from frappe.utils import cint, now_datetime

from jxc_app.jxc_approvals.approvers import acting_rows, may_read
from jxc_app.jxc_approvals.constants import APPROVED, REJECTED, WITHDRAWN
from jxc_app.jxc_approvals.errors import (
	ApprovalStateError,
	ApproverCannotReadError,
	CommentRequiredError,
	NoApprovalRuleError,
)
from jxc_app.jxc_approvals.lifecycle import (
	chain_of,
	close_step,
	create_request,
	decide,
	log_action,
	save_and_follow,
	start_step,
	step_outcome,
)
from jxc_app.jxc_approvals.requests import is_approved, open_request, rows_of_step
from jxc_app.jxc_approvals.rule_lookup import amount_of, match_rule, signature_of
from jxc_app.rules import approval as approval_rules
from jxc_app.utils import arguments


def _document_to_request(doctype: str, name: str, ptype: str, docstatus: int, refusal: str):
	"""The document an approval is asked for: the user may ``ptype`` it and it is at ``docstatus``."""
	doc = frappe.get_doc(doctype, name)
	doc.check_permission(ptype)
	if doc.docstatus != docstatus:
		frappe.throw(refusal, title=_("Cannot Request Approval"), exc=ApprovalStateError)
	return doc


def _rule_for_new_request(doc) -> dict:
	"""The rule a new request follows; refused when none applies or one is already under way."""
	rule = match_rule(doc)
	if not rule:
		frappe.throw(
			_("No approval rule applies to {0} {1}.").format(_(doc.doctype), doc.name),
			title=_("No Approval Needed"),
			exc=NoApprovalRuleError,
		)
	_refuse_second_request(doc)
	return rule


def _refuse_second_request(doc):
	if open_request(doc.doctype, doc.name):
		frappe.throw(
			_("{0} {1} is already waiting for approval.").format(_(doc.doctype), doc.name),
			title=_("Already Requested"),
			exc=ApprovalStateError,
		)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def request_approval(doctype: str, name: str, comment: str | None = None) -> str:
	"""Start approval of a draft document; returns the Approval Request's name."""
	doctype = arguments.check_doctype(doctype)
	doc = _document_to_request(
		doctype, name, "submit", 0, _("Only draft documents can be sent for approval.")
	)
	rule = _rule_for_new_request(doc)
	signature = signature_of(doc, rule)
	if is_approved(doc, rule, signature):
		frappe.throw(
			_("{0} {1} is already approved.").format(_(doctype), name),
			title=_("Already Approved"),
			exc=ApprovalStateError,
		)

	return create_request(doc, rule, amount_of(doc, rule), signature, comment)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def request_change_approval(doctype: str, name: str, trans_items: str, comment: str | None = None) -> str:
	"""Update Items on a submitted order, held for approval and applied when approved. The rule is the
	one the order falls under as changed (an order that needed no approval may need one now)."""
	doctype = arguments.check_doctype(doctype)
	arguments.parse_rows(trans_items, "trans_items", numbers=("qty", "rate", "conversion_factor"))
	doc = _document_to_request(
		doctype, name, "write", 1, _("Only submitted documents can have their items changed.")
	)
	_refuse_second_request(doc)
	rule, amount, signature = _preview_change(doc, trans_items)
	if not rule:
		frappe.throw(
			_("This change of {0} {1} needs no approval: use Update Items.").format(_(doctype), name),
			title=_("No Approval Needed"),
			exc=NoApprovalRuleError,
		)
	return create_request(doc, rule, amount, signature, comment, proposed_change=trans_items)


def _preview_change(doc, trans_items: str) -> tuple[dict | None, float, str]:
	"""The rule, amount and signature the order would have after Update Items, computed by ERPNext
	itself (with every handler on the order) inside a savepoint that is rolled back."""
	frappe.db.savepoint("jxc_preview_change")
	frappe.flags.jxc_previewing_change = True
	try:
		update_child_qty_rate(doc.doctype, trans_items, doc.name)
		preview = frappe.get_doc(doc.doctype, doc.name)
		rule = match_rule(preview)
		if not rule:
			return None, 0.0, ""
		return rule, amount_of(preview, rule), signature_of(preview, rule)
	finally:
		frappe.flags.jxc_previewing_change = False
		frappe.db.rollback(save_point="jxc_preview_change")


def _apply_change(request):
	"""The approved Update Items, applied as the requester (ERPNext checks their permissions)."""
	approver = frappe.session.user
	frappe.set_user(request.requester)
	try:
		update_child_qty_rate(request.reference_doctype, request.proposed_change, request.reference_name)
	finally:
		frappe.set_user(approver)


def _open_request_or_throw(doctype: str, name: str):
	request = open_request(doctype, name)
	if not request:
		frappe.throw(
			_("{0} {1} has no approval in progress.").format(_(doctype), name),
			title=_("Not Pending"),
			exc=ApprovalStateError,
		)
	return request


def _pending_request_for_action(doctype: str, name: str, user: str):
	request = _open_request_or_throw(doctype, name)
	acting = acting_rows(request, user)
	if not acting:
		frappe.throw(
			_("You are not an approver of the current step of {0} {1}.").format(_(doctype), name),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	return request, acting


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def approve(doctype: str, name: str, comment: str | None = None) -> str:
	doctype = arguments.check_doctype(doctype)
	request, acting = _pending_request_for_action(doctype, name, frappe.session.user)
	decide(request, acting, "Approved", comment)
	if step_outcome(request) == approval_rules.APPROVED:
		close_step(request)
		following = approval_rules.next_step(chain_of(request), request.current_step)
		if following:
			start_step(request, following)
		else:
			request.status = APPROVED
	# an approved change of items is applied once the approval is saved (the guard then finds it)
	return save_and_follow(
		request, after_save=_apply_change if request.status == APPROVED and request.proposed_change else None
	)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def reject(doctype: str, name: str, comment: str | None = None, send_back_to_step: int | None = None) -> str:
	"""Reject, back to the requester; or, with ``send_back_to_step``, back to an earlier step (退回)."""
	doctype = arguments.check_doctype(doctype)
	if not (comment or "").strip():
		frappe.throw(
			_("Please give a reason for the rejection."),
			title=_("Comment Required"),
			exc=CommentRequiredError,
		)
	request, acting = _pending_request_for_action(doctype, name, frappe.session.user)
	send_back_to_step = cint(send_back_to_step)
	if send_back_to_step:
		chain = {step.step_no: step for step in chain_of(request)}
		target = chain.get(send_back_to_step)
		if not target or target.skipped or send_back_to_step >= request.current_step:
			frappe.throw(
				_("Step {0} is not an earlier step of this approval.").format(send_back_to_step),
				title=_("Invalid Step"),
				exc=ApprovalStateError,
			)
	decide(request, acting, "Rejected", comment)
	close_step(request)
	if send_back_to_step:
		for row in request.approvers:
			if row.step_no >= send_back_to_step and row.status not in ("Skipped", "Transferred"):
				row.status = "Waiting"
		log_action(request, "Send Back", comment=_("Back to step {0}").format(send_back_to_step))
		start_step(request, send_back_to_step)
	else:
		request.status = REJECTED
	return save_and_follow(request)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def withdraw(doctype: str, name: str, comment: str | None = None) -> str:
	doctype = arguments.check_doctype(doctype)
	request = _open_request_or_throw(doctype, name)
	if frappe.session.user != request.requester:
		frappe.throw(
			_("Only the requester can withdraw an approval request."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	close_step(request)
	request.status = WITHDRAWN
	log_action(request, "Withdraw", comment=comment)
	return save_and_follow(request)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def transfer(doctype: str, name: str, to_user: str, comment: str | None = None) -> str:
	"""Hand one's pending decision to another user (转交), who must be able to read the document."""
	doctype = arguments.check_doctype(doctype)
	request, acting = _pending_request_for_action(doctype, name, frappe.session.user)
	if not frappe.db.get_value("User", {"name": to_user, "enabled": 1, "user_type": "System User"}):
		frappe.throw(_("{0} is not an active desk user.").format(to_user), title=_("Invalid User"))
	if to_user == request.requester:
		frappe.throw(
			_("The requester cannot approve their own request."),
			title=_("Invalid User"),
			exc=frappe.PermissionError,
		)
	pending = {row.approver for row in rows_of_step(request, request.current_step) if row.status == "Pending"}
	if to_user in pending:
		frappe.throw(_("{0} is already an approver of this step.").format(to_user), title=_("Invalid User"))
	if not may_read(frappe.get_doc(doctype, name), to_user):
		frappe.throw(
			_(
				"{0} may not read {1} {2} (roles, company or other user permissions): choose someone who can."
			).format(to_user, _(doctype), name),
			title=_("Invalid User"),
			exc=ApproverCannotReadError,
		)
	row, on_behalf_of = acting[0]
	row.update(
		{
			"status": "Transferred",
			"acted_by": frappe.session.user,
			"on_behalf_of": on_behalf_of,
			"acted_on": now_datetime(),
			"comment": comment,
		}
	)
	request.append(
		"approvers",
		{
			"step_no": row.step_no,
			"step_name": row.step_name,
			"mode": row.mode,
			"approver": to_user,
			"status": "Pending",
		},
	)
	log_action(
		request,
		"Transfer",
		on_behalf_of=on_behalf_of,
		comment=_("To {0}").format(to_user) + (f": {comment}" if comment else ""),
	)
	return save_and_follow(request)
