"""Handlers on ERPNext's Quotation (销售报价单): validity and follow-ups, price/discount/margin control."""


def validate(doc, method=None):
	"""Each selling capability adds its call here (one line each)."""
