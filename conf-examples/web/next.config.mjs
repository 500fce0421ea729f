// The demo's Next.js app runs behind nginx, which is the only address the
// browser knows (BETTER_AUTH_URL); Next.js itself listens on 127.0.0.1.
const config = {
  // better-sqlite3 is a native module: loaded by Node.js, not bundled
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
};

export default config;
