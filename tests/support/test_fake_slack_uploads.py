"""The fake Slack's files upload v2 flow, driven by slack_sdk's own files_upload_v2."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.support.fake_slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def _client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def test_an_upload_records_the_bytes_and_where_they_were_shared(fake: FakeSlack) -> None:
    content = "id,message\n1,ünïcödé\n".encode()
    response = _client(fake).files_upload_v2(
        channel="DUHR", content=content, filename="k.csv", title="Kudos", initial_comment="hi"
    )
    assert response["file"]["name"] == "k.csv"
    [upload] = fake.uploaded_files
    assert (upload.channel_id, upload.filename, upload.title) == ("DUHR", "k.csv", "Kudos")
    assert (upload.initial_comment, upload.content) == ("hi", content)
    [url_call] = fake.calls_to("files.getUploadURLExternal")
    assert url_call.params["length"] == str(len(content))
    fake.reset()
    assert fake.uploaded_files == []


def test_a_user_id_is_not_a_channel_for_uploads(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as refused:
        _client(fake).files_upload_v2(channel="UHR", content=b"x", filename="k.csv")
    assert refused.value.response["error"] == "invalid_arguments"
    assert fake.uploaded_files == []


def test_completing_an_upload_that_never_happened_fails(fake: FakeSlack) -> None:
    client = _client(fake)
    started = client.files_getUploadURLExternal(filename="k.csv", length=3)
    with pytest.raises(SlackApiError) as refused:
        client.files_completeUploadExternal(files=[{"id": started["file_id"]}], channel_id="D1")
    assert refused.value.response["error"] == "file_not_found"
    assert started["upload_url"] == fake.upload_url(str(started["file_id"]))


def test_failures_can_be_injected(fake: FakeSlack) -> None:
    fake.fail("files.completeUploadExternal", "file_type_not_allowed", times=1)
    with pytest.raises(SlackApiError):
        _client(fake).files_upload_v2(channel="D1", content=b"x", filename="k.csv")
    assert fake.uploaded_files == []
