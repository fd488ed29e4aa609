"""Delivery backends, chosen by settings.LIANLUO_NOTIFICATION_BACKENDS per channel.

- console: writes to the log (development);
- file: appends to var/outbox.log (development, demos, tests of the whole path);
- site: nothing to send, the member reads it in Lianluo;
- email: Django's e-mail framework (EMAIL_* settings);
- sms: an HTTP gateway (LIANLUO_SMS_GATEWAY_URL); refuses to run unconfigured.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger("lianluo.notifications")


class DeliveryError(Exception):
    pass


def deliver_console(message, address: str) -> None:
    logger.info(
        "通知 [%s] %s → %s：%s", message.channel, message.subject, address or "站内", message.body
    )


def deliver_file(message, address: str) -> None:
    path = settings.VAR_DIR / "outbox.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {
        "id": message.pk,
        "channel": message.channel,
        "to": address,
        "subject": message.subject,
        "body": message.body,
    }
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def deliver_site(message, address: str) -> None:
    return None


def deliver_email(message, address: str) -> None:
    if not address:
        raise DeliveryError("没有电子邮件地址")
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [address])


def deliver_sms(message, address: str) -> None:
    url = settings.LIANLUO_SMS_GATEWAY_URL
    if not url:
        raise DeliveryError("未配置短信网关（LIANLUO_SMS_GATEWAY_URL）")
    if not address:
        raise DeliveryError("没有手机号")
    payload = json.dumps(
        {"mobile": address, "text": f"【{message.subject}】{message.body}"}
    ).encode()
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=payload, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured gateway)
            if response.status >= 300:
                raise DeliveryError(f"短信网关返回 {response.status}")
    except OSError as exc:
        raise DeliveryError(f"短信网关不可用：{exc}") from exc


BACKENDS = {
    "console": deliver_console,
    "file": deliver_file,
    "site": deliver_site,
    "email": deliver_email,
    "sms": deliver_sms,
}
