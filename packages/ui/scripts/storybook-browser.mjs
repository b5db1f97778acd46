// The built Storybook (storybook-static at the repo root) over a local HTTP server, and Debian
// Chromium to open it; shared by screenshot.mjs and check-overflow.mjs. Never downloads a browser.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

export const storybookRoot = new URL('../../../storybook-static/', import.meta.url).pathname

const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

/** Serves storybook-static on a free local port; exits with a hint when it was not built. */
export async function serveStorybook() {
  if (!existsSync(join(storybookRoot, 'iframe.html'))) {
    console.error('storybook-static/ is missing: run `pnpm build-storybook` at the repo root first.')
    process.exit(1)
  }
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(storybookRoot, path)
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!file.startsWith(storybookRoot) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, base: `http://127.0.0.1:${server.address().port}` }
}

/** Headless Debian Chromium: CHROMIUM_PATH or /usr/bin/chromium, kept off the network. */
export { launchChromium } from '@portal-kit/test-browser'
