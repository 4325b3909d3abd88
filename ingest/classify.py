"""Classify: decide what a figure next to an indicator phrase means.

In: the normalised text and positions (clause, sentence, indicator phrase, quantity). Out: simple
decisions used by the pipeline — is the figure a target or plan (→ kind=target; a section headed
"2024年工作安排" or "下一步打算" holds plans, and so does a document titled as a plan,
"…工作要点"), a change rather than a level, a base of comparison (同期 included), an average
quoted as a yardstick (before or after the figure), a survey's sample, a total over several years,
a figure for a sub-population, for one named facility or for the capacity of one facility just
built or opened, and does a money figure sit in a sentence about the indicator's theme at all.
Refuses nothing itself; the pipeline drops what these checks reject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Plans and targets. Strong cues reach over earlier clauses of the same sentence
# ("力争到2025年, 签约率达到80%"), but "提高到2024年的77.6岁" only says where a change ended;
# "目标" alone only marks its own clause, because a sentence often opens with "围绕…目标" before
# reporting what was actually done.
# Every alternative starts with a character of its own (a lookbehind goes after the character it
# guards): Python's engine then skips at once to where one of those characters stands, instead of
# trying each alternative at every position of the sentence (five times faster).
_BY_YEAR = r"(?<![截高升长加增降低少减年]{0})(?<!截止{0})\s*(?:19|20)\d{{2}}\s*年"
_PLAN_PERIOD_END = r"十[一二三四五六七八九]五[”\"]?\s*(?:规划)?\s*(?:期末|末|时期末|结束)"
_STRONG_TARGET = re.compile(
    r"力争|预计|下一步(?=\s*[，,：:])|有望|拟|规划到|计划(?=于|在|到|将|年内|新增|新建|建成|完成|投入|实现|达到|增加|提供|用)|"
    r"将(?=达到|达|超过|提升|提高|增加|新增|实现|建成|突破|增至|覆盖|扩大|提供|形成|于)|"
    r"建成后|完成后|投用后|投入使用后|运营后|确保|争取(?=到|达到|实现)|要(?=达到|实现)|"
    r"目标(?:是|为)\s*[:：]|"
    rf"到{_BY_YEAR.format('到')}|至{_BY_YEAR.format('至')}|"
    r"19\d{2}\s*年(?:底|末)?前|20\d{2}\s*年(?:底|末)?前|"
    # "到“十四五”期末", "十四五末": the end of a five-year plan is a deadline.
    rf"到\s*[“\"]?{_PLAN_PERIOD_END}|至\s*[“\"]?{_PLAN_PERIOD_END}|"
    rf"“{_PLAN_PERIOD_END}|\"{_PLAN_PERIOD_END}|{_PLAN_PERIOD_END}|"
    r"将\s*[“\"]|"  # "将“每千人口托位数达到4.5个”列入…": what is to be done
    # "部署了2024年的工作"
    r"部署了?\s*(?=(?:19|20)\d{2}\s*年)|安排了?\s*(?=(?:19|20)\d{2}\s*年)|"
    r"谋划了?\s*(?=(?:19|20)\d{2}\s*年)|"
    # "会议要求,2026年全省新增普惠托位2万个": what a meeting asks for is a plan.
    r"要求\s*[，,：:]|部署\s*[，,：:]|提出\s*[，,：:]|明确\s*[，,：:]"
)
_WEAK_TARGET = re.compile(r"目标|指标值")
_CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n(]")
_PLAN_HEADING = re.compile(
    r"目标|计划|安排|打算|思路|下一步|展望|重点任务|主要任务|工作要点|工作重点|努力方向|谋划"
)
# A document issued as a plan ("关于印发2025年工作要点的通知") states targets throughout; a title
# that also reviews ("工作总结和下一步工作计划") does not.
_PLAN_TITLE = re.compile(r"工作要点|工作计划|工作安排|实施方案|行动方案|工作方案|行动计划|工作思路")
_REVIEW_TITLE = re.compile(r"总结|回顾|成效|成绩|报告|纪实|综述|情况|进展")
# A change verb turns the following figure into a difference, unless 至/到/为/达 gives the level.
_CHANGE = re.compile(
    r"(?:增长|增加|提高|提升|上升|下降|降低|减少|缩短|延长|增幅|降幅|减幅|涨幅|同比|环比|多出|"
    r"上涨|下跌|升高|增多|回落|攀升|高出|低了|多了|少了)"
    r"(?:了)?(?!\s*(?:了)?\s*(?:至|到|为|达|超过))"
)
# "较去年同期的1412人次": the same months a year before, a base and never a year's level.
_BASE = re.compile(
    # "比2010年第六次人口普查时的76.63岁", "较2017年(76.90岁)", "与2015年的81.85岁相比".
    r"(?:比|较|与|同|由|从)\s*(?:19|20)\d{2}\s*年[^，,。；;\d]{0,12}?时\s*的?\s*$|"
    r"(?:比|较|与|同)\s*(?:19|20)\d{2}\s*年\s*(?:底|末)?\s*\(\s*$|"
    # "从初期的75万人", "由去年的60%": a starting point named in a word or two.
    r"(?:由|从)\s*(?:初期|起初|最初|开始|启动之初|去年|上年|前年|往年)\s*的\s*$|"
    r"(?:(?:由|从)\s*(?:(?:19|20)\d{2}\s*年\s*(?:底|末)?\s*的?)?|"
    r"(?:比|较|与)\s*(?:19|20)\d{2}\s*年\s*(?:底|末)?\s*的?|"
    r"(?:比|较|与)\s*(?:(?:19|20)\d{2}\s*年|去年|上年|上一年)?\s*同期\s*的?)\s*$"
)
# "低于全州平均水平(64.5%)": a figure written right after an average belongs to the larger area.
_YARDSTICK = re.compile(r"(?:平均水平|平均值|均值|平均数)\s*(?:的|为|是)?\s*\(?\s*$")
# "高于全省93.5%的平均水平": the average may also follow the figure it names.
_YARDSTICK_AFTER = re.compile(r"\s*的?\s*(?:平均水平|平均值|均值|平均数)")
# "随机抽取签约居民1200人": the people a survey asked, not the region's count.
_SAMPLE = re.compile(r"抽取|抽样|抽查|随机|受访|调查了")
# "近3年来,全县累计下转患者6500余人次": a total over several years, no one year's level.
_SEVERAL_YEARS = re.compile(
    r"(?:近|这|过去的?)?"
    r"(?:(?<!\d)\d{1,2}|(?<![〇零○一二三四五六七八九十两])[两二三四五六七八九十]+|几|多)"
    r"年(?:来|以来|间)|"
    r"近(?:\d{1,2}|[两二三四五六七八九十]+|几)年(?!底|末|度)"
)
_CUMULATIVE = re.compile(r"累计")
_PER = re.compile(r"每个?$")
_CHANGE_AFTER = re.compile(
    r"(?:、[\d.]+[^，,。；;、]{0,3})*的(?:增长|增加|提高|提升|下降|降低|减少|变化)"
)
_TASK_AFTER = re.compile(r"\s*(?:项目|任务|目标|工程|行动|民生实事|实事|指标)")
_MONTH = r"(?:[1-9]|1[01]|[一二三四五六七八九]|十一?)"
_PART_YEAR = re.compile(
    r"上半年|下半年|前三季度|第?[一二三]季度|"
    rf"(?<!\d)(?:1|一)\s*[-—~至到]\s*{_MONTH}\s*月|"
    rf"(?:截至|截止到?|到)\s*(?:今年|本年|(?:19|20)\d{{2}}\s*年)?\s*{_MONTH}\s*月(?:份)?"
    r"(?:底|末|中旬|上旬|下旬|\d{1,2}日)?|"
    rf"(?<![\d年])(?:{_MONTH})\s*月份?以来"
)
# What a match of a pattern that seldom matches must hold: the pattern runs only where the text
# holds it. Words are found at once, while the patterns above try every position of a sentence.
_PART_YEAR_NEEDS = re.compile(r"月|季度|半年")
_GROUP_NEEDS = re.compile(r"[省市]")
_FACILITY_NEEDS = re.compile(r"院|中心")
_ACHIEVED_NEEDS = re.compile(r"目标")
_EVENT_AFTER = re.compile(r"(?:技能|业务|能力)?(?:培训|轮训|进修|考核|活动)")
_EVENT = re.compile(r"现场|活动(?:中|期间|当天|当日)|义诊|宣传周|当天|当日|已培训|培训了|参训|讲座")
_GROUP = re.compile(
    r"(?:\d+|[两二三四五六七八九十]+)\s*个?\s*(?:省市|省份|省区|城市|设区市|地市|市州|县市区)|"
    r"(?<![全本我该])(?:\d+|[两二三四五六七八九十]+)市(?![场民委长])|各(?:省|设区市|地市|市州)"
)
_SUPERLATIVE = re.compile(r"最(?:高|长|低|短|多|少|好|优|快)的?(?:是|为|当属)")
_ESTIMATE = re.compile(r"初步统计|初步推算|初步测算|估算|估计")
# "…达到81.86岁,提前完成…的目标": a target named after the figure that the figure met.
_ACHIEVED_REACH = 60
_SENTENCE_STOP = re.compile(r"[。；;！？!?\n]")
_ACHIEVED = re.compile(r"(?:提前|超额|已经|已)(?:完成|实现|达到|超过)[^，,。；;]{0,30}?目标")
_SUB_POPULATION = re.compile(
    r"脱贫|贫困|低保|特困|低收入|监测对象|重点人群|老年|老人|儿童|孕产妇|残疾|学生|妇女|职工|"
    # An age band ("65岁以上", "0-3岁婴幼儿"), not a figure in years ("80.29岁").
    r"(?<![\d.])\d{1,4}\s*周?岁(?=及|以上|以下|以内|[-—~至到]|组|年龄|老年|儿童|婴幼儿|人群|居民|人口)|"
    r"农村居民|城镇居民|城市居民|流动人口|(?:高血压|糖尿病|慢病|慢性病|结核病)患者|计生特殊|退役军人|"
    r"男性|女性|(?<![男])女(?=性|\d)|(?<![女])男(?=性|\d)|"
    # Parts of the country taken together ("东、中、西部地区居民健康素养水平分别为…").
    r"(?:东|中|西|东北)部地区|东、中、西部|东中西部"
)
# "15-69岁常住居民健康素养水平": the age band health literacy is always surveyed in is everyone.
_WHOLE_AGE_BAND = re.compile(r"1[45]\s*[-—~～至到]\s*6[49]\s*岁")
_SUB_POPULATION_LOOKBACK = 10
# "其中普惠性托育机构120家": a modifier between 其中 and the phrase names a subset of the figure
# before it ("其中重点人群签约率", with the phrase right after 其中, is an indicator of its own).
_SUBSET_AFTER_QIZHONG = re.compile(r"其中(?![全共各])[\u4e00-\u9fff]{1,8}$")
_PLACE_TO_PHRASE = re.compile(r"的?")
_SUBSET_MODIFIER = re.compile(r"(?:普惠性?|公办|民办|示范性?|社区|农村|城市|城镇|个性化|有偿)的?$")
# New additions within the year are increments, not the stock the indicator measures.
_INCREMENT = re.compile(r"(?:新增|新建|新开|新办|新设|新组建|新认定|增加|扩增)[^，,。；;]{0,3}$")
_FACILITY = re.compile(
    r"总医院|人民医院|中医院|中医医院|中西医结合医院|妇幼保健院|妇幼保健计划生育服务中心|"
    r"[省市县区]立医院|中心医院|儿童医院|附属医院|"
    r"(?<![级立])(?:县|市|区)医院|第[一二三四五六七八九十\d]+医院|卫生院|社区卫生服务中心|分院|院区"
)
# "…托育中心一家就提供托位150个": a figure singled out for one facility, whatever it is called.
_ONE_FACILITY = re.compile(r"一家(?:就|即|便)")
# Words before a facility noun that make it a category of facilities, not one of them.
_FACILITY_SUBJECT_CHARS = 14
# "由…医院…组建/建立": the hospitals named after 由 act for the region.
_AGENT = re.compile(r".{0,12}?由[^，,。；;]{2,40}?(?:组建|建立|成立|打造|开展|牵头|签约)")
_MEANS = re.compile(r"\s*(?:[\u4e00-\u9fff]{1,8}?[省市县区旗])?\s*(?:以|依托|通过|借助|围绕)")
# 牵头 as a verb (牵头建立…); "作为医共体牵头医院" still makes the hospital the subject.
_LEADS = re.compile(r"牵头(?:建立|组建|成立|建设|搭建|推动|推进|开展|实施)")
_GENERIC_FACILITY_PREFIX = re.compile(
    r"(?:乡镇|基层|各|全部|所有|公立|县级|市级|二级|三级|\d+[家所个])$"
)
# "建成县妇幼保健院暨托育综合服务中心,可提供托位300个": the capacity of the building just named.
# A named place may open the clause ("沙河市建成…中心"); 全市/各县 would make it a count of many.
_BUILT_FACILITY = re.compile(
    r"\s*(?:(?![全各])[\u4e00-\u9fff]{1,6}?[省市县区镇乡])?\s*(?:已|新)?"
    r"(?:建成|新建|建设|改扩建|建起|落成|投用|开办|打造)[^，,:：]{0,30}?"
    r"(?:中心|院|园|所|站|驿站|托育点|基地)\s*$"
)
# "…托育综合服务中心(去年9月)投入使用,可提供托位150个": the same, with the verb written last.
_OPENED_FACILITY = re.compile(
    r"\s*(?![全各])(?![^，,:：]*?\d+\s*[个家所处座])[^，,:：]{0,30}?(?:中心|院|园|所|站|驿站|托育点|基地)[^，,:：\d]{0,2}?"
    r"(?:\d{1,2}月(?:份)?)?(?:已|正式|建成)?(?:投入使用|投用|建成|落成|开园|开业|运营)\s*$"
)
_CAPACITY = re.compile(r"\s*(?:可|能|可以|能够)?(?:提供|容纳|设置|设有|开设)")
_THEME_WORDS = {
    "childcare": re.compile(r"托育|托位|托幼|婴幼儿|照护"),
    "family_doctor": re.compile(r"家庭医生|签约"),
    "medcom": re.compile(r"医共体|医联体|医疗集团|共同体"),
}


def target_cues(
    text: str, sentence_start: int, clause_start: int, position: int, phrase: tuple[int, int]
) -> set[str]:
    """The plan cues around the figure at `position`: "strong" (力争, 将达到, 到2025年 … earlier in
    its sentence; "strong_clause" when in its own clause) and "weak" (目标 in its clause).

    Cues inside the indicator phrase itself (`phrase`) do not count.
    """
    found = set()
    for match in _STRONG_TARGET.finditer(text, sentence_start, position):
        if not phrase[0] <= match.start() < phrase[1]:
            found.add("strong_clause" if match.start() >= clause_start else "strong")
    clause_end = _clause_end(text, position)
    # A target said to be met before the figure ("各项指标均已完成规划目标,…") is no plan of what
    # follows; one the figure is part of ("已提前实现2025年83.5岁的规划目标") still is.
    met = [m.span() for m in _achieved(text, sentence_start, position)]

    def planned(match: re.Match[str]) -> bool:
        return not any(start <= match.start() < end for start, end in met)

    if any(
        not phrase[0] <= match.start() < phrase[1] and planned(match)
        for match in _WEAK_TARGET.finditer(text, clause_start, clause_end)
    ):
        found.add("weak")
    stop = _SENTENCE_STOP.search(text, position, position + _ACHIEVED_REACH)
    if any(_achieved(text, position, stop.start() if stop else position + _ACHIEVED_REACH)):
        found.add("achieved_after")
    if "weak" not in found and any(
        planned(match) for match in _WEAK_TARGET.finditer(text, sentence_start, clause_start)
    ):
        found.add("weak_sentence")
    return found


def _achieved(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    if not _ACHIEVED_NEEDS.search(text, start, end):
        return iter(())
    return _ACHIEVED.finditer(text, start, end)


def is_target(
    text: str, sentence_start: int, clause_start: int, position: int, phrase: tuple[int, int]
) -> bool:
    """True when the figure at `position` is a plan or a target, not something achieved."""
    return bool(
        target_cues(text, sentence_start, clause_start, position, phrase) - {"achieved_after"}
    )


def is_quoted_task(text: str, sentence_start: int, position: int, sentence_end: int) -> bool:
    """True when the figure stands inside quotation marks that close on the name of a task
    ("“新增普惠托位5580个,社区婴幼儿成长驿站100家”项目", "列入“…”民生实事"): what was to be done."""
    if not is_quoted(text, sentence_start, position):
        return False
    close = text.find("”", position, sentence_end)
    return close >= 0 and bool(_TASK_AFTER.match(text, close + 1, sentence_end))


def is_quoted(text: str, sentence_start: int, position: int) -> bool:
    """True when the figure stands inside quotation marks: the wording of a task, a project or a
    slogan ("新增普惠托位5580个"项目), seldom a level reached."""
    before = text[sentence_start:position]
    return before.count("“") > before.count("”")


def is_per_unit(text: str, clause_start: int, position: int, end: int) -> bool:
    """True for a figure per something ("每0.5岁、1岁的增长", "给予每个新增托位1万元补助") or
    one followed by the change it measures ("1.01岁的提高"): no level."""
    return bool(
        _PER.search(text, max(clause_start, position - 2), position)
        or _CHANGE_AFTER.match(text, end)
    )


def is_cumulative(text: str, start: int, position: int) -> bool:
    """True when 累计 comes before the figure in its clause ("累计签约…", "累计新增…")."""
    return bool(_CUMULATIVE.search(text, start, position))


def is_part_year(text: str, sentence_start: int, position: int) -> bool:
    """True when the sentence dates the figure to part of a year: 上半年, 一季度, 1-6月,
    截至9月底, 今年以来 (a running total or a snapshot before the year is out)."""
    return bool(
        _PART_YEAR_NEEDS.search(text, sentence_start, position)
        and _PART_YEAR.search(text, sentence_start, position)
    )


def is_event_count(text: str, clause_start: int, position: int, phrase_end: int = -1) -> bool:
    """True for what one event or campaign did ("现场签约100余人", "已培训乡村医生1552人",
    "完成1250个家医签约团队技能培训"): a count of that activity, not the indicator's stock."""
    if _EVENT.search(text, clause_start, position):
        return True
    return phrase_end >= 0 and bool(_EVENT_AFTER.match(text, phrase_end))


def is_group(text: str, sentence_start: int, position: int) -> bool:
    """True when the figure is said of a group of places together ("八个省市的…超过80岁",
    "13市女性…全面超过80岁", "20个城市…大于80岁"), not of one region — unless it singles one
    out ("各设区市中…最高的是厦门市,为83.1岁")."""
    if not _GROUP_NEEDS.search(text, sentence_start, position):
        return False
    group = _GROUP.search(text, sentence_start, position)
    return bool(group) and not _SUPERLATIVE.search(text, group.end(), position)


def is_estimate(text: str, sentence_start: int, position: int) -> bool:
    """True when the figure is given as a preliminary count or an estimate (初步统计, 估算)."""
    return bool(_ESTIMATE.search(text, sentence_start, position))


def plans_ahead(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a plan cue (力争, 将达到, 到2025年 …)."""
    return _STRONG_TARGET.search(text, start, end) is not None


def _clause_end(text: str, position: int) -> int:
    # A parenthesis after a figure opens an aside ("90.8%(目标值:90%)") about another figure.
    match = _CLAUSE_END.search(text, position)
    return match.start() if match else len(text)


def is_plan_heading(heading: str) -> bool:
    """True for a section heading whose section lists plans ("2024年工作安排", "下一步打算")."""
    return bool(_PLAN_HEADING.search(heading))


def is_plan_title(title: str) -> bool:
    """True for the title of a plan document (工作要点, 工作计划, 实施方案 …) that reviews nothing."""
    return bool(_PLAN_TITLE.search(title)) and not _REVIEW_TITLE.search(title)


def is_change(lead: str) -> bool:
    """True when `lead` (text just before a figure) makes the figure a difference."""
    return bool(_CHANGE.search(lead))


def is_base(lead: str) -> bool:
    """True when the figure is the starting point of a comparison (由26.7%提升至…, 比2022年的3.5个)."""
    return bool(_BASE.search(lead))


def is_yardstick(lead: str) -> bool:
    """True when the figure after `lead` is an average quoted for comparison ("全省平均水平(64.5%)")."""
    return bool(_YARDSTICK.search(lead))


def is_yardstick_after(text: str, end: int) -> bool:
    """True when the figure ending at `end` is followed by the average it is ("93.5%的平均水平")."""
    return bool(_YARDSTICK_AFTER.match(text, end))


def is_sample(text: str, clause_start: int, phrase_start: int) -> bool:
    """True when the figure counts a survey's sample ("随机抽取签约居民1200人")."""
    return bool(_SAMPLE.search(text, clause_start, phrase_start))


def is_multi_year_total(text: str, sentence_start: int, position: int) -> bool:
    """True for a total added up over several years ("近3年来,全县累计…", "五年来累计…"); a
    bare "累计签约居民N人" is the stock at the time and stays."""
    # 累计 first: one word is found at once, and most sentences do not hold it.
    return bool(
        _CUMULATIVE.search(text, sentence_start, position)
        and _SEVERAL_YEARS.search(text, sentence_start, position)
    )


def is_sub_population(
    text: str, clause_start: int, phrase_start: int, places: tuple[tuple[int, int], ...] = ()
) -> bool:
    """True when words right before the indicator restrict it to part of the population (or of
    the facilities): 脱贫人口签约率, 65岁以上老年人签约率, 其中普惠性托育机构, 公办托育机构.

    `places` are the spans of places named before the phrase: "其中墨脱县村卫生室标准化建设率"
    singles out one county of a city, whose own indicator that is, not a subset of the figure."""
    begin = max(clause_start, phrase_start - _SUB_POPULATION_LOOKBACK)
    for match in _SUB_POPULATION.finditer(text, begin, phrase_start):
        band = _WHOLE_AGE_BAND.search(text, max(clause_start, match.start() - 6), match.end())
        if not (band and band.end() == match.end()):
            return True
    subset = _SUBSET_AFTER_QIZHONG.search(text, begin, phrase_start)
    if subset and not any(
        start == subset.start() + 2 and _PLACE_TO_PHRASE.fullmatch(text, end, phrase_start)
        for start, end in places
    ):
        return True
    modifier = _SUBSET_MODIFIER.search(text, max(clause_start, phrase_start - 4), phrase_start)
    # "诸城市县域内住院量占比": 城市 there ends a place's name and restricts nothing.
    return bool(modifier) and not any(
        start < modifier.end() and modifier.start() < end for start, end in places
    )


def is_increment(text: str, clause_start: int, phrase_start: int, phrase: str) -> bool:
    """True for "新增托育机构20家": additions in the year, unless the indicator counts additions."""
    if phrase.startswith(("新增", "新建")):
        return False
    return bool(_INCREMENT.search(text, max(clause_start, phrase_start - 6), phrase_start))


def is_single_facility(text: str, clause_start: int, phrase_start: int) -> bool:
    """True when the figure is about one named hospital or health centre (not when hospitals
    are the agents of what the region did: "由市人民医院、市中医医院两个医共体牵头医院已组建…")."""
    if _ONE_FACILITY.search(text, clause_start, phrase_start):
        return True
    if _AGENT.match(text, clause_start, phrase_start) or not _FACILITY_NEEDS.search(
        text, clause_start, phrase_start
    ):
        return False
    for match in _FACILITY.finditer(text, clause_start, phrase_start):
        if not _GENERIC_FACILITY_PREFIX.search(
            text, max(clause_start, match.start() - 4), match.start()
        ):
            return True
    return False


def is_new_facility_capacity(
    text: str, previous: tuple[int, int] | None, clause_start: int, clause_end: int
) -> bool:
    """True when a clause gives the capacity ("可提供托位300个") of one facility that the clause
    before it (`previous`) reports as built, not the region's total."""
    if previous is None or not _CAPACITY.match(text, clause_start, clause_end):
        return False
    return bool(_BUILT_FACILITY.match(text, *previous) or _OPENED_FACILITY.match(text, *previous))


def facility_subject(text: str, start: int, end: int) -> bool:
    """True when a sentence opens with one named facility, so its figures are that facility's.

    Not when a preposition makes the hospital the means ("以区人民医院为牵头医院组建4个医共体,县域内
    就诊率…"), nor when the hospital leads a network ("县总医院牵头建立双向转诊通道,全年上转…"): the
    figures are then the network's, the region's."""
    if _MEANS.match(text, start, end) or _LEADS.search(text, start, end):
        return False
    return is_single_facility(text, start, min(end, start + _FACILITY_SUBJECT_CHARS))


def mentions_theme(text: str, start: int, end: int, theme: str) -> bool:
    """True when text[start:end] talks about the theme (needed before trusting a money figure)."""
    pattern = _THEME_WORDS.get(theme)
    return pattern is None or bool(pattern.search(text, start, end))
