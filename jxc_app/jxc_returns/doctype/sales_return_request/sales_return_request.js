// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

const SALES_RETURN = "jxc_app.jxc_returns.sales_return.api";
const RETURN_OPEN = ["Approved", "To Receive", "Partially Received", "To Inspect", "In Process"];

frappe.ui.form.on("Sales Return Request", {
	setup(frm) {
		const of_customer = (doctype) => () => ({
			filters: { customer: frm.doc.customer, company: frm.doc.company, docstatus: 1, is_return: 0 },
		});
		frm.set_query("delivery_note", "items", of_customer("Delivery Note"));
		frm.set_query("sales_invoice", "items", of_customer("Sales Invoice"));
		frm.set_query("reason", "items", () => ({ filters: { enabled: 1 } }));
		frm.set_query("warehouse", "replacements", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
	},
	refresh(frm) {
		if (frm.doc.docstatus !== 1) return;
		show_remaining(frm);
		if (!RETURN_OPEN.includes(frm.doc.status)) return;
		frappe.xcall(`${SALES_RETURN}.get_remaining`, { name: frm.doc.name }).then((left) => {
			if (left.to_receive > 0) {
				frm.add_custom_button(__("Receive"), () => receive_dialog(frm), __("Actions"));
			}
			if (left.to_inspect > 0) {
				frm.add_custom_button(__("Inspect"), () => inspect_dialog(frm), __("Actions"));
			}
			if (left.to_credit > 0) {
				frm.add_custom_button(__("Credit Note"), () => run_return_action(frm, "credit"), __("Actions"));
			}
			if (left.net_due < 0) {
				frm.add_custom_button(__("Refund"), () => run_return_action(frm, "refund"), __("Actions"));
			}
			if (left.to_ship > 0) {
				frm.add_custom_button(__("Ship Replacement"), () => run_return_action(frm, "ship_replacement"), __("Actions"));
			}
			if (left.to_invoice > 0) {
				frm.add_custom_button(__("Invoice Replacement"), () => run_return_action(frm, "invoice_replacement"), __("Actions"));
			}
			if (left.to_inspect <= 0) {
				frm.add_custom_button(
					__("Close"),
					() =>
						frappe.prompt(
							{ fieldname: "reason", fieldtype: "Small Text", label: __("Close Reason"), reqd: 1 },
							(values) => run_return_action(frm, "close", { reason: values.reason }),
							__("Close")
						),
					__("Actions")
				);
			}
		});
	},
});

// 剩余: what remains to receive, inspect, credit, ship and invoice, and the net 应收/应退
function show_remaining(frm) {
	const field = frm.get_field("remaining_html");
	if (!field) return;
	frappe.xcall(`${SALES_RETURN}.get_remaining`, { name: frm.doc.name }).then((left) => {
		const rows = [
			[__("To Receive"), left.to_receive],
			[__("To Inspect"), left.to_inspect],
			[__("To Credit"), left.to_credit],
			[__("To Ship"), left.to_ship],
			[__("To Invoice"), left.to_invoice],
		]
			.map(([label, qty]) => `<tr><td>${label}</td><td class="text-right">${format_number(qty)}</td></tr>`)
			.join("");
		const due = flt(left.net_due);
		const label = due >= 0 ? __("Receivable (应收)") : __("Refundable (应退)");
		field.$wrapper.html(
			`<table class="table table-bordered table-sm jxc-return-remaining">${rows}` +
				`<tr><td><b>${label}</b></td><td class="text-right"><b>${format_currency(Math.abs(due), frm.doc.currency)}</b></td></tr></table>`
		);
	});
}

function run_return_action(frm, method, args) {
	return frappe.xcall(`${SALES_RETURN}.${method}`, { name: frm.doc.name, ...(args || {}) }).then((result) => {
		const made = Array.isArray(result) ? result.join(", ") : result;
		frappe.show_alert({ message: __("Done: {0}", [made]), indicator: "green" });
		frm.reload_doc();
	});
}

function lines_dialog(frm, title, fields, data, method) {
	const dialog = new frappe.ui.Dialog({
		title,
		size: "large",
		fields: [
			{
				fieldname: "lines",
				fieldtype: "Table",
				label: __("Items"),
				cannot_add_rows: true,
				cannot_delete_rows: true,
				in_place_edit: true,
				data,
				fields: [
					{ fieldname: "line", fieldtype: "Data", hidden: 1 },
					{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item"), read_only: 1, in_list_view: 1 },
					...fields,
				],
			},
		],
		primary_action_label: title,
		primary_action(values) {
			const keys = fields.map((field) => field.fieldname);
			const items = (values.lines || [])
				.filter((row) => keys.some((key) => flt(row[key]) > 0))
				.map((row) => Object.fromEntries([["line", row.line], ...keys.map((key) => [key, flt(row[key])])]));
			if (!items.length) {
				frappe.msgprint(__("Enter at least one quantity."));
				return;
			}
			frappe.xcall(`${SALES_RETURN}.${method}`, { name: frm.doc.name, items }).then(() => {
				dialog.hide();
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}

function receive_dialog(frm) {
	const data = frm.doc.items
		.filter((row) => row.resolution !== "Refund Only" && flt(row.qty) > flt(row.received_qty))
		.map((row) => ({ line: row.name, item_code: row.item_code, qty: flt(row.qty) - flt(row.received_qty) }));
	lines_dialog(frm, __("Receive"), [{ fieldname: "qty", fieldtype: "Float", label: __("Received Qty"), in_list_view: 1 }], data, "receive");
}

function inspect_dialog(frm) {
	const data = frm.doc.items
		.map((row) => {
			const inspected = flt(row.accepted_qty) + flt(row.scrapped_qty) + flt(row.to_supplier_qty) + flt(row.repair_qty);
			return { line: row.name, item_code: row.item_code, accepted_qty: flt(row.received_qty) - inspected };
		})
		.filter((row) => row.accepted_qty > 0);
	const qty = (fieldname, label) => ({ fieldname, fieldtype: "Float", label, in_list_view: 1 });
	lines_dialog(
		frm,
		__("Inspect"),
		[
			qty("accepted_qty", __("Accepted Qty (Restocked)")),
			qty("scrapped_qty", __("Scrapped Qty")),
			qty("to_supplier_qty", __("To Supplier Qty")),
			qty("repair_qty", __("Repair Qty")),
		],
		data,
		"inspect"
	);
}
