"""The approval engine's old module path, kept so integrators' REST calls keep working.

The engine lives in files named after each concern: ``rule_lookup`` (which rule applies, cached),
``approvers`` (who approves), ``delegations``, ``requests`` (a document's requests; the capabilities'
interface), ``lifecycle`` (a request from creation to close), ``actions`` (the whitelisted API),
``submit_guard`` (``doc_events["*"]``), ``escalation`` (the hourly reminders) and ``notify``.
Import from those: nothing in jxc_app imports this module.
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

# kept for a site's Scheduled Job Type until its next migrate (canonical: jxc_approvals.escalation)
from jxc_app.jxc_approvals.escalation import process_overdue_steps  # noqa: F401
