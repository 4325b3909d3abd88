from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dashboard.models import Observation, Report

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
GOLD = PROJECT / "tests" / "fixtures" / "gold" / "seeds.jsonl"
SEEDS = PROJECT / "seeds"


def evaluate(*args: str) -> str:
    out = StringIO()
    call_command("evaluate_extraction", "--gold", *args, stdout=out)
    return out.getvalue()


def test_extraction_meets_the_quality_bar_on_the_seed_reports():
    output = evaluate(str(GOLD), str(SEEDS), "--min-recall", "0.95", "--min-precision", "0.97")
    overall = next(line for line in output.splitlines() if line.startswith("overall"))
    precision, recall = (float(figure) for figure in overall.split()[1:3])
    assert recall >= 0.95
    assert precision >= 0.97


def test_evaluation_stores_nothing():
    evaluate(str(GOLD), str(SEEDS))
    assert not Report.objects.exists()
    assert not Observation.objects.exists()


def test_evaluation_lists_every_miss(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"document": "000_7c350bae0bfe1b73.txt", "region_code": "350581", '
        '"indicator": "rural_doctors", "year": 2023, "value": 999, "required": true, '
        '"quote": "在岗乡村医生999名"}\n',
        encoding="utf-8",
    )
    output = evaluate(str(gold), str(SEEDS / "000_7c350bae0bfe1b73.txt"))
    assert "miss: 000_7c350bae0bfe1b73.txt 350581 rural_doctors 2023 999" in output


def test_a_gold_line_that_is_not_json_is_refused_with_its_line_number(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"gold.jsonl:1: not JSON"):
        evaluate(str(gold), str(SEEDS))


def test_a_missing_gold_file_is_refused_by_name(tmp_path):
    with pytest.raises(CommandError, match="no such gold file"):
        evaluate(str(tmp_path / "absent.jsonl"), str(SEEDS))


@pytest.mark.django_db(False)
def test_it_needs_no_database_the_catalog_comes_from_the_projects_tables():
    output = evaluate(str(GOLD), str(SEEDS))
    overall = next(line for line in output.splitlines() if line.startswith("overall"))
    assert float(overall.split()[2]) >= 0.95


def true_positives(output: str) -> int:
    return int(next(line for line in output.splitlines() if line.startswith("overall")).split()[4])


def test_only_figures_at_least_as_confident_as_asked_are_scored():
    every = evaluate(str(GOLD), str(SEEDS))
    sure = evaluate(str(GOLD), str(SEEDS), "--min-confidence", "1.0")
    assert true_positives(sure) == 0 < true_positives(every)
