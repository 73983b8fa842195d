/**
 * How a plan version is named to people: a revision of the plan in force is a Variation (clause
 * 4.4), and people know it by its Variation number first, so the version number follows it.
 * One wording for notifications and clocks alike.
 */
export function versionName(version: { number: number }, variation?: { number: number } | null): string {
  return variation ? `Variation ${variation.number} (version ${version.number})` : `version ${version.number}`;
}

/** The same, starting a sentence or a label. */
export const capitalisedVersionName = (version: { number: number }, variation?: { number: number } | null): string => {
  const name = versionName(version, variation);
  return name.charAt(0).toUpperCase() + name.slice(1);
};
