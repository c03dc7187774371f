// The file format of extension/background/storage.js under node (no
// browser): a file is taken only when its head is whole and says which
// list it is of; anything else reads as no file, so the list is indexed
// again instead of loading bytes of unknown origin. The browser side
// (a damaged index refused and rebuilt) is in coldstart.test.mjs.
//   node --test scripts/e2e/storage.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './fixtures.mjs';

const { parseFile } = await import(path.join(root, 'extension', 'background', 'storage.js'));

function file(head, body, { magic = 'RGF1', len } = {}) {
  const json = Buffer.isBuffer(head) ? head : Buffer.from(typeof head === 'string' ? head : JSON.stringify(head));
  const out = Buffer.alloc(8 + json.length + body.length);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(len ?? json.length, 4);
  json.copy(out, 8);
  Buffer.from(body).copy(out, 8 + json.length);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

test('storage: a file gives back its head and exactly its bytes', () => {
  const f = parseFile(file({ sha256: 'ab', bundledFile: 'cd' }, [1, 2, 3]));
  assert.equal(f.sha256, 'ab');
  assert.equal(f.bundledFile, 'cd');
  assert.deepEqual([...f.bytes], [1, 2, 3]);
  // The bytes are a view at an offset: readers must honour byteOffset.
  const inner = file({ sha256: 'ab' }, [9, 8]);
  const shifted = new Uint8Array(inner.length + 5);
  shifted.set(inner, 5);
  assert.deepEqual([...parseFile(shifted.subarray(5)).bytes], [9, 8]);
});

test('storage: what is not a whole file of a known list reads as none', () => {
  const cases = {
    empty: new Uint8Array(0),
    'too short': new Uint8Array([0x52, 0x47, 0x46]),
    'another format': file({ sha256: 'ab' }, [1], { magic: 'RGF2' }),
    'head longer than the file': file({ sha256: 'ab' }, [1], { len: 1000 }),
    'head beyond the limit': file({ sha256: 'ab', pad: 'x'.repeat(5000) }, [1]),
    'head not JSON': file('{"sha256": "ab"', [1]),
    'head without the list': file({ version: 3 }, [1]),
    'head not an object': file('"ab"', [1]),
    'head not UTF-8': file(Buffer.concat([Buffer.from('{"sha256": "a'), Buffer.from([0xff]), Buffer.from('"}')]), [1]),
  };
  for (const [name, u8] of Object.entries(cases)) assert.equal(parseFile(u8), undefined, name);
});
