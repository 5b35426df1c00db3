"""Runs ERPNext's own tests of some DocTypes on a site, as ``bench --site SITE run-tests --app erpnext
--doctype D`` does, and exits non-zero when any fails (scripts/run-tests: the ERPNext slice).

    cd BENCH/sites && ../env/bin/python APP/scripts/erpnext_slice.py SITE "Stock Entry" ["Purchase Order" …]

One difference: Frappe's test-record builder follows every Link, and ERPNext links to the *payments*
app's Payment Gateway (Stock Entry → Journal Entry → Payment Order → Payment Request → Payment Gateway
Account → Payment Gateway), which ERPNext's CI installs and a plain ERPNext bench does not have. Links to
DocTypes that are not on the site are skipped; everything else (the order in which test records are made,
which is what a link cycle breaks) is Frappe's.
"""

import sys
import time

import frappe
from frappe import test_runner


def main(site: str, doctypes: list[str]) -> int:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	installed = set(frappe.get_all("DocType", pluck="name"))
	follow = test_runner.get_dependencies

	def installed_dependencies(doctype):
		return [name for name in follow(doctype) if name == "[Select]" or name in installed]

	test_runner.get_dependencies = installed_dependencies

	failed = 0
	for doctype in doctypes:
		start = time.monotonic()
		result = test_runner.main(site, app="erpnext", doctype=doctype)
		bad = len(result.failures) + len(result.errors)
		print(
			f"ERPNext's {doctype} tests: {result.testsRun} run, {len(result.failures)} failed, "
			f"{len(result.errors)} errors, {len(result.skipped)} skipped, {time.monotonic() - start:.0f}s",
			flush=True,
		)
		failed += bad
	frappe.destroy()
	return 1 if failed else 0


if __name__ == "__main__":
	if len(sys.argv) < 3:
		sys.exit(__doc__)
	sys.exit(main(sys.argv[1], sys.argv[2:]))
