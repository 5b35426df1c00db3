// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt
// 到货验收 on a draft Purchase Receipt, and the rejected goods back to the supplier in one click.

frappe.ui.form.on("Purchase Receipt", {
	refresh(frm) {
		if (frm.doc.is_return) return;
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Inspect"), () => inspection_dialog(frm)).addClass("btn-primary");
		}
		if (frm.doc.docstatus === 1 && (frm.doc.items || []).some((row) => flt(row.rejected_qty) > 0)) {
			frm.add_custom_button(
				__("Return Rejected Goods"),
				() =>
					frappe.call({
						method: "jxc_app.jxc_returns.purchase_return_actions.make_purchase_return_request",
						args: { purchase_receipt: frm.doc.name },
						freeze: true,
						callback: (r) => r.message && frappe.set_route("Form", "Purchase Return Request", r.message),
					}),
				__("Create")
			);
		}
	},
});

function inspection_dialog(frm) {
	const data = (frm.doc.items || []).map((row) => ({
		line: row.name,
		item_code: row.item_code,
		received_qty: flt(row.received_qty) || flt(row.qty) + flt(row.rejected_qty),
		accepted_qty: flt(row.qty),
		rejected_qty: flt(row.rejected_qty),
		reason: row.jxc_reject_reason,
	}));
	const dialog = new frappe.ui.Dialog({
		title: __("Receipt Inspection"),
		size: "extra-large",
		fields: [
			{
				fieldname: "rejected_warehouse",
				fieldtype: "Link",
				options: "Warehouse",
				label: __("Rejected Warehouse"),
				default: frm.doc.rejected_warehouse,
				get_query: () => ({ filters: { company: frm.doc.company, is_group: 0 } }),
			},
			{
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
					{ fieldname: "received_qty", fieldtype: "Float", label: __("Received Qty"), read_only: 1, in_list_view: 1 },
					{ fieldname: "accepted_qty", fieldtype: "Float", label: __("Accepted Qty"), in_list_view: 1 },
					{ fieldname: "rejected_qty", fieldtype: "Float", label: __("Rejected Qty"), in_list_view: 1 },
					{ fieldname: "reason", fieldtype: "Link", options: "Return Reason", label: __("Reject Reason"), in_list_view: 1 },
				],
			},
		],
		primary_action_label: __("Save Inspection"),
		primary_action(values) {
			frappe.call({
				method: "jxc_app.jxc_returns.receipt_inspection.record_inspection",
				args: {
					purchase_receipt: frm.doc.name,
					rejected_warehouse: values.rejected_warehouse || null,
					items: (values.lines || []).map((row) => ({
						line: row.line,
						accepted_qty: flt(row.accepted_qty),
						rejected_qty: flt(row.rejected_qty),
						reason: row.reason || null,
					})),
				},
				freeze: true,
				callback: () => {
					dialog.hide();
					frm.reload_doc();
				},
			});
		},
	});
	dialog.show();
}
