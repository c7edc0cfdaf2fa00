import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';
import { UNIQUE_PLACEHOLDER } from '../services/demo-variables';

/**
 * GraphiQL, served from assets bundled in node_modules (no CDN: it works offline and
 * behind a firewall), opening with one tab per operation in operations/.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: 'node_modules/react/umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { file: 'node_modules/react-dom/umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { file: 'node_modules/graphiql/graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { file: 'node_modules/graphiql/graphiql.min.css', type: 'text/css' },
};

export const GRAPHIQL_ASSET_PREFIX = '/graphiql/assets/';

export function graphiqlAsset(name: string): { body: Buffer; type: string } | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : null;
  if (!asset) return null;
  return { body: fs.readFileSync(path.join(projectRoot, asset.file)), type: asset.type };
}

export interface GraphiqlTab {
  query: string;
  variables?: string;
}

/** One tab per operation file, with variables that work on the seed data. */
export function operationTabs(variablesByOperation: Record<string, object>): GraphiqlTab[] {
  const dir = path.join(projectRoot, 'operations');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'article-page.graphql' ? -1 : b === 'article-page.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => {
      const variables = variablesByOperation[f.replace(/\.graphql$/, '')];
      return { query: fs.readFileSync(path.join(dir, f), 'utf8'), variables: variables ? JSON.stringify(variables, null, 2) : undefined };
    });
}

/** JSON inside a <script>: no way to close the tag from the data. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Where the page keeps a staff token: this browser tab only, gone when it closes. */
export const TOKEN_STORAGE_KEY = 'entity-news.graphiql.token';

/**
 * The page. Staff sign in with a token in the bar above GraphiQL rather than a prefilled
 * Headers tab: a placeholder `Authorization` header would be answered 401 on every tab (and
 * counted as a failed attempt), while the bar checks the token once (`viewer`), keeps it in
 * sessionStorage and adds it to every request, introspection included, so the documentation
 * pane loads with it when introspection is for staff only (production). A header typed in the
 * Headers tab still wins over the bar's.
 */
export function graphiqlPage(endpoint: string, tabs: GraphiqlTab[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entity-linked news · GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font: 14px system-ui, sans-serif; }
  #graphiql { flex: 1; min-height: 0; }
  #staff { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 12px; border-bottom: 1px solid #d0d4da; background: #f6f7f9; color: #1f2328; }
  #staff input { width: 26em; font: 13px ui-monospace, monospace; padding: 3px 6px; }
  #staff code { font: 12px ui-monospace, monospace; background: #e8eaee; padding: 1px 4px; border-radius: 3px; }
  #who[data-state="error"] { color: #b3261e; }
  #who[data-state="signed-in"] { color: #1a7f37; font-weight: 600; }
</style>
</head>
<body>
<form id="staff" autocomplete="off">
  <label for="token"><strong>Staff token</strong></label>
  <input id="token" name="token" type="password" spellcheck="false" placeholder="paste a token from npm run token -- create --role editor --name you">
  <button id="use-token" type="submit">Use token</button>
  <button id="forget-token" type="button" hidden>Forget token</button>
  <span id="who" role="status" data-state="anonymous">Reading needs no token. IngestArticle needs an EDITOR token: create one with <code>npm run token -- create --role editor --name you</code> and paste it here (kept in this browser tab only). In production the Docs pane needs a staff token too.</span>
  <span id="unique-note">In the variables, <code>${UNIQUE_PLACEHOLDER}</code> becomes a new value at every run, so AddComment posts a new comment each time.</span>
</form>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PREFIX}react.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}react-dom.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}graphiql.js"></script>
<script>
  const tabs = ${scriptJson(tabs)};
  const url = ${scriptJson(endpoint)};
  const storageKey = ${scriptJson(TOKEN_STORAGE_KEY)};
  const unique = ${scriptJson(UNIQUE_PLACEHOLDER)};
  const plain = GraphiQL.createFetcher({ url });
  const anonymousNote = document.getElementById('who').innerHTML;

  // Variables are JSON: the placeholder is replaced in their text, by letters and digits only.
  function withUniqueValues(params) {
    if (!params.variables || !JSON.stringify(params.variables).includes(unique)) return params;
    const value = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    return { ...params, variables: JSON.parse(JSON.stringify(params.variables).split(unique).join(value)) };
  }

  function fetcherFor(token) {
    return (params, opts) => {
      const given = (opts && opts.headers) || {};
      const typed = Object.keys(given).some((k) => k.toLowerCase() === 'authorization');
      const headers = token && !typed ? { ...given, Authorization: 'Bearer ' + token } : given;
      return plain(withUniqueValues(params), { ...opts, headers });
    };
  }

  // One request with the token: who it belongs to, or why it is refused (401, 429).
  async function viewerOf(token) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ query: '{ viewer { name role } }' }),
    });
    const body = await res.json().catch(() => ({}));
    if (res.ok && body.data && body.data.viewer) return body.data.viewer;
    throw new Error((body.errors && body.errors[0] && body.errors[0].message) || 'HTTP ' + res.status);
  }

  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  // A new fetcher makes GraphiQL introspect again: the Docs pane follows the token.
  function render(token) {
    root.render(
      // The active (first) tab takes its editors' contents from query/variables, not from defaultTabs.
      React.createElement(GraphiQL, {
        fetcher: fetcherFor(token), defaultTabs: tabs, query: tabs[0] && tabs[0].query, variables: tabs[0] && tabs[0].variables,
        defaultEditorToolsVisibility: 'variables', shouldPersistHeaders: false, schemaDescription: true,
      }),
    );
  }

  const who = document.getElementById('who');
  const forget = document.getElementById('forget-token');
  function show(state, text) {
    who.dataset.state = state;
    if (state === 'anonymous') who.innerHTML = anonymousNote;
    else who.textContent = text;
    forget.hidden = state !== 'signed-in';
  }

  async function signIn(token, remembered) {
    show('checking', 'Checking the token…');
    try {
      const viewer = await viewerOf(token);
      sessionStorage.setItem(storageKey, token);
      show('signed-in', 'Signed in as ' + viewer.name + ' (' + viewer.role + ') in this browser tab.');
      render(token);
    } catch (e) {
      sessionStorage.removeItem(storageKey);
      show('error', (remembered ? 'The token kept in this tab no longer works: ' : 'Token refused: ') + e.message);
      render(null);
    }
  }

  document.getElementById('staff').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('token');
    // "Bearer <token>" pasted whole is accepted too.
    const token = input.value.trim().replace(/^Bearer\\s+/i, '');
    input.value = '';
    if (token) signIn(token, false);
  });
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(storageKey);
    show('anonymous');
    render(null);
  });

  const kept = sessionStorage.getItem(storageKey);
  if (kept) signIn(kept, true);
  else render(null);
</script>
</body>
</html>`;
}
