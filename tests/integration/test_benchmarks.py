"""The benchmarks live outside the product package and refuse a site not kept for them."""

import frappe
import pytest

from benchmarks import approvals, inventory_summary, stocktake, transfer
from benchmarks.common import BenchmarkSiteError


@pytest.mark.parametrize(
	"run",
	[
		lambda: approvals.run(pairs=1),
		lambda: transfer.run(rounds=1),
		lambda: stocktake.run(lines=1),
		lambda: inventory_summary.run(items=1, warehouses=1, rows=1),
	],
	ids=["approvals", "transfer", "stocktake", "inventory_summary"],
)
@pytest.mark.smoke
def test_every_benchmark_refuses_a_site_not_kept_for_it(run):
	assert not frappe.conf.get("jxc_benchmark_site")
	companies = frappe.db.count("Company")
	with pytest.raises(BenchmarkSiteError):
		run()
	assert frappe.db.count("Company") == companies


def test_the_bench_commands_run_the_benchmarks_package():
	from jxc_app import commands

	names = {command.name for command in commands.commands}
	assert {"jxc-approval-benchmark", "jxc-transfer-benchmark", "jxc-stocktake-benchmark"} <= names
	assert "jxc-inventory-benchmark" in names
