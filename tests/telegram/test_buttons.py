"""Callback data: short, stable, and unknown data decodes to nothing."""

from __future__ import annotations

import pytest

from bot.telegram.buttons import More, ShowArticle, article_key, decode, encode


@pytest.mark.parametrize("data", [More(0), More(3), More(999_999), ShowArticle(1, article_key("a")), ShowArticle(12, article_key("x" * 500))])
def test_round_trip_within_64_bytes(data: More | ShowArticle) -> None:
    text = encode(data)
    assert len(text.encode("utf-8")) <= 64
    assert decode(text) == data


def test_article_key_is_stable_and_url_safe() -> None:
    key = article_key("nrk/2020/ære-være")
    assert key == article_key("nrk/2020/ære-være") != article_key("nrk/2020/ære-vær")
    assert len(key) == 12 and key.replace("-", "").replace("_", "").isalnum()


@pytest.mark.parametrize("text", [None, "", "m:", "m:-1", "m:x", "a:1", "a:1:short", "a:x:" + "a" * 12, "old-format", "m:3:extra"])
def test_unknown_data_decodes_to_none(text: str | None) -> None:
    assert decode(text) is None
