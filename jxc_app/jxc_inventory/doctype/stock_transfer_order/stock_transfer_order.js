// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

const TRANSFER = "jxc_app.jxc_inventory.transfer.api";
const OPEN_STATUSES = ["Approved", "Partially Dispatched", "In Transit", "Partially Received"];

frappe.ui.form.on("Stock Transfer Order", {
	setup(frm) {
		const leaf = (extra) => () => ({ filters: { company: frm.doc.company, is_group: 0, ...(extra || {}) } });
		frm.set_query("from_warehouse", leaf());
		frm.set_query("to_warehouse", leaf());
		frm.set_query("damaged_warehouse", leaf());
		frm.set_query("transit_warehouse", leaf({ warehouse_type: "Transit" }));
		frm.set_query("loss_account", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
		frm.set_query("batch_no", "items", (doc, cdt, cdn) => ({ filters: { item: locals[cdt][cdn].item_code } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		if (flt(frm.doc.in_transit_qty) > 0 && frm.doc.first_dispatch_date) {
			const days = frappe.datetime.get_day_diff(frappe.datetime.get_today(), frm.doc.first_dispatch_date);
			frm.dashboard.set_headline_alert(
				__("{0} in transit for {1} days", [frm.doc.in_transit_qty, days]),
				days > 7 ? "orange" : "blue"
			);
		}
		if (!OPEN_STATUSES.includes(frm.doc.status)) return;
		const lines = frm.doc.items || [];
		if (lines.some((row) => flt(row.dispatched_qty) < flt(row.stock_qty))) {
			frm.add_custom_button(__("Dispatch"), () => dispatch_dialog(frm)).addClass("btn-primary");
		}
		if (lines.some((row) => flt(row.in_transit_qty) - flt(row.shortage_qty) > 0)) {
			frm.add_custom_button(__("Receive"), () => receive_dialog(frm)).addClass("btn-primary");
		}
		if (lines.some((row) => flt(row.shortage_qty) > 0)) {
			frm.add_custom_button(__("Resolve Shortage"), () => shortage_dialog(frm));
		}
		if (!flt(frm.doc.in_transit_qty)) {
			frm.add_custom_button(__("Close"), () =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Close Reason"), reqd: 1 },
					(values) => run_action(frm, "close", { reason: values.reason }),
					__("Close")
				)
			);
		}
	},
});

function line_table(fields, data) {
	return {
		fieldname: "lines",
		fieldtype: "Table",
		label: __("Items"),
		cannot_add_rows: true,
		cannot_delete_rows: true,
		in_place_edit: true,
		data: data,
		fields: [
			{ fieldname: "line", fieldtype: "Data", hidden: 1 },
			{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item"), read_only: 1, in_list_view: 1 },
			...fields,
		],
	};
}

// one action of the transfer API on this order; then the dialog closes, an alert says what was made
function run_action(frm, method, args, message, dialog) {
	return frappe.xcall(`${TRANSFER}.${method}`, { name: frm.doc.name, ...args }).then((result) => {
		if (dialog) dialog.hide();
		if (message) frappe.show_alert({ message: message(result), indicator: "green" });
		frm.reload_doc();
	});
}

// a dialog over the order's lines whose primary action (labelled as the dialog) is one transfer action
function lines_dialog(frm, { title, size, fields, data, method, items, message }) {
	const dialog = new frappe.ui.Dialog({
		title,
		size,
		fields: [line_table(fields, data)],
		primary_action_label: title,
		primary_action: (values) => run_action(frm, method, { items: items(values.lines) }, message, dialog),
	});
	dialog.show();
}

function dispatch_dialog(frm) {
	const data = frm.doc.items
		.map((row) => ({ line: row.name, item_code: row.item_code, remaining: flt(row.stock_qty) - flt(row.dispatched_qty) }))
		.filter((row) => row.remaining > 0)
		.map((row) => ({ ...row, qty: row.remaining }));
	lines_dialog(frm, {
		title: __("Dispatch"),
		size: "large",
		fields: [
			{ fieldname: "remaining", fieldtype: "Float", label: __("To Dispatch"), read_only: 1, in_list_view: 1 },
			{ fieldname: "qty", fieldtype: "Float", label: __("Dispatch Qty"), in_list_view: 1 },
		],
		data,
		method: "dispatch",
		items: (lines) => lines.filter((row) => flt(row.qty) > 0).map((row) => ({ line: row.line, qty: row.qty })),
		message: (entry) => __("Dispatched: {0}", [entry]),
	});
}

function receive_dialog(frm) {
	const data = frm.doc.items
		.map((row) => ({
			line: row.name,
			item_code: row.item_code,
			receivable: flt(row.in_transit_qty) - flt(row.shortage_qty),
		}))
		.filter((row) => row.receivable > 0)
		.map((row) => ({ ...row, received_qty: row.receivable }));
	const qty = (fieldname, label) => ({ fieldname, fieldtype: "Float", label, in_list_view: 1 });
	lines_dialog(frm, {
		title: __("Receive"),
		size: "extra-large",
		fields: [
			{ fieldname: "receivable", fieldtype: "Float", label: __("In Transit"), read_only: 1, in_list_view: 1 },
			qty("received_qty", __("Received Qty")),
			qty("shortage_qty", __("Shortage Qty")),
			qty("damaged_qty", __("Damaged Qty")),
			qty("refused_qty", __("Refused Qty")),
			{ fieldname: "reason", fieldtype: "Data", label: __("Reason"), in_list_view: 1 },
		],
		data,
		method: "receive",
		items: (lines) => lines,
		message: (entries) => __("Received: {0}", [entries.join(", ") || "-"]),
	});
}

function shortage_dialog(frm) {
	const lines = frm.doc.items.filter((row) => flt(row.shortage_qty) > 0);
	const dialog = new frappe.ui.Dialog({
		title: __("Resolve Shortage"),
		fields: [
			{
				fieldname: "line",
				fieldtype: "Select",
				label: __("Item"),
				reqd: 1,
				options: lines.map((row) => ({ value: row.name, label: `${row.item_code} (${row.shortage_qty})` })),
				default: lines[0].name,
			},
			{ fieldname: "resolution", fieldtype: "Select", label: __("Resolution"), reqd: 1, options: ["Written Off", "Returned"].map((value) => ({ value, label: __(value) })), default: "Written Off" },
			{ fieldname: "qty", fieldtype: "Float", label: __("Quantity"), reqd: 1, default: lines[0].shortage_qty },
		],
		primary_action_label: __("Resolve"),
		primary_action: (values) => run_action(frm, "resolve_shortage", values, (entry) => __("Stock Entry {0}", [entry]), dialog),
	});
	dialog.show();
}
