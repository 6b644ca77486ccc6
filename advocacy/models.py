"""What the project's models share: the logs of staff actions (exports, views of
personal data, recipient changes), and the field that keeps personal data encrypted."""

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from . import crypto


class StaffLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted: the log must still say who it was.
    username = models.CharField(_("username"), max_length=150, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def by(user) -> dict:
        """The user and username fields for whoever did it (none: a command)."""
        if user is None or not user.is_authenticated:
            return {"user": None, "username": ""}
        return {"user": user, "username": user.get_username()}


def _refusal(field, lookup_name: str) -> str:
    return (
        f"{field.column_label} is encrypted: the database cannot compare it "
        f"({lookup_name!r}). Look addresses up by their blind index."
    )


class _NoneOnly(Exact):
    """= None, which Django turns into IS NULL; any other value is refused."""

    def __init__(self, lhs, rhs):
        if rhs is not None:
            raise FieldError(_refusal(lhs.output_field, "exact"))
        super().__init__(lhs, rhs)


class EncryptedField(models.Field):
    """Text sealed at rest (advocacy/crypto.py): stored as bytes (bytea, BLOB), read as
    str (or None). An empty string is stored as empty bytes: there is nothing to hide.

    The database can compare nothing but NULL with it: every lookup except isnull is
    refused, so a forgotten filter(email=...) fails loudly instead of matching
    nothing. Look addresses up by their blind index (crypto.blind_index) instead.
    input: the form field the admin shows ("text", "email" or "textarea").
    """

    description = "Encrypted text"
    INPUTS = ("text", "email", "textarea")

    def __init__(self, *args, input: str = "text", **kwargs):
        if input not in self.INPUTS:
            raise ValueError(f"input must be one of {self.INPUTS}")
        self.input = input
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))
        if input == "email":
            self.validators.append(validators.validate_email)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.input != "text":
            kwargs["input"] = self.input
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        # The associated data: a value sealed for one column opens in no other.
        self.column_label = f"{cls._meta.app_label}.{cls._meta.model_name}.{self.name}"

    def get_internal_type(self):
        return "BinaryField"  # bytea on PostgreSQL, BLOB on SQLite

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _NoneOnly  # filter(email=None) is isnull
        if lookup_name != "isnull":
            raise FieldError(_refusal(self, lookup_name))
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if not value:
            return ""
        return crypto.decrypt(value, column=self.column_label)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or isinstance(value, bytes | memoryview):
            return value  # already sealed (the migrations' and the rotation's writes)
        text = str(value)
        return crypto.encrypt(text, column=self.column_label) if text else b""

    def get_db_prep_value(self, value, connection, prepared=False):
        value = value if prepared else self.get_prep_value(value)
        if value is None:
            return None
        return connection.Database.Binary(value)

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        if self.input == "email":
            defaults = {"form_class": forms.EmailField, "max_length": self.max_length}
        elif self.input == "textarea":
            defaults = {"form_class": forms.CharField, "widget": forms.Textarea}
        else:
            defaults = {"form_class": forms.CharField, "max_length": self.max_length}
        if self.null:
            defaults["empty_value"] = None
        return super().formfield(**{**defaults, **kwargs})
