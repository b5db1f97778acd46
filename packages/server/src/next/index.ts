export { toNextJsHandler } from './to-nextjs-handler.js'
