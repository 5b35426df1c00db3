"""The malformed-call probes of the Sales Return Request actions for
``test_rest_probes_malformed`` (a request that does not exist, arguments missing or garbage); the
probes over a real request are in ``test_sales_return_rest``."""

import json

API = "jxc_app.jxc_returns.sales_return.api"
NOPE = "无此记录-no-such-request"


def sales_return_probes(probe, report, not_found: str, invalid: str) -> list:
	"""``probe(path, id, args, **options)`` makes one probe of a method, ``report(name, id,
	filters, **options)`` one of a report (the module's ``_method`` and ``_report``)."""
	probes = []
	for method in (
		"receive",
		"inspect",
		"credit",
		"refund",
		"ship_replacement",
		"invoice_replacement",
		"close",
		"get_remaining",
	):
		path = f"{API}.{method}"
		probes += [
			probe(path, f"{method}: name missing", lambda w: {}, exc=(invalid,)),
			probe(
				path,
				f"{method}: request does not exist",
				lambda w: {"name": NOPE, "reason": "x", "items": json.dumps([{"line": "x", "qty": 1}])},
				exc=(not_found, invalid),
			),
		]
	probes += [
		report("Return Analysis", "return analysis: filters not json", "not json", exc=(invalid,)),
		report(
			"Return Analysis", "return analysis: group by garbage", {"group_by": "Planet"}, exc=(invalid,)
		),
		report(
			"Return Analysis", "return analysis: impossible date", {"from_date": "2026-02-30"}, exc=(invalid,)
		),
		report("Return Analysis", "return analysis: company a list", {"company": ["a", "b"]}, exc=(invalid,)),
	]
	return probes
