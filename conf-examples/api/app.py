"""The example task API of `make demo`, meant to run behind nginx with
ngx_http_jwt_auth_module.

It is, in small, the backend the module is made for: FastAPI, an embedded
SQLite database, sign-up and sign-in routes that issue HS256 tokens with
PyJWT, and task routes that verify nothing themselves.  nginx checks the
token of every task request (`jwt_auth "tasks";`) and passes the verified
user id in the X-User-Id request header (`jwt_auth_set_header X-User-Id
sub;`), after removing any X-User-Id the client sent.  Every query here is
filtered by that id, so a user only ever sees their own tasks.

Sign-out tells nginx: the sign-out routes POST an entry to the API of
nginx's revocation store (`jwt_auth_revocation_api`), and nginx refuses
the token from the next request on.  POST /api/auth/signout revokes the
token it was sent with, by its id (the `jti` of every token issued here,
which nginx passes in X-Token-Id); POST /api/auth/signout-all revokes
every token of the user issued until then.

Because it trusts X-User-Id, this API must only be reachable through nginx:
it listens on 127.0.0.1 only.

Configuration (command-line options win over the environment):

    --port N           TASKS_PORT          port on 127.0.0.1 (default 8000)
    --db PATH          TASKS_DB            SQLite file, created on first
                                           start (default ./tasks.db)
    --env-file PATH    TASKS_ENV_FILE      .env-style file holding
                                           BETTER_AUTH_SECRET=... (default
                                           ./.env)
                       BETTER_AUTH_SECRET  the shared secret itself; when
                                           set, the file is not read
    --revocation-url URL
                       TASKS_REVOCATION_URL
                                           the API of nginx's revocation
                                           store, e.g. http://127.0.0.1:8080
                                           /_revocations (without it, the
                                           sign-out routes answer 503)
                       TASKS_CORS_ORIGINS  browser origins allowed to call
                                           the API, comma-separated
                                           (default http://localhost:3000)

The secret is the one nginx reads too (`jwt_auth_secret
env=BETTER_AUTH_SECRET;`): its bytes exactly as written, at least 32 of
them.

Run it with Debian's Python and packages (python3-fastapi, python3-uvicorn,
python3-jwt):

    /usr/bin/python3 app.py --port 8000 --db /tmp/tasks.db --env-file .env
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from typing import Dict, Optional

import jwt
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Response
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, constr

TOKEN_LIFETIME = 7 * 24 * 3600      # seconds: the 7-day tokens of PRODUCT.md
MIN_SECRET_BYTES = 32               # what nginx requires for HS256 too
REVOCATION_TIMEOUT = 5              # seconds for nginx's revocation API

# scrypt parameters: 16 MiB of memory per hash, well within the default
# maxmem of hashlib.scrypt
SCRYPT_N = 2 ** 14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_LEN = 32

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    completed   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_user ON tasks (user_id, id);
CREATE TABLE IF NOT EXISTS signouts (
    user_id        INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    revoked_before INTEGER NOT NULL
);
"""

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
USER_ID_RE = re.compile(r"[1-9][0-9]{0,17}")


class ConfigError(Exception):
    pass


class Settings:
    """What configure() found; filled in once, before the first request."""

    db_path: str = ""
    secret: str = ""
    revocation_url: str = ""


settings = Settings()


def read_env_file(path: str) -> Dict[str, str]:
    """The KEY=VALUE lines of a .env file; comments, blank lines and an
    `export ` prefix are allowed, and quotes around a value are removed."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("export "):
                line = line[len("export "):].lstrip()
            key, sep, value = line.partition("=")
            if not sep:
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            values[key.strip()] = value
    return values


def load_secret() -> str:
    secret = os.environ.get("BETTER_AUTH_SECRET", "")
    source = "the environment variable BETTER_AUTH_SECRET"
    if not secret:
        path = os.environ.get("TASKS_ENV_FILE", ".env")
        source = "BETTER_AUTH_SECRET in " + path
        try:
            secret = read_env_file(path).get("BETTER_AUTH_SECRET", "")
        except OSError as e:
            raise ConfigError("cannot read %s: %s (set BETTER_AUTH_SECRET or "
                              "point --env-file at the .env file)"
                              % (path, e.strerror))
    if not secret:
        raise ConfigError("no secret: %s is not set" % source)
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        raise ConfigError("%s is shorter than %d bytes; nginx refuses such a "
                          "secret for HS256 too" % (source, MIN_SECRET_BYTES))
    return secret


def load_revocation_url() -> str:
    url = os.environ.get("TASKS_REVOCATION_URL", "")
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("the revocation URL \"%s\" is not an http:// or "
                          "https:// URL (--revocation-url, "
                          "TASKS_REVOCATION_URL)" % url)
    return url


def configure() -> None:
    """Reads the configuration and creates the database if needed; the
    second and later calls do nothing."""
    if settings.secret:
        return
    secret = load_secret()
    revocation_url = load_revocation_url()
    db_path = os.environ.get("TASKS_DB", "tasks.db")
    conn = sqlite3.connect(db_path)
    try:
        conn.executescript(SCHEMA)
        conn.commit()
    finally:
        conn.close()
    settings.db_path = db_path
    settings.revocation_url = revocation_url
    settings.secret = secret


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N,
                         r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN)
    return "scrypt$%d$%d$%d$%s$%s" % (SCRYPT_N, SCRYPT_R, SCRYPT_P,
                                      b64(salt), b64(key))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        salt_bytes = base64.b64decode(salt, validate=True)
        expected = base64.b64decode(key, validate=True)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=salt_bytes,
                                n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Compared against when the email is unknown, so that a sign-in takes as
# long for an unknown email as for a wrong password.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def get_db():
    # one connection per request; FastAPI may open and close it from two
    # threads of its pool, hence check_same_thread=False
    conn = sqlite3.connect(settings.db_path, timeout=10,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        yield conn
    finally:
        conn.close()


def current_user_id(x_user_id: Optional[str] = Header(None)) -> int:
    """The user nginx verified.  nginx removes every X-User-Id a client
    sends and sets it only from a valid token, so a missing or odd header
    means the request did not come through nginx's jwt_auth."""
    if x_user_id is None or not USER_ID_RE.fullmatch(x_user_id):
        raise HTTPException(
            status_code=401,
            detail="no verified user: this route is meant to be reached "
                   "through nginx with jwt_auth, which sets X-User-Id",
            headers={"WWW-Authenticate": 'Bearer realm="tasks"'})
    return int(x_user_id)


def current_token_id(x_token_id: Optional[str] = Header(None)) -> str:
    """The jti of the verified token, which nginx passes in X-Token-Id
    (`jwt_auth_set_header X-Token-Id jti;`, which removes every copy a
    client sends, as for X-User-Id); empty for a token without one."""
    return x_token_id or ""


# nginx's revocation API is on this machine: no proxy of the environment
# (http_proxy) may stand between
NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def revoke(entry: dict) -> None:
    """Adds an entry to nginx's revocation store through its API
    (`jwt_auth_revocation_api`); nginx refuses the tokens it matches from
    the next request on.  Anything but its 200 is answered 502, naming
    what nginx said, so that a sign-out never looks done when it is not."""
    url = settings.revocation_url
    if not url:
        raise HTTPException(status_code=503,
                            detail="sign-out is not set up: start the API "
                                   "with --revocation-url, the URL of "
                                   "nginx's jwt_auth_revocation_api "
                                   "location")
    request = urllib.request.Request(
        url, data=json.dumps(entry).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with NO_PROXY_OPENER.open(request, timeout=REVOCATION_TIMEOUT) as r:
            r.read()
    except urllib.error.HTTPError as e:
        said = e.read(4096).decode("utf-8", "replace")
        try:
            answer = json.loads(said)
            said = "%s: %s" % (answer["error"], answer["error_description"])
        except (ValueError, TypeError, KeyError):
            said = " ".join(said.split())[:200]
        raise HTTPException(status_code=502,
                            detail="sign-out failed: nginx's revocation API "
                                   "answered %d (%s)" % (e.code, said))
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise HTTPException(status_code=502,
                            detail="sign-out failed: nginx's revocation API "
                                   "at %s did not answer (%s)"
                                   % (url, reason))


def user_json(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "email": row["email"], "name": row["name"],
            "created_at": row["created_at"]}


def task_json(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "user_id": row["user_id"],
            "title": row["title"], "description": row["description"],
            "completed": bool(row["completed"]),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"]}


class SignUp(BaseModel):
    email: constr(strict=True, strip_whitespace=True, min_length=3,
                  max_length=254)
    password: constr(strict=True, min_length=8, max_length=1024)
    name: Optional[constr(strict=True, strip_whitespace=True,
                          max_length=100)] = None


class SignIn(BaseModel):
    email: constr(strict=True, strip_whitespace=True, max_length=254)
    password: constr(strict=True, max_length=1024)


class TaskCreate(BaseModel):
    title: constr(strict=True, strip_whitespace=True, min_length=1,
                  max_length=200)
    description: constr(strict=True, max_length=2000) = ""


class TaskUpdate(BaseModel):
    title: Optional[constr(strict=True, strip_whitespace=True, min_length=1,
                           max_length=200)] = None
    description: Optional[constr(strict=True, max_length=2000)] = None
    completed: Optional[bool] = None


app = FastAPI(title="Task API (ngx_http_jwt_auth_module demo)",
              version="1.0")


@app.on_event("startup")
def startup() -> None:
    configure()


@app.get("/api/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/api/auth/signup", status_code=201)
def signup(body: SignUp, db: sqlite3.Connection = Depends(get_db)) -> dict:
    email = body.email.lower()
    if not EMAIL_RE.fullmatch(email):
        raise HTTPException(status_code=422, detail="invalid email address")
    name = body.name or email.split("@", 1)[0]
    try:
        with db:
            cur = db.execute(
                "INSERT INTO users (email, name, password_hash, created_at)"
                " VALUES (?, ?, ?, ?)",
                (email, name, hash_password(body.password), now_iso()))
    except sqlite3.IntegrityError:
        raise HTTPException(status_code=409,
                            detail="email already registered")
    row = db.execute("SELECT * FROM users WHERE id = ?",
                     (cur.lastrowid,)).fetchone()
    return {"user": user_json(row)}


@app.post("/api/auth/signin")
def signin(body: SignIn, db: sqlite3.Connection = Depends(get_db)) -> dict:
    row = db.execute("SELECT * FROM users WHERE email = ?",
                     (body.email.lower(),)).fetchone()
    stored = row["password_hash"] if row is not None else DUMMY_HASH
    if not verify_password(body.password, stored) or row is None:
        raise HTTPException(status_code=401,
                            detail="invalid email or password")
    # Right after "sign out everywhere", nginx refuses this user's tokens
    # issued before the next second (their iat is smaller than the
    # entry's "before"): a token issued in the same second would be
    # refused at once, so the sign-in waits for that second to pass.
    cut = db.execute("SELECT revoked_before FROM signouts WHERE user_id = ?",
                     (row["id"],)).fetchone()
    if cut is not None:
        wait = cut["revoked_before"] - time.time()
        if 0 < wait <= 1:
            time.sleep(wait)
    now = int(time.time())
    # jti: the token's own id, by which a sign-out revokes this token alone
    claims = {"sub": str(row["id"]), "jti": secrets.token_urlsafe(16),
              "email": row["email"], "name": row["name"], "iat": now,
              "exp": now + TOKEN_LIFETIME}
    token = jwt.encode(claims, settings.secret, algorithm="HS256")
    return {"token": token, "user": user_json(row)}


@app.post("/api/auth/signout", status_code=204)
def signout(user_id: int = Depends(current_user_id),
            token_id: str = Depends(current_token_id)) -> Response:
    """Signs this token out: nginx refuses it from the next request on.
    The entry needs no "exp": nginx's store (lifetime=7d) keeps it as long
    as a token of this API can be valid."""
    if not token_id:
        raise HTTPException(status_code=400,
                            detail="this token has no jti, so it cannot be "
                                   "signed out alone; POST "
                                   "/api/auth/signout-all signs out every "
                                   "token of the user")
    revoke({"jti": token_id})
    return Response(status_code=204)


@app.post("/api/auth/signout-all", status_code=204)
def signout_all(user_id: int = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> Response:
    """Signs the user out everywhere: nginx refuses every token of the
    user issued before the next second (a token's iat has whole seconds,
    so "before" now + 1 covers one issued in this second too)."""
    before = int(time.time()) + 1
    # noted first, so that no sign-in can slip a token into this second
    with db:
        db.execute("INSERT INTO signouts (user_id, revoked_before)"
                   " VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE"
                   " SET revoked_before = max(revoked_before,"
                   " excluded.revoked_before)", (user_id, before))
    revoke({"sub": str(user_id), "before": before})
    return Response(status_code=204)


@app.get("/api/auth/me")
def me(user_id: int = Depends(current_user_id),
       db: sqlite3.Connection = Depends(get_db)) -> dict:
    row = db.execute("SELECT * FROM users WHERE id = ?",
                     (user_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=401, detail="unknown user")
    return {"user": user_json(row)}


@app.get("/api/tasks")
def list_tasks(user_id: int = Depends(current_user_id),
               db: sqlite3.Connection = Depends(get_db)) -> list:
    rows = db.execute("SELECT * FROM tasks WHERE user_id = ? ORDER BY id",
                      (user_id,)).fetchall()
    return [task_json(row) for row in rows]


@app.post("/api/tasks", status_code=201)
def create_task(body: TaskCreate,
                user_id: int = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> dict:
    stamp = now_iso()
    with db:
        cur = db.execute(
            "INSERT INTO tasks (user_id, title, description, completed,"
            " created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
            (user_id, body.title, body.description, stamp, stamp))
    return task_json(find_task(db, user_id, cur.lastrowid))


def find_task(db: sqlite3.Connection, user_id: int,
              task_id: int) -> sqlite3.Row:
    """The task, if it belongs to the user; another user's task is
    answered exactly like a task that does not exist."""
    row = db.execute("SELECT * FROM tasks WHERE id = ? AND user_id = ?",
                     (task_id, user_id)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="task not found")
    return row


@app.get("/api/tasks/{task_id}")
def get_task(task_id: int, user_id: int = Depends(current_user_id),
             db: sqlite3.Connection = Depends(get_db)) -> dict:
    return task_json(find_task(db, user_id, task_id))


@app.patch("/api/tasks/{task_id}")
def update_task(task_id: int, body: TaskUpdate,
                user_id: int = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> dict:
    find_task(db, user_id, task_id)
    changes = {k: v for k, v in body.dict(exclude_unset=True).items()
               if v is not None}
    if changes:
        if "completed" in changes:
            changes["completed"] = int(changes["completed"])
        changes["updated_at"] = now_iso()
        # the column names come from TaskUpdate's fields, never the client
        assignments = ", ".join("%s = ?" % k for k in changes)
        with db:
            db.execute("UPDATE tasks SET %s WHERE id = ? AND user_id = ?"
                       % assignments,
                       (*changes.values(), task_id, user_id))
    return task_json(find_task(db, user_id, task_id))


@app.delete("/api/tasks/{task_id}", status_code=204)
def delete_task(task_id: int, user_id: int = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> Response:
    find_task(db, user_id, task_id)
    with db:
        db.execute("DELETE FROM tasks WHERE id = ? AND user_id = ?",
                   (task_id, user_id))
    return Response(status_code=204)


# Browsers on these origins (the Next.js frontend) may call the API.  A
# preflight request carries no token: nginx lets OPTIONS through
# (`limit_except OPTIONS { jwt_auth "tasks"; }`) and this middleware
# answers it.
CORS_ORIGINS = [o.strip() for o in
                os.environ.get("TASKS_CORS_ORIGINS",
                               "http://localhost:3000").split(",")
                if o.strip()]

app.add_middleware(CORSMiddleware,
                   allow_origins=CORS_ORIGINS,
                   allow_methods=["GET", "POST", "PATCH", "DELETE"],
                   allow_headers=["Authorization", "Content-Type"],
                   max_age=600)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="The example task API of ngx_http_jwt_auth_module's "
                    "demo; listens on 127.0.0.1 only.")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("TASKS_PORT", "8000")))
    parser.add_argument("--db", help="SQLite database file")
    parser.add_argument("--env-file", help=".env file with "
                        "BETTER_AUTH_SECRET=...")
    parser.add_argument("--revocation-url", help="the API of nginx's "
                        "revocation store, for the sign-out routes")
    args = parser.parse_args()
    if args.db:
        os.environ["TASKS_DB"] = args.db
    if args.env_file:
        os.environ["TASKS_ENV_FILE"] = args.env_file
    if args.revocation_url:
        os.environ["TASKS_REVOCATION_URL"] = args.revocation_url
    try:
        configure()
    except ConfigError as e:
        print("app.py: %s" % e, file=sys.stderr)
        return 1
    # nginx, on the same host, is the only client; X-Forwarded-For from it
    # is trusted for the client address in uvicorn's log
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info",
                proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
