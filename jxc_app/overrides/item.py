from jxc_app.utils.pinyin_search import set_pinyin_initials


def validate(doc, method=None):
	set_pinyin_initials(doc)
