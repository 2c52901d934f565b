import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from YAML: only the fields every object has are typed. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export class ManifestError extends Error {
  override readonly name: string = 'ManifestError';
}

/**
 * Every document of a multi-document YAML file, with YAML merge keys (`<<: *anchor`) applied
 * the way Docker Compose applies them. Empty documents (a trailing `---`) are dropped.
 */
export function parseYamlDocuments(text: string, source: string): unknown[] {
  const documents = parseAllDocuments(text, { merge: true, prettyErrors: true });
  const results: unknown[] = [];
  for (const [index, document] of documents.entries()) {
    const firstError = document.errors[0];
    if (firstError) {
      throw new ManifestError(`${source}: document ${index + 1} is not valid YAML: ${firstError.message}`);
    }
    const value: unknown = document.toJS({ maxAliasCount: 1000 });
    if (value !== null && value !== undefined) {
      results.push(value);
    }
  }
  return results;
}

/** Checks that a parsed document has the shape of a Kubernetes object; the error names the field. */
export function asKubernetesObject(value: unknown, source: string): KubernetesObject {
  if (!isRecord(value)) {
    throw new ManifestError(`${source}: a Kubernetes object must be a mapping`);
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') {
      throw new ManifestError(`${source}: ${field} is required`);
    }
  }
  const metadata = value['metadata'];
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') {
    throw new ManifestError(`${source}: metadata.name is required (${String(value['kind'])})`);
  }
  return value as KubernetesObject;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Kind/name` or `Kind/namespace/name`, for messages. */
export function describeObject(object: KubernetesObject): string {
  const namespace = object.metadata.namespace;
  return namespace ? `${object.kind}/${namespace}/${object.metadata.name}` : `${object.kind}/${object.metadata.name}`;
}
