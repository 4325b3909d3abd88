"""Values: numbers, scales, qualifiers and conversion to the catalog unit."""

from __future__ import annotations

from decimal import Decimal

from ingest.records import CatalogEntry
from ingest.values import find_quantities, to_catalog_unit

COUNT = CatalogEntry("childcare_places", "childcare", "托位数", "个", "count")
VISITS = CatalogEntry("exam", "medcom", "检查互认", "次", "count")
MONEY = CatalogEntry("childcare_investment", "childcare", "托育投入", "万元", "money")
PERCENT = CatalogEntry("fd_contract_rate", "family_doctor", "签约率", "%", "percent")
PER_1000 = CatalogEntry("per_1000", "childcare", "每千人口托位数", "个", "rate")
STAY = CatalogEntry("avg_length_of_stay", "medcom", "平均住院日", "天", "duration")


def only(text: str):
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    return quantities[0]


def test_wan_scales_a_count():
    quantity = only("可提供实际托位13.69万个")
    assert (quantity.amount, quantity.unit) == (Decimal(136900), "个")
    assert to_catalog_unit(quantity, COUNT) == Decimal(136900)


def test_wan_scales_a_count_of_times():
    assert to_catalog_unit(only("检查互认项目数494.17万次"), VISITS) == Decimal(4941700)


def test_yi_yuan_becomes_wan_yuan():
    assert to_catalog_unit(only("获得1.52亿元中央资金支持"), MONEY) == Decimal(15200)


def test_wan_yuan_stays_wan_yuan():
    assert to_catalog_unit(only("各级财政投入350万元"), MONEY) == Decimal(350)


def test_plain_yuan_becomes_wan_yuan():
    assert to_catalog_unit(only("投入35000元"), MONEY) == Decimal("3.5")


def test_a_percentage_is_kept_as_is():
    assert to_catalog_unit(only("签约率达76.45%"), PERCENT) == Decimal("76.45")


def test_a_percentage_is_not_a_count():
    assert to_catalog_unit(only("托位达到45%"), COUNT) is None


def test_a_count_is_not_a_percentage():
    assert to_catalog_unit(only("签约317572人"), PERCENT) is None


def test_a_count_must_be_a_whole_number():
    assert to_catalog_unit(only("托位数4.01个"), COUNT) is None
    assert to_catalog_unit(only("托位数4.01个"), PER_1000) == Decimal("4.01")


def test_days_and_ri_are_both_durations():
    assert to_catalog_unit(only("平均住院天数7.72天"), STAY) == Decimal("7.72")
    assert to_catalog_unit(only("平均住院日缩短至7.7日"), STAY) == Decimal("7.7")


def test_yi_shang_and_chao_guo_mean_at_least():
    assert only("签约率达90%以上").qualifier == "gte"
    assert only("签约率超过90%").qualifier == "gte"
    assert only("逾3000人").qualifier == "gte"


def test_yi_nei_bu_zu_and_di_yu_mean_at_most():
    assert only("控制在8天以内").qualifier == "lte"
    assert only("不足30%").qualifier == "lte"
    assert only("低于5%").qualifier == "lte"


def test_yue_jin_yu_duo_and_zuo_you_mean_approximately():
    for text in ("约90%", "近3000人", "30余万人", "200多人", "90%左右"):
        assert only(text).qualifier == "approx", text
    assert only("30余万人").amount == Decimal(300000)


def test_a_plain_figure_is_exact():
    assert only("签约率达66%").qualifier == "eq"


def test_chinese_numerals_with_a_unit_are_figures():
    quantity = only("组建十二支家庭医生团队")
    assert (quantity.amount, quantity.unit) == (Decimal(12), "支")


def test_percent_in_words_is_a_percentage():
    assert only("签约率达到百分之六十").amount == Decimal(60)


def test_years_dates_ordinals_and_labels_are_not_figures():
    text = "2023年5月20日第3次会议落实“8631”学科建设和4+N团队，1.0版升级为2.0版，PAX-8抗体，5G网络"
    assert find_quantities(text) == []


def test_idioms_with_yi_are_not_figures():
    assert find_quantities("一老一小、一支部一主题、一站式服务、三四级手术") == []


def test_tu_po_is_a_lower_bound():
    assert only("突破400万人次").qualifier == "gte"


def test_bai_fen_zhi_bai_is_a_hundred_percent_and_bai_alone_no_figure():
    assert only("村卫生室标准化建设率百分之百").amount == Decimal(100)
    assert find_quantities("百人") == []


def test_qian_yue_before_a_figure_does_not_make_it_approximate():
    assert [q.qualifier for q in find_quantities("累计签约41.2万人")] == ["eq"]


def test_a_unicode_minus_sign_makes_the_figure_negative():
    assert only("家庭医生签约率同比−12.5%").amount == Decimal("-12.5")


def test_a_hyphen_before_a_share_makes_it_negative():
    assert only("签约率为-5%").amount == Decimal(-5)


def test_a_hyphen_before_a_count_makes_it_negative():
    quantity = only("上转患者-1913人次")
    assert (quantity.amount, quantity.unit) == (Decimal(-1913), "人次")


def test_the_other_minus_signs_make_a_figure_negative_too():
    for sign in ("\ufe63", "\u2012", "\u2013", "\uff0d"):
        assert only(f"签约率为{sign}5%").amount == Decimal(-5), sign


def test_a_dash_between_two_figures_is_a_range_not_a_minus():
    assert [q.amount for q in find_quantities("签约率80%-90%")] == [80]
    assert [q.amount for q in find_quantities("托位5万-6万个")] == [50000]
    assert find_quantities("2021-2023年") == []
    assert find_quantities("PAX-8") == []
