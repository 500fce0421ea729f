"use client";

// The signed-in user's tasks.  Every call goes to the task API through
// nginx with the Better Auth token in "Authorization: Bearer"; nginx
// checks it and passes the user id to the API in X-User-Id.  nginx let
// this page through only with a valid session cookie.

import { useCallback, useEffect, useState } from "react";
import { authClient, fetchToken } from "@/lib/auth-client";

export default function Tasks() {
  const [user, setUser] = useState(null);
  const [tasks, setTasks] = useState(null);
  const [error, setError] = useState("");
  const [token, setToken] = useState(null);

  // a call of the task API; a refused token (expired: they live 15
  // minutes) is fetched again once
  const api = useCallback(
    async (method, path, body) => {
      let current = token ?? (await fetchToken());
      for (let attempt = 0; current && attempt < 2; attempt++) {
        const answer = await fetch(path, {
          method,
          headers: {
            Authorization: `Bearer ${current}`,
            ...(body && { "Content-Type": "application/json" }),
          },
          body: body && JSON.stringify(body),
        });
        if (answer.status !== 401) {
          setToken(current);
          if (!answer.ok) {
            throw new Error(`${method} ${path}: ${answer.status}`);
          }
          return answer.status === 204 ? null : answer.json();
        }
        current = await fetchToken();
      }
      window.location.assign("/sign-in?next=%2Ftasks");
      return null;
    },
    [token],
  );

  const load = useCallback(async () => {
    try {
      setTasks(await api("GET", "/api/tasks"));
    } catch (err) {
      setError(err.message);
    }
  }, [api]);

  useEffect(() => {
    authClient.getSession().then(({ data }) => setUser(data?.user ?? null));
    load();
  }, []);

  async function change(method, path, body) {
    setError("");
    try {
      await api(method, path, body);
      await load();
    } catch (err) {
      setError(err.message);
    }
  }

  async function add(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const title = new FormData(form).get("title").trim();
    if (title) {
      await change("POST", "/api/tasks", { title });
      form.reset();
    }
  }

  async function signOut() {
    await authClient.signOut();
    window.location.assign("/sign-in");
  }

  return (
    <main>
      <h1>Tasks</h1>
      <p>
        Signed in as <b id="user">{user?.email ?? "…"}</b>{" "}
        <button onClick={signOut}>Sign out</button>
      </p>
      <form onSubmit={add}>
        <input name="title" placeholder="New task" maxLength={200} aria-label="New task" />{" "}
        <button>Add</button>
      </form>
      {tasks === null ? (
        <p>Loading…</p>
      ) : tasks.length === 0 ? (
        <p id="empty">No tasks yet.</p>
      ) : (
        <ul id="tasks" style={{ listStyle: "none", padding: 0 }}>
          {tasks.map((task) => (
            <li key={task.id} data-id={task.id} data-completed={task.completed}>
              <label style={{ textDecoration: task.completed ? "line-through" : "none" }}>
                <input
                  type="checkbox"
                  checked={task.completed}
                  onChange={() => change("PATCH", `/api/tasks/${task.id}`, { completed: !task.completed })}
                />{" "}
                {task.title}
              </label>{" "}
              <button onClick={() => change("DELETE", `/api/tasks/${task.id}`)} aria-label={`Delete ${task.title}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
