// Plain JavaScript with a .d.ts beside it, so the repo's TypeScript tests and the UI kit's Node
// scripts (.mjs, no build step) share one launcher.
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { chromium } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH; the tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Headless, and off the network: without these flags Chromium keeps calling Google's services. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches Chromium for a test, or says plainly how to install it. */
export async function launchChromium(options = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser tests need Chromium at ${chromiumPath} (Debian: apt-get install chromium).`)
  }
  return chromium.launch({ ...options, executablePath: chromiumPath, args: [...chromiumArgs, ...(options.args ?? [])] })
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
