from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.models import Observation, Report
from tests.ingest.documents import docx_report, paragraphs_of, pdf_report, scanned_pdf
from tests.ingest.helpers import make_storing_fail

pytestmark = pytest.mark.django_db

UPLOAD = "ingest:upload"
REPORT = (
    "南平市卫生健康委员会2024年工作总结\n\n"
    "2024年，南平市县域内住院量占比、基层诊疗量占比分别提升至67.59%、59.9%。\n"
)


def upload(name: str, content: bytes | str):
    raw = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, raw)


def post(client, *files, **data):
    return client.post(reverse(UPLOAD), {"files": list(files), **data})


def form_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors["files"]]


def test_the_upload_page_offers_a_file_field_protected_by_csrf(as_reviewer):
    page = as_reviewer.get(reverse(UPLOAD)).content.decode()
    assert 'type="file"' in page and "multiple" in page
    assert "csrfmiddlewaretoken" in page


def test_an_uploaded_report_is_ingested_and_its_new_figures_are_listed(as_reviewer):
    response = post(as_reviewer, upload("nanping-2024.txt", REPORT))
    assert response.status_code == 200
    report = Report.objects.get()
    figures = Observation.objects.filter(report=report)
    assert figures.count() >= 2
    assert set(figures.values_list("created_by", flat=True)) == {as_reviewer.user.pk}
    page = response.content.decode()
    assert "nanping-2024.txt" in page and "新报告" in page
    for figure in figures:
        assert reverse("admin:dashboard_observation_change", args=[figure.pk]) in page
    assert "67.59" in page


def test_the_same_report_uploaded_again_is_not_stored_twice(as_reviewer):
    post(as_reviewer, upload("nanping-2024.txt", REPORT))
    response = post(as_reviewer, upload("copy.txt", REPORT))
    assert "已入库，无变化" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_stored_report_uploaded_again_to_extract_it_again_says_so(as_reviewer):
    post(as_reviewer, upload("nanping-2024.txt", REPORT))
    response = post(as_reviewer, upload("nanping-2024.txt", REPORT), reprocess="on")
    assert "已重新抽取" in response.content.decode()
    assert Report.objects.count() == 1


def test_the_upload_page_sends_a_visitor_without_an_account_to_the_admin_login(client):
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_file_the_pipeline_cannot_read_shows_its_error_and_the_others_are_stored(as_reviewer):
    response = post(
        as_reviewer, upload("blank.txt", "   \n\n  "), upload("nanping-2024.txt", REPORT)
    )
    page = response.content.decode()
    assert "blank.txt: the file contains only whitespace" in page
    assert "1 个文件失败" in page
    assert Report.objects.count() == 1


def test_a_binary_file_is_refused_with_its_message_and_nothing_is_stored(as_reviewer):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    response = post(as_reviewer, upload("scan.txt", png), upload("nanping-2024.txt", REPORT))
    assert form_errors(response) == [
        "scan.txt 不是文本文件（看起来是 PDF、Word 文档或其他二进制文件）；"
        "请使用正确的扩展名（.pdf、.docx）或将报告另存为文本。"
    ]
    assert not Report.objects.exists()


def test_a_file_of_another_type_is_refused_by_its_type(as_reviewer):
    response = post(as_reviewer, upload("figures.xlsx", b"PK\x03\x04 ..."))
    assert form_errors(response) == [
        "figures.xlsx：不是报告文件；只接受 .txt、.md、.html、.htm、.pdf 和 .docx 文件。"
    ]


def test_pdf_and_word_reports_are_ingested_and_their_figures_listed(as_reviewer):
    paragraphs = paragraphs_of(REPORT)
    response = post(
        as_reviewer,
        upload("nanping.pdf", pdf_report(paragraphs)),
        upload("nanping.docx", docx_report([*paragraphs, "（本文由南平市卫健委提供）"])),
    )
    page = response.content.decode()
    assert "nanping.pdf" in page and "nanping.docx" in page
    assert Report.objects.count() == 2
    for report in Report.objects.all():
        assert set(report.observations.values_list("value", flat=True)) >= {
            Decimal("67.59"),
            Decimal("59.9"),
        }


def test_an_old_word_document_is_refused_with_the_advice_to_save_it_as_docx(as_reviewer):
    response = post(as_reviewer, upload("report.doc", b"\xd0\xcf\x11\xe0" + bytes(508)))
    assert form_errors(response) == [
        "report.doc 是旧版 Word 文档（.doc）；请在 Word 或 WPS 中打开，另存为 .docx 后再上传。"
    ]
    assert not Report.objects.exists()


def test_a_scanned_pdf_is_refused_as_a_scan_and_nothing_is_stored(as_reviewer):
    response = post(as_reviewer, upload("scan.pdf", scanned_pdf()))
    assert "scan.pdf: 扫描件，没有文字层" in response.content.decode()
    assert not Report.objects.exists()


def test_a_file_above_the_size_limit_is_refused_with_the_limit(as_reviewer, settings):
    settings.REPORT_MAX_BYTES = 1024
    response = post(as_reviewer, upload("long.txt", "字" * 2000))
    # Reading stopped at the limit, so the message cannot say how large the file is.
    assert response.status_code == 413
    assert form_errors(response) == ["long.txt 超过 1.0\xa0KB；报告文件最大 1.0\xa0KB。"]
    assert not Report.objects.exists()


def test_reading_an_upload_stops_once_a_file_passes_the_size_limit(as_reviewer, settings):
    settings.REPORT_MAX_BYTES = 1024
    files = [upload("long.txt", "字" * 2000), upload("nanping-2024.txt", REPORT)]
    response = post(as_reviewer, *files)
    assert form_errors(response) == ["long.txt 超过 1.0\xa0KB；报告文件最大 1.0\xa0KB。"]
    assert not Report.objects.exists()


def test_an_upload_larger_than_the_request_limit_is_refused_before_its_body_is_read(
    as_reviewer, settings
):
    settings.REPORT_UPLOAD_MAX_REQUEST_BYTES = 10_000
    response = as_reviewer.post(
        reverse(UPLOAD), {"files": [upload("nanping-2024.txt", REPORT)]}, CONTENT_LENGTH="141000000"
    )
    assert response.status_code == 413
    assert form_errors(response) == ["这次上传有 134.5\xa0MB；一次上传最多 9.8\xa0KB。"]
    assert not Report.objects.exists()


def test_five_hundred_files_at_once_get_the_forms_message_not_a_bare_error(as_reviewer, settings):
    settings.REPORT_UPLOAD_MAX_FILES = 20
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 30
    files = [upload(f"{n}.txt", f"{n}") for n in range(500)]
    response = post(as_reviewer, *files)
    assert response.status_code == 200
    assert form_errors(response) == ["每次最多上传 20 个文件，您选择了超过 30 个。"]
    assert not Report.objects.exists()


def test_too_many_files_at_once_are_refused_with_the_limit(as_reviewer, settings):
    settings.REPORT_UPLOAD_MAX_FILES = 2
    files = [upload(f"{n}.txt", REPORT) for n in range(3)]
    response = post(as_reviewer, *files)
    assert form_errors(response) == ["每次最多上传 2 个文件，您选择了 3 个。"]


def test_an_upload_without_files_asks_for_them(as_reviewer):
    response = as_reviewer.post(reverse(UPLOAD), {})
    assert form_errors(response) == ["请至少选择一个报告文件。"]
    assert "没有上传任何文件" in response.content.decode()


def test_a_report_with_markup_is_shown_as_text_on_the_result_page(as_reviewer):
    html = (
        "<html><head><title>南平</title></head><body><article><p>"
        "2024年，南平市县域内住院量占比提升至67.59%。</p>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p></article></body></html>"
    )
    response = post(as_reviewer, upload("<img src=x onerror=alert(1)>.html", html))
    page = response.content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.html" in page


def test_a_utf16_report_without_a_byte_order_mark_is_ingested(as_reviewer):
    response = post(as_reviewer, upload("nanping-utf16.txt", REPORT.encode("utf-16-le")))
    assert "新报告" in response.content.decode()
    assert Report.objects.get().original_filename == "nanping-utf16.txt"


def test_a_report_the_database_refuses_shows_the_reason_and_the_others_are_stored(as_reviewer):
    make_storing_fail("doomed.txt", "No space left on device")
    other = REPORT.replace("南平市", "石狮市")
    response = post(as_reviewer, upload("doomed.txt", REPORT), upload("shishi.txt", other))
    page = response.content.decode()
    assert "doomed.txt: could not be stored (No space left on device)" in page
    assert "内部错误" not in page
    assert list(Report.objects.values_list("original_filename", flat=True)) == ["shishi.txt"]


def test_an_upload_without_the_csrf_token_is_refused():
    from django.test import Client

    from tests.dashboard.admin_support import reviewer

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer())
    response = post(client, upload("nanping-2024.txt", REPORT))
    assert response.status_code == 403
    assert not Report.objects.exists()
