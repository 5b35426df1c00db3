// 预警: acknowledge / assign / resolve / ignore, the link to its subject, and its action
// (采购申请 or 调拨单 for low stock, a follow-up ToDo for every alert).
// the actions are in public/js/jxc_alerts.js (shared with the list and the 预警中心 page)
frappe.ui.form.on("JXC Alert", {
	refresh(frm) {
		frm.disable_save();
		const reload = () => frm.reload_doc();
		if (frm.doc.subject_doctype && frm.doc.subject_name) {
			frm.add_custom_button(__("Open {0}", [__(frm.doc.subject_doctype)]), () =>
				frappe.set_route("Form", frm.doc.subject_doctype, frm.doc.subject_name)
			);
		}
		if (!jxc.alerts.OPEN.includes(frm.doc.status)) return;
		const actions = __("Actions");
		if (["New", "Ignored"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Acknowledge"), () =>
				jxc.alerts.call("acknowledge", { names: [frm.doc.name] }, reload)
			);
		}
		frm.add_custom_button(__("Resolve"), () => jxc.alerts.resolve([frm.doc.name], reload));
		frm.add_custom_button(__("Assign"), () => jxc.alerts.assign([frm.doc.name], reload), actions);
		frm.add_custom_button(__("Ignore"), () => jxc.alerts.snooze([frm.doc.name], reload), actions);
		frm.add_custom_button(
			__("Follow Up"),
			() => jxc.alerts.call("follow_up", { name: frm.doc.name }, (todo) => frappe.set_route("Form", "ToDo", todo)),
			actions
		);
		if (frm.doc.alert_type === "Low Stock" && frm.doc.item_code && frm.doc.warehouse) {
			const figures = JSON.parse(frm.doc.figures || "{}");
			const qty = Math.max(flt(figures.shortage || frm.doc.threshold - frm.doc.value), 1);
			frm.add_custom_button(
				__("Purchase Requisition"),
				() =>
					frappe.new_doc("Purchase Requisition", { company: frm.doc.company }, (doc) => {
						frappe.model.clear_table(doc, "items");
						const row = frappe.model.add_child(doc, "items");
						frappe.model.set_value(row.doctype, row.name, {
							item_code: frm.doc.item_code,
							qty: qty,
							warehouse: frm.doc.warehouse,
						});
					}),
				__("Create")
			);
			frm.add_custom_button(
				__("Stock Transfer Order"),
				() =>
					frappe.new_doc("Stock Transfer Order", {
						company: frm.doc.company,
						to_warehouse: frm.doc.warehouse,
					}, (doc) => {
						frappe.model.clear_table(doc, "items");
						const row = frappe.model.add_child(doc, "items");
						frappe.model.set_value(row.doctype, row.name, { item_code: frm.doc.item_code, qty: qty });
					}),
				__("Create")
			);
		}
	},
});
