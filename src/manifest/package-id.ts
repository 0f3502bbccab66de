import { untrusted } from '../problems/untrusted-text.js';

/**
 * The package ids Foundry can have: letters, digits, `-` and `_` (the rule of the community's Foundry
 * manifest schema on SchemaStore; `_dev-mode` is a real, valid id). The id is the package's folder name
 * and part of every URL Foundry builds for it, so anything else breaks the install.
 */
export const PACKAGE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Why `id` cannot be a package id, or undefined when it can. Reads after "The package id is …": "'my
 * module', which has characters …".
 */
export function packageIdProblem(id: string): string | undefined {
  if (PACKAGE_ID_PATTERN.test(id)) return undefined;
  return `'${untrusted(id, 100)}', which has characters Foundry does not allow in a package id: only letters, digits, '-' and '_' (the id is the package's folder name). Use e.g. '${suggestedId(id)}'.`;
}

function suggestedId(id: string): string {
  const suggestion = id
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return suggestion || 'my-module';
}
