"""What every benchmark shares: the benchmark-site guard and timing."""

import time

import frappe


class BenchmarkSiteError(frappe.ValidationError):
	pass


def require_benchmark_site(writes: str) -> None:
	"""Every benchmark refuses a site not kept for benchmarks (it writes, or times, real data)."""
	if not frappe.conf.get("jxc_benchmark_site"):
		frappe.throw(
			f"This benchmark writes {writes}: run it on a site kept for it "
			"(bench --site SITE set-config jxc_benchmark_site 1).",
			exc=BenchmarkSiteError,
		)


def timed(function, *args, **kwargs):
	"""``function``'s result and the seconds it took."""
	start = time.perf_counter()
	result = function(*args, **kwargs)
	return result, time.perf_counter() - start


def milliseconds(function) -> float:
	"""How long ``function()`` took, in milliseconds."""
	return timed(function)[1] * 1000


def submitted_transfer_order(
	company: str, source: str, target: str, transit: str, lines: dict[str, float], **fields
):
	"""A submitted Stock Transfer Order moving ``lines`` (item code -> qty) from ``source`` to
	``target`` through ``transit``: the order the transfer benchmark and the transfer tests build."""
	order = frappe.get_doc(
		{
			"doctype": "Stock Transfer Order",
			"company": company,
			"from_warehouse": source,
			"to_warehouse": target,
			"transit_warehouse": transit,
			"items": [{"item_code": item, "qty": qty} for item, qty in lines.items()],
			**fields,
		}
	).insert()
	order.submit()
	return order
