from jxc_app.jxc_alerts.limits import validate_stock_limits
from jxc_app.utils.pinyin_search import set_pinyin_initials


def validate(doc, method=None):
	set_pinyin_initials(doc)
	validate_stock_limits(doc)
