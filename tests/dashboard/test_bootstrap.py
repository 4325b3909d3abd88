import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from dashboard.models import Indicator, Observation, Region, RegionLevel

pytestmark = pytest.mark.django_db


def bootstrap() -> str:
    out = StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_a_second_bootstrap_changes_nothing():
    before = list(Region.objects.values_list("code", "name", "level", "parent", "aliases"))
    output = bootstrap()
    assert "regions: 0 created, 0 updated, 3212 unchanged" in output
    assert "indicators: 0 created, 0 updated" in output
    assert list(Region.objects.values_list("code", "name", "level", "parent", "aliases")) == before
    assert not Indicator.history.filter(history_type="~").exists()


def test_bootstrap_keeps_the_observations_already_stored():
    observation = Observation.objects.create(
        region_id="350581", indicator_id="fd_contract_rate", year=2023, value=Decimal("66.5")
    )
    bootstrap()
    observation.refresh_from_db()
    assert observation.value == Decimal("66.5")


def test_bootstrap_restores_a_catalog_entry_edited_in_the_database():
    Indicator.objects.filter(code="fd_contract_rate").update(unit="人")
    assert "indicators: 0 created, 1 updated" in bootstrap()
    assert Indicator.objects.get(code="fd_contract_rate").unit == "%"


def test_every_region_below_the_country_has_a_parent_of_a_higher_level():
    rank = {"country": 0, "province": 1, "prefecture": 2, "county": 3}
    orphans = [
        region.code
        for region in Region.objects.select_related("parent").exclude(level="country")
        if region.parent is None or rank[region.parent.level] >= rank[region.level]
    ]
    assert orphans == []


def test_the_whole_country_is_loaded_level_by_level():
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    assert counts["country"] == 1
    assert counts["province"] == 34
    assert counts["prefecture"] == 333
    assert 2800 <= counts["county"] <= 2900


def test_shishi_belongs_to_quanzhou_in_fujian():
    shishi = Region.objects.select_related("parent__parent").get(code="350581")
    assert (shishi.name, shishi.parent.name, shishi.parent.parent.name) == (
        "石狮市",
        "泉州市",
        "福建省",
    )
    assert "石狮" in shishi.aliases


def test_a_county_directly_under_a_province_has_the_province_as_parent():
    assert Region.objects.get(code="429004").parent_id == "420000"  # 仙桃市
    assert Region.objects.get(code="110105").parent_id == "110000"  # 北京市朝阳区


def test_the_catalog_in_the_database_equals_the_csv():
    path = settings.DATA_DIR / "indicators.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    in_database = {indicator.code: indicator for indicator in Indicator.objects.all()}
    assert sorted(in_database) == sorted(row["code"] for row in rows)
    for row in rows:
        indicator = in_database[row["code"]]
        assert indicator.theme_id == row["theme"]
        assert (indicator.name_zh, indicator.name_en) == (row["name_zh"], row["name_en"])
        assert (indicator.unit, indicator.value_type) == (row["unit"], row["value_type"])
        assert indicator.direction == row["direction"]
        assert indicator.additive == (row["additive"] == "yes")
        assert indicator.definition == row["definition"]
        expected_target = Decimal(row["target_value"]) if row["target_value"] else None
        assert indicator.target_value == expected_target
        assert indicator.target_year == (int(row["target_year"]) if row["target_year"] else None)
        assert indicator.target_source == row["target_source"]
        assert indicator.phrasings == [p for p in row["phrasings"].split("|") if p]


def test_the_projects_catalog_keeps_every_public_code_of_the_shared_catalog():
    shared_codes = {
        "medcom_total_visits", "primary_care_visit_share", "county_visit_rate",
        "county_inpatient_share", "upward_referrals", "downward_referrals", "referrals_total",
        "exam_mutual_recognition", "lab_mutual_recognition", "medcom_standard_counties",
        "village_clinic_standardization_rate", "rural_doctors", "rural_doctor_licensed_share",
        "level34_surgery_share", "level4_surgery_share", "avg_length_of_stay",
        "drg_dip_payment_share", "fd_contract_rate", "fd_key_population_contract_rate",
        "fd_teams", "fd_signed_residents", "fd_upward_referrals", "childcare_institutions",
        "childcare_places", "childcare_places_per_1000", "childcare_new_public_places",
        "childcare_investment", "health_literacy_rate", "life_expectancy",
        "oop_health_expenditure_share", "smi_management_rate",
    }  # fmt: skip
    assert shared_codes <= set(Indicator.objects.values_list("code", flat=True))
