"""Approval engine (多级审批): rules → requests → actions, and the guard that nothing submits around.

Routing and chain rules are plain functions in ``jxc_app.rules.approval``; this module loads
rules and documents into them, records what happens on an Approval Request, and talks to
Frappe's ToDo / Notification Log / email machinery and to group robots.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt, get_datetime, now_datetime, nowdate
from frappe.utils.user import get_users_with_role

from jxc_app.jxc_approvals import scope
from jxc_app.jxc_approvals.constants import (  # noqa: F401
	APPROVED,
	DEFAULT_AMOUNT_FIELDS,
	PENDING,
	REJECTED,
	RULES_CACHE_KEY,
	STATUS_COLORS,
	WITHDRAWN,
)
from jxc_app.jxc_approvals.requests import get_requests, latest_request, open_request  # noqa: F401
from jxc_app.rules import approval as rules
from jxc_app.rules.working_days import working_days_between
from jxc_app.utils import arguments

MANAGER_ROLES = {"System Manager", "General Manager"}


class ApprovalRequiredError(frappe.ValidationError):
	pass


class ApprovalStateError(frappe.ValidationError):
	pass


class NoApprovalRuleError(frappe.ValidationError):
	pass


class NoApproverFoundError(frappe.ValidationError):
	pass


class CommentRequiredError(frappe.ValidationError):
	pass


# --------------------------------------------------------------------------- rules


def clear_rule_cache():
	frappe.cache.delete_value(RULES_CACHE_KEY)
	# the cache is shared: whatever this transaction cached must go if it rolls back, and
	# others must reload once it commits
	frappe.db.after_commit.add(_drop_rule_cache)
	frappe.db.after_rollback.add(_drop_rule_cache)


def _drop_rule_cache():
	frappe.cache.delete_value(RULES_CACHE_KEY)


def _load_rules() -> dict[str, list[dict]]:
	by_doctype: dict[str, list[dict]] = {}
	for name in frappe.get_all("Approval Rule", filters={"enabled": 1}, pluck="name", order_by="name"):
		rule = frappe.get_doc("Approval Rule", name)
		by_doctype.setdefault(rule.reference_doctype, []).append(rule.as_dict())
	return by_doctype


def all_rules() -> dict[str, list[dict]]:
	return frappe.cache.get_value(RULES_CACHE_KEY, generator=_load_rules) or {}


def covered_doctypes() -> list[str]:
	return sorted(all_rules())


def _as_rule(rule: dict) -> rules.Rule:
	return rules.Rule(
		name=rule["name"],
		priority=cint(rule.get("priority")),
		company=rule.get("company"),
		department=rule.get("department"),
		amount_field=rule.get("amount_field"),
		min_amount=flt(rule.get("min_amount")),
		max_amount=flt(rule.get("max_amount")),
		conditions=[
			rules.Condition(c["fieldname"], c["operator"], c.get("value")) for c in rule.get("conditions", [])
		],
	)


def department_of(doc) -> str | None:
	"""The requester's department: the document's own field, else the owner's employee record."""
	if doc.get("department"):
		return doc.department
	return frappe.db.get_value("Employee", {"user_id": doc.owner, "status": "Active"}, "department")


def match_rule(doc) -> dict | None:
	candidates = all_rules().get(doc.doctype)
	if not candidates:
		return None
	picked = rules.pick_rule(
		[_as_rule(rule) for rule in candidates],
		doc.as_dict(),
		company=doc.get("company"),
		department=department_of(doc),
	)
	return next(rule for rule in candidates if rule["name"] == picked.name) if picked else None


def amount_of(doc, rule: dict) -> float:
	if rule.get("amount_field"):
		return flt(doc.get(rule["amount_field"]))
	return next((flt(doc.get(field)) for field in DEFAULT_AMOUNT_FIELDS if doc.get(field)), 0.0)


def signature_of(doc, rule: dict) -> str:
	"""What an approval of ``doc`` under ``rule`` covers, as one hash (see ``scope``)."""
	return scope.signature(doc, rule, amount_of(doc, rule), department_of(doc))


def validate_rule(rule_doc):
	meta = frappe.get_meta(rule_doc.reference_doctype)
	if not meta.is_submittable:
		frappe.throw(
			_("{0} is not submittable: only submittable documents can be approved.").format(
				_(rule_doc.reference_doctype)
			),
			title=_("Invalid Approval Rule"),
		)
	if rule_doc.amount_field:
		field = meta.get_field(rule_doc.amount_field)
		if not field or field.fieldtype not in ("Currency", "Float", "Int"):
			frappe.throw(
				_("{0} is not a currency or number field of {1}.").format(
					rule_doc.amount_field, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)
	if flt(rule_doc.max_amount) and flt(rule_doc.max_amount) <= flt(rule_doc.min_amount):
		frappe.throw(_("To Amount must be greater than From Amount."), title=_("Invalid Approval Rule"))
	for condition in rule_doc.conditions:
		if not meta.get_field(condition.fieldname) and condition.fieldname not in ("name", "owner"):
			frappe.throw(
				_("Row #{0}: {1} is not a field of {2}.").format(
					condition.idx, condition.fieldname, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)
	for step in rule_doc.steps:
		if step.approver_type == "Document Field" and not meta.get_field(step.document_field or ""):
			frappe.throw(
				_("Row #{0}: {1} is not a field of {2}.").format(
					step.idx, step.document_field, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)


# --------------------------------------------------------------------------- approvers


def _user_of_employee(employee: str | None) -> str | None:
	return frappe.db.get_value("Employee", employee, "user_id") if employee else None


def _department_head(department: str | None) -> str | None:
	"""Walk up the department tree to the nearest department that has a head."""
	while department:
		head, parent = frappe.db.get_value(
			"Department", department, ["jxc_department_head", "parent_department"]
		) or (None, None)
		if head:
			return head  # a User
		department = parent
	return None


def approvers_for_step(step: dict, doc, requester: str) -> list[str]:
	approver_type = step["approver_type"]
	if approver_type == "Role":
		return users_with_role_for_company(step["role"], doc.get("company"))
	if approver_type == "User":
		return [step["user"]]
	employee = frappe.db.get_value(
		"Employee", {"user_id": requester, "status": "Active"}, ["department", "reports_to"], as_dict=True
	)
	if approver_type == "Department Head":
		return [
			user
			for user in [_department_head(department_of(doc) or (employee or {}).get("department"))]
			if user
		]
	if approver_type == "Reports To":
		return [user for user in [_user_of_employee((employee or {}).get("reports_to"))] if user]
	if approver_type == "Document Field":
		value = doc.get(step["document_field"])
		field = doc.meta.get_field(step["document_field"])
		if field and field.fieldtype == "Link" and field.options == "Employee":
			value = _user_of_employee(value)
		return [value] if value else []
	if approver_type == "Cost Center Manager":
		cost_center = doc.get("cost_center") or next(
			(row.cost_center for row in doc.get("items") or [] if row.get("cost_center")), None
		)
		manager = (
			frappe.db.get_value("Cost Center", cost_center, "jxc_cost_center_manager")
			if cost_center
			else None
		)
		return [manager] if manager else []
	frappe.throw(_("Unknown approver type {0}").format(approver_type))


def escalation_targets(step: dict, company: str | None = None, doc=None) -> list[str]:
	"""The step's escalation users; given ``doc``, only those who may read it (``may_read``)."""
	users = [step["escalate_to_user"]] if step.get("escalate_to_user") else []
	if step.get("escalate_to_role"):
		users += users_with_role_for_company(step["escalate_to_role"], company)
	if doc is not None:
		users = [user for user in users if may_read(doc, user)]
	return users


def users_with_role_for_company(role: str, company: str | None) -> list[str]:
	"""Holders of the role, less those whose user permissions keep them out of the company."""
	from frappe.permissions import get_user_permissions

	users = sorted(get_users_with_role(role))
	if not company:
		return users
	allowed = []
	for user in users:
		companies = get_user_permissions(user).get("Company")
		if not companies or any(permission.get("doc") == company for permission in companies):
			allowed.append(user)
	return allowed


def active_delegations(doctype: str, on_day=None) -> list[dict]:
	day = on_day or nowdate()
	delegations = frappe.get_all(
		"Approval Delegation",
		filters={"enabled": 1, "from_date": ("<=", day), "to_date": (">=", day)},
		fields=["name", "delegator", "delegate", "from_date", "to_date"],
	)
	for delegation in delegations:
		delegation["doctypes"] = frappe.get_all(
			"Approval Delegation DocType", filters={"parent": delegation["name"]}, pluck="reference_doctype"
		)
	return [d for d in delegations if not doctype or not d["doctypes"] or doctype in d["doctypes"]]


# --------------------------------------------------------------------------- requests


def _log(request, action: str, user: str | None = None, on_behalf_of: str | None = None, comment=None):
	request.append(
		"actions",
		{
			"action": action,
			"step_no": request.current_step,
			"user": user or frappe.session.user,
			"on_behalf_of": on_behalf_of,
			"timestamp": now_datetime(),
			"comment": comment,
		},
	)


def _save(request):
	request.flags.from_engine = True
	request.flags.ignore_permissions = True
	if request.is_new():
		request.insert()
	else:
		request.save()


def _rule_for_new_request(doc) -> dict:
	"""The rule a new request follows; refused when none applies or one is already under way."""
	rule = match_rule(doc)
	if not rule:
		frappe.throw(
			_("No approval rule applies to {0} {1}.").format(_(doc.doctype), doc.name),
			title=_("No Approval Needed"),
			exc=NoApprovalRuleError,
		)
	if open_request(doc.doctype, doc.name):
		frappe.throw(
			_("{0} {1} is already waiting for approval.").format(_(doc.doctype), doc.name),
			title=_("Already Requested"),
			exc=ApprovalStateError,
		)
	return rule


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def request_approval(doctype: str, name: str, comment: str | None = None) -> str:
	"""Start approval of a draft document; returns the Approval Request's name."""
	doctype = arguments.check_doctype(doctype)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("submit")
	if doc.docstatus != 0:
		frappe.throw(
			_("Only draft documents can be sent for approval."),
			title=_("Cannot Request Approval"),
			exc=ApprovalStateError,
		)
	rule = _rule_for_new_request(doc)
	signature = signature_of(doc, rule)
	if is_approved(doc, rule, signature):
		frappe.throw(
			_("{0} {1} is already approved.").format(_(doctype), name),
			title=_("Already Approved"),
			exc=ApprovalStateError,
		)

	return _create_request(doc, rule, amount_of(doc, rule), signature, comment)


def _create_request(
	doc, rule: dict, amount: float, signature: str, comment=None, proposed_change=None
) -> str:
	requester = frappe.session.user
	steps = {step["idx"]: step for step in rule["steps"]}
	try:
		chain = rules.resolve_chain(
			[
				rules.Step(
					step_name=step["step_name"],
					approver_type=step["approver_type"],
					mode=step["mode"],
					skip_below_amount=flt(step.get("skip_below_amount")),
					escalate_to=escalation_targets(step, doc.get("company"), doc),
					options={"idx": step["idx"]},
				)
				for step in sorted(rule["steps"], key=lambda row: row["idx"])
			],
			requester=requester,
			amount=amount,
			approvers_for=lambda step: approvers_for_step(steps[step.options["idx"]], doc, requester),
		)
	except rules.NoApproverError as error:
		frappe.throw(
			_(
				"Approval step {0} has no approver for this document. Ask an administrator to check the rule {1}."
			).format(error.step_name, rule["name"]),
			title=_("No Approver"),
			exc=NoApproverFoundError,
		)

	request = frappe.new_doc("Approval Request")
	request.update(
		{
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"company": doc.get("company"),
			"rule": rule["name"],
			"requester": requester,
			"amount": amount,
			"signature": signature,
			"proposed_change": proposed_change,
			"status": PENDING,
		}
	)
	for step in chain:
		for approver in step.approvers or [None]:
			request.append(
				"approvers",
				{
					"step_no": step.step_no,
					"step_name": step.step_name,
					"mode": step.mode,
					"approver": approver,
					"status": "Skipped" if step.skipped else "Waiting",
					"escalated": int(step.escalated),
				},
			)
	request.current_step = 0
	_log(request, "Request", comment=comment)
	first = rules.next_step(chain)
	if first:
		_start_step(request, first)
	else:
		request.status = APPROVED
	_save(request)
	_after_change(request, doc)
	return request.name


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def request_change_approval(doctype: str, name: str, trans_items: str, comment: str | None = None) -> str:
	"""Update Items on a submitted, approved order, held for approval and applied when approved."""
	doctype = arguments.check_doctype(doctype)
	arguments.parse_rows(trans_items, "trans_items", numbers=("qty", "rate", "conversion_factor"))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	if doc.docstatus != 1:
		frappe.throw(
			_("Only submitted documents can have their items changed."),
			title=_("Cannot Request Approval"),
			exc=ApprovalStateError,
		)
	rule = _rule_for_new_request(doc)
	amount, signature = _preview_change(doc, trans_items, rule)
	return _create_request(doc, rule, amount, signature, comment, proposed_change=trans_items)


def _preview_change(doc, trans_items: str, rule: dict) -> tuple[float, str]:
	"""Amount and signature the order would have after Update Items, computed by ERPNext itself
	inside a savepoint that is rolled back."""
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	frappe.db.savepoint("jxc_preview_change")
	frappe.flags.jxc_previewing_change = True
	try:
		update_child_qty_rate(doc.doctype, trans_items, doc.name)
		preview = frappe.get_doc(doc.doctype, doc.name)
		return amount_of(preview, rule), signature_of(preview, rule)
	finally:
		frappe.flags.jxc_previewing_change = False
		frappe.db.rollback(save_point="jxc_preview_change")


def _apply_change(request):
	"""The approved Update Items, applied as the requester (ERPNext checks their permissions)."""
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	approver = frappe.session.user
	frappe.set_user(request.requester)
	try:
		update_child_qty_rate(request.reference_doctype, request.proposed_change, request.reference_name)
	finally:
		frappe.set_user(approver)


def is_approved(doc, rule: dict | None = None, signature: str | None = None) -> bool:
	rule = rule or match_rule(doc)
	if not rule:
		return True
	signature = signature or signature_of(doc, rule)
	for request_name in get_requests(doc.doctype, doc.name, APPROVED):
		if frappe.db.get_value("Approval Request", request_name, "signature") == signature:
			return True
	return False


def _rows_of_step(request, step_no: int):
	return [row for row in request.approvers if row.step_no == step_no]


def _start_step(request, step_no: int):
	request.current_step = step_no
	request.step_started_on = now_datetime()
	for row in _rows_of_step(request, step_no):
		if row.status in ("Waiting", "Rejected", "Approved", "Cancelled"):
			row.update(
				{
					"status": "Pending",
					"acted_by": None,
					"on_behalf_of": None,
					"acted_on": None,
					"comment": None,
				}
			)
	_refresh_current_approvers(request)


def _refresh_current_approvers(request):
	pending = [
		row.approver
		for row in request.approvers
		if row.step_no == request.current_step and row.status == "Pending"
	]
	request.current_approvers = "\n".join(pending) if request.status == PENDING else ""


def _acting_rows(request, user: str) -> list[tuple]:
	"""Rows of the current step that ``user`` may decide, as (row, on_behalf_of)."""
	if user == request.requester:
		return []
	delegations = active_delegations(request.reference_doctype)
	acting = []
	for row in _rows_of_step(request, request.current_step):
		if row.status != "Pending":
			continue
		if row.approver == user:
			acting.append((row, None))
		elif rules.delegate_of(row.approver, nowdate(), request.reference_doctype, delegations) == user:
			acting.append((row, row.approver))
	return acting


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
	acting = _acting_rows(request, user)
	if not acting:
		frappe.throw(
			_("You are not an approver of the current step of {0} {1}.").format(_(doctype), name),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	return request, acting


def _decide(request, acting, decision: str, comment: str | None):
	user = frappe.session.user
	for row, on_behalf_of in acting:
		row.update(
			{
				"status": decision,
				"acted_by": user,
				"on_behalf_of": on_behalf_of,
				"acted_on": now_datetime(),
				"comment": comment,
			}
		)
		_log(request, "Approve" if decision == "Approved" else "Reject", user, on_behalf_of, comment)


def _step_outcome(request) -> str:
	rows = [
		row
		for row in _rows_of_step(request, request.current_step)
		if row.status not in ("Transferred", "Cancelled")
	]
	decisions = {
		row.name: {"Approved": rules.APPROVED, "Rejected": rules.REJECTED}.get(row.status) for row in rows
	}
	return rules.step_outcome(rows[0].mode if rows else rules.ANY_ONE_APPROVES, decisions)


def _close_step(request):
	"""The step is decided: undecided rows are no longer needed."""
	for row in _rows_of_step(request, request.current_step):
		if row.status == "Pending":
			row.status = "Cancelled"


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def approve(doctype: str, name: str, comment: str | None = None) -> str:
	doctype = arguments.check_doctype(doctype)
	request, acting = _pending_request_for_action(doctype, name, frappe.session.user)
	_decide(request, acting, "Approved", comment)
	if _step_outcome(request) == rules.APPROVED:
		_close_step(request)
		chain = _chain_of(request)
		following = rules.next_step(chain, request.current_step)
		if following:
			_start_step(request, following)
		else:
			request.status = APPROVED
			_refresh_current_approvers(request)
	else:
		_refresh_current_approvers(request)
	_save(request)
	if request.status == APPROVED and request.proposed_change:
		_apply_change(request)
	_after_change(request)
	return request.status


def _chain_of(request) -> list[rules.ResolvedStep]:
	steps: dict[int, rules.ResolvedStep] = {}
	for row in request.approvers:
		step = steps.setdefault(
			row.step_no, rules.ResolvedStep(row.step_no, row.step_name, row.mode, [], skipped=True)
		)
		if row.status != "Skipped":
			step.skipped = False
			step.approvers.append(row.approver)
	return [steps[number] for number in sorted(steps)]


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
		chain = {step.step_no: step for step in _chain_of(request)}
		target = chain.get(send_back_to_step)
		if not target or target.skipped or send_back_to_step >= request.current_step:
			frappe.throw(
				_("Step {0} is not an earlier step of this approval.").format(send_back_to_step),
				title=_("Invalid Step"),
				exc=ApprovalStateError,
			)
	_decide(request, acting, "Rejected", comment)
	_close_step(request)
	if send_back_to_step:
		for row in request.approvers:
			if row.step_no >= send_back_to_step and row.status not in ("Skipped", "Transferred"):
				row.status = "Waiting"
		_log(request, "Send Back", comment=_("Back to step {0}").format(send_back_to_step))
		_start_step(request, send_back_to_step)
	else:
		request.status = REJECTED
		_refresh_current_approvers(request)
	_save(request)
	_after_change(request)
	return request.status


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
	_close_step(request)
	request.status = WITHDRAWN
	_log(request, "Withdraw", comment=comment)
	_refresh_current_approvers(request)
	_save(request)
	_after_change(request)
	return request.status


class ApproverCannotReadError(frappe.ValidationError):
	pass


def may_read(doc, user: str) -> bool:
	"""Whether ``user`` may read ``doc`` by their own roles and user permissions (company, warehouse…):
	a share does not count, since the engine's own ToDo would share the document with them."""
	return frappe.has_permission(doc.doctype, "read", doc=doc, user=user, ignore_share_permissions=True)


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
	pending = {
		row.approver for row in _rows_of_step(request, request.current_step) if row.status == "Pending"
	}
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
	_log(
		request,
		"Transfer",
		on_behalf_of=on_behalf_of,
		comment=_("To {0}").format(to_user) + (f": {comment}" if comment else ""),
	)
	_refresh_current_approvers(request)
	_save(request)
	_after_change(request)
	return request.status


# --------------------------------------------------------------------------- guard (doc_events "*")


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


# --------------------------------------------------------------------------- messages


def _after_change(request, doc=None):
	"""ToDos for whoever must act now, closed for everybody else; notices and robots."""
	from jxc_app.jxc_approvals import notify
	from jxc_app.setup.customizations import APPROVAL_STATUS_FIELD

	# documents that follow their approval (e.g. a requisition's status) do so in this method
	reference = frappe.get_doc(request.reference_doctype, request.reference_name)
	if hasattr(reference, "on_approval_change"):
		reference.on_approval_change()
	if reference.meta.has_field(APPROVAL_STATUS_FIELD):
		# shown in the document's list; a status, not an edit of the document
		frappe.db.set_value(
			request.reference_doctype,
			request.reference_name,
			APPROVAL_STATUS_FIELD,
			request.status,
			update_modified=False,
		)

	notify.sync_todos(request)
	notify.announce(request)


# --------------------------------------------------------------------------- escalation (scheduler)


def process_overdue_steps():
	"""Hourly: remind, then escalate, steps pending longer than their working-day limits."""
	for name in frappe.get_all("Approval Request", filters={"status": PENDING}, pluck="name"):
		request = frappe.get_doc("Approval Request", name)
		step = _rule_step(request)
		if not step or not request.step_started_on:
			continue
		waited = working_days_between(get_datetime(request.step_started_on), now_datetime())
		logged = {
			row.action
			for row in request.actions
			if row.step_no == request.current_step
			and get_datetime(row.timestamp) >= get_datetime(request.step_started_on)
		}
		if (
			cint(step.get("escalate_after_days"))
			and waited >= cint(step["escalate_after_days"])
			and "Escalate" not in logged
		):
			escalate(request, step)
		elif (
			cint(step.get("remind_after_days"))
			and waited >= cint(step["remind_after_days"])
			and "Remind" not in logged
		):
			from jxc_app.jxc_approvals import notify

			_log(request, "Remind", user="Administrator")
			_save(request)
			notify.remind(request)


def _rule_step(request) -> dict | None:
	if not request.rule or not frappe.db.exists("Approval Rule", request.rule):
		return None
	step_name = next(
		(row.step_name for row in request.approvers if row.step_no == request.current_step), None
	)
	rule = frappe.get_doc("Approval Rule", request.rule)
	step = next((s for s in rule.steps if s.idx == request.current_step and s.step_name == step_name), None)
	return step.as_dict() if step else None


def escalate(request, step: dict):
	"""The step's undecided approvers hand over to the escalation users who may read the document
	(recorded as transferred); none: the step stays with its approvers."""
	rows = _rows_of_step(request, request.current_step)
	pending = [row for row in rows if row.status == "Pending"]
	reference = frappe.get_doc(request.reference_doctype, request.reference_name)
	candidates = [user for user in escalation_targets(step, request.company) if user != request.requester]
	targets = [user for user in candidates if may_read(reference, user)]
	unable = [user for user in candidates if user not in targets]
	if targets:
		for row in pending:
			row.update({"status": "Transferred", "acted_on": now_datetime(), "comment": _("Escalated")})
		for user in targets:
			request.append(
				"approvers",
				{
					"step_no": rows[0].step_no,
					"step_name": rows[0].step_name,
					"mode": rows[0].mode,
					"approver": user,
					"status": "Pending",
					"escalated": 1,
				},
			)
	logged = ", ".join(targets) or _("No escalation target")
	if unable:
		logged += "; " + _("not escalated to {0}: they may not read the document").format(", ".join(unable))
	_log(request, "Escalate", user="Administrator", comment=logged)
	_refresh_current_approvers(request)
	_save(request)
	_after_change(request)
