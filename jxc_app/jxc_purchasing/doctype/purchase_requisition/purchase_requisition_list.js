// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.listview_settings["Purchase Requisition"] = {
	add_fields: ["status"],
	onload(listview) {
		if (!frappe.model.can_create("Purchase Requisition")) return;
		listview.page.add_inner_button(__("Raise for Low Stock"), () =>
			frappe.prompt(
				jxc_app.filters.company(), // jxc_app/public/js/filters.js
				({ company }) =>
					frappe
						.xcall("jxc_app.jxc_purchasing.replenishment.raise_low_stock_requisitions", { company })
						.then((names) => {
							frappe.show_alert({
								message: names.length
									? __("Draft requisitions raised: {0}", [names.join(", ")])
									: __("No item is below its reorder level."),
								indicator: names.length ? "green" : "blue",
							});
							listview.refresh();
						}),
				__("Raise for Low Stock"),
				__("Raise")
			)
		);
	},
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
