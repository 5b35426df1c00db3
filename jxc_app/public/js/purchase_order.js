// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

// 逾期: the lines past their required-by date and not fully received, above the form
frappe.ui.form.on("Purchase Order", {
	refresh(frm) {
		if (frm.doc.docstatus !== 1 || ["Closed", "Completed", "On Hold"].includes(frm.doc.status)) return;
		const today = frappe.datetime.get_today();
		const late = (frm.doc.items || []).filter(
			(row) => row.schedule_date && row.schedule_date < today && flt(row.received_qty) < flt(row.qty)
		);
		if (!late.length) return;
		const days = Math.max(...late.map((row) => frappe.datetime.get_day_diff(today, row.schedule_date)));
		frm.dashboard.add_comment(
			__("{0} line(s) overdue, up to {1} days late: see the report {2}.", [
				late.length,
				days,
				`<a href="/app/query-report/Purchase Order Tracking?supplier=${encodeURIComponent(
					frm.doc.supplier
				)}">${__("Purchase Order Tracking")}</a>`,
			]),
			"red",
			true
		);
	},
});
