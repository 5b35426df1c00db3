"""Handlers on Frappe's Version (the document timeline's change history)."""

from jxc_app.jxc_selling import pricing


def before_insert(doc, method=None):
	pricing.hide_costs_in_version(doc)
