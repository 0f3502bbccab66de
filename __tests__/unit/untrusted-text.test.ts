import { describe, expect, it } from 'vitest';
import { untrusted } from '../../src/problems/untrusted-text.js';

describe('untrusted', () => {
  it('puts text that tries to start a workflow command on one line', () => {
    const hostile = 'ok\n::stop-commands::x\r\n::error file=a.js::forged\u2028::warning::w\u0085';
    const safe = untrusted(hostile);
    expect(safe).not.toMatch(/[\r\n\u2028\u0085]/);
    expect(safe).toBe('ok ::stop-commands::x ::error file=a.js::forged ::warning::w');
  });

  it('removes control characters such as terminal escapes', () => {
    expect(untrusted('\u001b[31mred\u001b[0m\u0000')).toBe('[31mred [0m');
  });

  it('caps the length', () => {
    expect(untrusted('x'.repeat(500), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
