"""Integration tier: runs inside a bench's Python against a real ERPNext v15 or v16 site.

Environment: JXC_SITE (site name), and the working directory is the bench's ``sites``
folder (or JXC_SITES_PATH). ``scripts/run-tests`` sets both.
"""

import os

import frappe
import pytest

from jxc_app import compat
from jxc_app.jxc_approvals import requests as approval_requests
from tests.integration import robot_helpers
from tests.integration.factories import ensure_test_company


@pytest.fixture(scope="session", autouse=True)
def site():
	site_name = os.environ.get("JXC_SITE")
	if not site_name:
		pytest.exit("JXC_SITE is not set: the integration tier needs a bench site", returncode=4)
	frappe.init(site=site_name, sites_path=os.environ.get("JXC_SITES_PATH", "."))
	frappe.connect()
	if not frappe.conf.allow_tests:
		pytest.exit(f"site {site_name} does not have allow_tests set", returncode=4)
	if "jxc_app" not in frappe.get_installed_apps():
		pytest.exit(f"jxc_app is not installed on {site_name}", returncode=4)
	compat.set_in_test(True)  # as Frappe's test runner does on this major
	frappe.set_user("Administrator")
	yield site_name
	frappe.db.rollback()
	frappe.destroy()


EMAIL_ACCOUNT_CACHES = ("outgoing_email_account", "incoming_email_account")


@pytest.fixture(autouse=True)
def rollback_after_each_test(site):
	"""Each test sees the committed site state and leaves nothing behind."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"
	# Frappe keeps the e-mail accounts it found on frappe.local: one made by a rolled-back test would
	# make later mails "send now" in test mode, whose status update commits the next test's work
	for cache_name in EMAIL_ACCOUNT_CACHES:
		if hasattr(frappe.local, cache_name):
			delattr(frappe.local, cache_name)
	frappe.flags.mute_emails = False  # a benchmark or import that set it must not change later tests
	frappe.clear_cache()
	frappe.cache.delete_value("jxc_approval_rules")


@pytest.fixture(scope="session")
def company(site) -> str:
	"""A company shared by the session (committed once, like ERPNext's _Test Company)."""
	return ensure_test_company()


@pytest.fixture(scope="session")
def server(site):
	"""The site served over HTTP on 127.0.0.1 by Frappe's WSGI app (with /assets, as bench serve)."""
	import threading

	import frappe.app
	from werkzeug.middleware.shared_data import SharedDataMiddleware
	from werkzeug.serving import make_server

	frappe.app._site = site  # answer for this site whatever the Host header says
	application = SharedDataMiddleware(
		frappe.app.application, {"/assets": os.path.join(os.path.abspath(frappe.local.sites_path), "assets")}
	)
	httpd = make_server("127.0.0.1", 0, application, threaded=True)
	thread = threading.Thread(target=httpd.serve_forever, daemon=True)
	thread.start()
	yield f"http://127.0.0.1:{httpd.server_port}"
	httpd.shutdown()


@pytest.fixture(scope="session")
def demo_company(site):
	from jxc_app.demo.loader import setup_demo

	company = setup_demo()
	frappe.db.commit()
	return company


@pytest.fixture
def committed(company):
	"""Records made here are committed for the server to see, and deleted afterwards."""
	made: list[tuple[str, str]] = []
	yield made
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype, name in reversed(made):
		for todo in frappe.get_all(
			"ToDo", filters={"reference_type": doctype, "reference_name": name}, pluck="name"
		):
			frappe.delete_doc("ToDo", todo, force=True, ignore_permissions=True)
		for request in approval_requests.get_requests(doctype, name):
			frappe.delete_doc("Approval Request", request, force=True, ignore_permissions=True)
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture
def robot_server():
	"""A local stand-in for the group robots (tests/integration/robot_helpers.py)."""
	yield from robot_helpers.serve()
