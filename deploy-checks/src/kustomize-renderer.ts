import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { z } from 'zod';
import { applyJsonPatch, parseJsonPatchOperation, type JsonPatchOperation } from './json-patch';
import { asKubernetesObject, describeObject, isRecord, parseYamlDocuments, type KubernetesObject } from './manifest-documents';

/**
 * A small, honest kustomize: exactly the features the manifests in k8s/ use, so `npm test` can
 * render every overlay without a kustomize binary (none is on npm that works offline). Anything
 * else in a kustomization fails with UnsupportedKustomizeFeatureError rather than being ignored,
 * so a manifest never silently renders differently here than under `kubectl apply -k`.
 *
 * Supported, with kustomize's semantics:
 *   resources   local YAML files (multi-document) and directories holding a kustomization.yaml
 *   namespace   set on every namespaced object
 *   images      name → newName / newTag / digest, on every container and init container of pod templates
 *   patches     RFC 6902 JSON patches (inline `patch` or `path`), target by kind / name / group / version / namespace
 * Order as in kustomize: resources, patches, namespace, images.
 *
 * Deliberately stricter than kustomize: a patch whose target matches no object is an error
 * (kustomize ignores it; here it would hide a typo), and target names must match exactly
 * (kustomize reads them as regular expressions).
 */
export interface KustomizeFileSystem {
  readText(path: string): string;
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
}

export const nodeFileSystem: KustomizeFileSystem = {
  readText: (path) => readFileSync(path, 'utf8'),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
  exists: (path) => existsSync(path),
};

export class KustomizeError extends Error {
  override readonly name: string = 'KustomizeError';
}

export class UnsupportedKustomizeFeatureError extends KustomizeError {
  override readonly name = 'UnsupportedKustomizeFeatureError';
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);

/** kustomization fields kustomize has and this renderer does not implement. */
const KNOWN_UNSUPPORTED_FIELDS = new Set([
  'bases',
  'buildMetadata',
  'commonAnnotations',
  'commonLabels',
  'components',
  'configMapGenerator',
  'configurations',
  'crds',
  'generatorOptions',
  'generators',
  'helmCharts',
  'helmGlobals',
  'labels',
  'metadata',
  'nameSuffix',
  'namePrefix',
  'openapi',
  'patchesJson6902',
  'patchesStrategicMerge',
  'replacements',
  'replicas',
  'secretGenerator',
  'sortOptions',
  'transformers',
  'validators',
  'vars',
]);

const targetSchema = z
  .object({
    kind: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    group: z.string().optional(),
    version: z.string().min(1).optional(),
  })
  .strict();

const kustomizationSchema = z.object({
  apiVersion: z.literal('kustomize.config.k8s.io/v1beta1').optional(),
  kind: z.literal('Kustomization').optional(),
  resources: z.array(z.string().min(1)).default([]),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
    .optional(),
  images: z
    .array(
      z
        .object({
          name: z.string().min(1),
          newName: z.string().min(1).optional(),
          newTag: z.string().min(1).optional(),
          digest: z
            .string()
            .regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256:<64 hex digits>')
            .optional(),
        })
        .strict(),
    )
    .default([]),
  patches: z
    .array(
      z
        .object({ target: targetSchema, patch: z.string().min(1).optional(), path: z.string().min(1).optional() })
        .strict()
        .refine((entry) => (entry.patch === undefined) !== (entry.path === undefined), 'set exactly one of patch or path'),
    )
    .default([]),
});

type Kustomization = z.infer<typeof kustomizationSchema>;
type PatchTarget = z.infer<typeof targetSchema>;

/** Renders the kustomization in `directory` to the list of objects `kubectl apply -k` would send. */
export function renderKustomization(directory: string, files: KustomizeFileSystem = nodeFileSystem): KubernetesObject[] {
  return renderDirectory(resolve(directory), files, []);
}

function renderDirectory(directory: string, files: KustomizeFileSystem, stack: readonly string[]): KubernetesObject[] {
  if (stack.includes(directory)) {
    throw new KustomizeError(`kustomization cycle: ${[...stack, directory].join(' → ')}`);
  }
  const file = join(directory, 'kustomization.yaml');
  if (!files.exists(file)) {
    throw new KustomizeError(`${directory}: no kustomization.yaml`);
  }
  const kustomization = readKustomization(file, files);

  let objects: KubernetesObject[] = [];
  for (const entry of kustomization.resources) {
    if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) {
      throw new UnsupportedKustomizeFeatureError(
        `${file}: remote resource ${entry} (only local files and directories are rendered offline)`,
      );
    }
    const path = resolve(directory, entry);
    if (files.isDirectory(path)) {
      objects.push(...renderDirectory(path, files, [...stack, directory]));
    } else if (files.exists(path)) {
      objects.push(...readResourceFile(path, files));
    } else {
      throw new KustomizeError(`${file}: resource ${entry} does not exist`);
    }
  }
  rejectDuplicates(objects, file);

  for (const [index, patch] of kustomization.patches.entries()) {
    const where = `${file}: patches[${index}]`;
    const operations = patchOperations(patch.patch ?? files.readText(resolve(directory, patch.path as string)), where);
    let matched = 0;
    objects = objects.map((object) => {
      if (!matchesTarget(object, patch.target)) {
        return object;
      }
      matched += 1;
      try {
        return applyJsonPatch(object, operations);
      } catch (error) {
        throw new KustomizeError(`${where} on ${describeObject(object)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    if (matched === 0) {
      throw new KustomizeError(`${where}: target ${JSON.stringify(patch.target)} matches no object`);
    }
  }
  if (kustomization.namespace) {
    const namespace = kustomization.namespace;
    objects = objects.map((object) =>
      CLUSTER_SCOPED_KINDS.has(object.kind) ? object : { ...object, metadata: { ...object.metadata, namespace } },
    );
  }
  if (kustomization.images.length > 0) {
    objects = objects.map((object) => setImages(object, kustomization.images));
  }
  return objects;
}

function readKustomization(file: string, files: KustomizeFileSystem): Kustomization {
  const [document, ...rest] = parseYamlDocuments(files.readText(file), file);
  if (rest.length > 0 || !isRecord(document)) {
    throw new KustomizeError(`${file}: must hold exactly one mapping`);
  }
  for (const field of Object.keys(document)) {
    if (KNOWN_UNSUPPORTED_FIELDS.has(field)) {
      throw new UnsupportedKustomizeFeatureError(`${file}: "${field}" is a kustomize feature this renderer does not implement`);
    }
    if (!SUPPORTED_FIELDS.has(field)) {
      throw new KustomizeError(`${file}: unknown field "${field}"`);
    }
  }
  if (Array.isArray(document['patches'])) {
    for (const [index, patch] of document['patches'].entries()) {
      if (isRecord(patch) && 'options' in patch) {
        throw new UnsupportedKustomizeFeatureError(`${file}: patches[${index}].options is not implemented`);
      }
      if (isRecord(patch) && isRecord(patch['target'])) {
        for (const selector of ['labelSelector', 'annotationSelector']) {
          if (selector in patch['target']) {
            throw new UnsupportedKustomizeFeatureError(`${file}: patches[${index}].target.${selector} is not implemented`);
          }
        }
        const name = patch['target']['name'];
        if (typeof name === 'string' && /[\\^$.*+?()[\]{}|]/.test(name)) {
          throw new UnsupportedKustomizeFeatureError(
            `${file}: patches[${index}].target.name "${name}" is a regular expression; only exact names are implemented`,
          );
        }
      }
    }
  }
  const parsed = kustomizationSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.ZodIssue;
    throw new KustomizeError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function readResourceFile(path: string, files: KustomizeFileSystem): KubernetesObject[] {
  return parseYamlDocuments(files.readText(path), path).map((document, index) => {
    const object = asKubernetesObject(document, `${path} (document ${index + 1})`);
    if (object.kind === 'Kustomization') {
      throw new KustomizeError(`${path}: a Kustomization cannot be a resource file`);
    }
    return object;
  });
}

function patchOperations(text: string, where: string): JsonPatchOperation[] {
  const [document] = parseYamlDocuments(text, where);
  if (!Array.isArray(document)) {
    throw new UnsupportedKustomizeFeatureError(
      `${where}: strategic-merge patches are not implemented; write an RFC 6902 list of operations`,
    );
  }
  return document.map((operation, index) => {
    try {
      return parseJsonPatchOperation(operation, `operation ${index + 1}`);
    } catch (error) {
      throw new KustomizeError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

function matchesTarget(object: KubernetesObject, target: PatchTarget): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || target.name === object.metadata.name) &&
    (target.namespace === undefined || target.namespace === object.metadata.namespace) &&
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version)
  );
}

function rejectDuplicates(objects: readonly KubernetesObject[], file: string): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.apiVersion.split('/')[0]}|${describeObject(object)}`;
    if (seen.has(id)) {
      throw new KustomizeError(`${file}: ${describeObject(object)} is defined twice`);
    }
    seen.add(id);
  }
}

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'PersistentVolume',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

/** Containers of a pod template: Deployment, StatefulSet, DaemonSet, Job (spec.template), CronJob, Pod. */
export function podSpecOf(object: KubernetesObject): Record<string, unknown> | undefined {
  const spec = object['spec'];
  if (!isRecord(spec)) {
    return undefined;
  }
  if (object.kind === 'Pod') {
    return spec;
  }
  if (object.kind === 'CronJob') {
    const jobTemplate = spec['jobTemplate'];
    const jobSpec = isRecord(jobTemplate) ? jobTemplate['spec'] : undefined;
    const template = isRecord(jobSpec) ? jobSpec['template'] : undefined;
    return isRecord(template) && isRecord(template['spec']) ? template['spec'] : undefined;
  }
  const template = spec['template'];
  return isRecord(template) && isRecord(template['spec']) ? template['spec'] : undefined;
}

function setImages(object: KubernetesObject, images: Kustomization['images']): KubernetesObject {
  const copy = structuredClone(object);
  const podSpec = podSpecOf(copy);
  if (!podSpec) {
    return copy;
  }
  for (const list of ['containers', 'initContainers']) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) {
      continue;
    }
    for (const container of containers) {
      if (!isRecord(container) || typeof container['image'] !== 'string') {
        continue;
      }
      const reference = parseImageReference(container['image']);
      const rule = images.find((image) => image.name === reference.name);
      if (!rule) {
        continue;
      }
      const name = rule.newName ?? reference.name;
      if (rule.digest) {
        container['image'] = `${name}@${rule.digest}`;
      } else if (rule.newTag) {
        container['image'] = `${name}:${rule.newTag}`;
      } else {
        container['image'] = `${name}${reference.suffix}`;
      }
    }
  }
  return copy;
}

/** `registry:5000/team/app:1.2@sha256:…` → name `registry:5000/team/app`, suffix `:1.2@sha256:…`. */
export function parseImageReference(image: string): { name: string; tag: string | undefined; digest: string | undefined; suffix: string } {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? undefined : withoutDigest.slice(colon + 1);
  return { name, tag, digest, suffix: image.slice(name.length) };
}

/** Every overlay (a directory with a kustomization.yaml under k8s/overlays), repository-relative. */
export function overlayDirectories(repositoryRoot: string): string[] {
  const overlaysRoot = join(repositoryRoot, 'k8s', 'overlays');
  return readdirSync(overlaysRoot)
    .filter((name) => existsSync(join(overlaysRoot, name, 'kustomization.yaml')))
    .sort()
    .map((name) => posix.join('k8s', 'overlays', name));
}
