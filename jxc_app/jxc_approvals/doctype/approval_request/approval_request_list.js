// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Approval Request"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = { "Pending Approval": "orange", Approved: "green", Rejected: "red", Withdrawn: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
