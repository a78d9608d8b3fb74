import path from "node:path";
import express, { type RequestHandler, type Router } from "express";

/**
 * The GraphQL explorer: GraphiQL served entirely from this server (its UMD build and React from node_modules), so
 * it works without internet access. GET / and a browser's GET /graphql get the page; /explorer/ holds its files.
 */
function packageFolder(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

const ASSETS: Readonly<Record<string, string>> = {
  "react.production.min.js": path.join(packageFolder("react"), "umd", "react.production.min.js"),
  "react-dom.production.min.js": path.join(packageFolder("react-dom"), "umd", "react-dom.production.min.js"),
  "graphiql.min.js": path.join(packageFolder("graphiql"), "graphiql.min.js"),
  "graphiql.min.css": path.join(packageFolder("graphiql"), "graphiql.min.css"),
};

const DEFAULT_QUERY = `# Gongkai: China's annual government-information-disclosure reports as a graph.
# Press the run button (or Ctrl-Enter). Lists take first: (1–100) and after: cursors.
{
  reports(first: 5, orderBy: { field: YEAR, direction: DESC }) {
    totalCount
    nodes {
      year
      templateVersion
      agency { name region { name } }
      indicators { requestsHandled disclosureRate }
    }
  }
}
`;

const STARTER = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)} }));
})();
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>Gongkai GraphQL explorer</title>
<link rel="stylesheet" href="/explorer/graphiql.min.css">
<style>html, body { margin: 0; height: 100%; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.production.min.js"></script>
<script src="/explorer/react-dom.production.min.js"></script>
<script src="/explorer/graphiql.min.js"></script>
<script src="/explorer/start.js"></script>
</body>
</html>
`;

/** Sends the explorer page. */
export const explorerPage: RequestHandler = (_request, response) => {
  response.type("html").set("Cache-Control", "no-cache").send(PAGE);
};

/** Whether a GET /graphql comes from a browser (wants HTML) rather than a GraphQL client. */
export function wantsHtml(accept: string | undefined): boolean {
  return Boolean(accept && /text\/html/.test(accept) && !/application\/(graphql-response\+)?json/.test(accept.split(",")[0] ?? ""));
}

/** The explorer's files under /explorer/. */
export function explorerAssets(): Router {
  const router = express.Router();
  router.get("/start.js", (_request, response) => {
    response.type("application/javascript").set("Cache-Control", "no-cache").send(STARTER);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/${name}`, (_request, response) => {
      response.set("Cache-Control", "public, max-age=86400").sendFile(file);
    });
  }
  return router;
}
