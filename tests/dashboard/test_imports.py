"""Importing in the admin: the upload is checked, then written once a reviewer confirms, by the
import_observations command in a process of its own; templates to download."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from dashboard.models import ImportJob, ImportState, Observation
from tests.dashboard.admin_support import reviewer, viewer
from tests.dashboard.test_import import as_csv, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sync_orm_beside_playwright")]

IMPORT = "admin:dashboard_observation_import"


@pytest.fixture(autouse=True)
def _chinese_messages():
    with translation.override("zh-hans"):
        yield


def upload(client, text: bytes | str, name="observations.csv"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, raw)})


def finished(job_id: int, seconds: float = 90) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import job {job_id} did not finish: {job.state}")


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    return settings.IMPORT_DIR


@pytest.mark.django_db(transaction=True)
def test_the_admin_checks_a_file_without_writing_then_imports_it_with_the_reviewer(
    client, reference_data, import_dir
):
    user = reviewer()
    client.force_login(user)
    response = upload(client, as_csv(row(), row(region_code="350582", region_name="晋江市")))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/import/{job.pk}/")
    job = finished(job.pk)
    assert (job.state, job.rows_new, job.rows_duplicate) == (ImportState.CHECKED, 2, 0)
    assert not Observation.objects.exists()
    page = client.get(response.url).content.decode()
    assert "导入 2 条" in page

    client.post(reverse("admin:dashboard_observation_import_confirm", args=[job.pk]))
    job = finished(job.pk)
    assert job.state == ImportState.DONE and job.rows_new == 2
    observation = Observation.objects.get(region_id="350582")
    assert observation.created_by == user
    assert observation.history.get().history_user == user
    assert not Path(job.path).exists()
    assert "已导入：新增 2 条" in client.get(response.url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_admin_import_with_one_bad_row_reports_that_row_and_imports_nothing(
    client, reference_data, import_dir
):
    client.force_login(reviewer())
    text = as_csv(row(), row(region_code="350582", region_name="晋江市", value="-5"), row())
    response = upload(client, text.encode("gbk"))
    job = finished(ImportJob.objects.get().pk)
    assert job.state == ImportState.FAILED
    assert job.errors == [
        {"row": 3, "column": "value", "message": "家庭医生签约率的值不能为负数。"}
    ]
    page = client.get(response.url).content.decode()
    assert "家庭医生签约率的值不能为负数。" in page and "未导入" in page
    assert not Observation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_confirmed_import_of_a_file_changed_since_its_check_still_writes_nothing_bad(
    client, reference_data, import_dir
):
    # The write checks every row again: a file that is bad by then has none of its rows written.
    client.force_login(reviewer())
    upload(client, as_csv(row()))
    job = finished(ImportJob.objects.get().pk)
    Path(job.path).write_text(as_csv(row(), row(value="oops")), encoding="utf-8")
    client.post(reverse("admin:dashboard_observation_import_confirm", args=[job.pk]))
    assert finished(job.pk).state == ImportState.FAILED
    assert not Observation.objects.exists()


def a_job(import_dir, state, seconds_ago: float) -> ImportJob:
    import_dir.mkdir(parents=True, exist_ok=True)
    path = import_dir / "waiting.csv"
    path.write_text(as_csv(row()), encoding="utf-8")
    job = ImportJob.objects.create(original_filename="石狮.csv", path=str(path), state=state)
    touched = timezone.now() - timedelta(seconds=seconds_ago)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=touched)
    return ImportJob.objects.get(pk=job.pk)


def test_a_job_whose_process_ended_is_shown_as_stopped_and_the_page_stops_waiting(
    client, import_dir
):
    client.force_login(reviewer())
    job = a_job(import_dir, ImportState.RUNNING, seconds_ago=ImportJob.STALLED_AFTER + 5)
    page = client.get(reverse("admin:dashboard_observation_import_job", args=[job.pk]))
    text = page.content.decode()
    assert "导入在完成前停止" in text and 'http-equiv="refresh"' not in text
    assert ImportJob.objects.get(pk=job.pk).state == ImportState.FAILED
    assert not Path(job.path).exists()


def test_a_job_its_process_touched_lately_is_still_running(client, import_dir):
    client.force_login(reviewer())
    job = a_job(import_dir, ImportState.RUNNING, seconds_ago=ImportJob.HEARTBEAT_SECONDS)
    page = client.get(reverse("admin:dashboard_observation_import_job", args=[job.pk]))
    assert 'http-equiv="refresh"' in page.content.decode()
    assert ImportJob.objects.get(pk=job.pk).state == ImportState.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_running_import_touches_its_job_while_it_works(import_dir, monkeypatch):
    from dashboard.management.commands.import_observations import _Heartbeat

    monkeypatch.setattr(ImportJob, "HEARTBEAT_SECONDS", 0.05)
    job = a_job(import_dir, ImportState.RUNNING, seconds_ago=600)
    with _Heartbeat(job.pk):
        time.sleep(0.5)
    assert not ImportJob.objects.get(pk=job.pk).stalled


@pytest.mark.django_db(transaction=True)
def test_confirming_a_file_checked_long_ago_imports_it(client, reference_data, import_dir):
    client.force_login(reviewer())
    job = a_job(import_dir, ImportState.CHECKED, seconds_ago=3600)
    ImportJob.objects.filter(pk=job.pk).update(rows_new=1)
    client.post(reverse("admin:dashboard_observation_import_confirm", args=[job.pk]))
    client.get(reverse("admin:dashboard_observation_import_job", args=[job.pk]))
    assert finished(job.pk).state == ImportState.DONE
    assert Observation.objects.count() == 1


def test_the_admin_refuses_a_file_of_another_type(client, import_dir):
    client.force_login(reviewer())
    response = upload(client, "x", name="figures.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["figures.pdf：只能导入 .csv 和 .xlsx 文件。"]
    assert not ImportJob.objects.exists()


def test_the_import_page_offers_the_templates_and_lists_the_columns(client):
    client.force_login(reviewer())
    page = client.get(reverse(IMPORT)).content.decode()
    for name in ("template_csv", "template_xlsx", "units"):
        assert reverse(f"admin:dashboard_observation_import_{name}") in page
    assert "地区代码" in page and "region_code" in page
    response = client.get(reverse("admin:dashboard_observation_import_template_xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="observations_template.xlsx"'


def test_the_observation_list_links_to_the_import_for_reviewers_only(client):
    changelist = reverse("admin:dashboard_observation_changelist")
    client.force_login(reviewer())
    assert reverse(IMPORT) in client.get(changelist).content.decode()
    client.force_login(viewer())
    assert reverse(IMPORT) not in client.get(changelist).content.decode()


def test_a_viewer_may_not_import(client):
    client.force_login(viewer())
    assert client.get(reverse(IMPORT)).status_code == 403
