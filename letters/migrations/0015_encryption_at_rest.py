"""Supporters' personal data encrypted at rest (advocacy/crypto.py): each column gets
a sealed twin, filled in batches from the plain one, which is then dropped and its
name given to the twin. Every uniqueness rule and index on the address moves to its
blind index. Needs FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY set (or DEBUG)."""

import csv
import io

from django.db import migrations, models

import advocacy.models
from advocacy import crypto

LETTER_FIELDS = [
    "first_name", "last_name", "email", "postal_code", "city", "street_address", "subject", "body",
]  # fmt: skip
DELIVERY_FIELDS = ["name", "address"]
BATCH = 2000
REMOVED = "[…]"  # what minimal-data mode left in a letter's text
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _seal(value, column):
    if value is None:
        return None
    return crypto.encrypt(value, column=column) if value else b""


def _safe(text):
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cells(first_name, last_name, email, postal_code):
    # letters.models.supporter_cells, as it was when this migration was written.
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        [_safe(first_name), _safe(last_name), _safe(email), postal_code or ""]
    )
    return out.getvalue()


def _batches(model, fields):
    last = 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last).order_by("pk").values("pk", *fields)[:BATCH]
        )
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def seal(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    extra = ["scrubbed_at"]
    for rows in _batches(Letter, LETTER_FIELDS + ["modified_at"]):
        letters = []
        for row in rows:
            letter = Letter(pk=row["pk"])
            for field in LETTER_FIELDS:
                setattr(letter, f"{field}_sealed", _seal(row[field], f"letters.letter.{field}"))
            letter.email_index = crypto.blind_index(row["email"])
            if row["email"] is not None:
                cells = _cells(row["first_name"], row["last_name"], row["email"], row["postal_code"])
                letter.supporter_row = _seal(cells, "letters.letter.supporter_row")
            letter.modified_at = row["modified_at"]
            scrubbed = row["body"] == REMOVED and not row["street_address"] and not row["city"]
            letter.scrubbed_at = row["modified_at"] if scrubbed else None
            letters.append(letter)
        Letter.objects.bulk_update(
            letters,
            [f"{f}_sealed" for f in LETTER_FIELDS] + ["email_index", "supporter_row", *extra],
        )
    _refuse_duplicates(Letter)
    Delivery = apps.get_model("letters", "Delivery")
    for rows in _batches(Delivery, DELIVERY_FIELDS):
        deliveries = []
        for row in rows:
            delivery = Delivery(pk=row["pk"])
            for field in DELIVERY_FIELDS:
                setattr(delivery, f"{field}_sealed", _seal(row[field], f"letters.delivery.{field}"))
            deliveries.append(delivery)
        Delivery.objects.bulk_update(deliveries, [f"{f}_sealed" for f in DELIVERY_FIELDS])


def _refuse_duplicates(Letter):
    # Addresses stored before they were normalized ("Jane@" and "jane@") were two
    # letters to one campaign; their blind indexes are equal, and one letter per email
    # would refuse them. Say so plainly rather than fail on the constraint.
    holding = models.Q(is_test=False) & (
        models.Q(own_mail=False) | models.Q(confirmed_at__isnull=False)
    )
    clashes = (
        Letter.objects.filter(holding, email_index__isnull=False)
        .values("campaign_id", "email_index")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
    )
    if clashes.exists():
        raise RuntimeError(
            f"{clashes.count()} addresses wrote twice to one campaign, typed differently "
            "before addresses were normalized. Keep one letter of each (erase or delete the "
            "other, by id: letters_letter rows with the same campaign_id and lower(email)), "
            "then migrate again."
        )


def _unproven_condition():
    return models.Q(
        ("is_test", False),
        models.Q(
            ("state", "unconfirmed"),
            models.Q(("confirmed_at__isnull", True), ("own_mail", True)),
            _connector="OR",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0014_letter_unproven_index"),
        # After the migrations that read letters' plain columns (the tallies' first count).
        ("reports", "0009_source_and_referral_tallies"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="letter", name="one_letter_per_email_per_campaign"),
        migrations.RemoveConstraint(
            model_name="letter", name="one_unproven_own_mail_letter_per_email"
        ),
        migrations.RemoveIndex(model_name="letter", name="letter_unproven"),
        migrations.RemoveIndex(model_name="letter", name="letter_email_lower"),
        migrations.AddField(
            model_name="letter",
            name="email_index",
            field=models.CharField(db_index=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="letter",
            name="scrubbed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="letter",
            name="supporter_row",
            field=advocacy.models.EncryptedField(editable=False, null=True),
        ),
        *[
            migrations.AddField(
                model_name="letter", name=f"{f}_sealed", field=models.BinaryField(null=True)
            )
            for f in LETTER_FIELDS
        ],
        *[
            migrations.AddField(
                model_name="delivery", name=f"{f}_sealed", field=models.BinaryField(null=True)
            )
            for f in DELIVERY_FIELDS
        ],
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
        *[migrations.RemoveField(model_name="letter", name=f) for f in LETTER_FIELDS],
        *[migrations.RemoveField(model_name="delivery", name=f) for f in DELIVERY_FIELDS],
        *[
            migrations.RenameField(model_name="letter", old_name=f"{f}_sealed", new_name=f)
            for f in LETTER_FIELDS
        ],
        *[
            migrations.RenameField(model_name="delivery", old_name=f"{f}_sealed", new_name=f)
            for f in DELIVERY_FIELDS
        ],
        migrations.AlterField(
            model_name="letter",
            name="first_name",
            field=advocacy.models.EncryptedField(max_length=100, null=True, verbose_name="first name"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="last_name",
            field=advocacy.models.EncryptedField(max_length=100, null=True, verbose_name="last name"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="email",
            field=advocacy.models.EncryptedField(
                input="email", max_length=254, null=True, verbose_name="email"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="postal_code",
            field=advocacy.models.EncryptedField(max_length=7, null=True, verbose_name="postal code"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="city",
            field=advocacy.models.EncryptedField(blank=True, max_length=100, verbose_name="city"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="street_address",
            field=advocacy.models.EncryptedField(
                blank=True, max_length=200, verbose_name="street address"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="subject",
            field=advocacy.models.EncryptedField(max_length=200, verbose_name="subject"),
        ),
        migrations.AlterField(
            model_name="letter",
            name="body",
            field=advocacy.models.EncryptedField(input="textarea", verbose_name="letter"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="name",
            field=advocacy.models.EncryptedField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="address",
            field=advocacy.models.EncryptedField(input="email", max_length=254),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("is_test", False),
                    models.Q(("own_mail", False), ("confirmed_at__isnull", False), _connector="OR"),
                ),
                fields=("campaign", "email_index"),
                name="one_letter_per_email_per_campaign",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(("confirmed_at__isnull", True), ("is_test", False), ("own_mail", True)),
                fields=("campaign", "email_index"),
                name="one_unproven_own_mail_letter_per_email",
            ),
        ),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(
                condition=_unproven_condition(),
                fields=["campaign", "email_index"],
                name="letter_unproven",
            ),
        ),
    ]
