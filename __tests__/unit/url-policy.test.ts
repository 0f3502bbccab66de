import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/problems/problem.js';
import { originOf, redirectTarget } from '../../src/network/url-policy.js';

describe('redirectTarget (where a server says to go next)', () => {
  it('resolves a relative Location against the URL that answered', () => {
    expect(redirectTarget('https://git.example/a/b/releases/download/v1/x.zip', '/attachments/9')).toBe(
      'https://git.example/attachments/9',
    );
  });

  it('refuses a Location no URL parser reads, as the server’s fault', () => {
    expect(() => redirectTarget('https://api.example/assets/1', 'https://[storage')).toThrow(ActionError);
    expect(() => redirectTarget('https://api.example/assets/1', 'https://[storage')).toThrow(/not a URL/);
  });

  it('refuses a step down from https: to plain http:', () => {
    expect(() => redirectTarget('https://api.example/assets/1', 'http://storage.example/x')).toThrow(
      /from https: to plain http:/,
    );
  });
});

describe('originOf', () => {
  it('is undefined for what is not an absolute URL, so no token goes with it', () => {
    expect(originOf('/uploads/module.json')).toBeUndefined();
    expect(originOf('https://gitlab.example/uploads/x')).toBe('https://gitlab.example');
  });
});
