from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from dashboard.models import Observation
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
