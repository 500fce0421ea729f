"""The example task API of `make demo`, meant to run behind nginx with
ngx_http_jwt_auth_module.

It is, in small, the backend the module is made for: FastAPI with an
embedded SQLite database, whose task routes verify nothing themselves.
Users sign in with Better Auth (the demo's Next.js app); nginx checks the
token of every request here (`jwt_auth "tasks";`) and passes the verified
user id, the token's sub, in the X-User-Id request header
(`jwt_auth_set_header X-User-Id sub;`), after removing any X-User-Id the
client sent.  Every query is filtered by that id, so a user only ever sees
their own tasks.  The API has no secret and no key: it never sees a token
nginx has not verified, and never needs to.

Because it trusts X-User-Id, this API must only be reachable through nginx:
it listens on 127.0.0.1 only.

    --port N    TASKS_PORT    port on 127.0.0.1 (default 8000)
    --db PATH   TASKS_DB      SQLite file, created on first start
                              (default ./tasks.db)

Run it with Debian's Python and packages (python3-fastapi, python3-uvicorn):

    /usr/bin/python3 app.py --port 8000 --db /tmp/tasks.db
"""

import argparse
import os
import re
import sqlite3
import sys
from datetime import datetime, timezone
from typing import Optional

import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, constr

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    completed   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_user ON tasks (user_id, id);
"""

# Better Auth's user ids: 32 letters and digits; nginx passes the sub of a
# verified token, at most 1024 bytes without control characters
USER_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,128}")

DB_PATH = "tasks.db"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def get_db():
    # one connection per request; FastAPI may open and close it from two
    # threads of its pool, hence check_same_thread=False
    conn = sqlite3.connect(DB_PATH, timeout=10, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


def current_user_id(x_user_id: Optional[str] = Header(None)) -> str:
    """The user nginx verified.  nginx removes every X-User-Id a client
    sends and sets it only from a valid token, so a missing or odd header
    means the request did not come through nginx's jwt_auth."""
    if x_user_id is None or not USER_ID_RE.fullmatch(x_user_id):
        raise HTTPException(
            status_code=401,
            detail="no verified user: this route is meant to be reached "
                   "through nginx with jwt_auth, which sets X-User-Id",
            headers={"WWW-Authenticate": 'Bearer realm="tasks"'})
    return x_user_id


def task_json(row: sqlite3.Row) -> dict:
    return {"id": row["id"], "title": row["title"],
            "completed": bool(row["completed"]),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"]}


class TaskCreate(BaseModel):
    title: constr(strict=True, strip_whitespace=True, min_length=1,
                  max_length=200)


class TaskUpdate(BaseModel):
    title: Optional[constr(strict=True, strip_whitespace=True, min_length=1,
                           max_length=200)] = None
    completed: Optional[bool] = None


app = FastAPI(title="Task API (ngx_http_jwt_auth_module demo)",
              version="2.0")


@app.get("/api/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/api/me")
def me(user_id: str = Depends(current_user_id)) -> dict:
    """Who nginx says is asking: the id it verified."""
    return {"user_id": user_id}


@app.get("/api/tasks")
def list_tasks(user_id: str = Depends(current_user_id),
               db: sqlite3.Connection = Depends(get_db)) -> list:
    rows = db.execute("SELECT * FROM tasks WHERE user_id = ? ORDER BY id",
                      (user_id,)).fetchall()
    return [task_json(row) for row in rows]


@app.post("/api/tasks", status_code=201)
def create_task(body: TaskCreate,
                user_id: str = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> dict:
    stamp = now_iso()
    with db:
        cur = db.execute(
            "INSERT INTO tasks (user_id, title, completed, created_at,"
            " updated_at) VALUES (?, ?, 0, ?, ?)",
            (user_id, body.title, stamp, stamp))
    return task_json(find_task(db, user_id, cur.lastrowid))


def find_task(db: sqlite3.Connection, user_id: str,
              task_id: int) -> sqlite3.Row:
    """The task, if it belongs to the user; another user's task is
    answered exactly like a task that does not exist."""
    row = db.execute("SELECT * FROM tasks WHERE id = ? AND user_id = ?",
                     (task_id, user_id)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="task not found")
    return row


@app.get("/api/tasks/{task_id}")
def get_task(task_id: int, user_id: str = Depends(current_user_id),
             db: sqlite3.Connection = Depends(get_db)) -> dict:
    return task_json(find_task(db, user_id, task_id))


@app.patch("/api/tasks/{task_id}")
def update_task(task_id: int, body: TaskUpdate,
                user_id: str = Depends(current_user_id),
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
def delete_task(task_id: int, user_id: str = Depends(current_user_id),
                db: sqlite3.Connection = Depends(get_db)) -> Response:
    find_task(db, user_id, task_id)
    with db:
        db.execute("DELETE FROM tasks WHERE id = ? AND user_id = ?",
                   (task_id, user_id))
    return Response(status_code=204)


def main() -> int:
    global DB_PATH

    parser = argparse.ArgumentParser(
        description="The example task API of ngx_http_jwt_auth_module's "
                    "demo; listens on 127.0.0.1 only.")
    parser.add_argument("--port", type=int,
                        default=int(os.environ.get("TASKS_PORT", "8000")))
    parser.add_argument("--db", default=os.environ.get("TASKS_DB",
                                                       "tasks.db"),
                        help="SQLite database file")
    args = parser.parse_args()

    DB_PATH = args.db
    try:
        conn = sqlite3.connect(DB_PATH)
        conn.executescript(SCHEMA)
        conn.close()
    except sqlite3.Error as e:
        print("app.py: %s: %s" % (DB_PATH, e), file=sys.stderr)
        return 1

    # nginx, on the same host, is the only client; X-Forwarded-For from it
    # is trusted for the client address in uvicorn's log
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info",
                proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
