// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Stocktake"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			Counting: "orange",
			Recount: "yellow",
			Counted: "blue",
			"Pending Approval": "orange",
			Rejected: "red",
			Posting: "purple",
			Posted: "green",
			Failed: "red",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
