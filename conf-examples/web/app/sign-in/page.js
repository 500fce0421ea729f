"use client";

// Sign in, or sign up (email and password, Better Auth).  nginx sends a
// page request without a valid session cookie here, with the page in
// ?next=.  The session cookie cache lives 5 minutes: a user whose session
// is still valid is sent straight back, with the cookie renewed.

import { useEffect, useState } from "react";
import { authClient, nextPage } from "@/lib/auth-client";

export default function SignIn() {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    authClient.getSession().then(({ data }) => {
      if (data) {
        window.location.replace(nextPage());
      }
    });
  }, []);

  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const signUp = event.nativeEvent.submitter?.name === "sign-up";
    const fields = {
      email: form.get("email"),
      password: form.get("password"),
    };

    setBusy(true);
    setError("");
    const { error } = signUp
      ? await authClient.signUp.email({ ...fields, name: form.get("name") || fields.email })
      : await authClient.signIn.email(fields);
    setBusy(false);

    if (error) {
      setError(error.message || error.statusText || "failed");
      return;
    }
    // a page request of its own, so that nginx sees the new cookie
    window.location.assign(nextPage());
  }

  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={submit}>
        <p>
          <label>
            Email <input name="email" type="email" required autoComplete="username" />
          </label>
        </p>
        <p>
          <label>
            Password{" "}
            <input name="password" type="password" required minLength={8} autoComplete="current-password" />
          </label>
        </p>
        <p>
          <label>
            Name <input name="name" placeholder="to sign up" />
          </label>
        </p>
        <p>
          <button name="sign-in" disabled={busy}>Sign in</button>{" "}
          <button name="sign-up" disabled={busy}>Sign up</button>
        </p>
      </form>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
