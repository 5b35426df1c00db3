// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Purchase Return Request"] = {
	add_fields: ["status", "resolution"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"Pending Approval": "orange",
			Rejected: "red",
			Approved: "blue",
			"To Return": "orange",
			"Partially Returned": "yellow",
			"Awaiting Replacement": "purple",
			Completed: "green",
			Closed: "gray",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
