"""Pages for incremental sync: every list is in (modified, id) order and pages by a
cursor (the last row's modified time and id), never by offset, so rows that arrive
or change while a client pages through are neither skipped nor shown twice.

The newest API_SYNC_LAG_SECONDS are held back: a row is stamped before its
transaction commits, so one committed a moment late could otherwise land behind a
cursor that already passed its time.
"""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
# OSDI's OData subset: filter=modified_date gt '2026-01-01T00:00:00Z' (or lt).
FILTER_RE = re.compile(r"^\s*modified_date\s+(gt|lt)\s+'([^']+)'\s*$")
CURSOR_RE = re.compile(r"^(\d{1,19})\.(\d{1,19})$")


def parse_per_page(value: str | None) -> int:
    if not value:
        return DEFAULT_PER_PAGE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PER_PAGE:
        raise ParseError(_("per_page must be a whole number from 1 to %(max)s.") % {"max": 100})
    return int(value)


def parse_filter(value: str | None) -> Q:
    """The rows the `filter` parameter asks for (on modified_at)."""
    if not value:
        return Q()
    match = FILTER_RE.match(value)
    when = parse_datetime(match.group(2)) if match else None
    if when is None:
        raise ParseError(
            _("filter must look like: modified_date gt '2026-01-31T00:00:00Z' (gt or lt).")
        )
    if timezone.is_naive(when):
        when = timezone.make_aware(when, UTC)
    return Q(modified_at__gt=when) if match.group(1) == "gt" else Q(modified_at__lt=when)


def encode_cursor(modified: datetime, pk: int) -> str:
    micros = round(modified.timestamp() * 1_000_000)
    return f"{micros}.{pk}"


def parse_cursor(value: str | None) -> Q:
    """The rows after the cursor in (modified_at, id) order."""
    if not value:
        return Q()
    match = CURSOR_RE.match(value)
    if not match:
        raise ParseError(_("after is not a cursor this API gave out."))
    micros, pk = int(match.group(1)), int(match.group(2))
    try:
        when = datetime.fromtimestamp(micros / 1_000_000, tz=UTC)
    except (OverflowError, ValueError, OSError) as exc:
        raise ParseError(_("after is not a cursor this API gave out.")) from exc
    return Q(modified_at__gt=when) | Q(modified_at=when, pk__gt=pk)


def page(request, rows: QuerySet, *, now=None) -> tuple[list, dict]:
    """One page of `rows` (annotated or with a modified_at column) after the request's
    cursor and filter, and its links: self, next (while more follow) and resume (where a
    later sync starts: the rows modified after this page's last)."""
    now = now or timezone.now()
    per_page = parse_per_page(request.query_params.get("per_page"))
    rows = rows.filter(
        parse_filter(request.query_params.get("filter")),
        parse_cursor(request.query_params.get("after")),
        modified_at__lte=now - timedelta(seconds=settings.API_SYNC_LAG_SECONDS),
    ).order_by("modified_at", "pk")
    items = list(rows[: per_page + 1])
    more = len(items) > per_page
    items = items[:per_page]
    links = {"self": {"href": request.build_absolute_uri()}}
    if items:
        resume = _with(request, after=encode_cursor(items[-1].modified_at, items[-1].pk))
    else:
        resume = request.build_absolute_uri()
    if more:
        links["next"] = {"href": resume}
    links["resume"] = {"href": resume}
    return items, {"per_page": per_page, "links": links}


def _with(request, **params) -> str:
    query = {k: v for k, v in request.query_params.items() if k not in params}
    query.update(params)
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
