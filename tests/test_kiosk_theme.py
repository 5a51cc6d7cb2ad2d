"""The two modes' sizes and colours, checked against the elderly-mode rules of issue 4."""
from kiosk.theme import ELDERLY, NORMAL, contrast


def test_elderly_mode_has_headings_and_body_text_of_30pt_or_more():
    # docs/ARCHITECTURE.md (MIIT age-friendly rules): main text at least 30 pt; the second language beneath may be smaller.
    assert ELDERLY.heading_pt > ELDERLY.body_pt >= 30 and ELDERLY.key_pt >= 30 and ELDERLY.small_pt >= 18


def test_elderly_tiles_are_at_least_60dp_with_gaps_of_at_least_2_5mm_and_fewer_per_page():
    assert ELDERLY.tile_min_dp >= 60 and ELDERLY.key_dp >= 60 and ELDERLY.gap_mm >= 2.5
    assert ELDERLY.per_page < NORMAL.per_page


def test_every_text_colour_contrasts_at_least_4_5_to_1_with_its_background():
    for theme in (NORMAL, ELDERLY):
        for fg in (theme.text, theme.muted, theme.accent, theme.warn, theme.tile):
            assert contrast(fg, theme.background) >= 4.5
        assert contrast(theme.tile_text, theme.tile) >= 4.5


def test_elderly_mode_gives_more_time_before_the_idle_prompt_and_after_it():
    assert (NORMAL.idle_s, NORMAL.prompt_s) == (45, 20)
    assert ELDERLY.idle_s > NORMAL.idle_s and ELDERLY.prompt_s > NORMAL.prompt_s


def test_contrast_of_black_on_white_is_21():
    assert round(contrast((0, 0, 0), (1, 1, 1)), 1) == 21.0
