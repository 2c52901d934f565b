/**
 * Variable names a config schema source declares as object keys (`NAME: z…`), for schemas an
 * app keeps private (apps cannot be imported from here). Spread-in groups (`...tracingVariables`)
 * are not seen; add their keys from the library that exports them.
 */
export function declaredVariables(configSource: string): string[] {
  return [...configSource.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):\s/gm)].map((match) => match[1] as string);
}

/** Variables an env example documents, set (`NAME=…`) or commented out (`# NAME=…`). */
export function documentedVariables(exampleText: string): Set<string> {
  return new Set([...exampleText.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] as string));
}

/**
 * The value an env example gives each variable it documents. A set line (`NAME=value`) wins over a
 * commented-out one (`# NAME=value`, the suggestion a reader uncomments); among equals, the last.
 */
export function documentedValues(exampleText: string): Map<string, string> {
  const set = new Map<string, string>();
  const suggested = new Map<string, string>();
  for (const match of exampleText.matchAll(/^(#?)\s*([A-Z][A-Z0-9_]+)=(.*)$/gm)) {
    (match[1] ? suggested : set).set(match[2] as string, (match[3] as string).trim());
  }
  return new Map([...suggested, ...set]);
}

/** The variables of `expected` that none of the example files mentions. */
export function undocumentedVariables(expected: readonly string[], exampleTexts: readonly string[]): string[] {
  const documented = new Set(exampleTexts.flatMap((text) => [...documentedVariables(text)]));
  return expected.filter((variable) => !documented.has(variable));
}
