"""Self-tests for the end-to-end kit: FakeSlack must speak what slack_sdk speaks."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.support.fake_slack import ApiCall, FakeSlack, ResponseCall
from tests.support.slack_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    SlackSender,
    event_body,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
)

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Thanks* <@U1>!"}}]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A running FakeSlack, stopped after the test."""
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    """A real slack_sdk WebClient pointed at the fake."""
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def test_urls_have_expected_shape(fake: FakeSlack) -> None:
    assert fake.api_url == f"http://127.0.0.1:{fake.port}/api/"
    assert fake.response_url("cmd") == f"http://127.0.0.1:{fake.port}/response/cmd"


def test_auth_test(fake: FakeSlack, client: WebClient) -> None:
    response = client.auth_test()
    assert response["user_id"] == "UBOT"
    assert response["bot_id"] == "BBOT"
    assert response["team_id"] == "T0TEST"
    assert fake.calls_to("auth.test") == [ApiCall("auth.test", {}, "xoxb-test")]


def test_users_info_for_registered_bot(fake: FakeSlack, client: WebClient) -> None:
    fake.add_user("UROBOT", name="robot", is_bot=True, tz="America/New_York")
    user = client.users_info(user="UROBOT")["user"]
    assert user["id"] == "UROBOT"
    assert user["is_bot"] is True
    assert user["name"] == "robot"
    assert user["tz"] == "America/New_York"
    assert user["tz_offset"] in {-5 * 3600, -4 * 3600}
    assert user["profile"]["display_name"] == "robot"
    assert fake.calls_to("users.info")[0].params == {"user": "UROBOT"}


def test_users_info_for_unknown_user_is_default_human(client: WebClient) -> None:
    user = client.users_info(user="UALICE")["user"]
    assert (user["id"], user["is_bot"], user["deleted"]) == ("UALICE", False, False)
    assert user["tz"] == "Europe/Berlin"
    assert user["tz_offset"] in {3600, 7200}


def test_post_message_with_blocks(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="CGENERAL", text="thanks", blocks=BLOCKS)
    second = client.chat_postMessage(channel="CGENERAL", text="again")
    assert first["channel"] == "CGENERAL"
    assert first["message"]["blocks"] == BLOCKS
    assert float(second["ts"]) > float(first["ts"])
    call = fake.wait_for_calls("chat.postMessage", count=2)[0]
    assert call.params["blocks"] == BLOCKS
    assert call.token == "xoxb-test"


def test_form_encoded_json_fields_are_decoded(fake: FakeSlack, client: WebClient) -> None:
    params = {"channel": "C1", "blocks": json.dumps(BLOCKS), "attachments": "[]"}
    client.api_call("chat.postMessage", params=params)
    [call] = fake.calls_to("chat.postMessage")
    assert call.params == {"channel": "C1", "blocks": BLOCKS, "attachments": []}


def test_views_publish_sent_as_json(fake: FakeSlack, client: WebClient) -> None:
    view = {"type": "home", "blocks": BLOCKS}
    response = client.views_publish(user_id="UALICE", view=view)
    assert response["view"]["type"] == "home"
    assert response["view"]["id"]
    assert fake.calls_to("views.publish")[0].params == {"user_id": "UALICE", "view": view}


def test_conversations_helpers(fake: FakeSlack, client: WebClient) -> None:
    fake.set_channel_members("CTEAM", ["U1", "U2", "U3"])
    assert client.conversations_open(users=["UALICE"])["channel"]["id"] == "DUALICE"
    assert client.conversations_members(channel="CTEAM")["members"] == ["U1", "U2", "U3"]
    assert client.conversations_members(channel="CNONE")["members"] == []
    pages = [page["members"] for page in client.conversations_members(channel="CTEAM", limit=2)]
    assert pages == [["U1", "U2"], ["U3"]]
    assert client.conversations_info(channel="CGENERAL")["channel"]["name"] == "general"


def test_query_string_params_and_form_token(fake: FakeSlack) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", fake.port, timeout=5)
    body = "token=xoxb-form&limit=5"
    headers = {"Content-Type": f"{FORM_CONTENT_TYPE}; charset=utf-8"}
    connection.request("POST", "/api/conversations.members?channel=CQ", body, headers)
    answer = json.loads(connection.getresponse().read())
    connection.close()
    assert answer["ok"] is True
    assert fake.calls_to("conversations.members") == [
        ApiCall("conversations.members", {"channel": "CQ", "limit": "5"}, "xoxb-form")
    ]


def test_unknown_method_and_missing_token(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        client.api_call("reactions.add")
    assert unknown.value.response["error"] == "unknown_method"
    with pytest.raises(SlackApiError) as unauthed:
        WebClient(base_url=fake.api_url).auth_test()
    assert unauthed.value.response["error"] == "not_authed"
    assert fake.calls_to("auth.test")[-1].token is None


def test_fail_surfaces_as_slack_api_error(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", "channel_not_found", times=1, when=lambda p: p["channel"] == "CX")
    client.chat_postMessage(channel="COK", text="unaffected")
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="CX", text="hello")
    assert excinfo.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="CX", text="hello")["ok"] is True
    assert len(fake.calls_to("chat.postMessage")) == 3


def test_rate_limit_honoured_by_retry_handler(fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", retry_after=0)
    client = WebClient(
        token="xoxb-test",
        base_url=fake.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    assert client.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert len(fake.calls_to("chat.postMessage")) == 2  # the 429, then the retry


def test_rate_limit_without_retry_handler(fake: FakeSlack, client: WebClient) -> None:
    fake.rate_limit("users.info", retry_after=7, times=1)
    client.retry_handlers = []
    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="U1")
    assert excinfo.value.response.status_code == 429
    headers = {k.lower(): v for k, v in excinfo.value.response.headers.items()}
    assert headers["retry-after"] == "7"
    assert excinfo.value.response["error"] == "ratelimited"


def test_reset_clears_recordings_and_rules_not_users(fake: FakeSlack, client: WebClient) -> None:
    fake.add_user("UROBOT", is_bot=True)
    fake.fail("auth.test", "invalid_auth")
    fake.reset()
    assert client.auth_test()["ok"] is True
    assert client.users_info(user="UROBOT")["user"]["is_bot"] is True
    assert [c.method for c in fake.calls] == ["auth.test", "users.info"]


def test_webhook_client_post_recorded(fake: FakeSlack) -> None:
    response = WebhookClient(fake.response_url("x")).send(text="hi")
    assert (response.status_code, response.body) == (200, "ok")
    assert fake.wait_for_responses("x") == [ResponseCall("x", {"text": "hi"})]
    assert fake.responses() == fake.responses("x")
    assert fake.responses("other") == []


def test_wait_for_calls_times_out_with_dump(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()
    with pytest.raises(AssertionError, match=r"chat\.postMessage") as excinfo:
        fake.wait_for_calls("chat.postMessage", timeout=0.05)
    assert "auth.test" in str(excinfo.value)
    with pytest.raises(AssertionError, match="response"):
        fake.wait_for_responses("never", timeout=0.01)


def test_signed_headers_verified_by_slack_sdk() -> None:
    body = slash_command_body(text="<@U1> thanks", response_url="https://hooks.example/x")
    headers = signed_headers(body, signing_secret="s3cret", content_type=FORM_CONTENT_TYPE)
    verifier = SignatureVerifier("s3cret")
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("wrong").is_valid_request(body, headers)
    stale = signed_headers(body, signing_secret="s3cret", timestamp=1, content_type="x")
    assert not verifier.is_valid_request(body, stale)


def test_request_bodies_look_like_slack() -> None:
    command = parse_qs(slash_command_body(text="hi", response_url="https://r").decode())
    assert command["command"] == ["/kudos"]
    assert command["trigger_id"][0].count(".") == 2
    assert command["is_enterprise_install"] == ["false"]
    envelope = json.loads(event_body({"type": "app_mention"}, event_id="Ev1"))
    assert (envelope["type"], envelope["event_id"]) == ("event_callback", "Ev1")
    assert envelope["authorizations"][0]["user_id"] == "UBOT"
    payload = parse_qs(interaction_body({"type": "shortcut"}).decode())["payload"][0]
    assert json.loads(payload) == {"type": "shortcut"}


def test_post_returns_status_without_raising(fake: FakeSlack) -> None:
    body = json.dumps({"text": "done"}).encode()
    ok = post(fake.response_url("p"), body, {"Content-Type": JSON_CONTENT_TYPE}, retry_num=1)
    bad = post(fake.response_url("p"), b"not json", {"Content-Type": JSON_CONTENT_TYPE})
    missing = post(f"http://127.0.0.1:{fake.port}/nowhere", b"", {})
    assert (ok.status, ok.text) == (200, "ok")
    assert (bad.status, missing.status) == (400, 404)
    assert ok.header("content-type") is not None
    assert fake.responses("p")[0].body == {"text": "done"}


class _CaptureHandler(BaseHTTPRequestHandler):
    """Records each POST's headers and body on the server, answers 200."""

    server: _CaptureServer

    def do_POST(self) -> None:
        """Capture the request."""
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.captured.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


class _CaptureServer(HTTPServer):
    """A one-thread HTTP server that keeps what it received."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _CaptureHandler)
        self.captured: list[tuple[dict[str, str], bytes]] = []


def test_slack_sender_signs_and_adds_retry_headers() -> None:
    server = _CaptureServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
        sender = SlackSender(url, "s3cret", response_url="https://hooks.example/r")
        results = [
            sender.command("hello"),
            sender.event({"type": "app_mention"}, event_id="Ev1", retry_num=1, retry_reason="x"),
            sender.interaction({"type": "shortcut"}),
        ]
    finally:
        server.shutdown()
        server.server_close()
    assert [r.status for r in results] == [200, 200, 200]
    verifier = SignatureVerifier("s3cret")
    assert all(verifier.is_valid_request(body, headers) for headers, body in server.captured)
    command_headers, command_body = server.captured[0]
    assert parse_qs(command_body.decode())["response_url"] == ["https://hooks.example/r"]
    assert command_headers["Content-Type"] == FORM_CONTENT_TYPE
    event_headers = server.captured[1][0]
    assert (event_headers["X-Slack-Retry-Num"], event_headers["X-Slack-Retry-Reason"]) == ("1", "x")
    assert "X-Slack-Retry-Num" not in server.captured[2][0]


# -- latency, rate limits, outcomes, faults and response_url limits -----------------------------

_CLIENT_ERRORS = (urllib.error.URLError, ConnectionResetError, http.client.RemoteDisconnected)


def _bare_client(fake: FakeSlack, timeout: int = 30) -> WebClient:
    """A WebClient that never retries by itself."""
    return WebClient(token="xoxb-1", base_url=fake.api_url, retry_handlers=[], timeout=timeout)


def _post_json(url: str, payload: dict[str, Any], timeout: float = 5.0) -> tuple[int, str]:
    """POST JSON with urllib; the HTTP status and body text (no raise for HTTP errors)."""
    headers = {"Content-Type": JSON_CONTENT_TYPE}
    body = json.dumps(payload).encode()
    request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return int(answer.status), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run ``work`` in a daemon thread; its result (or exception) lands in the list."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_latency_lets_concurrent_calls_overlap() -> None:
    with FakeSlack(latency=(0.2, 0.2)) as fake:
        workers = [_in_thread(_bare_client(fake).auth_test) for _ in range(20)]
        for thread, _ in workers:
            thread.join(timeout=30)
        results = [outcome[0] for _, outcome in workers]
        assert all(not isinstance(r, Exception) and r["ok"] is True for r in results), results
        assert len(fake.delivered("auth.test")) == 20


def test_latency_delays_api_and_response_url_answers(fake: FakeSlack) -> None:
    fake.set_latency(3.0, 3.0)
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        _bare_client(fake, timeout=1).auth_test()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        _post_json(fake.response_url("slow"), {"text": "hi"}, timeout=0.5)
    assert [c.ok for c in fake.calls_to("auth.test")] == [True]  # answered ok, but late
    assert fake.wait_for_responses("slow")[0].ok is True
    fake.set_latency(None)
    assert _bare_client(fake, timeout=5).auth_test()["ok"] is True
    assert _post_json(fake.response_url("fast"), {"text": "hi"}) == (200, "ok")


def test_invalid_settings_are_refused(fake: FakeSlack) -> None:
    with pytest.raises(ValueError, match="latency"):
        FakeSlack(latency=(0.5, 0.1))
    with pytest.raises(ValueError, match="latency"):
        fake.set_latency(-1)
    with pytest.raises(ValueError, match="per_second"):
        fake.enforce_channel_rate(0)
    with pytest.raises(ValueError, match="seconds"):
        fake.hang("auth.test", -1)
    with pytest.raises(ValueError, match="status"):
        fake.http_error("auth.test", 200)


def test_channel_rate_limits_each_channel_of_post_message(fake: FakeSlack) -> None:
    fake.enforce_channel_rate(per_second=0.01, burst=3)
    client = _bare_client(fake)
    for _ in range(3):
        assert client.chat_postMessage(channel="CA", text="hi")["ok"] is True
    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel="CA", text="one too many")
    assert limited.value.response.status_code == 429
    assert limited.value.response["error"] == "ratelimited"
    headers = {k.lower(): v for k, v in limited.value.response.headers.items()}
    assert 1 <= int(headers["retry-after"]) <= 100
    assert client.chat_postMessage(channel="CB", text="other channel")["ok"] is True
    assert client.chat_postEphemeral(channel="CA", user="U1", text="not limited")["ok"] is True
    assert [c.ok for c in fake.calls_to("chat.postMessage")] == [True, True, True, False, True]
    assert len(fake.delivered("chat.postMessage")) == 4
    fake.enforce_channel_rate(None)
    assert client.chat_postMessage(channel="CA", text="unlimited")["ok"] is True


def test_channel_rate_bucket_refills(fake: FakeSlack) -> None:
    fake.enforce_channel_rate(per_second=10, burst=1)
    client = _bare_client(fake)
    assert client.chat_postMessage(channel="CA", text="first")["ok"] is True
    time.sleep(0.15)  # at least 1.5 tokens' worth of refill
    assert client.chat_postMessage(channel="CA", text="refilled")["ok"] is True


def test_reset_refills_buckets_but_keeps_the_channel_rate(fake: FakeSlack) -> None:
    fake.enforce_channel_rate(per_second=0.01, burst=1)
    client = _bare_client(fake)
    assert client.chat_postMessage(channel="CA", text="1")["ok"] is True
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="CA", text="2")
    fake.reset()
    assert client.chat_postMessage(channel="CA", text="3")["ok"] is True
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="CA", text="4")
    assert [c.ok for c in fake.calls] == [True, False]


def test_outcomes_are_recorded(fake: FakeSlack) -> None:
    client = _bare_client(fake)
    fake.fail("auth.test", "invalid_auth", times=1)
    fake.rate_limit("auth.test", retry_after=0)
    for _ in range(2):
        with pytest.raises(SlackApiError):
            client.auth_test()
    assert client.auth_test()["ok"] is True
    assert [c.ok for c in fake.calls_to("auth.test")] == [False, False, True]
    assert fake.delivered("auth.test") == [ApiCall("auth.test", {}, "xoxb-1", ok=True)]
    assert fake.wait_for_delivered("auth.test") == fake.delivered("auth.test")
    assert "ok=NO" in fake.dump()
    with pytest.raises(AssertionError, match="delivered"):
        fake.wait_for_delivered("auth.test", count=2, timeout=0.05)


def test_wait_for_delivered_waits_for_a_custom_answer(fake: FakeSlack) -> None:
    release = threading.Event()

    def blocked(params: dict[str, Any]) -> dict[str, Any]:
        release.wait(timeout=10)
        return {"ok": True, "user": {"id": params["user"]}}

    fake.set_answer("users.info", blocked)
    thread, outcome = _in_thread(lambda: _bare_client(fake).users_info(user="U1"))
    [pending] = fake.wait_for_calls("users.info")
    assert (pending.ok, fake.delivered("users.info")) == (False, [])
    release.set()
    [delivered] = fake.wait_for_delivered("users.info")
    assert delivered == ApiCall("users.info", {"user": "U1"}, "xoxb-1", ok=True)
    thread.join(timeout=10)
    assert outcome[0]["user"]["id"] == "U1"


def test_custom_failure_answer_is_not_delivered(fake: FakeSlack) -> None:
    fake.set_answer("users.info", {"ok": False, "error": "user_not_found"})
    with pytest.raises(SlackApiError):
        _bare_client(fake).users_info(user="U1")
    assert [c.ok for c in fake.calls_to("users.info")] == [False]


def test_rate_limit_when_predicate(fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", retry_after=2, when=lambda p: p["channel"] == "CX")
    client = _bare_client(fake)
    assert client.chat_postMessage(channel="COK", text="unaffected")["ok"] is True
    with pytest.raises(SlackApiError) as limited:
        client.chat_postMessage(channel="CX", text="limited")
    assert limited.value.response.status_code == 429
    assert client.chat_postMessage(channel="CX", text="used up")["ok"] is True


def test_http_error_answers_an_html_page(fake: FakeSlack) -> None:
    fake.http_error("chat.postMessage", 503, when=lambda p: p["channel"] == "CX")
    client = _bare_client(fake)
    assert client.chat_postMessage(channel="COK", text="unaffected")["ok"] is True
    with pytest.raises(SlackApiError) as failed:
        client.chat_postMessage(channel="CX", text="down")
    assert failed.value.response.status_code == 503
    assert "non-JSON" in failed.value.response["error"]
    assert client.chat_postMessage(channel="CX", text="back")["ok"] is True
    assert [c.ok for c in fake.calls_to("chat.postMessage")] == [True, False, True]


def test_rules_apply_in_the_order_added(fake: FakeSlack) -> None:
    fake.fail("auth.test", "invalid_auth", times=1)
    fake.http_error("auth.test", 500, times=1)
    client = _bare_client(fake)
    with pytest.raises(SlackApiError) as first:
        client.auth_test()
    with pytest.raises(SlackApiError) as second:
        client.auth_test()
    assert (first.value.response.status_code, first.value.response["error"]) == (
        200,
        "invalid_auth",
    )
    assert second.value.response.status_code == 500
    assert client.auth_test()["ok"] is True


def test_reset_connection_raises_in_the_client(fake: FakeSlack) -> None:
    fake.reset_connection("chat.postMessage", when=lambda p: p["channel"] == "CX")
    client = _bare_client(fake)
    assert client.chat_postMessage(channel="COK", text="unaffected")["ok"] is True
    with pytest.raises(_CLIENT_ERRORS):
        client.chat_postMessage(channel="CX", text="reset")
    assert client.chat_postMessage(channel="CX", text="used up")["ok"] is True
    assert [c.ok for c in fake.calls_to("chat.postMessage")] == [True, False, True]


def test_reset_connection_is_retried_by_the_default_client(fake: FakeSlack) -> None:
    fake.reset_connection("auth.test")
    assert WebClient(token="xoxb-1", base_url=fake.api_url).auth_test()["ok"] is True
    assert [c.ok for c in fake.calls_to("auth.test")] == [False, True]


def test_hang_times_out_a_client_and_is_used_up(fake: FakeSlack) -> None:
    fake.hang("auth.test", 3.0)
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        _bare_client(fake, timeout=1).auth_test()
    assert _bare_client(fake, timeout=5).auth_test()["ok"] is True
    assert [c.ok for c in fake.calls_to("auth.test")] == [True, True]


def test_hang_does_not_hold_up_other_calls(fake: FakeSlack) -> None:
    fake.hang("users.info", 60.0)
    thread, outcome = _in_thread(lambda: _bare_client(fake).users_info(user="U1"))
    fake.wait_for_calls("users.info")
    assert _bare_client(fake).auth_test()["ok"] is True
    assert thread.is_alive()  # still hanging, yet auth.test was answered
    fake.stop()  # answers delayed calls at once
    thread.join(timeout=10)
    assert outcome[0]["user"]["id"] == "U1"


def test_response_url_accepts_five_posts(fake: FakeSlack) -> None:
    url = fake.response_url("r")
    assert [_post_json(url, {"n": n}) for n in range(5)] == [(200, "ok")] * 5
    assert _post_json(url, {"n": 5}) == (404, "used_url")
    assert _post_json(url, {"n": 6}) == (404, "used_url")
    assert [r.ok for r in fake.responses("r")] == [True] * 5 + [False] * 2
    assert [r.body["n"] for r in fake.delivered_responses("r")] == [0, 1, 2, 3, 4]
    assert _post_json(fake.response_url("other"), {}) == (200, "ok")
    fake.reset()
    assert _post_json(url, {"n": 7}) == (200, "ok")


def test_invalid_payload_does_not_use_up_a_response_url(fake: FakeSlack) -> None:
    headers = {"Content-Type": JSON_CONTENT_TYPE}
    for _ in range(6):
        assert post(fake.response_url("r"), b"not json", headers).status == 400
    assert _post_json(fake.response_url("r"), {"text": "hi"}) == (200, "ok")
    assert [r.ok for r in fake.responses("r")] == [False] * 6 + [True]


def test_expired_response_url(fake: FakeSlack) -> None:
    assert _post_json(fake.response_url("e"), {"text": "in time"}) == (200, "ok")
    fake.expire_response_url("e")
    assert _post_json(fake.response_url("e"), {"text": "late"}) == (404, "expired_url")
    assert [r.ok for r in fake.responses("e")] == [True, False]
    fake.reset()
    assert _post_json(fake.response_url("e"), {"text": "again"}) == (200, "ok")
