// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Supplier Quotation Comparison"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"Pending Approval": "orange",
			Approved: "blue",
			Rejected: "red",
			Ordered: "green",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
