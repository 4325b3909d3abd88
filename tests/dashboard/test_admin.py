from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dashboard.models import Indicator, Observation, Status
from tests.dashboard.admin_support import changelist_ids, make_user, reviewer
from tests.factories import ExtractedObservationFactory, ObservationFactory

pytestmark = pytest.mark.django_db

LIST = "admin:dashboard_observation_changelist"


def change_url(observation):
    return reverse("admin:dashboard_observation_change", args=[observation.pk])


def run_action(client, action, *observations, url=LIST):
    return client.post(
        reverse(url),
        {"action": action, "_selected_action": [o.pk for o in observations]},
        follow=True,
    )


def edit_post(observation, **changes):
    data = {
        "region": observation.region_id,
        "indicator": observation.indicator_id,
        "year": observation.year,
        "kind": observation.kind,
        "qualifier": observation.qualifier,
        "value": str(observation.value),
        "status": observation.status,
        "source": observation.source,
        "note": observation.note,
    }
    return {**data, **changes}


# The list


def test_the_list_shows_value_with_unit_the_shortened_sentence_and_a_link_to_the_report(
    as_reviewer,
):
    sentence = "2023年，石狮市持续推进家庭医生签约服务，重点人群签约覆盖面不断扩大，签约率达66%。"
    observation = ExtractedObservationFactory(report__text=sentence, confidence=0.42)
    page = as_reviewer.get(reverse(LIST)).content.decode()
    assert "石狮市" in page
    assert "66 %" in page
    assert "0.42" in page
    assert f'title="{sentence}"' in page
    assert sentence[:30] in page.replace(f'title="{sentence}"', "")
    assert reverse("admin:dashboard_report_change", args=[observation.report_id]) in page


def test_the_list_shows_the_newest_figures_first(as_reviewer):
    older = ObservationFactory(indicator_id="fd_contract_rate")
    newer = ObservationFactory(indicator_id="childcare_places", value=Decimal("900"))
    assert changelist_ids(as_reviewer.get(reverse(LIST))) == [newer.pk, older.pk]


def test_the_indicator_filter_offers_the_indicators_that_have_figures(as_reviewer):
    ObservationFactory(indicator_id="fd_contract_rate")
    ObservationFactory(indicator_id="childcare_places", value=Decimal("900"))
    changelist = as_reviewer.get(reverse(LIST)).context["cl"]
    (indicators,) = [
        f for f in changelist.filter_specs if getattr(f, "field_path", "") == "indicator"
    ]
    assert {code for code, _ in indicators.lookup_choices} == {
        "fd_contract_rate",
        "childcare_places",
    }


def test_the_list_filters_by_status_theme_region_level_and_province(as_reviewer):
    verified = ObservationFactory(status=Status.VERIFIED)
    childcare = ObservationFactory(indicator_id="childcare_places", value=Decimal("900"))
    in_guangdong = ObservationFactory(region_id="440300")
    prefecture = ObservationFactory(region_id="350500")

    def ids(**query):
        return set(changelist_ids(as_reviewer.get(reverse(LIST), query)))

    assert ids(status__exact="verified") == {verified.pk}
    assert ids(indicator__theme__code__exact="childcare") == {childcare.pk}
    assert ids(region__level__exact="prefecture") == {prefecture.pk, in_guangdong.pk}
    assert in_guangdong.pk not in ids(province="350000")
    assert {verified.pk, childcare.pk, prefecture.pk} <= ids(province="350000")
    assert ids(year=2023) == {verified.pk, childcare.pk, in_guangdong.pk, prefecture.pk}


def test_the_list_searches_region_code_indicator_name_and_the_sentence(as_reviewer):
    shishi = ExtractedObservationFactory(report__text="石狮市家庭医生签约率达66%。")
    other = ObservationFactory(region_id="350582", indicator_id="childcare_places", value=5)

    def ids(q):
        return set(changelist_ids(as_reviewer.get(reverse(LIST), {"q": q})))

    assert ids("350581") == {shishi.pk}
    assert ids("托位数") == {other.pk}
    assert ids("签约率达66") == {shishi.pk}


# Bulk actions


def test_verifying_in_bulk_records_the_reviewer_and_a_history_entry(as_reviewer):
    first, second = ObservationFactory(), ObservationFactory(region_id="350582")
    response = run_action(as_reviewer, "verify", first, second)
    assert "2 条观测值已标记为已核实" in response.content.decode()
    for observation in (first, second):
        observation.refresh_from_db()
        assert observation.status == Status.VERIFIED
        assert observation.updated_by == as_reviewer.user
        latest = observation.history.first()
        assert (latest.status, latest.history_user) == (Status.VERIFIED, as_reviewer.user)


def test_rejecting_in_bulk_hides_the_figures_and_records_who(as_reviewer):
    observation = ObservationFactory()
    run_action(as_reviewer, "reject", observation)
    observation.refresh_from_db()
    assert observation.status == Status.REJECTED
    assert observation.history.first().history_user == as_reviewer.user


def test_setting_back_to_extracted_returns_figures_to_the_review_queue(as_reviewer):
    observation = ObservationFactory(status=Status.VERIFIED)
    run_action(as_reviewer, "back_to_extracted", observation)
    queue = as_reviewer.get(reverse("admin:dashboard_reviewitem_changelist"))
    assert changelist_ids(queue) == [observation.pk]
    assert observation.history.first().status == Status.EXTRACTED


# Review queue


def test_the_review_queue_lists_extracted_figures_least_confident_first(as_reviewer):
    sure = ObservationFactory(confidence=0.95)
    unsure = ObservationFactory(region_id="350582", confidence=0.31)
    middling = ObservationFactory(region_id="350583", confidence=0.6)
    ObservationFactory(region_id="350526", confidence=0.1, status=Status.VERIFIED)
    queue = as_reviewer.get(reverse("admin:dashboard_reviewitem_changelist"))
    assert changelist_ids(queue) == [unsure.pk, middling.pk, sure.pk]
    assert change_url(unsure) in queue.content.decode()


def test_verifying_from_the_review_queue_records_history_on_the_observation(as_reviewer):
    observation = ObservationFactory(confidence=0.2)
    run_action(as_reviewer, "verify", observation, url="admin:dashboard_reviewitem_changelist")
    observation.refresh_from_db()
    assert observation.status == Status.VERIFIED
    assert observation.history.first().history_user == as_reviewer.user


# Editing


def test_editing_an_extracted_value_verifies_it_and_history_shows_old_and_new(as_reviewer):
    observation = ExtractedObservationFactory()
    response = as_reviewer.post(change_url(observation), edit_post(observation, value="67.5"))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.value == Decimal("67.5")
    assert observation.status == Status.VERIFIED
    assert observation.updated_by == as_reviewer.user
    history = as_reviewer.get(
        reverse("admin:dashboard_observation_history", args=[observation.pk])
    ).content.decode()
    assert "66.0000" in history and "67.5000" in history
    assert "reviewer" in history


def test_a_reviewer_who_chooses_rejected_while_editing_gets_rejected(as_reviewer):
    observation = ExtractedObservationFactory()
    as_reviewer.post(change_url(observation), edit_post(observation, status="rejected"))
    observation.refresh_from_db()
    assert observation.status == Status.REJECTED


def test_an_edit_that_breaks_a_rule_is_refused_with_the_rule(as_reviewer):
    observation = ExtractedObservationFactory()
    response = as_reviewer.post(change_url(observation), edit_post(observation, value="120"))
    assert response.status_code == 200
    assert "家庭医生签约率是以 % 表示的比例，不能超过 100。" in response.content.decode()
    observation.refresh_from_db()
    assert observation.value == Decimal("66")


def test_a_change_of_an_indicator_appears_in_its_history_with_old_and_new(client):
    client.force_login(make_user("root", superuser=True))
    indicator = Indicator.objects.get(pk="fd_teams")
    indicator.definition = "old definition"
    indicator.save()
    indicator.definition = "new definition"
    indicator.save()
    page = client.get(reverse("admin:dashboard_indicator_history", args=["fd_teams"]))
    text = page.content.decode()
    assert "old definition" in text and "new definition" in text


# Conflicts


def test_two_sources_with_different_values_are_flagged_and_filterable(as_reviewer):
    first = ExtractedObservationFactory(report__text="石狮市家庭医生签约率达66%。")
    second = ExtractedObservationFactory(
        report__text="石狮市签约率为68%。", value=Decimal("68"), report__original_filename="b.txt"
    )
    agreeing = ObservationFactory(region_id="350582")
    page = as_reviewer.get(reverse(LIST), {"conflict": "yes"})
    assert set(changelist_ids(page)) == {first.pk, second.pk}
    assert "来源不一致" in page.content.decode()
    assert agreeing.pk in changelist_ids(as_reviewer.get(reverse(LIST), {"conflict": "no"}))


def test_the_origin_filter_separates_extracted_figures_from_entered_ones(as_reviewer):
    extracted = ExtractedObservationFactory()
    entered = ObservationFactory(region_id="350582", source="《泉州统计年鉴2024》")
    assert changelist_ids(as_reviewer.get(reverse(LIST), {"origin": "report"})) == [extracted.pk]
    assert changelist_ids(as_reviewer.get(reverse(LIST), {"origin": "other"})) == [entered.pk]


def test_picking_a_value_verifies_it_and_rejects_the_other_values(as_reviewer):
    right = ObservationFactory()
    wrong = ObservationFactory(value=Decimal("68"))
    run_action(as_reviewer, "pick_value", right)
    right.refresh_from_db()
    wrong.refresh_from_db()
    assert (right.status, wrong.status) == (Status.VERIFIED, Status.REJECTED)
    assert wrong.history.first().history_user == as_reviewer.user
    assert not Observation.objects.with_conflicts().filter(has_conflict=True).exists()


def test_picking_two_values_of_one_conflict_is_refused(as_reviewer):
    first, second = ObservationFactory(), ObservationFactory(value=Decimal("68"))
    response = run_action(as_reviewer, "pick_value", first, second)
    assert "只能选择一条" in response.content.decode()
    assert set(Observation.objects.values_list("status", flat=True)) == {Status.EXTRACTED}


def test_the_observation_page_lists_the_other_values_and_can_pick_this_one(as_reviewer):
    right = ExtractedObservationFactory()
    wrong = ObservationFactory(value=Decimal("68"), source="某年鉴")
    page = as_reviewer.get(change_url(right)).content.decode()
    assert change_url(wrong) in page and "68 %" in page and 'name="_pick"' in page
    as_reviewer.post(change_url(right), {**edit_post(right), "_pick": "1"})
    wrong.refresh_from_db()
    assert wrong.status == Status.REJECTED


# Manual entry


def manual(**changes):
    data = {
        "region": "350581",
        "indicator": "fd_teams",
        "year": "2023",
        "kind": "actual",
        "qualifier": "eq",
        "value": "48",
        "unit": "支",
        "source": "《泉州卫生健康统计年鉴2024》第35页",
    }
    return {**data, **changes}


def errors_of(response, field):
    return [str(e) for e in response.context["adminform"].form.errors.get(field, [])]


def test_a_figure_entered_by_hand_is_stored_verified_with_who_entered_it(as_reviewer):
    response = as_reviewer.post(reverse("admin:dashboard_observation_add"), manual())
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.value, observation.status) == (Decimal("48"), Status.VERIFIED)
    assert observation.report is None and observation.source.startswith("《泉州")
    assert observation.created_by == observation.updated_by == as_reviewer.user
    assert observation.history.get().history_user == as_reviewer.user


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"unit": "个"}, "unit", "家庭医生团队数的单位是“支”，不是“个”；请先换算为 支。"),
        ({"year": "1948"}, "year", "年份必须在 1949 到 2100 之间。"),
        ({"value": "-3"}, "value", "家庭医生团队数的值不能为负数。"),
        (
            {"indicator": "fd_contract_rate", "unit": "%", "value": "120"},
            "value",
            "家庭医生签约率是以 % 表示的比例，不能超过 100。",
        ),
        ({"region": "999999"}, "region", "没有这个地区；请从列表中选择，或输入六位地区代码。"),
        ({"indicator": "no_such_indicator"}, "indicator", "没有这个指标；请从指标目录中选择。"),
        ({"source": ""}, "source", "这个字段是必填项。"),
    ],
)
def test_a_figure_entered_by_hand_is_refused_with_a_clear_message(
    as_reviewer, changes, field, message
):
    response = as_reviewer.post(reverse("admin:dashboard_observation_add"), manual(**changes))
    assert response.status_code == 200
    assert errors_of(response, field) == [message]
    assert not Observation.objects.exists()


def test_a_full_width_percent_sign_is_the_same_unit(as_reviewer):
    data = manual(indicator="fd_contract_rate", unit="％", value="66")
    as_reviewer.post(reverse("admin:dashboard_observation_add"), data)
    assert Observation.objects.get().value == Decimal("66")


def test_entering_a_value_that_differs_from_a_report_warns_about_the_conflict(as_reviewer):
    ObservationFactory(indicator_id="fd_teams", value=Decimal("50"))
    response = as_reviewer.post(reverse("admin:dashboard_observation_add"), manual(), follow=True)
    assert "另有 1 个来源给出了不同的数值" in response.content.decode()


# Escaping, CSRF, login limits


def test_markup_in_a_report_and_its_quote_is_shown_as_text_in_the_admin(as_reviewer):
    text = '2023年<script>alert("x")</script>石狮市家庭医生签约率达66%。'
    observation = ExtractedObservationFactory(
        report__text=text, quote='<script>alert("x")</script>石狮市家庭医生签约率达66%。'
    )
    pages = [
        as_reviewer.get(reverse("admin:dashboard_report_change", args=[observation.report_id])),
        as_reviewer.get(reverse(LIST)),
        as_reviewer.get(change_url(observation)),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html


def test_a_form_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer())
    observation = ObservationFactory()
    response = client.post(change_url(observation), edit_post(observation, value="1"))
    assert response.status_code == 403
    observation.refresh_from_db()
    assert observation.value == Decimal("66")


def test_repeated_wrong_passwords_lock_the_login_even_for_the_right_one(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("alice")
    login = reverse("admin:login")
    for _ in range(3):
        client.post(login, {"username": "alice", "password": "wrong"})
    response = client.post(login, {"username": "alice", "password": "a-long-test-password"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_and_the_admin_is_in_chinese(client):
    make_user("bob")
    response = client.post(
        reverse("admin:login"),
        {"username": "bob", "password": "a-long-test-password", "next": "/admin/"},
        follow=True,
    )
    assert response.context["user"] == User.objects.get(username="bob")
    with translation.override("zh-hans"):
        assert "审核与数据管理" in response.content.decode()


def test_the_report_page_shows_its_figures_and_upload_is_offered_to_reviewers(as_reviewer):
    observation = ExtractedObservationFactory()
    page = as_reviewer.get(
        reverse("admin:dashboard_report_change", args=[observation.report_id])
    ).content.decode()
    assert change_url(observation) in page
    listing = as_reviewer.get(reverse("admin:dashboard_report_changelist")).content.decode()
    assert reverse("ingest:upload") in listing


def test_the_history_names_statuses_by_their_labels_and_an_empty_user_as_a_dash(as_reviewer):
    observation = ExtractedObservationFactory(value=Decimal("66"))
    as_reviewer.post(
        reverse("admin:dashboard_observation_changelist"),
        {"action": "verify", "_selected_action": [observation.pk]},
    )
    page = as_reviewer.get(
        reverse("admin:dashboard_observation_history", args=[observation.pk])
    ).content.decode()
    assert "已抽取" in page and "已核实" in page
    assert "extracted" not in page.split("<tbody>")[1].split("</tbody>")[0]
    assert "pk=None" not in page
