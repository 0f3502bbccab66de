/**
 * Foundry's version order (`foundry.utils.isNewerVersion`): versions are split at dots and compared part by
 * part, numerically where both parts are numbers (`1.10.0` is newer than `1.9.0`), as text otherwise; a
 * version with more parts is newer than its prefix (`1.2.1` > `1.2`). Installed packages are offered an
 * update only when the new version is newer by this order.
 */
export function isNewerVersion(candidate: string, reference: string): boolean {
  const next = candidate.split('.');
  const previous = reference.split('.');
  for (const [i, part] of next.entries()) {
    const before = previous[i];
    if (before === undefined) return true;
    if (isNumeric(part) && isNumeric(before)) {
      if (Number(part) !== Number(before)) return Number(part) > Number(before);
    } else if (part !== before) {
      return part > before;
    }
  }
  // Foundry's last step: a longer reference is not older; otherwise "newer" unless the text is the same.
  if (previous.length > next.length) return false;
  return candidate !== reference;
}

/** Foundry's `Number.isNumeric`: a non-empty string that reads as a number. */
function isNumeric(part: string): boolean {
  return part.trim() !== '' && !Number.isNaN(Number(part));
}
