export { createPortalAction } from './create-portal-action.js'
export { toNextJsHandler } from './to-nextjs-handler.js'
