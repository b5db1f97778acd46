import type { Browser, LaunchOptions } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH; the tests never download a browser. */
export declare const chromiumPath: string
/** Headless, and off the network: without these flags Chromium keeps calling Google's services. */
export declare const chromiumArgs: readonly string[]
/** Launches Chromium for a test, or says plainly how to install it. */
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>
/** A TCP port on 127.0.0.1 that was free a moment ago. */
export declare function freePort(): Promise<number>
