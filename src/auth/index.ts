// The public face of auth/: API tokens (store, format), principals and roles, and the server's
// authentication (yoga plugin, graphql-ws helpers, start-up check).
export { isLoopbackHost } from '../config';
export { type AuthMode, credentialFrom, credentialFromConnectionParams, forbidden, LOCAL_ADMIN, type Principal, unauthenticated } from './principal';
export { isRole, type Role, roleAllows, ROLES } from './roles';
export { ServerAuth, UNAUTHENTICATED_CLOSE_CODE, type WsConnectionContext } from './server-auth';
export { AuthStartupError, checkAuthCanStart } from './startup';
export { REVOKED_CLOSE_CODE } from './open-connections';
export { TOKEN_PREFIX } from './token-secret';
export { ApiTokenStore, type ApiTokenInfo, checkTokenName, type VerifiedToken } from './token-store';
