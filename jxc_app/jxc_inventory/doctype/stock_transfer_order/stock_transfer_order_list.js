// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Stock Transfer Order"] = {
	add_fields: ["status", "first_dispatch_date", "in_transit_qty"],
	get_indicator(doc) {
		const colors = {
			Draft: "red",
			"Pending Approval": "orange",
			Rejected: "red",
			Approved: "blue",
			"Partially Dispatched": "yellow",
			"In Transit": "purple",
			"Partially Received": "yellow",
			Completed: "green",
			Closed: "gray",
			Cancelled: "gray",
		};
		// goods in transit for more than a week: the ageing shows in the indicator
		if (flt(doc.in_transit_qty) > 0 && doc.first_dispatch_date) {
			const days = frappe.datetime.get_day_diff(frappe.datetime.get_today(), doc.first_dispatch_date);
			if (days > 7) return [__("In Transit {0} Days", [days]), "orange", "status,=," + doc.status];
		}
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
