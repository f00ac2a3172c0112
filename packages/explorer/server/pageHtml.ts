/**
 * The one HTML page every app route answers with; the app reads the path and renders the page.
 * Asset URLs carry the bundle's hash so a browser never runs a stale app after an upgrade.
 * `notFound` is the same page for a path the app has none for (served with 404): until the app
 * starts, and without JavaScript, it already says so, with a way back.
 */
export function pageHtml(title: string, version: string, { notFound = false }: { notFound?: boolean } = {}): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${notFound ? 'Not found · ' : ''}${escaped} · Pinion Explorer</title>
<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2l12 7v14l-12 7-12-7V9z" fill="#4f46e5"/></svg>')}">
<link rel="stylesheet" href="/assets/app.css?v=${version}">
</head>
<body>
<div id="app">${notFound ? '<p class="boot">Nothing here: the explorer has no page at this address. <a href="/">Back to the overview</a>.</p>' : '<p class="boot">Loading the explorer…</p>'}</div>
<noscript>The Pinion explorer needs JavaScript.</noscript>
<script type="module" src="/assets/app.js?v=${version}"></script>
</body>
</html>
`
}
