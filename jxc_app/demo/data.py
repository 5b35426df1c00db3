"""The demo company's master data, as plain data (linted by the pure tier)."""

import os

from jxc_app.rules.barcode import make_ean13

CHART_FILE = os.path.join(os.path.dirname(__file__), "chart_of_accounts_cn.json")

COMPANY = {
	"company_name": "示例贸易有限公司",
	"abbr": "示例",
	"country": "China",
	"default_currency": "CNY",
	"chart_of_accounts": "中国企业会计准则 (jxc_app)",
}

# Every demo login shares this password (documented in README.md).
DEMO_PASSWORD = "JxcDemo#2026"
EMAIL_DOMAIN = "jxc-demo.example.com"

# (warehouse_name, warehouse_type) under the company's "全部仓库" group
WAREHOUSES = [
	("总仓", None),
	("华东仓", None),
	("华南仓", None),
	("在途仓", "Transit"),
	("残次品仓", None),
]
WAREHOUSE_GROUP = "全部仓库"

ITEM_GROUPS = ["饮料", "食品", "日用品", "办公用品", "电子产品"]
ITEM_GROUP_PARENT = "商品"

# UOMs used by the demo; must_be_whole_number for countable units.
UOMS = ["个", "瓶", "罐", "盒", "包", "袋", "箱", "提", "卷", "支", "台", "桶", "件", "千克"]

SUPPLIER_GROUPS = ["食品饮料供应商", "日化供应商", "办公用品供应商", "电子产品供应商"]
CUSTOMER_GROUPS = ["商超", "便利店", "企业客户", "经销商"]
TERRITORIES = ["华东", "华南", "华北", "西南"]

# code, name, group, stock uom, (purchase uom, factor), standard rate, opening qty per
# warehouse (总仓, 华东仓, 华南仓), reorder level at 总仓, batch shelf life in days (None = no batch)
_ITEMS = [
	# 饮料
	("YL-001", "可口可乐 330ml", "饮料", "罐", ("箱", 24), 2.5, (480, 240, 240), 120, None),
	("YL-002", "百事可乐 330ml", "饮料", "罐", ("箱", 24), 2.4, (480, 240, 120), 120, None),
	("YL-003", "农夫山泉饮用天然水 550ml", "饮料", "瓶", ("箱", 24), 1.2, (960, 480, 480), 240, None),
	("YL-004", "怡宝纯净水 555ml", "饮料", "瓶", ("箱", 24), 1.1, (720, 240, 240), 240, None),
	("YL-005", "王老吉凉茶 310ml", "饮料", "罐", ("箱", 24), 3.0, (240, 120, 240), 96, None),
	("YL-006", "康师傅冰红茶 500ml", "饮料", "瓶", ("箱", 15), 2.2, (300, 150, 150), 90, None),
	("YL-007", "统一绿茶 500ml", "饮料", "瓶", ("箱", 15), 2.2, (300, 150, 0), 90, None),
	("YL-008", "元气森林苏打气泡水 480ml", "饮料", "瓶", ("箱", 15), 3.5, (150, 75, 75), 60, None),
	("YL-009", "蒙牛纯牛奶 250ml", "饮料", "盒", ("箱", 24), 2.6, (480, 240, 240), 144, 180),
	("YL-010", "伊利安慕希酸奶 205g", "饮料", "盒", ("箱", 12), 4.5, (240, 120, 120), 72, 150),
	# 食品
	("SP-001", "康师傅红烧牛肉面", "食品", "袋", ("箱", 24), 2.8, (480, 240, 240), 120, 180),
	("SP-002", "统一老坛酸菜牛肉面", "食品", "袋", ("箱", 24), 2.8, (480, 240, 120), 120, 180),
	("SP-003", "奥利奥夹心饼干 116g", "食品", "包", ("箱", 24), 6.5, (240, 120, 120), 48, 300),
	("SP-004", "旺旺雪饼 84g", "食品", "包", ("箱", 30), 4.8, (300, 150, 150), 60, 270),
	("SP-005", "三只松鼠每日坚果 750g", "食品", "盒", ("箱", 8), 68.0, (80, 40, 40), 16, 240),
	("SP-006", "良品铺子猪肉脯 100g", "食品", "袋", ("箱", 40), 15.0, (200, 80, 80), 40, 180),
	("SP-007", "德芙丝滑牛奶巧克力 80g", "食品", "盒", ("箱", 48), 9.5, (240, 96, 96), 48, 365),
	("SP-008", "金龙鱼调和油 5L", "食品", "桶", ("箱", 4), 62.0, (80, 40, 40), 20, None),
	("SP-009", "五常大米 5kg", "食品", "袋", ("件", 4), 55.0, (100, 40, 40), 20, None),
	("SP-010", "海天金标生抽 500ml", "食品", "瓶", ("箱", 12), 9.8, (240, 120, 120), 48, None),
	# 日用品
	("RY-001", "清风抽纸 3层100抽", "日用品", "包", ("提", 6), 2.9, (600, 300, 300), 120, None),
	("RY-002", "维达卷纸 4层10卷", "日用品", "提", ("箱", 6), 24.0, (120, 60, 60), 24, None),
	("RY-003", "蓝月亮洗衣液 3kg", "日用品", "瓶", ("箱", 4), 49.0, (80, 40, 40), 16, None),
	("RY-004", "立白洗洁精 1.5kg", "日用品", "瓶", ("箱", 8), 16.5, (160, 80, 80), 32, None),
	("RY-005", "舒肤佳香皂 115g", "日用品", "个", ("箱", 72), 5.5, (288, 144, 144), 72, None),
	("RY-006", "高露洁牙膏 140g", "日用品", "支", ("箱", 48), 9.9, (192, 96, 96), 48, None),
	("RY-007", "云南白药牙膏 180g", "日用品", "支", ("箱", 48), 26.0, (96, 48, 48), 24, None),
	("RY-008", "海飞丝去屑洗发水 400ml", "日用品", "瓶", ("箱", 12), 39.0, (96, 48, 48), 24, None),
	("RY-009", "心相印湿巾 80片", "日用品", "包", ("箱", 24), 8.5, (144, 72, 72), 48, None),
	("RY-010", "威露士消毒液 1L", "日用品", "瓶", ("箱", 12), 29.0, (96, 48, 0), 24, 720),
	# 办公用品
	("BG-001", "得力A4复印纸 70g 500张", "办公用品", "包", ("箱", 5), 21.0, (200, 100, 100), 50, None),
	("BG-002", "晨光中性笔 0.5mm 黑色", "办公用品", "支", ("盒", 12), 1.2, (1200, 600, 600), 240, None),
	("BG-003", "得力订书机 12号", "办公用品", "个", ("箱", 24), 15.0, (48, 24, 24), 12, None),
	("BG-004", "齐心A4文件夹", "办公用品", "个", ("箱", 50), 6.0, (200, 100, 100), 50, None),
	("BG-005", "晨光A5笔记本", "办公用品", "个", ("箱", 60), 4.5, (240, 120, 120), 60, None),
	("BG-006", "得力计算器 1548A", "办公用品", "台", ("箱", 20), 28.0, (40, 20, 20), 10, None),
	("BG-007", "3M便利贴 76x76mm", "办公用品", "个", ("盒", 12), 6.8, (240, 120, 120), 48, None),
	("BG-008", "得力透明胶带 48mm", "办公用品", "卷", ("箱", 72), 3.2, (288, 144, 144), 72, None),
	("BG-009", "晨光修正带", "办公用品", "个", ("盒", 12), 3.5, (240, 120, 120), 48, None),
	("BG-010", "齐心档案盒 A4 55mm", "办公用品", "个", ("箱", 50), 7.5, (100, 50, 50), 25, None),
	# 电子产品
	("DZ-001", "小米充电宝 10000mAh", "电子产品", "个", ("箱", 20), 79.0, (60, 30, 30), 15, None),
	("DZ-002", "华为蓝牙耳机 FreeBuds SE", "电子产品", "个", ("箱", 20), 169.0, (40, 20, 20), 10, None),
	("DZ-003", "罗技无线鼠标 M185", "电子产品", "个", ("箱", 40), 65.0, (80, 40, 40), 20, None),
	("DZ-004", "公牛插线板 6位 3米", "电子产品", "个", ("箱", 20), 45.0, (60, 30, 30), 15, None),
	("DZ-005", "绿联Type-C数据线 1米", "电子产品", "个", ("箱", 100), 15.0, (200, 100, 100), 50, None),
	("DZ-006", "金士顿U盘 64G", "电子产品", "个", ("盒", 10), 39.0, (100, 50, 50), 20, None),
	("DZ-007", "雷柏有线键盘 V500", "电子产品", "个", ("箱", 10), 99.0, (30, 10, 10), 8, None),
	("DZ-008", "飞利浦LED灯泡 9W", "电子产品", "个", ("箱", 50), 12.0, (150, 50, 50), 40, None),
	("DZ-009", "南孚碱性电池 5号 4粒", "电子产品", "盒", ("箱", 40), 11.5, (200, 80, 80), 40, 1825),
	("DZ-010", "TP-LINK无线路由器 AX1500", "电子产品", "台", ("箱", 10), 159.0, (20, 10, 10), 5, None),
]

OPENING_WAREHOUSES = ("总仓", "华东仓", "华南仓")

ITEMS = [
	{
		"item_code": code,
		"item_name": name,
		"item_group": group,
		"stock_uom": uom,
		"purchase_uom": purchase_uom,
		"conversion_factor": factor,
		"standard_rate": rate,
		# cost price ~70 % of the selling price, kept to the fen
		"valuation_rate": round(rate * 0.7, 2),
		"opening_qty": dict(zip(OPENING_WAREHOUSES, opening, strict=True)),
		"reorder_level": reorder_level,
		"reorder_qty": reorder_level * 2,
		"shelf_life_in_days": shelf_life,
		# 690 + a 4-digit demo manufacturer code + 5-digit item reference
		"barcode": make_ean13(f"6901234{index:05d}"),
	}
	for index, (
		code,
		name,
		group,
		uom,
		(purchase_uom, factor),
		rate,
		opening,
		reorder_level,
		shelf_life,
	) in enumerate(_ITEMS, start=1)
]

SUPPLIERS = [
	("上海百联食品批发有限公司", "食品饮料供应商"),
	("广州粤海饮料供应链有限公司", "食品饮料供应商"),
	("苏州金禾粮油有限公司", "食品饮料供应商"),
	("成都天府副食品有限公司", "食品饮料供应商"),
	("杭州西湖日化贸易有限公司", "日化供应商"),
	("青岛海滨日用品有限公司", "日化供应商"),
	("宁波得胜文具有限公司", "办公用品供应商"),
	("北京燕山办公用品有限公司", "办公用品供应商"),
	("深圳华强电子商贸有限公司", "电子产品供应商"),
	("义乌小商品进出口有限公司", "电子产品供应商"),
]

# name, group, territory, credit limit (CNY)
CUSTOMERS = [
	("上海联华超市有限公司", "商超", "华东", 500000),
	("杭州华润万家超市有限公司", "商超", "华东", 400000),
	("南京苏果超市有限公司", "商超", "华东", 300000),
	("广州天河永辉超市有限公司", "商超", "华南", 350000),
	("深圳人人乐超市有限公司", "商超", "华南", 300000),
	("北京物美超市有限公司", "商超", "华北", 450000),
	("成都红旗连锁股份有限公司", "商超", "西南", 250000),
	("上海好德便利店", "便利店", "华东", 50000),
	("杭州十足便利店", "便利店", "华东", 40000),
	("广州美宜佳便利店", "便利店", "华南", 30000),
	("深圳天福便利店", "便利店", "华南", 30000),
	("北京便利蜂便利店", "便利店", "华北", 60000),
	("重庆舞东风便利店", "便利店", "西南", 30000),
	("苏州工业园区科技有限公司", "企业客户", "华东", 100000),
	("杭州滨江网络科技有限公司", "企业客户", "华东", 80000),
	("深圳南山智能制造有限公司", "企业客户", "华南", 120000),
	("北京海淀教育咨询有限公司", "企业客户", "华北", 60000),
	("宁波海曙商贸经销部", "经销商", "华东", 200000),
	("佛山顺德日用品经销部", "经销商", "华南", 150000),
	("昆明春城副食品经销部", "经销商", "西南", 100000),
]

DEPARTMENTS = ["总经办", "采购部", "销售部", "仓储部", "财务部"]

# One login per role. key, full name (family + given), department, ERPNext roles,
# reports_to key, gender. Department heads are marked in DEPARTMENT_HEADS.
USERS = [
	(
		"gm",
		"张伟",
		"总经办",
		["General Manager", "Purchase Manager", "Sales Manager", "Stock Manager", "Accounts Manager"],
		None,
		"Male",
	),
	("purchase.manager", "王强", "采购部", ["Purchase Manager", "Purchase User", "Stock User"], "gm", "Male"),
	("buyer", "李娜", "采购部", ["Purchase User", "Stock User"], "purchase.manager", "Female"),
	("keeper", "赵磊", "仓储部", ["Stock User", "Stock Manager"], "gm", "Male"),
	# 盘点员: counts and nothing else, so her blind counts are blind (no stock report, no Bin)
	("counter", "周洁", "仓储部", ["Stocktake Counter"], "keeper", "Female"),
	("sales.manager", "刘洋", "销售部", ["Sales Manager", "Sales User"], "gm", "Male"),
	("sales", "陈静", "销售部", ["Sales User"], "sales.manager", "Female"),
	("finance", "孙丽", "财务部", ["Accounts User", "Accounts Manager"], "gm", "Female"),
]

DEPARTMENT_HEADS = {
	"总经办": "gm",
	"采购部": "purchase.manager",
	"仓储部": "keeper",
	"销售部": "sales.manager",
	"财务部": "finance",
}


def user_email(key: str) -> str:
	return f"{key}@{EMAIL_DOMAIN}"


# each demo customer and supplier has a primary contact (财务部) with an e-mail address, so that the
# demo can mail statements (对账单): customer01@example.com … in the order of CUSTOMERS / SUPPLIERS
PARTY_CONTACT_NAME = "财务部"


def party_email(party_type: str, index: int) -> str:
	return f"{party_type.lower()}{index:02d}@example.com"


# Approval rules of the demo company (多级审批)
APPROVAL_RULES = [
	{
		"rule_name": "采购订单审批（1万元以下）",
		"reference_doctype": "Purchase Order",
		"amount_field": "base_grand_total",
		"min_amount": 0,
		"max_amount": 10000,
		"steps": [
			{
				"step_name": "部门负责人",
				"approver_type": "Department Head",
				"remind_after_days": 1,
				"escalate_after_days": 2,
				"escalate_to_role": "General Manager",
			}
		],
	},
	{
		"rule_name": "采购订单审批（1万元及以上）",
		"reference_doctype": "Purchase Order",
		"amount_field": "base_grand_total",
		"min_amount": 10000,
		"max_amount": 0,
		"steps": [
			{"step_name": "部门负责人", "approver_type": "Department Head"},
			{"step_name": "财务审核", "approver_type": "User", "user_key": "finance"},
			{
				"step_name": "总经理",
				"approver_type": "Role",
				"role": "General Manager",
				"skip_below_amount": 50000,
			},
		],
	},
	{
		"rule_name": "采购申请审批",
		"reference_doctype": "Purchase Requisition",
		"steps": [{"step_name": "部门负责人", "approver_type": "Department Head"}],
	},
	{
		"rule_name": "大额调拨审批",
		"reference_doctype": "Stock Transfer Order",
		"conditions": [{"fieldname": "total_qty", "operator": ">", "value": "500"}],
		"steps": [{"step_name": "仓储经理", "approver_type": "Role", "role": "Stock Manager"}],
	},
	{
		"rule_name": "盘点差异审批",
		"reference_doctype": "Stocktake",
		"amount_field": "variance_value",
		"min_amount": 1000,
		"max_amount": 0,
		"steps": [{"step_name": "总经理", "approver_type": "Role", "role": "General Manager"}],
	},
	{
		"rule_name": "物料申请审批",
		"reference_doctype": "Material Request",
		"steps": [{"step_name": "直属上级", "approver_type": "Reports To"}],
	},
]

# Demo purchase orders by the buyer, one per approval state: (item code, qty in stock UOM — a
# whole number of purchase UOMs, outcome)
APPROVAL_DEMO_ORDERS = [
	("YL-001", 480, "Pending Approval"),
	("BG-001", 100, "Approved"),
	("DZ-002", 80, "Rejected"),
	("RY-003", 40, "Withdrawn"),
]
APPROVAL_DEMO_SUPPLIER = "上海百联食品批发有限公司"

# Demo purchase requisitions by the buyer, one per status: (purpose, [(item code, qty in stock UOM)],
# status to reach). Quantities are whole purchase UOMs.
REQUISITION_DEMO = [
	("办公用品季度补货", [("BG-001", 50), ("BG-002", 240)], "Draft"),
	("饮料旺季备货", [("YL-003", 480)], "Pending Approval"),
	("电子产品试销", [("DZ-010", 20)], "Rejected"),
	("日用品补货", [("RY-001", 120)], "Approved"),
	("食品促销备货", [("SP-001", 240), ("SP-003", 48)], "Partially Ordered"),
	("会议室设备", [("DZ-003", 40)], "Ordered"),
	("临时活动物资", [("RY-009", 48)], "Closed"),
]

# 比价单 demo: each built from its own approved requisition, an RFQ to three suppliers and their
# quotations. (purpose, supplier group, [(item code, qty in stock UOM)], per quoting supplier
# (price factor on the standard rate — or one per line —, lead time days), outcome). Outcomes: "Draft"; "Ordered" (the suggestions, no approval);
# "Pending Approval" / "Approved" / "Rejected" (an award that is not the suggestion, with a reason);
# "Single Quote Rejected" (one supplier quoted); "Cancelled" (ordered, then cancelled).
COMPARISON_DEMO_SUPPLIERS = {
	"饮料": ["上海百联食品批发有限公司", "广州粤海饮料供应链有限公司", "成都天府副食品有限公司"],
	"日用品": ["杭州西湖日化贸易有限公司", "青岛海滨日用品有限公司", "义乌小商品进出口有限公司"],
	"办公用品": ["宁波得胜文具有限公司", "北京燕山办公用品有限公司", "义乌小商品进出口有限公司"],
}
COMPARISON_DEMO = [
	("订书机比价", "办公用品", [("BG-003", 48)], [(1.0, 7), (0.95, 12), (1.08, 4)], "Draft"),
	# each supplier is best on one line: two orders
	(
		"可乐旺季比价",
		"饮料",
		[("YL-001", 480), ("YL-002", 480)],
		[((1.0, 0.9), 5), ((0.97, 0.8), 6), ((1.03, 1.05), 7)],
		"Ordered",
	),
	(
		"卷纸比价（非最低价）",
		"日用品",
		[("RY-002", 60)],
		[(1.0, 6), (0.92, 15), (1.05, 5)],
		"Pending Approval",
	),
	("洗衣液比价（特批）", "日用品", [("RY-003", 40)], [(1.0, 6), (0.9, 20), (1.1, 3)], "Approved"),
	("牙膏比价（驳回）", "日用品", [("RY-006", 96)], [(1.0, 6), (0.94, 10), (1.12, 4)], "Rejected"),
	("复印纸比价（单一报价）", "办公用品", [("BG-001", 100)], [(1.02, 5)], "Single Quote Rejected"),
	("饮用水比价（已取消）", "饮料", [("YL-004", 480)], [(1.0, 5), (0.96, 7), (1.04, 2)], "Cancelled"),
]

# 调拨单 demo, one per status, from 总仓 to the region named: (reason, to warehouse, [(item code, qty in
# stock UOM)], status to reach). "Partially Received" receives with a shortage, a damage and a
# refusal; "Completed" writes its shortage off; "Pending Approval" is over 500 units (rule 大额调拨审批).
TRANSFER_DEMO = [
	("华东门店新品铺货", "华东仓", [("YL-003", 48), ("SP-001", 24)], "Draft"),
	("华南旺季大批补货", "华南仓", [("YL-003", 600)], "Pending Approval"),
	("华东办公用品补货", "华东仓", [("BG-001", 20)], "Approved"),
	("华南饮料分批补货", "华南仓", [("YL-001", 48), ("YL-002", 48)], "Partially Dispatched"),
	("华东饮料补货", "华东仓", [("YL-004", 96)], "In Transit"),
	("华南日用品补货", "华南仓", [("RY-001", 48)], "Partially Received"),
	("华东食品补货", "华东仓", [("SP-003", 24)], "Completed"),
	("华南试销品调拨", "华南仓", [("YL-002", 24)], "Closed"),
	("华东误建调拨", "华东仓", [("YL-001", 24)], "Cancelled"),
]

# 盘点单 demo, one per status, counted by the keeper and 周洁: (title, warehouse, [(item code, counted
# minus book)], count mode, freeze mode, qty tolerance %, status to reach). A line whose difference is
# beyond the tolerance goes to the other counter for a recount; "Pending Approval" is over 1 000 yuan
# of difference (rule 盘点差异审批).
STOCKTAKE_DEMO = [
	("华南仓饮料月度盘点", "华南仓", [("YL-001", 0), ("YL-002", 0)], "Blind", "Track", 0, "Draft"),
	("华东仓日用品盘点", "华东仓", [("RY-001", 0), ("RY-003", 0)], "Blind", "Track", 0, "Counting"),
	("华东仓饮料抽盘", "华东仓", [("YL-001", 0), ("YL-002", -10)], "Blind", "Track", 2, "Recount"),
	("华南仓办公用品盘点", "华南仓", [("BG-001", -1)], "Open", "Track", 5, "Counted"),
	("总仓电子产品盘点", "总仓", [("DZ-002", -12)], "Blind", "Track", 50, "Pending Approval"),
	("总仓洗衣液盘点", "总仓", [("RY-003", 2)], "Blind", "Block", 10, "Posted"),
	("华东仓临时盘点", "华东仓", [("BG-001", 0)], "Open", "Track", 0, "Cancelled"),
]
