/**
 * Legal-form words that say nothing about which deal it is: "Acme Corp" and "ACME Inc." name the
 * same company. Removed wherever they stand as a whole word (after punctuation became spaces, so
 * "G.m.b.H." is not caught, "GmbH" is).
 */
const COMPANY_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'pty',
]);

/** Letters NFKD does not decompose into a base letter and a mark. */
const LETTER_FOLDS: Readonly<Record<string, string>> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * A deal name as registrations are compared: lower case, accents removed (é → e, ø → o, ß → ss),
 * punctuation and spacing ignored, company legal forms (Inc, Ltd, GmbH, Corp, …) dropped — so
 * "ACME corp turbine retro-fit" and "Acme Corp – Turbine Retrofit" both read `acmeturbineretrofit`.
 * The words are joined without spaces, so a hyphen or space inside a word ("retro-fit") changes
 * nothing.
 */
export function normaliseDealName(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßđðłþı]/g, (letter) => LETTER_FOLDS[letter] ?? letter);
  return folded
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !COMPANY_SUFFIXES.has(word))
    .join('');
}

/**
 * How alike two deal names are, from 0 (nothing in common) to 1 (the same after
 * {@link normaliseDealName}): the Sørensen–Dice coefficient over the character bigrams of the
 * normalised names, counted as multisets — 2·|shared bigrams| / (|bigrams of a| + |bigrams of b|).
 * Bigrams rather than whole words, so a typo or a word written together or apart ("retrofit" /
 * "retro fit") costs little; a name of one character is its own single gram. Symmetric.
 */
export function dealNameSimilarity(left: string, right: string): number {
  const a = normaliseDealName(left);
  const b = normaliseDealName(right);
  if (a === b) {
    return 1;
  }
  const gramsOfA = grams(a);
  const gramsOfB = grams(b);
  if (gramsOfA.length === 0 || gramsOfB.length === 0) {
    return 0;
  }
  const counts = new Map<string, number>();
  for (const gram of gramsOfA) {
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let shared = 0;
  for (const gram of gramsOfB) {
    const remaining = counts.get(gram) ?? 0;
    if (remaining > 0) {
      shared += 1;
      counts.set(gram, remaining - 1);
    }
  }
  return (2 * shared) / (gramsOfA.length + gramsOfB.length);
}

function grams(text: string): string[] {
  const characters = [...text];
  if (characters.length < 2) {
    return characters;
  }
  return characters.slice(1).map((character, index) => `${characters[index]}${character}`);
}
