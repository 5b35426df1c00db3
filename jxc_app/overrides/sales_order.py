"""Handlers on ERPNext's Sales Order: source quotation validity, price/discount/margin and credit control."""

from jxc_app.jxc_selling import cost_visibility, credit, pricing, quotation_validity


def validate(doc, method=None):
	"""Each selling capability adds its call here (one line each)."""
	pricing.apply(doc)
	quotation_validity.check_source_quotations(doc)
	credit.update_credit(doc)


def before_submit(doc, method=None):
	credit.check_at_submit(doc)


def before_update_after_submit(doc, method=None):
	# Update Items: new prices are judged again (the approval guard, which runs after this, then
	# refuses a change that now needs approval without one)
	pricing.apply_after_change(doc)
	credit.before_update_after_submit(doc)


def before_print(doc, method=None, settings=None):
	cost_visibility.hide_costs_in_print(doc)
