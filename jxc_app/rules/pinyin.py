"""Pinyin initials (拼音首字母) so users can find 可口可乐 by typing ``kkkl``."""

import re

from pypinyin import Style, lazy_pinyin

_KEEP = re.compile(r"[0-9a-z]+")


def pinyin_initials(text: str | None, max_length: int = 140) -> str:
	"""Lower-case initials of the Chinese characters, ASCII letters and digits kept as typed.

	>>> pinyin_initials("可口可乐 330ml")
	'kkkl330ml'
	"""
	if not text:
		return ""
	parts = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
	joined = "".join(_KEEP.findall("".join(parts).lower()))
	return joined[:max_length]
