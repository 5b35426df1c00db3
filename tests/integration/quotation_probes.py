"""The malformed-call probes of the quotation validity methods (报价有效期) for
``test_rest_probes_malformed``; their own tests are in ``test_quotation_followup``."""

import json

M = "jxc_app.jxc_selling.quotation_validity"
NOPE = "无此记录-no-such-quotation"


def quotation_probes(probe, not_found: str, invalid: str) -> list:
	"""``probe(path, id, args, **options)`` makes one probe of a method (the module's ``_method``)."""
	expiring, make_order = f"{M}.expiring_quotations", f"{M}.make_sales_order"
	return [
		probe(expiring, "expiring_quotations: no arguments", lambda w: {}, verb="GET", exc=(invalid,)),
		probe(
			expiring,
			"expiring_quotations: company does not exist",
			lambda w: {"company": NOPE},
			verb="GET",
			exc=(not_found,),
		),
		probe(
			expiring,
			"expiring_quotations: company a list",
			lambda w: {"company": [w.company]},
			verb="GET",
			exc=(not_found, invalid),
		),
		probe(
			expiring,
			"expiring_quotations: days garbage",
			lambda w: {"company": w.company, "days": "soon"},
			verb="GET",
			exc=(invalid,),
		),
		probe(
			expiring,
			"expiring_quotations: days negative",
			lambda w: {"company": w.company, "days": -3},
			verb="GET",
			exc=(invalid,),
		),
		probe(
			expiring,
			"expiring_quotations: days huge",
			lambda w: {"company": w.company, "days": 10**12},
			verb="GET",
			exc=(invalid,),
		),
		probe(
			expiring,
			"expiring_quotations: days not finite",
			lambda w: {"company": w.company, "days": "nan"},
			verb="GET",
			exc=(invalid,),
		),
		probe(make_order, "make_sales_order: no arguments", lambda w: {}, exc=(invalid,)),
		probe(
			make_order,
			"make_sales_order: quotation does not exist",
			lambda w: {"source_name": NOPE},
			exc=(not_found,),
		),
		probe(
			make_order,
			"make_sales_order: quotation does not exist (GET)",
			lambda w: {"source_name": NOPE},
			verb="GET",
			exc=(not_found,),
		),
		probe(
			make_order,
			"make_sales_order: target_doc not json",
			lambda w: {"source_name": NOPE, "target_doc": "not json"},
			exc=(not_found, invalid),
		),
		probe(
			make_order,
			"make_sales_order: target_doc another doctype",
			lambda w: {"source_name": NOPE, "target_doc": json.dumps({"doctype": "Purchase Order"})},
			exc=(not_found, invalid),
		),
	]
