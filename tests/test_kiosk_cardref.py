"""Card and ID references: what counts as one, how it is masked, how a wedge reader's typing is caught."""
from kiosk.cardref import WedgeBuffer, mask, normalize


def test_a_card_number_is_masked_to_its_first_and_last_four_digits():
    assert mask("6222000000000001") == "6222 **** 0001"


def test_an_id_number_with_a_final_x_is_masked_too():
    assert normalize("11010519491231002x") == "11010519491231002X"
    assert mask("11010519491231002X") == "1101 **** 002X"


def test_a_magnetic_stripe_track_keeps_only_the_card_number():
    assert normalize(";6222000000000001=25121010000?") == "6222000000000001"


def test_noise_is_not_a_reference():
    assert normalize("hello") is None
    assert normalize("123") is None


def test_a_wedge_reader_typing_digits_then_enter_gives_one_reference():
    wedge = WedgeBuffer()
    for i, ch in enumerate("6222000000000002"):
        wedge.key(ch, 10.0 + i * 0.01)
    assert wedge.enter(10.2) == "6222000000000002"
    assert wedge.enter(10.25) is None  # the buffer is empty after a swipe


def test_a_long_pause_between_keys_starts_a_new_number():
    wedge = WedgeBuffer(max_gap_s=0.5)
    wedge.key("9", 1.0)
    for i, ch in enumerate("6222000000000003"):
        wedge.key(ch, 5.0 + i * 0.01)
    assert wedge.enter(5.2) == "6222000000000003"
