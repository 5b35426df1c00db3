// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

// 盘点录入: a counter scans or types what they count; works on a phone-sized screen.
frappe.pages["stocktake-count"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Stocktake Count"), single_column: true });
	const method = (name) => `jxc_app.jxc_inventory.stocktake.counting.${name}`;
	const $log = $(`<div class="jxc-count-log" style="margin-top: 12px"></div>`).appendTo(page.main);

	const stocktake = page.add_field({
		fieldname: "stocktake",
		label: __("Stocktake"),
		fieldtype: "Link",
		options: "Stocktake",
		// those being counted that name you as counter: a 盘点员 does not list a blind count
		get_query: () => ({ query: method("counting_stocktakes") }),
		change: () => {
			load_warehouses();
			refresh_log();
		},
	});
	// the stocktake's own warehouses (a 盘点员 may read no Warehouse)
	const warehouse = page.add_field({ fieldname: "warehouse", label: __("Warehouse"), fieldtype: "Select", options: [""] });
	const qty = page.add_field({ fieldname: "qty", label: __("Quantity"), fieldtype: "Float", default: 1 });
	const item = page.add_field({ fieldname: "item", label: __("Scan or Type Item / Barcode"), fieldtype: "Data" });
	[stocktake, warehouse, qty, item].forEach((field) => field.$wrapper.css({ "min-width": "220px", flex: "1 1 220px" }));

	const add = (source) => {
		const code = (item.get_value() || "").trim();
		if (!stocktake.get_value() || !code) return;
		frappe
			.xcall(method("add_count"), {
				stocktake: stocktake.get_value(),
				item: code,
				qty: qty.get_value() || 1,
				warehouse: warehouse.get_value() || null,
				source: source,
			})
			.then((result) => {
				frappe.show_alert({ message: __("{0}: {1} counted by you", [result.item_code, result.my_total]), indicator: "green" });
				item.set_value("");
				qty.set_value(1);
				item.$input.focus();
				refresh_log();
			});
	};
	// a scanner types the code and Enter
	item.$input.on("keydown", (event) => {
		if (event.key === "Enter") add("Scanned");
	});
	page.set_primary_action(__("Add"), () => add("Typed"));
	page.add_inner_button(__("Upload CSV / Excel"), () => {
		if (!stocktake.get_value()) return frappe.msgprint(__("Choose the stocktake first."));
		new frappe.ui.FileUploader({
			restrictions: { allowed_file_types: [".csv", ".xlsx"] },
			on_success: (file) =>
				frappe
					.xcall(method("upload_counts"), { stocktake: stocktake.get_value(), file_url: file.file_url })
					.then((count) => {
						frappe.show_alert({ message: __("{0} counts uploaded", [count]), indicator: "green" });
						refresh_log();
					}),
		});
	});

	function load_warehouses() {
		const set_options = (names) => {
			warehouse.df.options = names.length === 1 ? names : ["", ...names];
			warehouse.refresh();
			warehouse.set_value(names.length === 1 ? names[0] : "");
		};
		if (!stocktake.get_value()) return set_options([]);
		frappe.xcall(method("counting_warehouses"), { stocktake: stocktake.get_value() }).then(set_options);
	}

	function refresh_log() {
		if (!stocktake.get_value()) return $log.empty();
		frappe.db
			.get_list("Stocktake Count Entry", {
				filters: { stocktake: stocktake.get_value(), owner: frappe.session.user },
				fields: ["item_code", "warehouse", "qty", "creation", "is_recount"],
				order_by: "creation desc",
				limit: 30,
			})
			.then((rows) => {
				const items = rows
					.map(
						(row) => `<tr><td>${frappe.utils.escape_html(row.item_code)}</td><td>${frappe.utils.escape_html(
							row.warehouse
						)}</td><td class="text-right">${row.qty}</td><td>${row.is_recount ? __("Recount") : ""}</td></tr>`
					)
					.join("");
				$log.html(
					`<table class="table table-bordered table-condensed"><thead><tr><th>${__("Item")}</th><th>${__(
						"Warehouse"
					)}</th><th class="text-right">${__("Quantity")}</th><th></th></tr></thead><tbody>${items}</tbody></table>`
				);
			});
	}

	if (frappe.route_options && frappe.route_options.stocktake) {
		stocktake.set_value(frappe.route_options.stocktake);
		frappe.route_options = null;
	}
};
