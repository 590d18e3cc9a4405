"""Users, role grants, issued credentials, API tokens and the activity log."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhurnal.core import names
from zhurnal.core.models import ScopedManager, ScopedQuerySet
from zhurnal.schools.models import Authority, ClassGroup, School


class Role(models.TextChoices):
    AUTHORITY = "authority", _("орган управления образованием")
    DIRECTOR = "director", _("директор")
    SYSADMIN = "sysadmin", _("системный администратор")
    DEPUTY = "deputy", _("заместитель директора по УВР")
    SECRETARY = "secretary", _("секретарь")
    CLASS_TEACHER = "class_teacher", _("классный руководитель")
    TEACHER = "teacher", _("учитель")
    PARENT = "parent", _("родитель")
    STUDENT = "student", _("обучающийся")


class UserManager(DjangoUserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    # Set when credentials are issued with a one-time password: the first login must change it.
    must_change_password = models.BooleanField(_("сменить пароль при входе"), default=False)
    # Blocking (issue 10 item 1) clears is_active, which ends the sessions and API tokens at once
    # (the backend and the token check refuse inactive users); the reason is told at login.
    blocked_at = models.DateTimeField(_("заблокирован"), null=True, blank=True)
    blocked_reason = models.CharField(_("причина блокировки"), max_length=300, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    @property
    def full_name(self) -> str:
        return names.full_name(self.last_name, self.first_name, self.middle_name) or self.username

    @property
    def short_name(self) -> str:
        return names.short_name(self.last_name, self.first_name, self.middle_name) or self.username


class RoleGrant(models.Model):
    """A role held within a school (or, for the authority, over an authority's schools).

    The class teacher's grant names the class; one person may hold many grants.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices)
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    class_group = models.ForeignKey(
        ClassGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("назначение роли")
        verbose_name_plural = _("назначения ролей")
        constraints = [
            # Partial constraints instead of nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=models.Q(class_group__isnull=True, school__isnull=False),
                name="role_grant_unique_school",
            ),
            models.UniqueConstraint(
                fields=["user", "class_group"],
                condition=models.Q(class_group__isnull=False),
                name="role_grant_unique_class",
            ),
            models.UniqueConstraint(
                fields=["user", "authority"],
                condition=models.Q(authority__isnull=False),
                name="role_grant_unique_authority",
            ),
            models.CheckConstraint(
                name="role_grant_scope",
                condition=(
                    models.Q(role="authority", authority__isnull=False, school__isnull=True)
                    | models.Q(role="class_teacher", school__isnull=False, class_group__isnull=False)
                    | (
                        ~models.Q(role__in=["authority", "class_teacher"])
                        & models.Q(school__isnull=False, class_group__isnull=True)
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.class_group or self.school or self.authority
        return f"{self.user.username}: {self.get_role_display()} ({where})"


class CredentialIssue(models.Model):
    """Who issued a login to whom and when it was first used (the password itself is not kept)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="credential_issues")
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    first_used_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("выдача учётных данных")
        verbose_name_plural = _("выдачи учётных данных")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.issued_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("токен API")
        verbose_name_plural = _("токены API")

    def __str__(self) -> str:
        return f"token of {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class ActivityEvent(models.Model):
    """One row per login attempt and per signed-in request: the activity and security log.

    Kept narrow (no foreign keys, short strings) so that writing it costs one small insert.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("вход")
        LOGIN_FAILED = "login_failed", _("неудачный вход")
        LOGOUT = "logout", _("выход")
        PAGE = "page", _("страница")
        API = "api", _("вызов API")
        TOKEN = "token", _("выдача токена API")

    at = models.DateTimeField(_("время"), auto_now_add=True)
    user_id = models.BigIntegerField(_("пользователь"), null=True, blank=True)
    username = models.CharField(_("логин"), max_length=150, blank=True)
    role = models.CharField(_("роль"), max_length=20, blank=True)
    school_id = models.BigIntegerField(_("школа"), null=True, blank=True)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    route = models.CharField(_("страница или вызов"), max_length=100, blank=True)
    method = models.CharField(max_length=8, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("событие активности")
        verbose_name_plural = _("журнал активности")
        indexes = [
            models.Index(fields=["school_id", "at"]),
            models.Index(fields=["user_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.route}"


class SecurityEvent(models.Model):
    """The security event log (152-ФЗ, УЗ-3): logins and failures, lockouts, role grants and
    revocations, password and 2FA changes, credential issues, blocking, and every view of a
    person's record or file, with the record viewed.

    Written by `zhurnal.accounts.security.security_log` only; readable by the system
    administrator and the director of the school (policy), by no one else. Narrow, with no
    foreign keys, like the activity log: rows outlive the users and records they name.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("вход")
        LOGIN_FAILED = "login_failed", _("неудачный вход")
        LOGOUT = "logout", _("выход")
        LOCKOUT = "lockout", _("блокировка входа после неудачных попыток")
        ROLE_GRANTED = "role_granted", _("назначение роли")
        ROLE_REVOKED = "role_revoked", _("снятие роли")
        PASSWORD_CHANGED = "password_changed", _("смена пароля")
        OTP_ENROLLED = "otp_enrolled", _("подключение двухфакторного входа")
        OTP_REMOVED = "otp_removed", _("отключение двухфакторного входа")
        OTP_FAILED = "otp_failed", _("неверный код двухфакторного входа")
        RECOVERY_CODE_USED = "recovery_code_used", _("вход по резервному коду")
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("новые резервные коды")
        CREDENTIALS_ISSUED = "credentials_issued", _("выдача учётных данных")
        ACCOUNT_BLOCKED = "account_blocked", _("блокировка учётной записи")
        ACCOUNT_UNBLOCKED = "account_unblocked", _("разблокировка учётной записи")
        RECORD_VIEWED = "record_viewed", _("просмотр персональных данных")
        FILE_VIEWED = "file_viewed", _("просмотр документа личного дела")
        DATA_EXPORTED = "data_exported", _("выгрузка персональных данных")

    at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("событие"), max_length=32, choices=Kind.choices)
    # Who did it (empty for an anonymous failed login, where only the login typed is known).
    user_id = models.BigIntegerField(_("пользователь"), null=True, blank=True)
    username = models.CharField(_("логин"), max_length=150, blank=True)
    school_id = models.BigIntegerField(_("школа"), null=True, blank=True)
    # Whose record or account it concerns: a model label and id ("people.student", 17), its text.
    subject_type = models.CharField(_("тип записи"), max_length=64, blank=True)
    subject_id = models.BigIntegerField(_("запись"), null=True, blank=True)
    subject_repr = models.CharField(_("чья запись"), max_length=300, blank=True)
    detail = models.JSONField(_("подробности"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("событие безопасности")
        verbose_name_plural = _("журнал событий безопасности")
        indexes = [
            models.Index(fields=["school_id", "at"]),
            models.Index(fields=["subject_type", "subject_id", "at"]),
            models.Index(fields=["user_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.subject_repr}"


class LoginFailure(models.Model):
    """One wrong password for a login name (accounts.lockout, decision 0010).

    `device` is the id inside the browser's device cookie for that login when it sent a valid
    one, empty for an unknown device: failures from a known browser count against it alone, the
    rest against the login name's unknown devices. Rows older than the lockout window are
    dropped as new ones come.
    """

    username = models.CharField(_("логин"), max_length=150)
    device = models.CharField(_("устройство"), max_length=32, blank=True)
    at = models.DateTimeField(_("время"))
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    class Meta:
        verbose_name = _("неудачная попытка входа")
        verbose_name_plural = _("неудачные попытки входа")
        indexes = [models.Index(fields=["username", "device", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.device or '-'}"


class UserSession(AbstractBaseSession):
    """Django's database session with the signed-in user's id as a column of its own.

    Set from the session's data whenever it is saved (accounts.sessions), it lets the one read
    of every signed-in request join the session to its user and the user's grants
    (policy.sessions, decision 0032); the session's data stays the authority for who is signed
    in, checked as Django checks it. The user's removal removes their sessions.
    """

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("сеанс")
        verbose_name_plural = _("сеансы")

    @classmethod
    def get_session_store_class(cls):
        from zhurnal.accounts.sessions import SessionStore

        return SessionStore
