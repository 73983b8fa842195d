import { expect } from 'vitest';
import { SignedNoteError } from './errors.ts';

/** Asserts `fn` throws a SignedNoteError (never anything untyped) and returns it for inspection. */
export function typedError(fn: () => unknown): SignedNoteError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SignedNoteError);
    return e as SignedNoteError;
  }
  throw new Error('expected a SignedNoteError, but nothing was thrown');
}

/*
 * Published vectors. The PeterNeumann/EnochRoot keys, signatures and text are from the tests and
 * package documentation of golang.org/x/mod/sumdb/note; the quasimodo note and the behind-the-sofa
 * checkpoint are the examples in C2SP signed-note.md and tlog-checkpoint.md (their public keys are
 * not published, so they can only be parsed and reported as unverified).
 */
export const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
export const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
export const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

export const PETER_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
export const PETER_SIG_B64 =
  'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
export const PETER_SIG = `\u2014 PeterNeumann ${PETER_SIG_B64}\n`;
export const ENOCH_SIG_B64 =
  'rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=';
export const ENOCH_SIG = `\u2014 EnochRoot ${ENOCH_SIG_B64}\n`;
/** The x/mod doc example: PETER_TEXT signed by PeterNeumann. */
export const PETER_NOTE = `${PETER_TEXT}\n${PETER_SIG}`;

export const QUASIMODO_NOTE =
  'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n' +
  '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

export const SOFA_CHECKPOINT_TEXT =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
export const SOFA_CHECKPOINT_NOTE =
  `${SOFA_CHECKPOINT_TEXT}\n` +
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';
