"""What the tests share: a fake Slack Web API, live servers, signed requests, databases."""
