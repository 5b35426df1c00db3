"""The approval engine's old module path, kept so integrators' calls keep working.

The engine now lives in files named after each concern: ``rule_lookup`` (which rule, cached),
``approvers`` (who approves), ``delegations``, ``requests`` (a document's requests; capabilities'
interface), ``lifecycle`` (a request from creation to close), ``actions`` (the whitelisted API),
``submit_guard`` (``doc_events["*"]``), ``escalation`` (the hourly reminders) and ``notify``.
Import from those; nothing in jxc_app imports this module.
"""

# kept for REST: /api/method/jxc_app.jxc_approvals.engine.<action> (canonical: jxc_approvals.actions)
from jxc_app.jxc_approvals.actions import (  # noqa: F401
	approve,
	reject,
	request_approval,
	request_change_approval,
	transfer,
	withdraw,
)
from jxc_app.jxc_approvals.approvers import users_with_role_for_company  # noqa: F401  TRANSITIONAL
from jxc_app.jxc_approvals.constants import APPROVED, PENDING, REJECTED, WITHDRAWN  # noqa: F401  TRANSITIONAL
from jxc_app.jxc_approvals.errors import (  # noqa: F401  TRANSITIONAL
	ApprovalRequiredError,
	ApprovalStateError,
	ApproverCannotReadError,
	CommentRequiredError,
	NoApprovalRuleError,
	NoApproverFoundError,
)

# kept for a site's Scheduled Job Type until its next migrate (canonical: jxc_approvals.escalation)
from jxc_app.jxc_approvals.escalation import process_overdue_steps  # noqa: F401

# TRANSITIONAL: names still imported from here by modules not yet switched (removed when grep finds none)
from jxc_app.jxc_approvals.requests import get_requests, is_approved, latest_request, open_request  # noqa: F401
from jxc_app.jxc_approvals.rule_lookup import clear_rule_cache, match_rule, signature_of  # noqa: F401
from jxc_app.jxc_approvals.submit_guard import before_submit, before_update_after_submit  # noqa: F401
