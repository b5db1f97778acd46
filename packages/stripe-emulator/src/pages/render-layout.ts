import type { Emulator } from '../emulator.js'

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** The shared page shell of every hosted page: no external assets, inline CSS only. */
export function renderLayout(emulator: Emulator, page: { title: string; body: string; lang?: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(page.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · ${escapeHtml(emulator.settings.businessName)}</title>
<style>
:root { color-scheme: light dark; --fg:#1a1f36; --muted:#697386; --bg:#f6f9fc; --card:#fff; --accent:#635bff; --danger:#c0123c; --border:#e3e8ee; }
@media (prefers-color-scheme: dark) { :root { --fg:#e3e8ee; --muted:#a3acb9; --bg:#0a2540; --card:#102a43; --border:#2a4560; --accent:#8f89ff; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 720px; margin: 0 auto; padding: 32px 20px; }
.card { background:var(--card); border:1px solid var(--border); border-radius:8px; padding:20px; margin: 16px 0; }
.muted { color: var(--muted); }
.test-badge { display:inline-block; font-size:12px; background:#ffde92; color:#1a1f36; border-radius:4px; padding:1px 6px; margin-left:8px; }
button, .button { font:inherit; cursor:pointer; border-radius:6px; padding:8px 14px; border:1px solid var(--border); background:var(--card); color:var(--fg); text-decoration:none; display:inline-block; }
button.primary, .button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
button.danger { background:var(--danger); border-color:var(--danger); color:#fff; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
label { display:block; font-weight:600; margin: 12px 0 4px; }
input[type=text], input[type=email], select { font:inherit; width:100%; padding:8px; border:1px solid var(--border); border-radius:6px; background:var(--card); color:var(--fg); }
table { width:100%; border-collapse: collapse; }
th, td { text-align:left; padding:6px 4px; border-bottom:1px solid var(--border); }
.error { color: var(--danger); }
a { color: var(--accent); }
</style>
</head>
<body>
<main>
${page.body}
</main>
</body>
</html>`
}
