"""The ingest command against real PostgreSQL: what an admin sees when dropping a folder of reports."""

import contextlib
import datetime
import os
import signal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dashboard.models import Observation, Report, Status
from tests.ingest.helpers import make_storing_fail

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SHISHI = SEEDS / "000_7c350bae0bfe1b73.txt"


def ingest(*paths, reprocess: bool = False) -> str:
    out = StringIO()
    args = [str(p) for p in paths] + ["--no-progress-bar"] + (["--reprocess"] if reprocess else [])
    call_command("ingest", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def ingest_failing(*paths) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("ingest", *map(str, paths), "--no-progress-bar", stdout=out, stderr=StringIO())
    return out.getvalue(), str(failure.value)


def test_the_seed_folder_becomes_reports_with_observations_and_their_sentences():
    output = ingest(SEEDS)
    assert "Files read: 5; new: 5" in output
    assert Report.objects.count() == 5
    shishi = Observation.objects.filter(report__original_filename=SHISHI.name)
    referrals = shishi.get(indicator="upward_referrals", year=2023)
    assert (referrals.region_id, referrals.value, referrals.status) == ("350581", 1913, "extracted")
    report_text = referrals.report.text
    assert report_text[referrals.span_start : referrals.span_end] == referrals.quote
    assert "1913" in referrals.quote


def test_the_summary_counts_observations_per_theme():
    output = ingest(SEEDS)
    assert "Observations created:" in output
    assert "医共体建设" in output and "托育服务" in output


def test_the_same_file_twice_is_unchanged_the_second_time():
    ingest(SHISHI)
    count = Observation.objects.count()
    assert "unchanged: 1" in ingest(SHISHI)
    assert Observation.objects.count() == count


def test_a_gbk_copy_of_a_stored_report_is_recognised_as_the_same_report(tmp_path):
    ingest(SHISHI)
    copy = tmp_path / "shishi_gbk.txt"
    copy.write_bytes(SHISHI.read_text(encoding="utf-8").encode("gb18030"))
    assert "unchanged: 1" in ingest(copy)


def test_a_utf8_bom_copy_is_recognised_as_the_same_report(tmp_path):
    ingest(SHISHI)
    copy = tmp_path / "shishi_bom.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + SHISHI.read_bytes())
    assert "unchanged: 1" in ingest(copy)


def test_two_different_files_with_the_same_name_are_both_kept(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_bytes(SHISHI.read_bytes())
    (tmp_path / "b" / "report.txt").write_bytes((SEEDS / "003_37695501bb043898.txt").read_bytes())
    assert "new: 2" in ingest(tmp_path)
    assert Report.objects.filter(original_filename="report.txt").count() == 2


def test_an_empty_file_fails_with_its_name_and_leaves_nothing_behind(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    output, error = ingest_failing(empty)
    assert "empty.txt" in output and "empty" in output
    assert "1 of 1 files failed" in error
    assert not Report.objects.exists()


def test_a_whitespace_only_file_fails_with_its_name(tmp_path):
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\n　\n", encoding="utf-8")
    output, _ = ingest_failing(blank)
    assert "blank.txt" in output
    assert not Report.objects.exists()


def test_a_binary_file_named_txt_fails_with_its_name(tmp_path):
    fake = tmp_path / "scan.txt"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" + bytes(200))
    output, _ = ingest_failing(fake)
    assert "scan.txt" in output
    assert not Report.objects.exists()


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "shishi.txt").write_bytes(SHISHI.read_bytes())
    output, _ = ingest_failing(tmp_path)
    assert "new: 1" in output and "failed: 1" in output
    assert Report.objects.filter(original_filename="shishi.txt").exists()


def test_a_path_that_does_not_exist_is_reported_and_the_exit_is_non_zero(tmp_path):
    missing = tmp_path / "nowhere" / "report.txt"
    output, error = ingest_failing(missing)
    assert f"{missing}: no such file or folder" in output
    assert "1 of 1 files failed" in error


def test_a_report_naming_no_known_region_is_kept_with_a_warning_and_no_observations(tmp_path):
    nowhere = tmp_path / "nowhere.txt"
    nowhere.write_text(
        "2024年卫生健康工作总结\n2024年,家庭医生签约率达到70.5%,托位数达到1200个。\n",
        encoding="utf-8",
    )
    output = ingest(nowhere)
    report = Report.objects.get(original_filename="nowhere.txt")
    assert report.status == "warning"
    assert report.warnings == [{"code": "no_region", "params": {}}]
    assert "warning: nowhere.txt: 报告中没有提到已知地区，未存储任何数据。" in output
    assert not report.observations.exists()


def test_reprocessing_replaces_extracted_observations_and_keeps_reviewed_ones():
    ingest(SHISHI)
    report = Report.objects.get()
    verified = report.observations.get(indicator="upward_referrals")
    verified.status = Status.VERIFIED
    verified.save()
    rejected = report.observations.get(indicator="downward_referrals")
    rejected.status = Status.REJECTED
    rejected.save()
    extracted_ids = set(
        report.observations.filter(status=Status.EXTRACTED).values_list("id", flat=True)
    )
    before = report.observations.count()

    assert "reprocessed: 1" in ingest(SHISHI, reprocess=True)

    assert report.observations.count() == before
    assert report.observations.filter(pk__in=[verified.pk, rejected.pk]).count() == 2
    assert not report.observations.filter(pk__in=extracted_ids).exists()


def test_pdf_and_word_reports_in_a_folder_are_read_and_a_doc_fails_with_advice(tmp_path):
    from tests.ingest.documents import docx_report, paragraphs_of, pdf_report

    paragraphs = paragraphs_of(SHISHI.read_text(encoding="utf-8"))
    (tmp_path / "shishi.pdf").write_bytes(pdf_report(paragraphs))
    (tmp_path / "shishi-copy.docx").write_bytes(docx_report([*paragraphs, "（完）"]))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    output, _ = ingest_failing(tmp_path)
    assert "new: 2" in output and "failed: 1" in output
    assert "old.doc: 旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx" in output
    assert set(Report.objects.values_list("original_filename", flat=True)) == {
        "shishi.pdf",
        "shishi-copy.docx",
    }


@contextlib.contextmanager
def within_seconds(seconds: int):
    """Fail instead of hanging when the block takes longer (a read that waits forever)."""

    def interrupt(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_given_directly_is_refused_at_once(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with within_seconds(10):
        output, error = ingest_failing(pipe)
    assert "pipe.txt: not a regular file (a named pipe)" in output
    assert "pipe.txt" in error


def test_a_link_to_a_device_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with within_seconds(10):
        output, _ = ingest_failing(link)
    assert "zero.txt: not a regular file (a device)" in output


def test_a_link_to_a_regular_report_is_read(tmp_path):
    link = tmp_path / "linked.txt"
    link.symlink_to(SHISHI)
    assert "new: 1" in ingest(link)


def test_a_named_pipe_inside_a_folder_is_named_and_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "shishi.txt").write_bytes(SHISHI.read_bytes())
    with within_seconds(10):
        output, _ = ingest_failing(tmp_path)
    assert "pipe.txt: not a regular file (a named pipe)" in output
    assert "new: 1" in output


def test_a_file_above_the_size_limit_is_refused_with_the_limit(tmp_path, settings):
    settings.REPORT_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.txt"
    big.write_bytes(SHISHI.read_bytes() * (1024 * 1024 // len(SHISHI.read_bytes()) + 1))
    output, _ = ingest_failing(big)
    assert "big.txt: the file is larger than the limit of 1 MB" in output
    assert not Report.objects.exists()


def test_a_ten_gigabyte_file_is_refused_without_being_read_into_memory(tmp_path, settings):
    settings.REPORT_MAX_BYTES = 20 * 1024 * 1024
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(10 * 1024**3)  # sparse: takes no disk space
    with within_seconds(20):
        output, _ = ingest_failing(huge)
    assert "huge.txt: the file is larger than the limit of 20 MB" in output


def test_a_batch_with_one_overflowing_figure_stores_all_three_reports_and_names_the_figure(
    tmp_path,
):
    (tmp_path / "a_shishi.txt").write_bytes(SHISHI.read_bytes())
    (tmp_path / "b_overflow.txt").write_text(
        "南平市2024年工作总结\n\n2024年，南平市上转患者99999999999999999999人次，托位数达到1200个。\n",
        encoding="utf-8",
    )
    (tmp_path / "c_other.txt").write_bytes((SEEDS / "003_37695501bb043898.txt").read_bytes())
    output = ingest(tmp_path)
    assert "new: 3" in output and "failed: 0" in output
    assert "warning: b_overflow.txt: 已舍弃 upward_referrals = 99999999999999999999" in output
    assert not Observation.objects.filter(value__gte=10**16).exists()
    assert Observation.objects.filter(report__original_filename="b_overflow.txt").count() == 1


def test_a_report_the_database_refuses_is_rolled_back_named_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a_shishi.txt").write_bytes(SHISHI.read_bytes())
    (tmp_path / "b_doomed.txt").write_bytes((SEEDS / "001_ecae4ea229693063.txt").read_bytes())
    (tmp_path / "c_other.txt").write_bytes((SEEDS / "003_37695501bb043898.txt").read_bytes())
    make_storing_fail("b_doomed.txt", "No space left on device")
    output, error = ingest_failing(tmp_path)
    assert "new: 2" in output and "failed: 1" in output
    assert "failed: b_doomed.txt: could not be stored (No space left on device)" in output
    assert "Observations created:" in output
    assert error == "1 of 3 files failed: b_doomed.txt"
    assert set(Report.objects.values_list("original_filename", flat=True)) == {
        "a_shishi.txt",
        "c_other.txt",
    }


def change_form_data(response) -> dict:
    """What the admin change form would post back unchanged, inline management forms included."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_reprocessing_keeps_the_report_details_a_reviewer_corrected_and_updates_the_others(
    as_reviewer,
):
    ingest(SHISHI)
    report = Report.objects.get()
    extracted = (report.publisher, report.published_on)
    url = reverse("admin:dashboard_report_change", args=[report.pk])
    data = change_form_data(as_reviewer.get(url))
    data.update(title="石狮市2023年卫生健康工作总结（审核后）", region="350500", year="2022")
    assert as_reviewer.post(url, data).status_code == 302
    # Details the rules now read differently, as an older version of them stored them.
    Report.objects.filter(pk=report.pk).update(
        publisher="旧规则读出的发布者", published_on=datetime.date(2020, 1, 1)
    )

    assert "reprocessed: 1" in ingest(SHISHI, reprocess=True)

    report.refresh_from_db()
    assert (report.title, report.region_id, report.year) == (
        "石狮市2023年卫生健康工作总结（审核后）",
        "350500",
        2022,
    )
    assert (report.publisher, report.published_on) == extracted
    reasons = [
        (record.history_change_reason, record.history_user)
        for record in report.history.order_by("history_date", "history_id")
    ]
    assert reasons == [
        ("extracted from report", None),
        (None, as_reviewer.user),
        ("extracted again", None),
    ]
    history = as_reviewer.get(
        reverse("admin:dashboard_report_history", args=[report.pk])
    ).content.decode()
    assert "已重新抽取" in history and "石狮市2023年卫生健康工作总结（审核后）" in history


def test_reprocessing_a_report_nobody_edited_updates_all_its_details():
    ingest(SHISHI)
    report = Report.objects.get()
    extracted = (report.title, report.publisher, report.region_id, report.year)
    Report.objects.filter(pk=report.pk).update(title="旧标题", publisher="", region=None, year=None)
    ingest(SHISHI, reprocess=True)
    report.refresh_from_db()
    assert (report.title, report.publisher, report.region_id, report.year) == extracted


def many_reports(folder: Path, count: int) -> list[Path]:
    """Enough seed variants for the command to read them in worker processes."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for number in range(count):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        (folder / f"report_{number:03d}.txt").write_text(f"{text}\n（第{number}份）\n", "utf-8")
    (folder / "report_bad.txt").write_bytes(b"")
    return sorted(folder.iterdir())


def stored_figures() -> list[tuple]:
    return list(
        Observation.objects.order_by("report__original_filename", "span_start", "id").values_list(
            "report__original_filename", "region_id", "indicator_id", "year", "value", "quote"
        )
    )


def test_reports_read_by_worker_processes_are_stored_as_one_process_stores_them(tmp_path):
    from ingest.management.commands.ingest import POOL_FROM

    many_reports(tmp_path, POOL_FROM)
    out = StringIO()
    with pytest.raises(CommandError, match=f"1 of {POOL_FROM + 1} files failed: report_bad.txt"):
        call_command("ingest", str(tmp_path), "--workers", "0", "--no-progress-bar", stdout=out)
    alone = stored_figures()
    assert f"Files read: {POOL_FROM + 1}; new: {POOL_FROM}" in out.getvalue()
    Observation.objects.all().delete()
    Report.objects.all().delete()
    out = StringIO()
    with pytest.raises(CommandError, match=f"1 of {POOL_FROM + 1} files failed: report_bad.txt"):
        call_command("ingest", str(tmp_path), "--workers", "2", "--no-progress-bar", stdout=out)
    assert f"Files read: {POOL_FROM + 1} by 2 worker processes; new: {POOL_FROM}" in out.getvalue()
    assert stored_figures() == alone
    assert len(alone) > POOL_FROM


def test_a_negative_number_of_workers_is_refused_with_the_option_named(tmp_path):
    with pytest.raises(CommandError, match="--workers must be 0 or more, not -1"):
        call_command("ingest", str(SHISHI), "--workers", "-1", "--no-progress-bar")
