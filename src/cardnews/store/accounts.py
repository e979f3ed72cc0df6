"""Accounts: users in teams with a role, argon2 password hashes, sessions, failed sign-ins, the audit log."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DB

from cardnews.errors import InputError
from cardnews.store.models import ROLES, AuditEntry, LoginFailure, Session, Team, User, utcnow
from cardnews.i18n import _

DEFAULT_TEAM = "default"
MIN_PASSWORD = 10
SESSION_IDLE = timedelta(hours=12)  # a session unused this long is over
SESSION_LONGEST = timedelta(days=7)  # and none lasts longer, however used
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5  # then that name is refused for the rest of the window, whatever the password
MAX_FAILURES_PER_ADDRESS = 20
_NAME = re.compile(r"^[\w.@-]{1,100}$")

_hasher = PasswordHasher()
# A hash to check against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    """Who is signed in, as the request handlers see it."""

    id: int
    name: str
    role: str
    team_id: int
    team: str

    @property
    def can_edit(self) -> bool:
        return self.role in ("admin", "editor")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def check_name(name: str, what: str = "user name") -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise InputError(_("{what} {name!r}: use 1–100 letters, digits, '.', '_', '-' or '@' (no spaces)").format(what=what, name=name))
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(_("the password is too short: use at least {MIN_PASSWORD} characters").format(MIN_PASSWORD=MIN_PASSWORD))
    return password


def has_accounts(db: DB) -> bool:
    return (db.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) or 0) > 0


def team_named(db: DB, name: str, create: bool = False) -> Team:
    team = db.scalar(select(Team).where(Team.name == name))
    if team is None:
        if not create:
            raise InputError(_("no team {name!r}").format(name=name))
        team = Team(name=check_name(name, "team name"))
        db.add(team)
        db.flush()
    return team


def add_user(db: DB, name: str, role: str, password: str, team_name: str = DEFAULT_TEAM, by: Account | None = None, address: str = "") -> User:
    """A new user in a team (created when new); the password is kept only as its argon2 hash."""
    name = check_name(name)
    if role not in ROLES:
        raise InputError(_("role {role!r}: choose one of {0}").format(', '.join(ROLES), role=role))
    check_password(password)
    if db.scalar(select(User).where(User.name == name)) is not None:
        raise InputError(_("user {name!r} already exists; choose another name").format(name=name))
    team = team_named(db, team_name, create=True)
    user = User(team_id=team.id, name=name, role=role, password_hash=_hasher.hash(password), active=True)
    db.add(user)
    db.flush()
    audit(db, by, "user.add", f"{name} ({role}, team {team.name})", address, team_id=team.id)
    return user


def add_team(db: DB, name: str) -> Team:
    """A new, empty team (its first admin is added with `users add --team`)."""
    name = check_name(name, "team name")
    if db.scalar(select(Team).where(Team.name == name)) is not None:
        raise InputError(_("team {name!r} already exists; see cardnews teams list").format(name=name))
    return team_named(db, name, create=True)


def _other_admins(db: DB, user: User) -> int:
    return db.scalar(select(func.count()).select_from(User).where(
        User.team_id == user.team_id, User.role == "admin", User.active.is_(True), User.id != user.id)) or 0


def set_role(db: DB, who: Account, user: User, role: str, address: str = "") -> None:
    """Change a user's role within the admin's team; the team's last admin stays an admin."""
    if role not in ROLES:
        raise InputError(_("role {role!r}: choose one of {0}").format(', '.join(ROLES), role=role))
    if user.role == "admin" and role != "admin" and not _other_admins(db, user):
        raise InputError(_("{name} is the last admin of team {team}: make another user admin first").format(name=user.name, team=who.team))
    if role != user.role:
        audit(db, who, "user.role", f"{user.name} {user.role} -> {role}", address)
        user.role = role


def remove_user(db: DB, who: Account, user: User, address: str = "") -> None:
    """Sign a user out everywhere and stop them signing in; never oneself, never the team's last admin."""
    if user.id == who.id:
        raise InputError(_("you cannot remove yourself; ask another admin"))
    if user.role == "admin" and not _other_admins(db, user):
        raise InputError(_("{name} is the last admin of team {team}: make another user admin first").format(name=user.name, team=who.team))
    user.active = False
    db.execute(delete(Session).where(Session.user_id == user.id))
    audit(db, who, "user.remove", user.name, address)


def set_password(db: DB, user: User, password: str) -> None:
    user.password_hash = _hasher.hash(check_password(password))
    db.execute(delete(Session).where(Session.user_id == user.id))  # a new password signs every browser out


def account(db: DB, user: User) -> Account:
    team = db.get(Team, user.team_id)
    return Account(user.id, user.name, user.role, user.team_id, team.name if team else "")


# --- signing in -----------------------------------------------------------------------------------


class SignInRefused(Exception):
    """Wrong name or password, or too many failures: the message says which only as far as is safe."""

    def __init__(self, message: str, retry_after: int = 0):
        super().__init__(message)
        self.retry_after = retry_after


def sign_in(db: DB, name: str, password: str, address: str) -> tuple[Account, str, str]:
    """Check the password and open a new session: (account, the cookie's token, the CSRF token).

    Failures are counted per name and per address; past the limit the attempt is refused before the
    password is even looked at, so guessing cannot go on at full speed.
    """
    now = utcnow()
    since = now - FAILURE_WINDOW
    by_name = db.scalar(select(func.count()).select_from(LoginFailure).where(LoginFailure.name == name, LoginFailure.at > since)) or 0
    by_address = db.scalar(select(func.count()).select_from(LoginFailure).where(LoginFailure.address == address, LoginFailure.at > since)) or 0
    if by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS:
        audit(db, None, "login.limited", name[:100], address)
        raise SignInRefused("too many failed sign-ins: wait 15 minutes and try again", int(FAILURE_WINDOW.total_seconds()))
    user = db.scalar(select(User).where(User.name == name, User.active.is_(True)))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        if user is None:
            raise VerificationError
    except (VerificationError, InvalidHashError):
        db.add(LoginFailure(name=name[:100], address=address[:64], at=now))
        audit(db, None, "login.failed", name[:100], address, team_id=user.team_id if user else None)
        raise SignInRefused("wrong user name or password") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    db.execute(delete(LoginFailure).where(LoginFailure.name == name))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(Session(token_hash=token_hash(token), user_id=user.id, csrf=csrf, created_at=now, last_seen=now))
    who = account(db, user)
    audit(db, who, "login", user.name, address)
    return who, token, csrf


def session_account(db: DB, token: str) -> tuple[Account, Session] | None:
    """The account a session cookie belongs to, while the session lasts; touches it."""
    if not token or len(token) > 100:
        return None
    row = db.get(Session, token_hash(token))
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen > SESSION_IDLE or now - row.created_at > SESSION_LONGEST:
        db.delete(row)
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen > timedelta(minutes=1):
        row.last_seen = now
    return account(db, user), row


def sign_out(db: DB, token: str, who: Account | None, address: str) -> None:
    db.execute(delete(Session).where(Session.token_hash == token_hash(token)))
    if who is not None:
        audit(db, who, "logout", who.name, address)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def audit(db: DB, who: Account | None, action: str, target: str = "", address: str = "", team_id: int | None = None) -> None:
    """One line of the audit log: who did what to what, from where."""
    db.add(AuditEntry(
        at=utcnow(), team_id=team_id if team_id is not None else (who.team_id if who else None), user_id=who.id if who else None,
        user_name=who.name if who else "", action=action, target=target[:200], address=address[:64],
    ))
