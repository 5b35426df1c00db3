import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlparse

import pytest

from jxc_app.rules.webhooks import dingtalk_signed_url, feishu_sign, robot_payload


def test_wecom_payload():
	payload = robot_payload("WeCom", "待审批", ["采购订单 PO-001", "金额 ¥1,000.00"])
	assert payload == {
		"msgtype": "markdown",
		"markdown": {"content": "**待审批**\n采购订单 PO-001\n金额 ¥1,000.00"},
	}


def test_dingtalk_payload_and_signature():
	payload = robot_payload("DingTalk", "待审批", ["a", "b"])
	assert payload["msgtype"] == "markdown" and payload["markdown"]["title"] == "待审批"
	url = dingtalk_signed_url("https://robot.example/send?access_token=x", 1700000000000, "SECabc")
	query = parse_qs(urlparse(url).query)
	expected = base64.b64encode(
		hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()
	).decode()
	assert query["timestamp"] == ["1700000000000"] and query["sign"] == [expected]
	assert query["access_token"] == ["x"]


def test_feishu_payload_with_and_without_signature():
	assert robot_payload("Feishu", "t", ["x"]) == {"msg_type": "text", "content": {"text": "t\nx"}}
	signed = robot_payload("Feishu", "t", ["x"], timestamp=1700000000, secret="s")
	assert signed["timestamp"] == "1700000000"
	assert signed["sign"] == feishu_sign(1700000000, "s")
	assert (
		signed["sign"] == base64.b64encode(hmac.new(b"1700000000\ns", b"", hashlib.sha256).digest()).decode()
	)


def test_unknown_platform():
	with pytest.raises(ValueError):
		robot_payload("Slack", "t", [])
