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
main { max-width: 960px; margin: 0 auto; padding: 32px 20px; }
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
.sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0); white-space:nowrap; border:0; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
select:focus-visible, input[type=radio]:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
input[aria-invalid=true] { border-color: var(--danger); }
fieldset { border:0; padding:0; margin:0; min-width:0; }
legend { font-weight:600; padding:0; margin: 12px 0 4px; }
.brand { font-weight:700; font-size:17px; margin:0 0 8px; }
.back { display:inline-block; margin: 4px 0; text-decoration:none; font-weight:500; }
.back:hover { text-decoration:underline; }
.notice { background:#e6f7ed; color:#0e6245; border-radius:6px; padding:10px 14px; }
.badge { display:inline-block; font-size:12px; font-weight:600; border-radius:4px; padding:1px 6px; background:var(--border); color:var(--fg); margin-right:4px; }
.badge.warning { background:#fcedb9; color:#7a4a00; }
.plan-name { font-size:18px; font-weight:600; margin:0; }
.plan-price { margin:2px 0 8px; }
.card-line { margin: 0 0 8px; }
.brand-name { font-weight:600; }
.actions { display:flex; flex-wrap:wrap; gap:8px; margin-top:16px; }
.actions form { margin:0; }
.option { display:flex; align-items:center; gap:10px; border:1px solid var(--border); border-radius:6px; padding:10px 12px; margin:8px 0; }
.option label { margin:0; font-weight:400; flex:1; cursor:pointer; }
.option .plan-name { font-size:15px; }
.row { display:grid; grid-template-columns: 1fr 1fr; gap:12px; }
.hint { font-size:13px; margin:4px 0 0; }
.card-fields { margin-top:16px; }
.card > :first-child, .card > form > :first-child { margin-top:0; }
.wide { width:100%; padding:12px; font-weight:600; }
.narrow { max-width: 480px; margin: 48px auto; }
.legal { font-size:13px; margin-top:24px; }
.custom-message { font-size:17px; }
.portal { display:grid; grid-template-columns: 240px 1fr; gap:40px; }
.portal-side { padding-top: 4px; }
.portal-main { min-width:0; }
.checkout { display:grid; grid-template-columns: 1fr 1fr; gap:48px; }
.checkout-summary h1 { font-size:20px; margin-top:24px; }
table.summary td, table.summary th { padding:10px 0; }
.amount { text-align:right; white-space:nowrap; }
.trial { font-weight:600; color: var(--accent); }
@media (max-width: 720px) { .portal, .checkout { grid-template-columns: 1fr; gap:16px; } }
</style>
</head>
<body>
<main>
${page.body}
</main>
</body>
</html>`
}
