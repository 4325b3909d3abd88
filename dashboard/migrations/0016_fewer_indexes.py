# Indexes no query uses: each cost every stored figure and history row.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Only the indexes go: altering the fields themselves would drop and re-check the foreign keys
# of every stored figure.
_UNUSED = [
    "dashboard_historicalobservation_created_by_id_ed6bf9a0",
    "dashboard_historicalobservation_indicator_id_af277111",
    "dashboard_historicalobservation_indicator_id_af277111_like",
    "dashboard_historicalobservation_region_id_ba694397",
    "dashboard_historicalobservation_region_id_ba694397_like",
    "dashboard_historicalobservation_report_id_4b4d4d13",
    "dashboard_historicalobservation_updated_by_id_058e6e9e",
    "dashboard_historicalreport_region_id_86170dff",
    "dashboard_historicalreport_region_id_86170dff_like",
    "dashboard_historicalreport_sha256_c23c3f6a",
    "dashboard_historicalreport_sha256_c23c3f6a_like",
    "dashboard_observation_indicator_id_38b6ce04",
    "dashboard_observation_indicator_id_38b6ce04_like",
    "dashboard_observation_region_id_0b334638",
    "dashboard_observation_region_id_0b334638_like",
]


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0015_coverage_state_reference_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in _UNUSED],
                    # Going back leaves them dropped: no query needs them.
                    reverse_sql=migrations.RunSQL.noop,
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalobservation",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="created by",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalobservation",
                    name="indicator",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dashboard.indicator",
                        verbose_name="indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalobservation",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dashboard.region",
                        verbose_name="region",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalobservation",
                    name="report",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="Empty for figures entered by hand.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dashboard.report",
                        verbose_name="source report",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalobservation",
                    name="updated_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalreport",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="dashboard.region",
                        verbose_name="main region",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalreport",
                    name="sha256",
                    field=models.CharField(
                        max_length=64, verbose_name="SHA-256 of the normalised text"
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="indicator",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="dashboard.indicator",
                        verbose_name="indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="region",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="dashboard.region",
                        verbose_name="region",
                    ),
                ),
            ],
        )
    ]
