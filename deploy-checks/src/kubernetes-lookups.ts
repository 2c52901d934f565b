/** Looking things up in rendered objects: pod labels, label selectors, containers, objects by name. */
import { isRecord, type KubernetesObject } from './manifest-documents';

/** The containers (or init containers) of a pod spec that are objects. */
export function containersOf(podSpec: Record<string, unknown>, field: 'containers' | 'initContainers'): Record<string, unknown>[] {
  const list = podSpec[field];
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** The labels of a workload's pods (its pod template's `metadata.labels`). */
export function templateLabels(workload: KubernetesObject): Record<string, string> {
  const spec = isRecord(workload['spec']) ? workload['spec'] : {};
  const template = isRecord(spec['template']) ? spec['template'] : {};
  const metadata = isRecord(template['metadata']) ? template['metadata'] : {};
  return isRecord(metadata['labels']) ? (metadata['labels'] as Record<string, string>) : {};
}

/**
 * A Kubernetes label selector (matchLabels and matchExpressions: In, NotIn, Exists,
 * DoesNotExist) against labels: a pod's, or a namespace's. The empty selector `{}` matches all.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) {
    return false;
  }
  const matchLabels = isRecord(selector['matchLabels']) ? selector['matchLabels'] : {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) {
    return false;
  }
  const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  return expressions.every((expression) => {
    if (!isRecord(expression)) {
      return false;
    }
    const value = labels[String(expression['key'])];
    const values = Array.isArray(expression['values']) ? expression['values'].map(String) : [];
    switch (expression['operator']) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

export function sameNamespace(first: KubernetesObject, second: KubernetesObject): boolean {
  return (first.metadata.namespace ?? '') === (second.metadata.namespace ?? '');
}

/** The object of that kind and name in the namespace of `near`. */
export function findObject(
  objects: readonly KubernetesObject[],
  kind: string,
  name: string,
  near: KubernetesObject,
): KubernetesObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name && sameNamespace(object, near));
}
