"""Every write of the school's registry (STYLE.md 3)."""

from zhurnal.office.services.applications import (
    application_check,
    application_enrol,
    application_receive,
    application_refuse,
)
from zhurnal.office.services.files import personal_file_document_add, personal_file_open
from zhurnal.office.services.movements import enrollment_create, movement_record, promotion_run
from zhurnal.office.services.orders import order_create, order_files_add, order_series_ensure

__all__ = [
    "application_check",
    "application_enrol",
    "application_receive",
    "application_refuse",
    "enrollment_create",
    "movement_record",
    "order_create",
    "order_files_add",
    "order_series_ensure",
    "personal_file_document_add",
    "personal_file_open",
    "promotion_run",
]
