"""What the approver of a Quotation or Sales Order reads in the approval notification (ToDo, its
e-mail and system notification), besides the amount: the price-control reasons, and the margins to
an approver who may read costs.

Registered with the ``jxc_approval_summary`` hook (DocType -> function of (doc, user) returning lines
of text), which ``jxc_app.jxc_approvals.notify`` reads: the approvals package imports no capability."""

from frappe import _
from frappe.utils import flt

from jxc_app.jxc_selling.cost_visibility import may_read_costs


def price_control(doc, user: str) -> list[str]:
	"""The document's margins (to who may read costs) and its price-control reasons, one per line; a
	reason that tells a cost (sold below cost, with its margin) only to who may read costs."""
	costs = may_read_costs(doc.doctype, user)
	reasons = [
		line.strip() for line in (doc.get("jxc_price_control_reasons") or "").splitlines() if line.strip()
	]
	if not costs:
		reasons = [line for line in reasons if not _tells_a_cost(line)]
	lines = []
	if costs and any(row.item_code for row in doc.get("items") or []):
		lines.append(
			_("Gross margin {0}%, lowest line margin {1}%").format(
				flt(doc.get("jxc_gross_margin_pct"), 2), flt(doc.get("jxc_lowest_margin_pct"), 2)
			)
		)
	return [*lines, *reasons]


def _tells_a_cost(reason: str) -> bool:
	"""Whether a stored reason is the below-cost one (in English or the language it may have been
	written in): its words between the item and the margin."""
	templates = {"{0} sold below cost, margin {1}%", _("{0} sold below cost, margin {1}%")}
	return any(template.split("{0}", 1)[-1].split("{1}", 1)[0].strip() in reason for template in templates)
