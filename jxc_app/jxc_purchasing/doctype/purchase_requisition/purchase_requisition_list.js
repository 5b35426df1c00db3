// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Purchase Requisition"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"Pending Approval": "orange",
			Approved: "blue",
			"Partially Ordered": "yellow",
			Ordered: "green",
			Closed: "gray",
			Rejected: "red",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
