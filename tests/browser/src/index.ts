export { freePort } from './free-port.js'
export { chromiumArgs, chromiumPath, launchChromium } from './launch-chromium.js'
