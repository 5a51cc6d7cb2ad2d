"""The pinyin keyboard's dictionary: characters common in names come before rare ones."""
from __future__ import annotations

from kiosk.pinyin import index, name_ranks


def _before(syllable: str, first: str, *later: str) -> bool:
    offered = index().candidates(syllable, 40)
    return all(ch in offered and offered.index(first) < offered.index(ch) for ch in later)


def test_san_offers_the_surname_sang_before_the_rare_characters():
    assert _before("san", "桑", "馓", "糁", "毵")


def test_common_surnames_and_given_name_characters_lead_their_syllables():
    assert index().candidates("li", 1) == ["李"]
    assert index().candidates("chen", 1) == ["陈"]
    assert _before("jun", "军", "菌") and _before("jun", "俊", "菌")
    assert _before("wei", "伟", "为") and _before("yan", "燕", "但")
    assert _before("jie", "杰", "她")


def test_a_surname_read_one_way_counts_only_under_that_reading():
    assert _before("shan", "单", "闪")  # the surname Shan
    assert _before("dan", "丹", "单")  # not ahead of 丹 when read dan


def test_the_name_list_takes_surnames_and_given_name_characters_in_turn():
    ranks = name_ranks("# comment\n[surnames]\n王 李 单shan\n[given]\n伟 芳\n")
    assert ranks == {"王": (0, None), "伟": (1, None), "李": (2, None), "芳": (3, None), "单": (4, "shan")}
