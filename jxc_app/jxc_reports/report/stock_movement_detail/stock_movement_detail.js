// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.query_reports["Stock Movement Detail"] = {
	filters: [
		...jxc_app.filters.stock(), // jxc_app/public/js/filters.js
		{
			fieldname: "business_type",
			label: __("Business Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				...[
					["purchase_in", "Purchase In"],
					["sales_return_in", "Sales Return In"],
					["transfer_in", "Transfer In"],
					["stocktake_gain", "Stocktake Gain"],
					["production_in", "Production In"],
					["other_in", "Other In"],
					["sales_out", "Sales Out"],
					["purchase_return_out", "Purchase Return Out"],
					["transfer_out", "Transfer Out"],
					["stocktake_loss", "Stocktake Loss"],
					["production_out", "Production Issue"],
					["other_out", "Other Out"],
					["opening_stock", "Opening Stock"],
					["revaluation", "Revaluation"],
				].map(([value, label]) => ({ value, label: __(label) })),
			],
		},
	],
};
