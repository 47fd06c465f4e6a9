"""The scope in words, shared by the pages, the PDF and the CLI (i18n.formatting.scope_text)."""

from i18n.formatting import scope_text

NAMES = {"C01": "东风社区", "C02": "向阳社区", "C03": "Riverside"}


def test_the_whole_scope_is_all_n_communities_in_either_language() -> None:
    scope = ("C01", "C02", "C03")
    assert scope_text("zh", scope, NAMES, whole=True) == "全部 3 个社区"
    assert scope_text("en", scope, NAMES, whole=True) == "all 3 communities"


def test_some_communities_are_named_joined_with_a_dunhao_in_chinese() -> None:
    assert scope_text("zh", ("C01", "C03"), NAMES) == "东风社区、Riverside"


def test_some_communities_are_named_joined_with_commas_in_english() -> None:
    assert scope_text("en", ("C01", "C03"), NAMES) == "东风社区, Riverside"


def test_a_community_without_a_known_name_is_shown_by_its_code() -> None:
    assert scope_text("en", ("C02", "C09"), NAMES) == "向阳社区, C09"


def test_chosen_streets_are_named_with_the_count_of_their_communities() -> None:
    scope = ("C01", "C02", "C03")
    assert scope_text("zh", scope, NAMES, streets=("东湖街道", "西湖街道")) == (
        "东湖街道、西湖街道（3 个社区）"
    )
    assert scope_text("en", scope, NAMES, streets=("East Lake", "West Lake")) == (
        "East Lake, West Lake (3 communities)"
    )
