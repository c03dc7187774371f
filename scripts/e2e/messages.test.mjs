// The message module under node (no browser): every constructor builds a
// message check() accepts, and check() refuses what a sender could get
// wrong, naming the type and field.
//   node --test scripts/e2e/messages.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './fixtures.mjs';

await import(path.join(root, 'extension', 'shared', 'messages.js'));
const M = globalThis.RumorguardMessages;

test('messages: every type has a constant, a constructor and a sender and receiver', () => {
  for (const [type, s] of Object.entries(M.SCHEMA)) {
    assert.ok(Object.values(M.TYPES).includes(type), `${type} has a TYPES constant`);
    assert.equal(typeof M[type], 'function', `${type} has a constructor`);
    assert.ok(s.from && s.to, `${type} says who sends and who answers`);
  }
  assert.equal(M.TYPES.NOT_A_MATCH, 'notAMatch');
  assert.equal(M.TYPES.SITE_STATE, 'siteState');
});

test('messages: constructors build valid messages', () => {
  const cases = [
    [M.hello('https://example.org/'), { type: 'hello', url: 'https://example.org/' }],
    [M.scan(['a', 'b']), { type: 'scan', texts: ['a', 'b'] }],
    [M.notAMatch('r1'), { type: 'notAMatch', rumor: 'r1' }],
    [M.notAMatch('r1', 'example.org'), { type: 'notAMatch', rumor: 'r1', host: 'example.org' }],
    [M.status(), { type: 'status' }],
    [M.status(7), { type: 'status', tabId: 7 }],
    [M.setPaused('example.org', true), { type: 'setPaused', host: 'example.org', paused: true }],
    [M.siteState(false, ['r1']), { type: 'siteState', paused: false, suppressed: ['r1'] }],
  ];
  for (const [got, want] of cases) assert.deepEqual(got, want);
});

test('messages: check refuses malformed messages with the type and field named', () => {
  const cases = [
    [null, /not an object/],
    [{ type: 'scna', texts: [] }, /unknown type "scna"/],
    [{ type: 'scan' }, /"scan": field "texts" must be strings/],
    [{ type: 'scan', texts: ['a', 1] }, /field "texts" must be strings/],
    [{ type: 'setPaused', host: 'x', paused: 'yes' }, /"setPaused": field "paused" must be boolean/],
    [{ type: 'status', tabId: 'seven' }, /field "tabId" must be absent or number/],
    [{ type: 'show', id: 3 }, /field "id" must be string/],
  ];
  for (const [msg, want] of cases) assert.throws(() => M.check(msg), want, JSON.stringify(msg));
  assert.throws(() => M.check(M.hello('x'), 'scan'), /expected "scan", got "hello"/);
  assert.throws(() => M.scan('not a list'), /must be strings/);
});

test('messages: a scan match is the core record by name, score as a fraction', () => {
  const r = M.scanMatch({ text: 2, rumor: 5, phrase: 1, score: 875, tier: 2, start: 10, end: 40, debunked: 1 });
  assert.deepEqual(r, { text: 2, rumor: 5, phrase: 1, score: 0.875, tier: 2, start: 10, end: 40, debunked: true });
});
