"""Handlers on ERPNext's Quotation (销售报价单): validity and follow-ups, price/discount/margin control."""

from frappe import _

from jxc_app.jxc_selling import cost_visibility, pricing, quotation_validity


def validate(doc, method=None):
	"""Each selling capability adds its call here (one line each)."""
	pricing.apply(doc)
	quotation_validity.set_default_valid_till(doc)


def before_update_after_submit(doc, method=None):
	# Update Items on a submitted quotation: new prices are judged again before the approval guard
	pricing.apply_after_change(doc)


def before_print(doc, method=None, settings=None):
	cost_visibility.hide_costs_in_print(doc)


def get_dashboard_data(data: dict) -> dict:
	"""Connections: the quotation's follow-ups (报价跟进记录)."""
	data.setdefault("non_standard_fieldnames", {})["Quotation Follow Up"] = "quotation"
	data.setdefault("transactions", []).append({"label": _("Follow Ups"), "items": ["Quotation Follow Up"]})
	return data
