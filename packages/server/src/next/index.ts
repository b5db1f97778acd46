export { createPortalAction } from './create-portal-action.js'
export { toNextJsHandler } from './to-nextjs-handler.js'
export { withPortalKit } from './with-portal-kit.js'
