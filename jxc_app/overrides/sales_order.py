"""Handlers on ERPNext's Sales Order: source quotation validity, price/discount/margin and credit control."""


def validate(doc, method=None):
	"""Each selling capability adds its call here (one line each)."""
