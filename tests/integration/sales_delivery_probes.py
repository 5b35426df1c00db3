"""The malformed-call probes of 销售出库's shortfall, transfer and progress methods for
``test_rest_probes_malformed`` (an order or warehouse that does not exist, arguments missing or of the
wrong kind, GET on the method that writes); their own tests are in ``test_sales_delivery``."""

import json

M = "jxc_app.jxc_selling.delivery"
NOPE = "无此记录-no-such-order"


def sales_delivery_probes(probe, not_found: str, invalid: str, not_permitted: str) -> list:
	"""``probe(path, id, args, **options)`` makes one probe of a method (the module's ``_method``)."""
	probes = []
	for method in ("get_shortfalls", "get_order_progress"):
		path = f"{M}.{method}"
		probes += [
			probe(path, f"{method}: sales_order missing", lambda w: {}, verb="GET", exc=(invalid,)),
			probe(
				path,
				f"{method}: sales_order empty",
				lambda w: {"sales_order": ""},
				verb="GET",
				exc=(invalid,),
			),
			probe(
				path,
				f"{method}: order does not exist",
				lambda w: {"sales_order": NOPE},
				verb="GET",
				exc=(not_found,),
			),
			probe(
				path,
				f"{method}: sales_order a list",
				lambda w: {"sales_order": json.dumps([NOPE])},
				verb="GET",
				exc=(not_found, invalid),
			),
		]
	make = f"{M}.make_transfer_order"
	probes += [
		probe(make, "make_transfer_order: no arguments", lambda w: {}, exc=(invalid,)),
		probe(
			make,
			"make_transfer_order: from_warehouse missing",
			lambda w: {"sales_order": NOPE},
			exc=(invalid,),
		),
		probe(
			make,
			"make_transfer_order: order does not exist",
			lambda w: {"sales_order": NOPE, "from_warehouse": w.source},
			exc=(not_found,),
		),
		probe(
			make,
			"make_transfer_order: from_warehouse an object",
			lambda w: {"sales_order": NOPE, "from_warehouse": {"a": 1}},
			body="json",
			exc=("FrappeTypeError", not_found, invalid),
		),
		probe(
			make,
			"make_transfer_order: GET",
			lambda w: {"sales_order": NOPE, "from_warehouse": w.source},
			verb="GET",
			exc=(not_permitted,),
		),
	]
	return probes
