"""Helpers for the ingest tests: the seed files, and the other shapes reports arrive in."""

from __future__ import annotations

import html
from pathlib import Path

from ingest.records import ExtractedReport

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "dashboard" / "data"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"

SMALL_REGIONS = [
    {
        "code": "100000",
        "name": "全国",
        "level": "country",
        "parent_code": "",
        "aliases": "中国|全国",
    },
    {
        "code": "350000",
        "name": "福建省",
        "level": "province",
        "parent_code": "100000",
        "aliases": "福建",
    },
    {
        "code": "350100",
        "name": "福州市",
        "level": "prefecture",
        "parent_code": "350000",
        "aliases": "福州",
    },
    {
        "code": "350102",
        "name": "鼓楼区",
        "level": "county",
        "parent_code": "350100",
        "aliases": "鼓楼",
    },
    {
        "code": "350500",
        "name": "泉州市",
        "level": "prefecture",
        "parent_code": "350000",
        "aliases": "泉州",
    },
    {
        "code": "350581",
        "name": "石狮市",
        "level": "county",
        "parent_code": "350500",
        "aliases": "石狮",
    },
    {
        "code": "350700",
        "name": "南平市",
        "level": "prefecture",
        "parent_code": "350000",
        "aliases": "南平",
    },
    {
        "code": "350724",
        "name": "松溪县",
        "level": "county",
        "parent_code": "350700",
        "aliases": "松溪",
    },
    {
        "code": "320000",
        "name": "江苏省",
        "level": "province",
        "parent_code": "100000",
        "aliases": "江苏",
    },
    {
        "code": "320100",
        "name": "南京市",
        "level": "prefecture",
        "parent_code": "320000",
        "aliases": "南京",
    },
    {
        "code": "320106",
        "name": "鼓楼区",
        "level": "county",
        "parent_code": "320100",
        "aliases": "鼓楼",
    },
    {
        "code": "140000",
        "name": "山西省",
        "level": "province",
        "parent_code": "100000",
        "aliases": "山西",
    },
    {
        "code": "140100",
        "name": "太原市",
        "level": "prefecture",
        "parent_code": "140000",
        "aliases": "太原",
    },
    {
        "code": "140121",
        "name": "清徐县",
        "level": "county",
        "parent_code": "140100",
        "aliases": "清徐",
    },
    {
        "code": "120000",
        "name": "天津市",
        "level": "province",
        "parent_code": "100000",
        "aliases": "天津",
    },
    {
        "code": "120102",
        "name": "河东区",
        "level": "county",
        "parent_code": "120000",
        "aliases": "河东",
    },
    {
        "code": "410000",
        "name": "河南省",
        "level": "province",
        "parent_code": "100000",
        "aliases": "河南",
    },
    {
        "code": "410900",
        "name": "濮阳市",
        "level": "prefecture",
        "parent_code": "410000",
        "aliases": "濮阳",
    },
    {"code": "410926", "name": "范县", "level": "county", "parent_code": "410900", "aliases": ""},
    {
        "code": "623001",
        "name": "合作市",
        "level": "county",
        "parent_code": "623000",
        "aliases": "合作",
    },
    {"code": "140502", "name": "城区", "level": "county", "parent_code": "140500", "aliases": ""},
]


def facts(report: ExtractedReport) -> set[tuple]:
    """What a report says, independent of offsets: the comparable core of its observations."""
    return {
        (o.region_code, o.indicator_code, o.year, o.value, o.qualifier, o.kind)
        for o in report.observations
    }


def gbk_safe(text: str) -> str:
    """Real GBK pages write NBSP, en/em spaces and © as entities or plain spaces."""
    return text.translate({0xA0: " ", 0x2002: " ", 0x2003: " ", 0xA9: "(C)"})


def as_html_page(text: str, *, title: str = "卫生健康工作报告", charset: str = "utf-8") -> str:
    """A seed's paragraphs inside a typical news page: nav, breadcrumb, script, comments, footer."""
    paragraphs = "\n".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.split("\n") if line.strip()
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{html.escape(title)}</title>
<script>var tracker = "导航统计脚本"; function share() {{ return 1; }}</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div class="topbar">欢迎访问本站 登录 注册</div>
<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/gov">政务公开</a></li><li><a href="/service">办事服务</a></li>
<li><a href="/contact">联系我们</a></li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 新闻中心 &gt; 工作动态</div>
<article class="article"><h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<div class="comments"><h3>留言与评论</h3><form><textarea>请输入评论</textarea>
验证码：<input name="code"><button>提交评论</button></form></div>
<aside class="sidebar"><h3>本栏推荐</h3><ul><li><a href="/a">随机图文一</a></li></ul></aside>
<footer>Copyright © 2005-2024 某某融媒体中心 版权所有 晋ICP备2020013838号-2 举报电话：5722696</footer>
<script>document.write("广告位招租 联系电话 12345678");</script>
</body></html>"""


def make_storing_fail(
    filename: str, message: str = "could not extend file: No space left on device"
):
    """A fault of the database itself, not of our code: storing a figure of the report named
    `filename` raises, as a full disk would, after its Report row was written. The trigger is
    part of the test's transaction and goes with it."""
    from django.db import connection

    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE FUNCTION test_refuse_figures() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (SELECT original_filename FROM dashboard_report WHERE id = NEW.report_id)
                 = {literal(filename)}
              THEN RAISE EXCEPTION {literal(message)};
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER test_refuse_figures BEFORE INSERT ON dashboard_observation
              FOR EACH ROW EXECUTE FUNCTION test_refuse_figures();
            """
        )
