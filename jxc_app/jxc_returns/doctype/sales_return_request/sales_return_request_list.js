// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Sales Return Request"] = {
	add_fields: ["status", "net_settlement"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"Pending Approval": "orange",
			Rejected: "red",
			Approved: "blue",
			"To Receive": "orange",
			"Partially Received": "yellow",
			"To Inspect": "purple",
			"In Process": "yellow",
			Completed: "green",
			Closed: "gray",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
