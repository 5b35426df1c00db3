// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.ui.form.on("Supplier Quotation Comparison", {
	setup(frm) {
		frm.set_query("warehouse", "items", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
		frm.set_query("awarded_supplier", "items", (doc, cdt, cdn) => {
			const row = locals[cdt][cdn];
			const key = line_key(row);
			const suppliers = (doc.quotes || []).filter((q) => q.line_key === key).map((q) => q.supplier);
			return { filters: { name: ["in", suppliers] } };
		});
	},
	refresh(frm) {
		render_matrix(frm);
		if (frm.doc.docstatus === 1) {
			const orders = [...new Set((frm.doc.items || []).map((row) => row.purchase_order).filter(Boolean))];
			if (orders.length) {
				frm.add_custom_button(__("Purchase Order"), () =>
					frappe.set_route("List", "Purchase Order", { jxc_supplier_quotation_comparison: frm.doc.name })
				);
			}
		}
		if (frm.doc.requires_approval && frm.doc.docstatus === 0) {
			frm.dashboard.add_comment(
				__("This award needs approval: {0}", [frappe.utils.escape_html(frm.doc.approval_reasons || "")]),
				"orange",
				true
			);
		}
	},
	get_quotations(frm) {
		frm.call({ doc: frm.doc, method: "refresh_quotes", freeze: true }).then(() => {
			frm.dirty();
			render_matrix(frm);
		});
	},
});

frappe.ui.form.on("Supplier Quotation Comparison Item", {
	awarded_supplier(frm, cdt, cdn) {
		const row = locals[cdt][cdn];
		const quote = (frm.doc.quotes || []).find(
			(q) => q.line_key === line_key(row) && q.supplier === row.awarded_supplier
		);
		frappe.model.set_value(cdt, cdn, "rate", quote ? quote.unit_price : 0);
		frappe.model.set_value(cdt, cdn, "amount", quote ? flt(quote.unit_price) * flt(row.qty) : 0);
		render_matrix(frm);
	},
});

function line_key(row) {
	return row.request_for_quotation_item || row.purchase_requisition_item || "item:" + row.item_code;
}

// item × supplier: price (tax incl.), lead time, score; the suggestion outlined, the award filled.
function render_matrix(frm) {
	const wrapper = frm.get_field("matrix_html").$wrapper;
	const quotes = frm.doc.quotes || [];
	if (!quotes.length) {
		wrapper.html(`<p class="text-muted">${__("No submitted supplier quotations yet.")}</p>`);
		return;
	}
	const suppliers = [...new Set(quotes.map((q) => q.supplier))].sort();
	const money = (value) => format_currency(value, frm.doc.currency);
	const esc = frappe.utils.escape_html;
	let html = `<div class="table-responsive"><table class="table table-bordered jxc-comparison-matrix">
		<thead><tr><th>${__("Item")}</th><th class="text-right">${__("Quantity")}</th>`;
	suppliers.forEach((supplier) => (html += `<th>${esc(supplier)}</th>`));
	html += "</tr></thead><tbody>";
	(frm.doc.items || []).forEach((row) => {
		html += `<tr><td>${esc(row.item_code)}<br><small class="text-muted">${esc(row.item_name || "")}</small></td>
			<td class="text-right">${format_number(row.qty)} ${esc(row.uom || "")}</td>`;
		suppliers.forEach((supplier) => {
			const quote = quotes.find((q) => q.line_key === line_key(row) && q.supplier === supplier);
			if (!quote) {
				html += `<td class="text-muted">—</td>`;
				return;
			}
			const awarded = row.awarded_supplier === supplier;
			const suggested = row.suggested_supplier === supplier;
			const style = awarded
				? "background: var(--green-highlight-color, #e4f5e9);"
				: quote.ineligible_reason
				? "color: var(--text-muted);"
				: "";
			html += `<td style="${style}${suggested ? "outline: 2px solid var(--green-500, #48bb74);" : ""}"
				data-row="${row.name}" data-supplier="${esc(supplier)}" class="${
				frm.doc.docstatus === 0 && !quote.ineligible_reason ? "jxc-award-cell" : ""
			}">
				<b>${money(quote.unit_price)}</b>
				${quote.lead_time_days ? `<br>${__("{0} days", [quote.lead_time_days])}` : ""}
				${quote.last_purchase_rate ? `<br><small>${__("Last")}: ${money(quote.last_purchase_rate)}</small>` : ""}
				<br><small>${
					quote.ineligible_reason
						? esc(quote.ineligible_reason)
						: __("Score {0} · Rank {1}", [flt(quote.total_score, 1), quote.rank])
				}</small>
				${suggested ? `<br><span class="indicator-pill green">${__("Suggested")}</span>` : ""}
				${awarded ? `<br><span class="indicator-pill blue">${__("Awarded")}</span>` : ""}
			</td>`;
		});
		html += "</tr>";
	});
	html += "</tbody></table></div>";
	if (frm.doc.docstatus === 0) {
		html += `<p class="text-muted small">${__("Click a quote to award the line to that supplier.")}</p>`;
	}
	wrapper.html(html);
	wrapper.find(".jxc-award-cell").css("cursor", "pointer").on("click", function () {
		const row = locals["Supplier Quotation Comparison Item"][$(this).attr("data-row")];
		const supplier = $(this).attr("data-supplier");
		const award = (reason) => {
			frappe.model.set_value(row.doctype, row.name, "award_reason", reason || "");
			frappe.model.set_value(row.doctype, row.name, "awarded_supplier", supplier);
		};
		if (supplier === row.suggested_supplier) return award("");
		frappe.prompt(
			{ fieldname: "reason", fieldtype: "Small Text", label: __("Award Reason"), reqd: 1 },
			(values) => award(values.reason),
			__("Award to {0}", [supplier])
		);
	});
}
