// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["My Pending Approvals"] = {
	filters: [],
	onload(report) {
		report.page.set_title(__("My Pending Approvals"));
	},
	formatter(value, row, column, data, default_formatter) {
		// people by name (王强), not their logins: the User links show the names the report sends
		const name = data && column && data[`${column.fieldname}_name`];
		if (name && data[column.fieldname] && column.options === "User") {
			frappe.utils.add_link_title("User", data[column.fieldname], name);
		}
		return default_formatter(value, row, column, data);
	},
};
