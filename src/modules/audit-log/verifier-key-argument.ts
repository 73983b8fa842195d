import fs from 'node:fs';
import { parseVerifierKey } from '../../platform/signed-note/index.ts';

/** The shape of a verifier key, as `custodian audit public-key` prints it (C2SP vkey). */
export const VKEY_FORM = '<name>+<8 hex digits>+<base64 key>';
// A key is one short line; a file bigger than this is certainly something else (a proof, a PEM bundle).
const MAX_KEY_FILE_BYTES = 4096;

const hint = `Give the line \`custodian audit public-key\` prints (${VKEY_FORM}), or the path of a file holding it.`;

/**
 * `--key` as given: the verifier key itself, or the path of a file holding it (as
 * `custodian audit public-key > FILE` writes it). Anything else is a problem with the argument, told
 * apart from a proof that fails, so a Client never reads a mistyped key as tampering.
 */
export function readVerifierKeyArgument(given: string): { vkey: string } | { problem: string } {
  const asKey = tryKey(given.trim());
  if (asKey.ok) return { vkey: given.trim() };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(given);
  } catch {
    stat = undefined;
  }
  if (!stat) return { problem: `--key is neither a verifier key (${asKey.why}) nor a file that exists. ${hint}` };
  if (!stat.isFile() || stat.size > MAX_KEY_FILE_BYTES)
    return { problem: `--key names ${given}, which is not a file holding a verifier key. ${hint}` };
  const text = fs.readFileSync(given, 'utf8').trim();
  const inFile = tryKey(text);
  if (inFile.ok) return { vkey: text };
  return { problem: `--key names the file ${given}, which does not hold a verifier key (${inFile.why}). ${hint}` };
}

function tryKey(text: string): { ok: true } | { ok: false; why: string } {
  try {
    parseVerifierKey(text);
    return { ok: true };
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
}
