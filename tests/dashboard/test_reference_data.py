import pytest

from dashboard.reference_data import ReferenceDataError, load_catalog, load_regions

pytestmark = pytest.mark.django_db

REGION_HEADER = "code,name,level,parent_code,aliases,initials\n"
CATALOG_HEADER = (
    "code,theme,name_zh,name_en,unit,value_type,direction,additive,definition,definition_zh,"
    "target_value,target_year,target_source,phrasings\n"
)
GOOD_INDICATOR = "new_indicator,childcare,新指标,New indicator,个,count,up,yes,def,定义,,,,新指标"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_region_file_with_other_columns_is_refused_naming_the_file(tmp_path):
    path = write(tmp_path, "regions.csv", "code,name\n350581,石狮市\n")
    with pytest.raises(ReferenceDataError, match="regions.csv: expected columns"):
        load_regions(path)


def test_a_region_code_that_is_not_six_digits_is_refused_naming_the_line(tmp_path):
    path = write(tmp_path, "regions.csv", REGION_HEADER + "35058,石狮市,county,350500,石狮,sss\n")
    with pytest.raises(ReferenceDataError, match="regions.csv:2: code '35058' is not six digits"):
        load_regions(path)


def test_a_region_with_an_unknown_parent_is_refused(tmp_path):
    path = write(tmp_path, "regions.csv", REGION_HEADER + "999901,新县,county,999900,,xx\n")
    with pytest.raises(ReferenceDataError, match="parent_code 999900 is not a known region"):
        load_regions(path)


def test_a_region_whose_parent_is_not_above_it_is_refused(tmp_path):
    path = write(tmp_path, "regions.csv", REGION_HEADER + "350599,新区,prefecture,350581,,xq\n")
    with pytest.raises(ReferenceDataError, match=r"parent_code 350581 \(county\) is not above"):
        load_regions(path)


def test_a_region_with_an_unknown_level_is_refused(tmp_path):
    path = write(tmp_path, "regions.csv", REGION_HEADER + "350599,新区,township,350500,,xq\n")
    with pytest.raises(ReferenceDataError, match="level 'township' is not one of"):
        load_regions(path)


def test_a_valid_new_indicator_row_is_loaded(tmp_path):
    result = load_catalog(write(tmp_path, "indicators.csv", CATALOG_HEADER + GOOD_INDICATOR))
    assert (result.created, result.updated) == (1, 0)


def test_an_indicator_with_an_unknown_theme_is_refused(tmp_path):
    row = GOOD_INDICATOR.replace(",childcare,", ",nursing,")
    path = write(tmp_path, "indicators.csv", CATALOG_HEADER + row)
    with pytest.raises(ReferenceDataError, match="indicators.csv:2: theme 'nursing' is not one"):
        load_catalog(path)


def test_an_indicator_with_an_unknown_value_type_is_refused(tmp_path):
    row = GOOD_INDICATOR.replace(",count,", ",ratio,")
    path = write(tmp_path, "indicators.csv", CATALOG_HEADER + row)
    with pytest.raises(ReferenceDataError, match="value_type 'ratio' is not one of"):
        load_catalog(path)


def test_an_indicator_target_that_is_not_a_number_is_refused(tmp_path):
    row = GOOD_INDICATOR.replace(",定义,,,,", ",定义,many,2030,plan,")
    path = write(tmp_path, "indicators.csv", CATALOG_HEADER + row)
    with pytest.raises(ReferenceDataError, match="target_value 'many' is not a number"):
        load_catalog(path)


def test_an_indicator_target_without_a_year_is_refused(tmp_path):
    row = GOOD_INDICATOR.replace(",定义,,,,", ",定义,4.5,,plan,")
    path = write(tmp_path, "indicators.csv", CATALOG_HEADER + row)
    with pytest.raises(ReferenceDataError, match="target_year '' is empty although"):
        load_catalog(path)
