import pytest

from jxc_app.rules.barcode import ean13_check_digit, is_valid_ean13, make_ean13
from jxc_app.rules.lists import add_to_csv_list, remove_from_csv_list
from jxc_app.rules.money import rmb_in_words
from jxc_app.rules.pinyin import pinyin_initials


@pytest.mark.parametrize(
	("text", "expected"),
	[
		("可口可乐 330ml", "kkkl330ml"),
		("得力A4复印纸", "dla4fyz"),
		("重庆火锅底料", "cqhgdl"),  # 重 read as chong in 重庆
		("银行", "yh"),  # phrase reading, not xing
		("", ""),
		(None, ""),
		("TP-LINK 路由器", "tplinklyq"),
	],
)
def test_pinyin_initials(text, expected):
	assert pinyin_initials(text) == expected


def test_pinyin_initials_are_capped_to_the_field_length():
	assert len(pinyin_initials("可" * 500)) == 140


@pytest.mark.parametrize(
	("amount", "expected"),
	[
		(0, "零元整"),
		(1, "壹元整"),
		(123.45, "壹佰贰拾叁元肆角伍分"),
		("100010.01", "壹拾万零壹拾元零壹分"),
		(1000000, "壹佰万元整"),
		(-5.2, "负伍元贰角"),
		(0.005, "壹分"),  # rounds half up to the fen
		(None, "零元整"),
	],
)
def test_rmb_in_words(amount, expected):
	assert rmb_in_words(amount) == expected


def test_ean13():
	# a real GS1 example: 6901234567892
	assert ean13_check_digit("690123456789") == "2"
	assert is_valid_ean13("6901234567892")
	assert not is_valid_ean13("6901234567893")
	assert not is_valid_ean13("690123456789")
	assert is_valid_ean13(make_ean13("690123400001"))
	with pytest.raises(ValueError):
		ean13_check_digit("12345")


def test_csv_list_helpers_are_idempotent():
	standard = "item_name,description, item_group"
	once = add_to_csv_list(standard, ["jxc_pinyin_abbr"])
	assert once == "item_name,description,item_group,jxc_pinyin_abbr"
	assert add_to_csv_list(once, ["jxc_pinyin_abbr"]) == once
	assert remove_from_csv_list(once, ["jxc_pinyin_abbr"]) == "item_name,description,item_group"
	assert add_to_csv_list("", ["a"]) == "a"
	assert remove_from_csv_list(None, ["a"]) == ""
