/**
 * SPEC §6b: text that came from a server (Foundry, the Forge, GitHub) or from a manifest is data. Before
 * it reaches the log it is made one line (the runner reads a line starting with `::` as a workflow
 * command, such as `::stop-commands::`), stripped of control characters and capped in length. Every
 * message that quotes such text quotes it through here.
 */
const LINE_BREAKS_AND_CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;

export const MAX_QUOTED_TEXT = 200;

export function untrusted(text: string, max = MAX_QUOTED_TEXT): string {
  const line = text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
