"""The orders book's writes: series (defaults per school), orders numbered per year and series,
their files. Kept by the secretary and the system administrator (policy)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhurnal.core.audit import audit_record, snapshot
from zhurnal.core.errors import InvalidInput
from zhurnal.core.uploads import UploadRules, check_files, storing
from zhurnal.office import access
from zhurnal.office.models import OfficeSettings, Order, OrderFile, OrderSeries
from zhurnal.people.models import Staff
from zhurnal.policy.actor import Actor

# The school's series when it has none yet (settings, editable in the admin).
DEFAULT_SERIES = (
    ("ОД", gettext_lazy("по основной деятельности"), OrderSeries.Purpose.MAIN),
    ("К", gettext_lazy("по личному составу"), OrderSeries.Purpose.STAFF),
    ("Д", gettext_lazy("по движению обучающихся"), OrderSeries.Purpose.MOVEMENT),
)
AUDITED = ["series", "year", "number", "date", "title", "text", "signed_by"]
TITLE_MAX = 300
TEXT_MAX = 20000


def order_upload_rules() -> UploadRules:
    return UploadRules(
        max_bytes=int(getattr(settings, "ORDER_FILE_MAX_BYTES", 10 * 1024 * 1024)),
        max_count=5,
        extensions=("pdf", "jpg", "jpeg", "png", "doc", "docx", "odt"),
        field="files",
    )


def order_series_ensure(school_id: int) -> list[OrderSeries]:
    """The school's series, the defaults created on first use (seed data, not a change: no audit)."""
    series = list(OrderSeries.objects.filter(school_id=school_id))
    if not series:
        OrderSeries.objects.bulk_create(
            [OrderSeries(school_id=school_id, code=c, name=str(n), purpose=p) for c, n, p in DEFAULT_SERIES],
            ignore_conflicts=True,
        )
        series = list(OrderSeries.objects.filter(school_id=school_id))
    return series


def office_settings(school_id: int) -> OfficeSettings:
    found = OfficeSettings.objects.filter(school_id=school_id).first()
    return found or OfficeSettings(school_id=school_id)


def movement_series(school_id: int) -> OrderSeries:
    series = order_series_ensure(school_id)
    return next((s for s in series if s.purpose == OrderSeries.Purpose.MOVEMENT), series[0])


def _clean_text(value, *, field: str, label: str, limit: int, required: bool) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInput(_("Поле «%(f)s» должно быть текстом.") % {"f": label}, field=field)
    if required and not text:
        raise InvalidInput(_("Заполните поле «%(f)s».") % {"f": label}, field=field)
    if len(text) > limit:
        raise InvalidInput(_("Поле «%(f)s» длиннее %(n)s знаков.") % {"f": label, "n": limit}, field=field)
    return text


def _series(school_id: int, code) -> OrderSeries:
    for series in order_series_ensure(school_id):
        if series.code == code or str(series.pk) == str(code):
            return series
    raise InvalidInput(_("Выберите серию приказа из списка."), field="series")


def _signer(school_id: int, signed_by_id) -> Staff | None:
    if signed_by_id in (None, ""):
        return None
    try:
        staff = Staff.objects.filter(school_id=school_id, pk=int(signed_by_id)).first()
    except (TypeError, ValueError):
        staff = None
    if staff is None:
        raise InvalidInput(_("Подписавший должен быть сотрудником школы."), field="signed_by")
    return staff


def order_create(
    *,
    actor: Actor,
    school_id=None,
    series,
    date,
    title,
    text="",
    signed_by_id=None,
    files=(),
) -> Order:
    """A new order, numbered next in its series and year (the calendar year of its date)."""
    school = access.school_for_orders_keeper(actor, school_id)
    if not isinstance(date, dt.date):
        raise InvalidInput(_("Укажите дату приказа."), field="date")
    series_row = _series(school.pk, series)
    title = _clean_text(title, field="title", label=_("Заголовок"), limit=TITLE_MAX, required=True)
    text = _clean_text(text, field="text", label=_("Текст"), limit=TEXT_MAX, required=False)
    signer = _signer(school.pk, signed_by_id)
    checked = check_files(files, order_upload_rules())
    with storing("orders", school.pk) as save, transaction.atomic():
        # The series row is the lock that serialises numbering (SQLite writes one at a time).
        OrderSeries.objects.select_for_update().filter(pk=series_row.pk).first()
        last = Order.objects.filter(school=school, series=series_row, year=date.year).aggregate(
            n=Max("number")
        )
        order = Order.objects.create(
            school=school,
            series=series_row,
            year=date.year,
            number=(last["n"] or 0) + 1,
            date=date,
            title=title,
            text=text,
            signed_by=signer,
            created_by=actor.user,
        )
        for item in checked:
            path = save(item)
            OrderFile.objects.create(
                school=school,
                order=order,
                file=path,
                name=item.original_name,
                size=item.size,
                content_type=item.content_type,
                uploaded_by=actor.user,
            )
        audit_record(
            actor=actor,
            action="order.create",
            obj=order,
            after={**snapshot(order, AUDITED), "files": [c.original_name for c in checked]},
        )
    order.series = series_row
    return order


def order_files_add(*, actor: Actor, order_id, files) -> list[OrderFile]:
    order = access.order_for_keeper(actor, order_id)
    rules = order_upload_rules()
    checked = check_files(files, rules)
    if not checked:
        raise InvalidInput(_("Выберите файл."), field="files", code="no_file")
    with storing("orders", order.school_id) as save, transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()
        if OrderFile.objects.filter(order=order).count() + len(checked) > rules.max_count:
            raise InvalidInput(
                _("К приказу можно приложить не больше %(n)s файлов.") % {"n": rules.max_count},
                field="files",
                code="too_many_attachments",
            )
        made = []
        for item in checked:
            path = save(item)
            made.append(
                OrderFile.objects.create(
                    school_id=order.school_id,
                    order=order,
                    file=path,
                    name=item.original_name,
                    size=item.size,
                    content_type=item.content_type,
                    uploaded_by=actor.user,
                )
            )
        audit_record(
            actor=actor, action="order.files_add", obj=order, after={"files": [f.name for f in made]}
        )
    return made
