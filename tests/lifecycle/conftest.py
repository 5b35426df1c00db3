import os
import subprocess
import sys

import frappe
import pytest


class Bench:
	"""Runs frappe CLI commands on the site exactly as ``bench --site SITE …`` does."""

	def __init__(self, bench_path: str, site: str):
		self.sites_path = os.path.join(bench_path, "sites")
		self.site = site

	def run(self, *args: str) -> str:
		# end our transaction first: its metadata locks would block the command's ALTER TABLEs
		frappe.db.rollback()
		command = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", self.site, *args]
		result = subprocess.run(command, cwd=self.sites_path, capture_output=True, text=True, timeout=1800)
		if result.returncode:
			raise AssertionError(
				f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
			)
		return result.stdout


@pytest.fixture(scope="session")
def bench():
	bench_path, site = os.environ.get("JXC_BENCH"), os.environ.get("JXC_SITE")
	if not bench_path or not site:
		pytest.exit("JXC_BENCH and JXC_SITE must be set for the lifecycle tests", returncode=4)
	frappe.init(site=site, sites_path=os.path.join(bench_path, "sites"))
	frappe.connect()
	yield Bench(bench_path, site)
	frappe.destroy()


def fresh():
	"""See what the subprocesses committed."""
	frappe.db.rollback()
	frappe.local.cache = {}
	frappe.clear_cache()
