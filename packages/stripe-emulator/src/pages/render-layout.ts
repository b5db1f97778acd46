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
:root { color-scheme: light dark;
  --fg:#1a1f36; --muted:#5e6878; --bg:#f6f9fc; --card:#fff; --border:#dfe4ea; --input-border:#8792a2;
  --accent:#5851ea; --on-accent:#fff; --danger:#c0123c; --danger-bg:#c0123c; --on-danger:#fff;
  --success-bg:#e6f7ed; --success-fg:#0e6245; --warning-bg:#fcedb9; --warning-fg:#7a4a00;
  --danger-soft-bg:#fde2e7; --danger-soft-fg:#9c0f30; --neutral-bg:#e9edf2; --shadow:0 1px 3px rgba(26,31,54,.08); }
@media (prefers-color-scheme: dark) { :root {
  --fg:#e3e8ee; --muted:#a3acb9; --bg:#0a2540; --card:#102a43; --border:#2a4560; --input-border:#7c8ba1;
  --accent:#a5a0ff; --on-accent:#0a1a2f; --danger:#ff8fa3; --danger-bg:#ff8fa3; --on-danger:#0a1a2f;
  --success-bg:#0f3d2e; --success-fg:#8ee6b8; --warning-bg:#473300; --warning-fg:#ffd77a;
  --danger-soft-bg:#4a1020; --danger-soft-fg:#ffb3c1; --neutral-bg:#2a4560; --shadow:none; } }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 960px; margin: 0 auto; padding: 32px 20px; }
.card { background:var(--card); border:1px solid var(--border); border-radius:8px; padding:20px; margin: 16px 0; box-shadow:var(--shadow); }
.muted { color: var(--muted); }
.test-badge { display:inline-block; font-size:12px; font-weight:600; background:#ffde92; color:#1a1f36; border-radius:4px; padding:1px 6px; margin-left:8px; vertical-align:middle; }
button, .button { font:inherit; font-weight:500; cursor:pointer; border-radius:6px; padding:8px 14px; border:1px solid var(--input-border); background:var(--card); color:var(--fg); text-decoration:none; display:inline-block; line-height:1.4; }
button.primary, .button.primary { background:var(--accent); border-color:var(--accent); color:var(--on-accent); }
button.danger { background:var(--danger-bg); border-color:var(--danger-bg); color:var(--on-danger); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, input[type=radio]:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
label { display:block; font-weight:600; margin: 12px 0 4px; }
input[type=text], input[type=email], input[type=number], select { font:inherit; width:100%; padding:8px; border:1px solid var(--input-border); border-radius:6px; background:var(--card); color:var(--fg); }
input[type=number] { max-width:8rem; }
table { width:100%; border-collapse: collapse; }
th, td { text-align:left; padding:8px 4px; border-bottom:1px solid var(--border); vertical-align:top; }
caption { text-align:left; font-weight:600; padding: 12px 0 4px; }
.error { color: var(--danger); font-weight:500; }
a { color: var(--accent); }
.sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0); white-space:nowrap; border:0; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.card h2 { margin-top:0; }
input[aria-invalid=true] { border-color: var(--danger); border-width:2px; }
fieldset { border:0; padding:0; margin:0; min-width:0; }
legend { font-weight:600; padding:0; margin: 12px 0 4px; }
.brand { font-weight:700; font-size:17px; margin:0 0 8px; }
.back { display:inline-block; margin: 4px 0; text-decoration:none; font-weight:500; }
.back:hover { text-decoration:underline; }
.notice { background:var(--success-bg); color:var(--success-fg); border-radius:6px; padding:10px 14px; }
.badge { display:inline-block; font-size:12px; font-weight:600; border-radius:4px; padding:1px 6px; background:var(--neutral-bg); color:var(--fg); margin-right:4px; }
.badge.warning, .badge[data-status=open] { background:var(--warning-bg); color:var(--warning-fg); }
.badge.danger, .badge[data-status=uncollectible] { background:var(--danger-soft-bg); color:var(--danger-soft-fg); }
.badge[data-status=paid] { background:var(--success-bg); color:var(--success-fg); }
.attention { border-color:var(--danger); border-left-width:4px; }
.attention h2 { color:var(--danger); }
.plan-name { font-size:18px; font-weight:600; margin:0; }
.plan-price { margin:2px 0 8px; }
.card-line { margin: 0 0 8px; }
.brand-name { font-weight:600; }
.actions { display:flex; flex-wrap:wrap; gap:8px; margin-top:16px; align-items:center; }
.actions form { margin:0; }
.option { display:flex; align-items:center; gap:10px; border:1px solid var(--border); border-radius:6px; padding:10px 12px; margin:8px 0; }
.option:has(input:checked) { border-color:var(--accent); }
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
.totals { margin:16px 0 0; }
.total-row { display:flex; justify-content:space-between; gap:16px; padding:8px 0; border-bottom:1px solid var(--border); }
.total-row dt { font-weight:500; }
.total-row dd { margin:0; font-weight:600; white-space:nowrap; }
.total-row.due-today dd { font-size:20px; }
table.prorations { font-size:14px; margin-top:8px; }
.invoice { max-width: 760px; margin: 0 auto; }
.invoice-header { margin-bottom:8px; }
.invoice-title { display:flex; flex-wrap:wrap; align-items:center; gap:12px; }
.invoice-title h1 { margin:0; }
.status-badge { font-size:13px; padding:2px 8px; }
.invoice-amount { font-size:22px; font-weight:600; margin:8px 0 0; }
.invoice-meta { display:grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap:12px 24px; margin:0; }
.invoice-meta dt { color:var(--muted); font-size:13px; }
.invoice-meta dd { margin:0; font-weight:500; overflow-wrap:anywhere; }
.line-period { display:block; font-size:13px; }
table.lines tfoot th, table.lines tfoot td { border-bottom:0; padding:6px 4px; font-weight:400; }
table.lines tfoot th { text-align:right; }
table.lines tfoot tr.grand th, table.lines tfoot tr.grand td { font-weight:700; border-top:1px solid var(--border); }
@media (max-width: 720px) { .portal, .checkout { grid-template-columns: 1fr; gap:16px; } main { padding: 20px 16px; } }
</style>
</head>
<body>
<main>
${page.body}
</main>
</body>
</html>`
}
