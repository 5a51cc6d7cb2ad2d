"""Window options shared by every app: size, place and scale reach Kivy's environment, bad input is refused."""
from __future__ import annotations

import argparse
import os

import pytest

from fenliu.window import add_window_arguments, apply_window, parse_position, parse_scale


def test_a_position_is_left_comma_top_in_pixels():
    assert parse_position("960,32") == (960, 32)


@pytest.mark.parametrize("bad", ["960x32", "left,top", "-5,0", "12"])
def test_a_bad_position_says_what_it_should_look_like(bad):
    with pytest.raises(argparse.ArgumentTypeError, match="960,0"):
        parse_position(bad)


@pytest.mark.parametrize("bad", ["0", "big", "5"])
def test_a_scale_out_of_range_is_refused_with_the_range(bad):
    with pytest.raises(argparse.ArgumentTypeError, match="0.3 to 3"):
        parse_scale(bad)


@pytest.fixture
def environ(monkeypatch):
    """A private copy of the environment: what apply_window sets must not reach later tests' Kivy children."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KCFG_", "KIVY_METRICS", "KIVY_DPI", "FENLIU_"))}
    monkeypatch.setattr(os, "environ", env)
    return env


def test_place_and_scale_go_where_kivy_reads_them(environ):
    parser = argparse.ArgumentParser()
    add_window_arguments(parser, "1280x800", "full")
    args = parser.parse_args(["--size", "960x508", "--position", "960,32", "--scale", "0.7"])
    apply_window(args.size, args.fullscreen, position=args.position, scale=args.scale)
    assert (environ["KCFG_GRAPHICS_POSITION"], environ["KCFG_GRAPHICS_LEFT"], environ["KCFG_GRAPHICS_TOP"]) == \
        ("custom", "960", "32")
    assert (environ["KIVY_METRICS_DENSITY"], environ["KIVY_DPI"]) == ("0.7", "67.2")
    assert (environ["KCFG_GRAPHICS_WIDTH"], environ["KCFG_GRAPHICS_HEIGHT"]) == ("960", "508")


def test_without_a_position_or_scale_the_window_opens_as_kivy_puts_it(environ):
    apply_window((1280, 800), False)
    assert "KCFG_GRAPHICS_POSITION" not in environ and "KIVY_METRICS_DENSITY" not in environ


def test_the_counter_screen_takes_its_place_and_scale_like_the_other_screens(environ):
    from counter_screen.cli import add_arguments, window
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    window(parser.parse_args(["--counter", "1", "--size", "800x600", "--position", "1920,0", "--scale", "0.8"]))
    assert (environ["KCFG_GRAPHICS_POSITION"], environ["KCFG_GRAPHICS_LEFT"], environ["KCFG_GRAPHICS_TOP"]) == \
        ("custom", "1920", "0")
    assert (environ["KCFG_GRAPHICS_WIDTH"], environ["KCFG_GRAPHICS_HEIGHT"], environ["KIVY_METRICS_DENSITY"]) == \
        ("800", "600", "0.8")
