import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config';

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

export function graphiqlPage(endpoint: string, tabs: GraphiqlTab[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entity-linked news · GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PREFIX}react.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}react-dom.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}graphiql.js"></script>
<script>
  const tabs = ${scriptJson(tabs)};
  const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    // The active (first) tab takes its editors' contents from query/variables, not from defaultTabs.
    React.createElement(GraphiQL, {
      fetcher, defaultTabs: tabs, query: tabs[0] && tabs[0].query, variables: tabs[0] && tabs[0].variables,
      defaultEditorToolsVisibility: 'variables', shouldPersistHeaders: false,
    }),
  );
</script>
</body>
</html>`;
}
