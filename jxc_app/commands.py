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


@click.command("jxc-approval-benchmark")
@click.option("--pairs", default=30, show_default=True, help="Documents submitted on each side")
@pass_context
def jxc_approval_benchmark(context, pairs):
	"""Print the median time approval adds to a submit (everything is rolled back)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.approvals import run

		for key, value in run(pairs).items():
			click.echo(f"{key}: {value}")
	finally:
		frappe.destroy()


@click.command("jxc-inventory-benchmark")
@click.option("--items", default=10_000, show_default=True)
@click.option("--warehouses", default=10, show_default=True)
@click.option("--rows", default=1_000_000, show_default=True, help="Stock Ledger Entries over the year")
@click.option("--year", default=None, type=int, help="Default: last year")
@click.option("--reuse", is_flag=True, help="Keep the synthetic ledger of the last run")
@pass_context
def jxc_inventory_benchmark(context, items, warehouses, rows, year, reuse):
	"""进销存汇总表 vs ERPNext Stock Balance on a synthetic ledger (a site kept for it: it writes one)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.inventory_summary import run

		run(items=items, warehouses=warehouses, rows=rows, year=year, emit=click.echo, reuse=reuse)
	finally:
		frappe.destroy()


@click.command("jxc-transfer-benchmark")
@click.option("--rounds", default=20, show_default=True)
@click.option("--company", default=None, help="Default: the site's default company")
@pass_context
def jxc_transfer_benchmark(context, rounds, company):
	"""Dispatch + receive through a Stock Transfer Order vs the two native Stock Entries (rolled back)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.transfer import run

		for key, value in run(rounds, company).items():
			click.echo(f"{key}: {value}")
	finally:
		frappe.destroy()


@click.command("jxc-stocktake-benchmark")
@click.option("--lines", default=10_000, show_default=True)
@pass_context
def jxc_stocktake_benchmark(context, lines):
	"""Stocktake snapshot and posting vs one native Stock Reconciliation (a site kept for benchmarks)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.stocktake import run

		run(lines=lines, emit=click.echo)
	finally:
		frappe.destroy()


@click.command("jxc-alert-benchmark")
@click.option("--items", default=10_000, show_default=True)
@click.option("--warehouses", default=10, show_default=True)
@click.option("--reuse", is_flag=True, help="Keep the synthetic bins of the last run")
@click.option("--skip-erpnext", is_flag=True, help="Time ours only (ERPNext's reorder job takes minutes)")
@pass_context
def jxc_alert_benchmark(context, items, warehouses, reuse, skip_erpnext):
	"""Full scan of the stock alerts vs ERPNext's reorder job over items × warehouses bins (a site kept for it)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.alerts import run

		run(items=items, warehouses=warehouses, reuse=reuse, emit=click.echo, erpnext=not skip_erpnext)
	finally:
		frappe.destroy()


@click.command("jxc-return-benchmark")
@click.option("--company", default=None, help="Default: the site's default company")
@click.option("--request-first", is_flag=True, help="Make the request's documents before the native ones")
@pass_context
def jxc_return_benchmark(context, company, request_first):
	"""The ERPNext documents of a 200-line sales return through a Sales Return Request vs made natively (rolled back)."""
	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		from benchmarks.sales_return import run

		for key, value in run(company, request_first).items():
			click.echo(f"{key}: {value}")
	finally:
		frappe.destroy()


commands = [
	jxc_demo,
	jxc_approval_benchmark,
	jxc_inventory_benchmark,
	jxc_transfer_benchmark,
	jxc_return_benchmark,
	jxc_stocktake_benchmark,
	jxc_alert_benchmark,
]
