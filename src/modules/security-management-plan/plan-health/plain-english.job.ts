import { checkPlainEnglish, type PlainEnglishReport, type PlainEnglishSection } from './plain-english.ts';

/** Runs on a worker-pool thread (see plain-english-checker.ts); the report goes back by structured clone. */
export default function check(sections: readonly PlainEnglishSection[]): PlainEnglishReport {
  return checkPlainEnglish(sections);
}
