// API tokens over the API (admins only) and `me`, the caller's own role.
import type { ApiTokenInfo, Role } from '../auth/index';
import { builder } from './builder';
import { globalId, parseId } from './ids';

const ROLE_VALUES = { VIEWER: { value: 'viewer' }, OPERATOR: { value: 'operator' }, ADMIN: { value: 'admin' } } as const;

export const ApiTokenRoleEnum = builder.enumType('ApiTokenRole', {
  description: 'viewer: queries and subscriptions; operator: also runs and edits; admin: also projects, settings and tokens.',
  values: ROLE_VALUES,
});

const ApiToken = builder.objectRef<ApiTokenInfo>('ApiToken').implement({
  description: 'An API token. The token itself is only ever shown once, when it is created.',
  fields: (t) => ({
    id: t.id({ resolve: (a) => globalId('ApiToken', a.id) }),
    name: t.exposeString('name'),
    role: t.field({ type: ApiTokenRoleEnum, resolve: (a) => a.role }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the token, to tell tokens apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Updated at most once a minute.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; info: ApiTokenInfo }>('CreatedApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>". Shown only now: it is stored hashed.' }),
    apiToken: t.field({ type: ApiToken, resolve: (c) => c.info }),
  }),
});

const Caller = builder.objectRef<{ role: Role; tokenName: string | null; authRequired: boolean }>('Caller').implement({
  description: 'Who the server takes the caller to be.',
  fields: (t) => ({
    role: t.field({ type: ApiTokenRoleEnum, resolve: (c) => c.role }),
    tokenName: t.exposeString('tokenName', { nullable: true, description: 'Null when AUTH=off (every caller acts as admin).' }),
    authRequired: t.exposeBoolean('authRequired'),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1–64 letters, digits, ".", "_" or "-"; unique among active tokens.' }),
    role: t.field({ type: ApiTokenRoleEnum, required: true }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: Caller,
    resolve: (_root, _args, ctx) => ({
      role: ctx.principal!.role,
      tokenName: ctx.principal!.token?.name ?? null,
      authRequired: ctx.config.auth === 'required',
    }),
  }),
  apiTokens: t.field({
    type: [ApiToken],
    authScopes: { admin: true },
    description: 'API tokens, oldest first; revoked ones with includeRevoked.',
    args: { includeRevoked: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => ctx.apiTokens.list({ includeRevoked: args.includeRevoked ?? false }),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    authScopes: { admin: true },
    description: 'Creates a token and returns it once. BAD_USER_INPUT for a bad or taken name.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.apiTokens.create({ name: input.name, role: input.role }),
  }),
  revokeApiToken: t.field({
    type: ApiToken,
    authScopes: { admin: true },
    description: "Revokes a token: its requests fail with UNAUTHENTICATED and its open graphql-ws sockets close (4403). NOT_FOUND when there is no such active token.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.apiTokens.revoke(parseId(id, 'ApiToken', 'id')),
  }),
}));
