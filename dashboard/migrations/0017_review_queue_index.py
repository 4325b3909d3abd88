# The review queue reads its order from the index the held-back count uses.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0016_fewer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="observation",
            name="observation_held_back",
        ),
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(
                models.OrderBy(models.F("confidence"), nulls_first=True),
                models.F("id"),
                condition=models.Q(("status", "extracted")),
                name="observation_review_queue",
            ),
        ),
    ]
