"""Channel rules: names, splitting a series into posts, the size each channel gets, how X counts text."""

from __future__ import annotations

import pytest

from cardnews.bundle.channels import CHANNELS, channel_sizes, parse_channels, split_posts, x_length
from cardnews.errors import InputError
from cardnews.layout.sizes import SIZES


def test_channels_are_given_in_their_usual_order_once():
    assert [c.name for c in parse_channels("x, instagram,x")] == ["instagram", "x"]


def test_all_means_every_channel():
    assert [c.name for c in parse_channels("all")] == list(CHANNELS)


def test_an_unknown_channel_is_named_with_the_choices():
    with pytest.raises(InputError, match=r"unknown channel tiktok; choose from instagram, x, kakao, facebook, naver"):
        parse_channels("instagram,tiktok")


@pytest.mark.parametrize(
    ("channel", "count", "posts"),
    [
        ("x", 8, [4, 4]),
        ("x", 4, [4]),
        ("x", 9, [3, 3, 3]),
        ("x", 10, [4, 3, 3]),
        ("instagram", 8, [8]),
        ("instagram", 12, [6, 6]),
        ("kakao", 7, [4, 3]),
        ("kakao", 13, [5, 4, 4]),
        ("facebook", 30, [30]),
    ],
)
def test_a_long_series_is_split_into_even_posts_within_the_limit(channel, count, posts):
    ranges = split_posts(count, CHANNELS[channel])
    assert [len(r) for r in ranges] == posts
    assert [i for r in ranges for i in r] == list(range(count))


def test_limits_from_the_platforms():
    instagram, x, kakao = CHANNELS["instagram"], CHANNELS["x"], CHANNELS["kakao"]
    assert (instagram.max_images, x.max_images, kakao.max_images, kakao.min_images) == (10, 4, 6, 2)
    assert (instagram.max_image_bytes, x.max_image_bytes, kakao.max_image_bytes) == (8 * 2**20, 5 * 2**20, 2**20)
    assert (instagram.caption_limit, x.caption_limit) == (2200, 280)
    assert x.alt_limit == 1000


@pytest.mark.parametrize(
    ("channel", "shape", "accepted"),
    [
        ("instagram", (1080, 1350), True),
        ("instagram", (1080, 1080), True),
        ("instagram", (1200, 675), True),
        ("instagram", (1080, 1920), False),
        ("kakao", (1080, 1920), False),
        ("kakao", (1080, 1350), True),
        ("x", (1080, 1920), True),
    ],
)
def test_aspect_ratios(channel, shape, accepted):
    assert CHANNELS[channel].accepts(*shape) is accepted


def test_a_channel_keeps_a_built_size_it_takes():
    chosen = channel_sizes(parse_channels("all"), ["portrait"])
    assert {name: size for name, (size, _) in chosen.items()} == dict.fromkeys(CHANNELS, "portrait")
    assert not any(warning for _, warning in chosen.values())


def test_a_channel_prefers_its_own_size_among_those_built():
    chosen = channel_sizes(parse_channels("instagram,x,naver"), ["portrait", "landscape"])
    assert {name: size for name, (size, _) in chosen.items()} == {"instagram": "portrait", "x": "landscape", "naver": "landscape"}


def test_a_shape_a_channel_refuses_gets_another_preset():
    chosen = channel_sizes(parse_channels("instagram,x,kakao"), ["story"])
    assert {name: size for name, (size, _) in chosen.items()} == {"instagram": "portrait", "x": "story", "kakao": "square"}


def test_sizes_are_read_when_asked(monkeypatch):
    for name in list(SIZES):
        if name != "story":
            monkeypatch.delitem(SIZES, name)
    size, warning = channel_sizes(parse_channels("instagram"), ["story"])["instagram"]
    assert size == "story"
    assert "1080×1920 is not a shape Instagram takes" in warning


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("hello", 5),
        ("강남구", 6),
        ("🧑‍🦽", 2),
        ("👍🏽", 2),
        ("https://www.gangnam.go.kr/portal/bbs/B0000002/view.do?nttId=1234567", 23),
        ("보기: https://example.com/a", 4 + 2 + 23),
        ("— “quoted” —", 12),
    ],
)
def test_x_counts_as_twitter_text_does(text, length):
    assert x_length(text) == length
