import { existsSync } from 'node:fs'
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); the tests never download a browser. */
export const chromiumPath = '/usr/bin/chromium'

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
] as const

/** Launches Debian's Chromium for a test, or says plainly how to install it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser tests need Chromium at ${chromiumPath} (Debian: apt-get install chromium).`)
  }
  return chromium.launch({ ...options, executablePath: chromiumPath, args: [...chromiumArgs, ...(options.args ?? [])] })
}
