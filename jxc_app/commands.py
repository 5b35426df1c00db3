"""bench commands: ``bench --site SITE jxc-demo``, ``jxc-…-benchmark``.

bench imports every app's commands at start-up, before a site is connected: each command imports
what it runs (the demo loader, a benchmark) inside its body, when it runs."""

import click
import frappe
from frappe.commands import get_site, pass_context


@click.command("jxc-demo")
@pass_context
def jxc_demo(context):
	"""Load the demo company 示例贸易有限公司 with its master data and opening stock."""
	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		from jxc_app.demo.loader import setup_demo

		company = setup_demo()
		frappe.db.commit()
		click.echo(f"Demo company ready: {company}")
	finally:
		frappe.destroy()


def _benchmark(context, run, *args, echo_result: bool = False, **kwargs):
	"""``run`` (a benchmark's) on the site; print the figures it returns when ``echo_result`` (the
	others print their own through ``emit``)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		result = run(*args, **kwargs)
		for key, value in (result if echo_result else {}).items():
			click.echo(f"{key}: {value}")
	finally:
		frappe.destroy()


@click.command("jxc-approval-benchmark")
@click.option("--pairs", default=30, show_default=True, help="Documents submitted on each side")
@pass_context
def jxc_approval_benchmark(context, pairs):
	"""Print the median time approval adds to a submit (everything is rolled back)."""
	from benchmarks import approvals

	_benchmark(context, approvals.run, pairs, echo_result=True)


@click.command("jxc-inventory-benchmark")
@click.option("--items", default=10_000, show_default=True)
@click.option("--warehouses", default=10, show_default=True)
@click.option("--rows", default=1_000_000, show_default=True, help="Stock Ledger Entries over the year")
@click.option("--year", default=None, type=int, help="Default: last year")
@click.option("--reuse", is_flag=True, help="Keep the synthetic ledger of the last run")
@pass_context
def jxc_inventory_benchmark(context, items, warehouses, rows, year, reuse):
	"""进销存汇总表 vs ERPNext Stock Balance on a synthetic ledger (a site kept for it: it writes one)."""
	from benchmarks import inventory_summary

	_benchmark(
		context,
		inventory_summary.run,
		items=items,
		warehouses=warehouses,
		rows=rows,
		year=year,
		emit=click.echo,
		reuse=reuse,
	)


@click.command("jxc-transfer-benchmark")
@click.option("--rounds", default=20, show_default=True)
@click.option("--company", default=None, help="Default: the site's default company")
@pass_context
def jxc_transfer_benchmark(context, rounds, company):
	"""Dispatch + receive through a Stock Transfer Order vs the two native Stock Entries (rolled back)."""
	from benchmarks import transfer

	_benchmark(context, transfer.run, rounds, company, echo_result=True)


@click.command("jxc-stocktake-benchmark")
@click.option("--lines", default=10_000, show_default=True)
@pass_context
def jxc_stocktake_benchmark(context, lines):
	"""Stocktake snapshot and posting vs one native Stock Reconciliation (a site kept for benchmarks)."""
	from benchmarks import stocktake

	_benchmark(context, stocktake.run, lines=lines, emit=click.echo)


@click.command("jxc-alert-benchmark")
@click.option("--items", default=10_000, show_default=True)
@click.option("--warehouses", default=10, show_default=True)
@click.option("--reuse", is_flag=True, help="Keep the synthetic bins of the last run")
@click.option("--skip-erpnext", is_flag=True, help="Time ours only (ERPNext's reorder job takes minutes)")
@pass_context
def jxc_alert_benchmark(context, items, warehouses, reuse, skip_erpnext):
	"""Full scan of the stock alerts vs ERPNext's reorder job over items × warehouses bins (a site kept for it)."""
	from benchmarks import alerts

	_benchmark(
		context,
		alerts.run,
		items=items,
		warehouses=warehouses,
		reuse=reuse,
		emit=click.echo,
		erpnext=not skip_erpnext,
	)


@click.command("jxc-return-benchmark")
@click.option("--company", default=None, help="Default: the site's default company")
@click.option("--request-first", is_flag=True, help="Make the request's documents before the native ones")
@pass_context
def jxc_return_benchmark(context, company, request_first):
	"""The ERPNext documents of a 200-line sales return through a Sales Return Request vs made natively (rolled back)."""
	from benchmarks import sales_return

	_benchmark(context, sales_return.run, company, request_first, echo_result=True)


@click.command("jxc-sales-control-benchmark")
@click.option("--rounds", default=20, show_default=True)
@pass_context
def jxc_sales_control_benchmark(context, rounds):
	"""What price/margin and credit control add to a 50-line Sales Order submit (orders rolled back)."""
	from benchmarks import sales_control

	_benchmark(context, sales_control.run, rounds, echo_result=True)


commands = [
	jxc_demo,
	jxc_approval_benchmark,
	jxc_inventory_benchmark,
	jxc_transfer_benchmark,
	jxc_return_benchmark,
	jxc_stocktake_benchmark,
	jxc_alert_benchmark,
	jxc_sales_control_benchmark,
]
