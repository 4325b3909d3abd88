from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from dashboard.models import Observation, Region, Status, is_held_back, is_visible
from tests.dashboard.admin_support import make_user
from tests.factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def errors_of(row: Observation) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


def test_a_plausible_observation_is_valid():
    ObservationFactory.build().full_clean()


def test_it_rejects_a_year_before_1949():
    assert errors_of(ObservationFactory.build(year=1948))["year"] == [
        "The year must be between 1949 and 2100."
    ]


def test_it_rejects_a_year_after_2100():
    assert "year" in errors_of(ObservationFactory.build(year=2101))


def test_it_rejects_a_negative_count():
    errors = errors_of(ObservationFactory.build(indicator_id="fd_teams", value=Decimal("-3")))
    assert errors["value"] == ["The value of 家庭医生团队数 cannot be negative."]


def test_it_rejects_a_share_above_100():
    errors = errors_of(ObservationFactory.build(value=Decimal("100.5")))
    assert errors["value"] == ["家庭医生签约率 is a share in %; it cannot be above 100."]


def test_it_rejects_a_count_too_large_for_the_database():
    observation = ObservationFactory.build(indicator_id="fd_teams", value=Decimal(10) ** 16)
    assert "The value of 家庭医生团队数 is too large to store." in errors_of(observation)["value"]


def test_it_accepts_a_count_above_100():
    ObservationFactory.build(indicator_id="childcare_places", value=Decimal("136900")).full_clean()


def test_it_rejects_an_unknown_qualifier():
    assert "qualifier" in errors_of(ObservationFactory.build(qualifier="about"))


def test_the_database_refuses_an_impossible_year_even_without_validation():
    with pytest.raises(IntegrityError, match="observation_year_in_range"), transaction.atomic():
        ObservationFactory.build(year=1800).save()


def test_the_database_refuses_a_negative_value_even_without_validation():
    refused = pytest.raises(IntegrityError, match="observation_value_not_negative")
    with refused, transaction.atomic():
        ObservationFactory.build(value=Decimal("-1")).save()


def test_the_database_refuses_an_unknown_qualifier_even_without_validation():
    refused = pytest.raises(IntegrityError, match="observation_qualifier_is_known")
    with refused, transaction.atomic():
        ObservationFactory.build(qualifier="about").save()


# The rules of ObservationQuerySet: what readers see, what disagrees, what lies within a region.


def _in_conflict() -> set[int]:
    return set(
        Observation.objects.with_conflicts().filter(has_conflict=True).values_list("pk", flat=True)
    )


def test_two_visible_figures_giving_one_cell_different_values_are_in_conflict():
    extracted = ObservationFactory()
    verified = ObservationFactory(value=Decimal("68"), status=Status.VERIFIED)
    assert _in_conflict() == {extracted.pk, verified.pk}
    assert list(Observation.objects.conflicting_with(extracted)) == [verified]


def test_equal_values_rejected_figures_and_a_target_beside_an_actual_are_not_in_conflict():
    ObservationFactory()
    ObservationFactory()
    rejected = ObservationFactory(value=Decimal("70"), status=Status.REJECTED)
    ObservationFactory(value=Decimal("90"), kind="target")
    assert _in_conflict() == set()
    assert not Observation.objects.conflicting_with(rejected).exists()


def test_figures_of_another_region_indicator_or_year_are_not_in_conflict():
    ObservationFactory()
    ObservationFactory(region_id="350582", value=Decimal("70"))
    ObservationFactory(indicator_id="fd_key_population_contract_rate", value=Decimal("70"))
    ObservationFactory(year=2024, value=Decimal("70"))
    assert _in_conflict() == set()


def test_each_figure_lists_the_other_values_given_for_its_cell_smallest_first():
    ObservationFactory(value=Decimal("70"))
    ObservationFactory(value=Decimal("66"))
    ObservationFactory(value=Decimal("66"))
    ObservationFactory(value=Decimal("64"), status=Status.REJECTED)
    listed = Observation.objects.with_conflicting_values().values_list(
        "value", "conflicting_values"
    )
    assert sorted((value, tuple(others)) for value, others in listed) == [
        (Decimal("64"), ()),
        (Decimal("66"), (Decimal("70"),)),
        (Decimal("66"), (Decimal("70"),)),
        (Decimal("70"), (Decimal("66"),)),
    ]


def test_readers_see_every_figure_but_the_rejected_ones():
    shown = [ObservationFactory(status=status) for status in (Status.EXTRACTED, Status.VERIFIED)]
    ObservationFactory(status=Status.REJECTED)
    assert set(Observation.objects.visible()) == set(shown)


def test_an_extracted_figure_the_scorer_is_unsure_of_waits_for_review(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    unsure = ObservationFactory(status=Status.EXTRACTED, confidence=0.6)
    sure = ObservationFactory(status=Status.EXTRACTED, confidence=0.95, year=2024)
    assert list(Observation.objects.visible()) == [sure]
    assert list(Observation.objects.held_back()) == [unsure]


def test_a_verified_figure_is_shown_however_unsure_the_scorer_was(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    verified = ObservationFactory(status=Status.VERIFIED, confidence=0.3)
    assert list(Observation.objects.visible()) == [verified]
    assert not Observation.objects.held_back().exists()


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("confidence", [None, 0.2, 0.9, 0.95])
def test_the_rules_for_one_figure_agree_with_the_queryset_rules(settings, status, confidence):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    figure = ObservationFactory(status=status, confidence=confidence)
    assert is_visible(status, confidence) == Observation.objects.visible().contains(figure)
    assert is_held_back(status, confidence) == Observation.objects.held_back().contains(figure)


def test_a_figure_held_back_for_review_still_conflicts_with_a_published_one(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    published = ObservationFactory(status=Status.VERIFIED, value="66")
    held_back = ObservationFactory(status=Status.EXTRACTED, confidence=0.5, value="70")
    assert list(Observation.objects.conflicting_with(published)) == [held_back]


def test_within_a_region_are_its_own_figures_and_those_of_every_region_under_it():
    province = ObservationFactory(region_id="350000")  # 福建省
    prefecture = ObservationFactory(region_id="350500")  # 泉州市
    county = ObservationFactory(region_id="350581")  # 石狮市, in 泉州市
    ObservationFactory(region_id="440300")  # 深圳市, another province
    ObservationFactory(region_id="100000")  # the country above
    assert set(Observation.objects.within("350000")) == {province, prefecture, county}
    assert set(Observation.objects.within("350500")) == {prefecture, county}
    assert set(Observation.objects.within("350581")) == {county}
    # Three levels down from the country to a county.
    assert Observation.objects.within("100000").count() == 5


def test_under_a_region_are_the_figures_below_it_without_its_own():
    ObservationFactory(region_id="350500")
    county = ObservationFactory(region_id="350581")
    assert set(Observation.objects.under("350500")) == {county}


def test_a_county_directly_under_a_province_lies_within_that_province():
    # 济源市 (419001) is a county-level city governed by 河南省 itself.
    county = ObservationFactory(region_id="419001")
    assert set(Observation.objects.within("410000")) == {county}


def test_the_region_tree_knows_every_region_below_a_region():
    tree = Region.objects.tree()
    assert set(tree.below("350500")) == {c for c, p in tree.parents.items() if p == "350500"}
    assert "350581" in tree.below("350000") and "350581" in tree.below("100000")
    assert tree.below("350581") == []
    assert tree.is_root("100000") and not tree.is_root("350000")


def test_a_region_changed_in_the_admin_is_in_the_tree_the_pages_read(client):
    client.force_login(make_user("admin", superuser=True))
    url = "/admin/dashboard/region/350581/change/"
    response = client.post(
        url,
        {
            "code": "350581",
            "name": "石狮市（县级）",
            "aliases": "石狮",
            "level": "county",
            "parent": "350500",
        },
    )
    assert response.status_code == 302
    assert Region.objects.tree().names["350581"] == "石狮市（县级）"
