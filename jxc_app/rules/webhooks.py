"""Group-robot messages for 企业微信 (WeCom), 钉钉 (DingTalk) and 飞书 (Feishu), in each one's format."""

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

PLATFORMS = ("WeCom", "DingTalk", "Feishu")


def robot_payload(
	platform: str, title: str, lines: list[str], *, timestamp: int | None = None, secret: str | None = None
) -> dict:
	text = "\n".join(lines)
	if platform == "WeCom":
		# markdown messages render in 企业微信 group robots
		return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}
	if platform == "DingTalk":
		return {
			"msgtype": "markdown",
			"markdown": {"title": title, "text": f"#### {title}\n" + "\n\n".join(lines)},
		}
	if platform == "Feishu":
		payload = {"msg_type": "text", "content": {"text": f"{title}\n{text}"}}
		if secret:
			payload.update(timestamp=str(timestamp), sign=feishu_sign(timestamp, secret))
		return payload
	raise ValueError(f"unknown platform {platform!r}")


def dingtalk_signed_url(url: str, timestamp_ms: int, secret: str) -> str:
	"""DingTalk's 加签: HmacSHA256 of "timestamp\\nsecret" keyed by the secret, base64, url-encoded."""
	string_to_sign = f"{timestamp_ms}\n{secret}".encode()
	digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
	sign = quote_plus(base64.b64encode(digest))
	separator = "&" if "?" in url else "?"
	return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def feishu_sign(timestamp: int, secret: str) -> str:
	"""Feishu's 签名校验: HmacSHA256 keyed by "timestamp\\nsecret" over an empty message, base64."""
	key = f"{timestamp}\n{secret}".encode()
	return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
