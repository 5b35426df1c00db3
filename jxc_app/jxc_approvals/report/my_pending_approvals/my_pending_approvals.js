// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["My Pending Approvals"] = {
	filters: [],
	onload(report) {
		report.page.set_title(__("My Pending Approvals"));
	},
};
