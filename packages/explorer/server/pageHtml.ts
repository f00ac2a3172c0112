/**
 * The one HTML page every app route answers with; the app reads the path and renders the page.
 * Asset URLs carry the bundle's hash so a browser never runs a stale app after an upgrade.
 */
export function pageHtml(title: string, version: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escaped} · Pinion Explorer</title>
<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2l12 7v14l-12 7-12-7V9z" fill="#4f46e5"/></svg>')}">
<link rel="stylesheet" href="/assets/app.css?v=${version}">
</head>
<body>
<div id="app"><p class="boot">Loading the explorer…</p></div>
<noscript>The Pinion explorer needs JavaScript.</noscript>
<script type="module" src="/assets/app.js?v=${version}"></script>
</body>
</html>
`
}
