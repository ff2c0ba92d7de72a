"""The SMS HttpGateway against a real HTTP server on 127.0.0.1 that records what it receives and
answers as scripted: success, a 500 then success (tried again), a 400 (not tried again), a
gateway that does not answer in time, and one that is not there."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from brobygger.core import sms
from brobygger.core.models import SmsDelivery

NUMBER = "+4520304050"
TEXT = "Velkommen til fællesskabet torsdag kl. 10"
TOKEN = "gateway-secret-token"


@dataclass
class Gateway:
    """What the server answers, in order (status, JSON body; status None: never answer), and
    what it received."""

    script: list[tuple[int | None, dict]]
    received: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""


@contextmanager
def gateway_server(*script: tuple[int | None, dict]) -> Iterator[Gateway]:
    gateway = Gateway(script=list(script))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                gateway.received.append({"path": self.path, "headers": dict(self.headers),
                                         "json": json.loads(body)})  # fmt: skip
                status, answer = gateway.script.pop(0) if gateway.script else (200, {})
            if status is None:
                gateway.release.wait(60)  # the client gives up first
                return
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    try:
        yield gateway
    finally:
        gateway.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


def _gateway(url: str, **options) -> sms.HttpGateway:
    return sms.HttpGateway(url, TOKEN, **{"timeout": 5, "retries": 2, "backoff": (0.01,),
                                          **options})  # fmt: skip


def _message() -> sms.SmsMessage:
    return sms.SmsMessage(to=NUMBER, body=TEXT, sender="Brobygger")


@pytest.mark.django_db
def test_it_posts_json_with_the_token_and_records_the_message_id(settings):
    with gateway_server((200, {"id": "gw-1"})) as gateway:
        settings.SMS_BACKEND = "brobygger.core.sms.HttpGateway"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_TOKEN = TOKEN
        assert sms.send_sms(to="20 30 40 50", body=TEXT) == 1
    [request] = gateway.received
    assert request["path"] == "/v1/sms"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Content-Type"] == "application/json"
    sent = request["json"]
    assert (sent["to"], sent["message"], sent["from"]) == (NUMBER, TEXT, "Brobygger")
    delivery = SmsDelivery.objects.get()
    assert (delivery.reference, delivery.gateway_id) == (sent["reference"], "gw-1")


@pytest.mark.django_db
def test_a_5xx_is_tried_again_with_the_same_reference(caplog):
    script = ((500, {"error": "busy"}), (200, {"message_id": "gw-2"}))
    with (
        caplog.at_level(logging.INFO, logger="brobygger.core.sms"),
        gateway_server(*script) as gateway,
    ):
        backend = _gateway(gateway.url)
        assert backend.send_messages([_message()]) == 1
    first, second = gateway.received
    assert first["json"] == second["json"]  # one reference: a gateway can deduplicate
    assert backend.message_ids == ["gw-2"]
    assert SmsDelivery.objects.get().gateway_id == "gw-2"
    assert "HTTP 500" in caplog.text and "gw-2" in caplog.text
    assert "20304050" not in caplog.text and "fællesskabet" not in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.django_db
def test_a_4xx_is_not_tried_again_and_says_so():
    with (
        gateway_server((400, {"error": f"bad number {NUMBER}"})) as gateway,
        pytest.raises(sms.SmsGatewayError, match=r"refused .* \(HTTP 400\)") as error,
    ):
        _gateway(gateway.url).send_messages([_message()])
    assert len(gateway.received) == 1
    assert "20304050" not in str(error.value)
    assert not SmsDelivery.objects.exists()


@pytest.mark.django_db
def test_a_gateway_that_does_not_answer_in_time_is_tried_again_then_fails():
    with gateway_server((None, {}), (None, {})) as gateway:
        backend = _gateway(gateway.url, timeout=0.5, retries=1)
        with pytest.raises(sms.SmsGatewayError, match=r"after 2 tries \(last: timed out\)"):
            backend.send_messages([_message()])
    assert len(gateway.received) == 2
    assert not SmsDelivery.objects.exists()


@pytest.mark.django_db
def test_a_gateway_that_is_not_there_is_a_clear_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/sms"
    with pytest.raises(sms.SmsGatewayError, match=r"after 3 tries \(last: ConnectionRefused"):
        _gateway(url).send_messages([_message()])


def test_it_needs_a_url(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(sms.SmsGatewayError, match="SMS_GATEWAY_URL"):
        sms.HttpGateway()
