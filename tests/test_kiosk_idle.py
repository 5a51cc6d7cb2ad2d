"""The idle rules: prompt after 45 s, give up 20 s later, longer in elderly mode, tickets go home alone."""
from kiosk.idle import idle_step, seconds_left
from kiosk.theme import ELDERLY, NORMAL


def test_the_prompt_comes_after_45_seconds_and_everything_clears_20_seconds_later():
    assert idle_step("amount", True, False, 44.9, NORMAL) is None
    assert idle_step("amount", True, False, 45, NORMAL) == "prompt"
    assert idle_step("amount", True, True, 64.9, NORMAL) is None
    assert idle_step("amount", True, True, 65, NORMAL) == "reset"


def test_elderly_customers_get_longer_before_the_prompt_and_after_it():
    assert idle_step("amount", True, False, 60, ELDERLY) is None
    assert idle_step("amount", True, True, 100, ELDERLY) is None


def test_an_untouched_welcome_screen_never_prompts():
    assert idle_step("welcome", False, False, 3600, NORMAL) is None


def test_a_ticket_screen_goes_home_without_asking_later_after_a_printer_fault():
    assert idle_step("ticket", True, False, 20, NORMAL) == "reset"
    assert idle_step("ticket", True, False, 20, NORMAL, print_fault=True) is None


def test_a_customer_who_slept_through_the_prompt_is_first_asked_not_dropped():
    assert idle_step("amount", True, False, 300, NORMAL) == "prompt"


def test_the_countdown_never_goes_below_zero():
    assert seconds_left(50, NORMAL) == 15 and seconds_left(500, NORMAL) == 0
