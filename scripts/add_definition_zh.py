"""Add or refresh the ``definition_zh`` column of dashboard/data/indicators.csv.

The Chinese definitions below are written for the dashboard from the sources of the shared
indicator research notes (national policy documents as quoted in news and government texts,
and the statistical calibers they cite); the English ``definition`` column says the same.

Only the ``definition_zh`` field of each row changes: every other field is kept byte for byte
(the file is edited by hand and by other changes too), so the script can be run again after
any of them. The column is placed after ``definition``; a row without a definition here fails.

Run: python scripts/add_definition_zh.py
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "dashboard" / "data" / "indicators.csv"
COLUMN = "definition_zh"
AFTER = "definition"

DEFINITIONS = {
    "medcom_total_visits": "医共体各成员单位全年门诊、急诊诊疗人次之和。",
    "primary_care_visit_share": (
        "基层医疗卫生机构诊疗人次占县域（或市域）内医疗卫生机构总诊疗人次的百分比。"
    ),
    "county_visit_rate": (
        "县域居民在县域内医疗卫生机构就诊的比例，反映看病留在县内的程度，通常需用医保结算"
        "数据统计县外就医；与按人口计算的“区域内就诊率”不是同一指标。"
    ),
    "county_inpatient_share": "本县居民在县域内医疗机构住院的人次占其全部住院人次的百分比。",
    "upward_referrals": "全年由基层医疗卫生机构转往县级及以上医院的患者人次。",
    "downward_referrals": "全年由县级及以上医院转回基层医疗卫生机构的患者人次。",
    "referrals_total": "报告只给出上转与下转合计数时的双向转诊人次。",
    "exam_mutual_recognition": "影像等检查结果被其他医疗机构直接采用、不再重复检查的次数。",
    "lab_mutual_recognition": "检验结果被其他医疗机构直接采用、不再重复检验的次数。",
    "medcom_standard_counties": "医共体建设达到国家紧密型县域医共体评判标准的县（市、区）个数。",
    "village_clinic_standardization_rate": "达到建设标准的村卫生室占村卫生室总数的百分比。",
    "rural_doctors": "在村卫生室执业的乡村医生人数。",
    "rural_doctor_licensed_share": "村卫生室人员中具有执业（助理）医师资格者所占的百分比。",
    "level34_surgery_share": "牵头医院三级、四级手术台次占全部手术台次的百分比。",
    "level4_surgery_share": "出院患者中做过四级手术者占出院手术患者的百分比。",
    "avg_length_of_stay": "出院者占用总床日数除以出院人数，单位为天。",
    "drg_dip_payment_share": (
        "按疾病诊断相关分组或病种分值（DRG/DIP）付费结算的参保住院人员占全部参保住院人员的百分比。"
    ),
    "fd_contract_rate": (
        "与家庭医生签订服务协议的居民人数占辖区人口的百分比；各地分母有的用常住人口、有的用"
        "户籍人口，比较时请留意。"
    ),
    "fd_key_population_contract_rate": (
        "重点人群（65岁及以上老年人、孕产妇、儿童、残疾人，以及高血压、糖尿病、结核病和严重"
        "精神障碍患者）中签约人数占这些人群总数的百分比。"
    ),
    "fd_teams": "提供家庭医生签约服务的团队个数。",
    "fd_signed_residents": "持有家庭医生签约服务协议的居民人数。",
    "fd_upward_referrals": "经签约家庭医生转往上级医院的患者人次。",
    "childcare_institutions": "为3岁以下婴幼儿提供托育服务的机构数。",
    "childcare_places": "可为3岁以下婴幼儿提供的托位数。",
    "childcare_places_per_1000": (
        "3岁以下婴幼儿托位数除以（常住）总人口再乘以1000；分母是全部人口，不是婴幼儿人数。"
    ),
    "childcare_new_public_places": "当年新增的普惠性托位数。",
    "childcare_investment": "当年投入托育服务建设的公共资金。",
    "health_literacy_rate": (
        "15至69岁居民中具备基本健康素养的人所占的百分比，按全国居民健康素养监测的标准评定。"
    ),
    "life_expectancy": "出生时的平均预期寿命，由生命表推算。",
    "oop_health_expenditure_share": "个人卫生支出占卫生总费用的百分比。",
    "smi_management_rate": "在册严重精神障碍患者中接受规范管理者所占的百分比。",
}

# One CSV field as written in the file: quoted (with doubled quotes inside) or bare.
FIELD = re.compile(r'"(?:[^"]|"")*"|[^,]*')


def raw_fields(line: str) -> list[str]:
    fields, position = [], 0
    while True:
        match = FIELD.match(line, position)
        fields.append(match.group())
        position = match.end()
        if position >= len(line):
            return fields
        assert line[position] == ",", f"unexpected {line[position]!r} in {line!r}"
        position += 1


def as_field(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([text])
    return out.getvalue()


def main() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    trailing = lines[-1] == ""
    lines = lines[:-1] if trailing else lines
    header = raw_fields(lines[0])
    if COLUMN in header:
        at, replace = header.index(COLUMN), True
    else:
        at, replace = header.index(AFTER) + 1, False
    out = []
    for number, line in enumerate(lines):
        fields = raw_fields(line)
        value = COLUMN if number == 0 else as_field(DEFINITIONS[fields[0]])
        if replace:
            fields[at] = value
        else:
            fields.insert(at, value)
        out.append(",".join(fields))
    CATALOG.write_text(newline.join(out) + (newline if trailing else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
