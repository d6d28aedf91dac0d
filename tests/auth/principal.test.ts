import { describe, expect, it } from 'vitest';
import { credentialFrom, credentialFromConnectionParams, isLoopbackHost, roleAllows } from '../../src/auth/index';
import { loadConfig } from '../../src/config';

describe('credentials', () => {
  it('reads a Bearer Authorization value, and nothing else', () => {
    expect(credentialFrom('Bearer ggt_abc')).toBe('ggt_abc');
    expect(credentialFrom('bearer   ggt_abc ')).toBe('ggt_abc');
    for (const v of [null, undefined, '', 'ggt_abc', 'Basic eDp5', 'Bearer', 'Bearer a b', 42]) expect(credentialFrom(v)).toBeNull();
  });

  it('reads graphql-ws connectionParams: authorization (either case) or token', () => {
    expect(credentialFromConnectionParams({ authorization: 'Bearer t1' })).toBe('t1');
    expect(credentialFromConnectionParams({ Authorization: 'Bearer t2' })).toBe('t2');
    expect(credentialFromConnectionParams({ token: 't3' })).toBe('t3');
    expect(credentialFromConnectionParams({ token: 'Bearer t4' })).toBe('t4');
    for (const p of [undefined, null, {}, { token: '' }, { authorization: 't5' }, 'Bearer t6']) expect(credentialFromConnectionParams(p)).toBeNull();
  });
});

describe('roles', () => {
  it('each role may do what the ones below it may', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'viewer')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'operator')).toBe(false);
  });
});

describe('AUTH defaults', () => {
  it('loopback hosts need no token by default, every other host does', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(loadConfig({ HOST: host }).auth, host).toBe('off');
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '::ffff:10.0.0.1', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
      expect(loadConfig({ HOST: host }).auth, host).toBe('required');
    }
  });

  it('AUTH overrides the default and is validated', () => {
    expect(loadConfig({ AUTH: 'required' }).auth).toBe('required');
    expect(loadConfig({ HOST: '0.0.0.0', AUTH: 'off' }).auth).toBe('off');
    expect(() => loadConfig({ AUTH: 'maybe' })).toThrow(/AUTH/);
  });
});
