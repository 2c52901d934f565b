import { describeObject, type KubernetesObject } from './manifest-documents';

export interface SchemaViolation {
  readonly object: string;
  readonly message: string;
}

interface ValidatableModel {
  validate(): void;
}
type ModelConstructor = new (data: unknown) => ValidatableModel;

// kubernetes-models ships ES modules only; this file compiles to CommonJS, so load them with a
// real dynamic import the compiler must not rewrite into require().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant string, not user input
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/**
 * The module holding the offline schema (OpenAPI-derived, compiled validators) of an apiVersion
 * and kind: Kubernetes' own groups from `kubernetes-models`, Prometheus Operator resources from
 * `@kubernetes-models/prometheus-operator`. Undefined for anything else.
 */
export function schemaModuleOf(apiVersion: string, kind: string): string | undefined {
  if (!/^[A-Za-z]+$/.test(kind)) {
    return undefined;
  }
  if (/^v\d+(?:(?:alpha|beta)\d+)?$/.test(apiVersion)) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  const match = /^([a-z0-9.-]+)\/(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(apiVersion);
  if (!match) {
    return undefined;
  }
  const [, group, version] = match as unknown as [string, string, string];
  if (group === 'monitoring.coreos.com') {
    return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  }
  if (!group.includes('.') || group.endsWith('.k8s.io')) {
    return `kubernetes-models/${group}/${version}/${kind}`;
  }
  return undefined;
}

/**
 * Validates each object against the Kubernetes (or Prometheus Operator) schema of its
 * apiVersion and kind, offline. An object whose kind has no schema here is a violation too:
 * nothing reaches a cluster unchecked.
 *
 * Limit: the published schemas do not forbid unknown fields (Kubernetes' OpenAPI has no
 * `additionalProperties: false`), so a misspelt optional field passes this check; the rules in
 * deployment-rules.ts require the fields that matter (probes, security context, resources).
 */
export async function validateAgainstKubernetesSchemas(objects: readonly KubernetesObject[]): Promise<SchemaViolation[]> {
  const violations: SchemaViolation[] = [];
  for (const object of objects) {
    const moduleName = schemaModuleOf(object.apiVersion, object.kind);
    if (!moduleName) {
      violations.push({ object: describeObject(object), message: `no offline schema for ${object.apiVersion} ${object.kind}` });
      continue;
    }
    let model: ModelConstructor;
    try {
      model = (await importEsm(moduleName))[object.kind] as ModelConstructor;
      if (typeof model !== 'function') {
        throw new Error(`${moduleName} exports no ${object.kind}`);
      }
    } catch {
      violations.push({ object: describeObject(object), message: `unknown kind: ${object.apiVersion} ${object.kind}` });
      continue;
    }
    try {
      new model(object).validate();
    } catch (error) {
      violations.push({ object: describeObject(object), message: error instanceof Error ? error.message : String(error) });
    }
  }
  return violations;
}
