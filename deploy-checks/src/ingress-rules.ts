import { podSpecOf } from './kustomize-renderer';
import { containersOf, findObject, labelSelectorMatches, sameNamespace, templateLabels } from './kubernetes-lookups';
import { describeObject, isRecord, type KubernetesObject } from './manifest-documents';
import { ZOHO_NOTIFY_ENDPOINT } from './zoho-notify-endpoint';
import { ZOHO_OAUTH_CALLBACK } from './zoho-oauth-callback';

/**
 * `ingress`: every Ingress backend is a Service of the overlay with that port, whose pods the
 * ingress controller may reach under the NetworkPolicies, and no subgraph service is public
 * beyond its listed paths. `oauth-callback`: auth-connector's ZOHO_REDIRECT_URL is a host and
 * path an Ingress routes to auth-connector (over TLS when the URL is https).
 */
export type IngressRule = 'ingress' | 'oauth-callback';

/**
 * The paths a subgraph service may expose through an Ingress, each as an Exact path. Clients
 * reach the API only through the gateway, so every other subgraph path stays inside the cluster.
 */
const PUBLIC_SUBGRAPH_PATHS: Readonly<Record<string, readonly string[]>> = {
  [ZOHO_OAUTH_CALLBACK.service]: [ZOHO_OAUTH_CALLBACK.path],
  [ZOHO_NOTIFY_ENDPOINT.service]: [ZOHO_NOTIFY_ENDPOINT.path],
};
const SUBGRAPH_COMPONENT = 'subgraph';
const NAME_LABEL = 'app.kubernetes.io/name';
const COMPONENT_LABEL = 'app.kubernetes.io/component';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Kubernetes (≥ 1.22) labels every namespace with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** One way into the cluster: a path of an Ingress rule, or its default backend (no path). */
interface IngressRoute {
  readonly ingress: KubernetesObject;
  /** Where in the Ingress, for messages: `rules[0].http.paths[1]` or `defaultBackend`. */
  readonly where: string;
  readonly host: string | undefined;
  readonly path: string | undefined;
  readonly pathType: string | undefined;
  readonly backend: unknown;
}

interface ContainerPort {
  readonly number: number;
  readonly name: string | undefined;
}

/** The Deployments a route's backend Service sends traffic to, each with the container port it hits. */
interface RouteTargets {
  readonly route: IngressRoute;
  readonly targets: readonly { readonly deployment: KubernetesObject; readonly port: ContainerPort | undefined }[];
}

export interface IngressRuleOptions {
  /** The namespace the ingress controller runs in; its pods must be admitted to every backend. */
  readonly ingressControllerNamespace: string;
}

/** The Ingress rules on a rendered overlay; `fail` gets the object at fault and the reason. */
export function checkIngressRules(
  objects: readonly KubernetesObject[],
  options: IngressRuleOptions,
  fail: (rule: IngressRule, object: KubernetesObject, message: string) => void,
): void {
  const deployments = objects.filter((object) => object.kind === 'Deployment');
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  const routed: RouteTargets[] = [];

  for (const route of objects.filter((object) => object.kind === 'Ingress').flatMap(ingressRoutes)) {
    const report = (message: string) => fail('ingress', route.ingress, `${route.where}: ${message}`);
    const targets = backendTargets(route, objects, deployments, report);
    routed.push({ route, targets });
    for (const { deployment, port } of targets) {
      const name = templateLabels(deployment)[NAME_LABEL] ?? deployment.metadata.name;
      if (port && !admitsFrom(policies, deployment, port, options.ingressControllerNamespace)) {
        report(
          `no NetworkPolicy admits the ingress controller (namespace ${options.ingressControllerNamespace}) to ${name}'s pods on port ${port.name ?? port.number}`,
        );
      }
      if (templateLabels(deployment)[COMPONENT_LABEL] === SUBGRAPH_COMPONENT) {
        checkSubgraphExposure(route, name, report);
      }
    }
  }

  for (const deployment of deployments) {
    if (templateLabels(deployment)[NAME_LABEL] === ZOHO_OAUTH_CALLBACK.service) {
      checkRedirectUrl(deployment, objects, routed, (message) => fail('oauth-callback', deployment, message));
    }
  }
}

function ingressRoutes(ingress: KubernetesObject): IngressRoute[] {
  const spec = isRecord(ingress['spec']) ? ingress['spec'] : {};
  const routes: IngressRoute[] = [];
  if (spec['defaultBackend'] !== undefined) {
    routes.push({
      ingress,
      where: 'defaultBackend',
      host: undefined,
      path: undefined,
      pathType: undefined,
      backend: spec['defaultBackend'],
    });
  }
  const rules = Array.isArray(spec['rules']) ? spec['rules'] : [];
  for (const [ruleIndex, rule] of rules.entries()) {
    const http = isRecord(rule) && isRecord(rule['http']) ? rule['http'] : {};
    const paths = Array.isArray(http['paths']) ? http['paths'] : [];
    for (const [pathIndex, path] of paths.entries()) {
      if (!isRecord(path)) {
        continue;
      }
      routes.push({
        ingress,
        where: `rules[${ruleIndex}].http.paths[${pathIndex}]`,
        host: isRecord(rule) && typeof rule['host'] === 'string' ? rule['host'] : undefined,
        path: typeof path['path'] === 'string' ? path['path'] : undefined,
        pathType: typeof path['pathType'] === 'string' ? path['pathType'] : undefined,
        backend: path['backend'],
      });
    }
  }
  return routes;
}

/** Follows backend → Service (name, port) → the Deployments it selects → their container port. */
function backendTargets(
  route: IngressRoute,
  objects: readonly KubernetesObject[],
  deployments: readonly KubernetesObject[],
  report: (message: string) => void,
): RouteTargets['targets'] {
  const backend = isRecord(route.backend) && isRecord(route.backend['service']) ? route.backend['service'] : undefined;
  if (!backend) {
    report('the backend names no Service (resource backends are not allowed)');
    return [];
  }
  const serviceName = String(backend['name']);
  const service = findObject(objects, 'Service', serviceName, route.ingress);
  if (!service) {
    report(`backend Service ${serviceName} is not in the overlay`);
    return [];
  }
  const wanted = isRecord(backend['port']) ? backend['port'] : {};
  const spec = isRecord(service['spec']) ? service['spec'] : {};
  const servicePorts = Array.isArray(spec['ports']) ? spec['ports'].filter(isRecord) : [];
  const servicePort = servicePorts.find((port) =>
    wanted['number'] !== undefined ? port['port'] === wanted['number'] : wanted['name'] !== undefined && port['name'] === wanted['name'],
  );
  if (!servicePort) {
    report(`Service ${serviceName} has no port ${String(wanted['number'] ?? wanted['name'])}`);
    return [];
  }
  const selector = isRecord(spec['selector']) ? spec['selector'] : {};
  const selected = deployments.filter(
    (deployment) =>
      sameNamespace(deployment, service) &&
      Object.keys(selector).length > 0 &&
      Object.entries(selector).every(([key, value]) => templateLabels(deployment)[key] === value),
  );
  if (selected.length === 0) {
    report(`Service ${serviceName} selects the pods of no Deployment in the overlay`);
  }
  const targetPort = servicePort['targetPort'] ?? servicePort['port'];
  return selected.map((deployment) => {
    const port = containerPort(deployment, targetPort);
    if (!port) {
      report(`Service ${serviceName} targets port ${String(targetPort)}, which no container of ${describeObject(deployment)} declares`);
    }
    return { deployment, port };
  });
}

/** A Service's targetPort in a Deployment's containers: by name, or by number (which needs no declaration). */
function containerPort(deployment: KubernetesObject, targetPort: unknown): ContainerPort | undefined {
  const podSpec = podSpecOf(deployment) ?? {};
  for (const container of containersOf(podSpec, 'containers')) {
    for (const port of Array.isArray(container['ports']) ? container['ports'].filter(isRecord) : []) {
      if (port['containerPort'] === targetPort || (typeof targetPort === 'string' && port['name'] === targetPort)) {
        return { number: Number(port['containerPort']), name: typeof port['name'] === 'string' ? port['name'] : undefined };
      }
    }
  }
  return typeof targetPort === 'number' ? { number: targetPort, name: undefined } : undefined;
}

/**
 * Whether the NetworkPolicies let pods of `sourceNamespace` connect to the Deployment's pods on
 * `port` (TCP), as Kubernetes evaluates them: pods no Ingress-type policy selects are open;
 * otherwise some selecting policy must have a rule whose peers and ports both admit it. The
 * controller's pod labels are unknown here, so they are taken as none: a peer that also narrows
 * by a non-empty podSelector does not count, nor does an ipBlock.
 */
function admitsFrom(
  policies: readonly KubernetesObject[],
  deployment: KubernetesObject,
  port: ContainerPort,
  sourceNamespace: string,
): boolean {
  const podLabels = templateLabels(deployment);
  const selecting = policies.filter((policy) => {
    const spec = isRecord(policy['spec']) ? policy['spec'] : {};
    const types = Array.isArray(spec['policyTypes']) ? spec['policyTypes'] : ['Ingress'];
    return sameNamespace(policy, deployment) && types.includes('Ingress') && labelSelectorMatches(spec['podSelector'], podLabels);
  });
  if (selecting.length === 0) {
    return true;
  }
  const podNamespace = deployment.metadata.namespace ?? '';
  return selecting.some((policy) => {
    const spec = isRecord(policy['spec']) ? policy['spec'] : {};
    const rules = Array.isArray(spec['ingress']) ? spec['ingress'].filter(isRecord) : [];
    return rules.some((rule) => peersAdmit(rule['from'], sourceNamespace, podNamespace) && portsAdmit(rule['ports'], port));
  });
}

function peersAdmit(from: unknown, sourceNamespace: string, podNamespace: string): boolean {
  if (!Array.isArray(from) || from.length === 0) {
    return true;
  }
  const sourcePodLabels = {};
  return from.filter(isRecord).some((peer) => {
    const podSelectorAdmits = peer['podSelector'] === undefined || labelSelectorMatches(peer['podSelector'], sourcePodLabels);
    if (peer['namespaceSelector'] !== undefined) {
      return podSelectorAdmits && labelSelectorMatches(peer['namespaceSelector'], { [NAMESPACE_NAME_LABEL]: sourceNamespace });
    }
    return peer['podSelector'] !== undefined && sourceNamespace === podNamespace && podSelectorAdmits;
  });
}

function portsAdmit(ports: unknown, port: ContainerPort): boolean {
  if (!Array.isArray(ports) || ports.length === 0) {
    return true;
  }
  return ports.filter(isRecord).some((entry) => {
    if ((entry['protocol'] ?? 'TCP') !== 'TCP') {
      return false;
    }
    const allowed = entry['port'];
    if (allowed === undefined) {
      return true;
    }
    if (typeof allowed === 'string') {
      return allowed === port.name;
    }
    const end = typeof entry['endPort'] === 'number' ? entry['endPort'] : allowed;
    return typeof allowed === 'number' && port.number >= allowed && port.number <= Number(end);
  });
}

function checkSubgraphExposure(route: IngressRoute, service: string, report: (message: string) => void): void {
  const allowed = PUBLIC_SUBGRAPH_PATHS[service] ?? [];
  const permitted = allowed.length > 0 ? `only ${allowed.join(', ')} may be public, as Exact paths` : 'no path may be public';
  if (route.path === undefined) {
    report(`sends every path to ${service}; of ${service} ${permitted}`);
  } else if (!allowed.includes(route.path) || route.pathType !== 'Exact') {
    report(`exposes ${service} at ${route.path} (${String(route.pathType)}); of ${service} ${permitted}`);
  }
}

function checkRedirectUrl(
  deployment: KubernetesObject,
  objects: readonly KubernetesObject[],
  routed: readonly RouteTargets[],
  report: (message: string) => void,
): void {
  const variable = ZOHO_OAUTH_CALLBACK.redirectUrlVariable;
  const value = environmentValue(deployment, objects, variable);
  const toThisDeployment = routed.filter(({ targets }) => targets.some((target) => target.deployment === deployment));
  if (value === undefined) {
    if (toThisDeployment.length > 0) {
      report(`an Ingress exposes ${ZOHO_OAUTH_CALLBACK.path} but ${variable} is unset, so Zoho is never told to send users there`);
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    report(`${variable} ${value} is not a URL`);
    return;
  }
  if (LOOPBACK_HOSTS.has(url.hostname)) {
    return; // reached through kubectl port-forward, not an Ingress (the dev overlay)
  }
  if (url.pathname !== ZOHO_OAUTH_CALLBACK.path) {
    report(`${variable} ${value} must end in ${ZOHO_OAUTH_CALLBACK.path}, the route ${ZOHO_OAUTH_CALLBACK.service} serves`);
    return;
  }
  const serving = toThisDeployment.filter(
    ({ route }) => sameNamespace(route.ingress, deployment) && hostMatches(route.host, url.hostname) && pathMatches(route, url.pathname),
  );
  if (serving.length === 0) {
    report(`${variable} ${value}: no Ingress rule for host ${url.hostname} routes ${url.pathname} to ${ZOHO_OAUTH_CALLBACK.service}`);
    return;
  }
  if (url.protocol === 'https:' && !serving.some(({ route }) => tlsCovers(route.ingress, url.hostname))) {
    report(`${variable} ${value} is https, but no Ingress serving it has a TLS entry for ${url.hostname}`);
  }
}

/** A variable's value in a Deployment's containers: `env` (value or configMapKeyRef) over `envFrom` ConfigMaps. */
function environmentValue(deployment: KubernetesObject, objects: readonly KubernetesObject[], name: string): string | undefined {
  const configMapData = (configMapName: unknown): Record<string, unknown> => {
    const configMap = typeof configMapName === 'string' ? findObject(objects, 'ConfigMap', configMapName, deployment) : undefined;
    return configMap && isRecord(configMap['data']) ? configMap['data'] : {};
  };
  for (const container of containersOf(podSpecOf(deployment) ?? {}, 'containers')) {
    const environment = Array.isArray(container['env']) ? container['env'].filter(isRecord) : [];
    const entry = environment.find((variable) => variable['name'] === name);
    if (entry && typeof entry['value'] === 'string') {
      return entry['value'];
    }
    const keyRef = entry && isRecord(entry['valueFrom']) ? entry['valueFrom']['configMapKeyRef'] : undefined;
    if (isRecord(keyRef)) {
      const value = configMapData(keyRef['name'])[String(keyRef['key'])];
      return typeof value === 'string' ? value : undefined;
    }
    // Later envFrom sources win, as in Kubernetes.
    const sources = Array.isArray(container['envFrom']) ? container['envFrom'].filter(isRecord) : [];
    for (const source of [...sources].reverse()) {
      const prefix = typeof source['prefix'] === 'string' ? source['prefix'] : '';
      if (!isRecord(source['configMapRef']) || !name.startsWith(prefix)) {
        continue;
      }
      const value = configMapData(source['configMapRef']['name'])[name.slice(prefix.length)];
      if (typeof value === 'string') {
        return value;
      }
    }
  }
  return undefined;
}

/** An Ingress rule's host: none matches every host; `*.example.com` matches exactly one more label. */
function hostMatches(pattern: string | undefined, host: string): boolean {
  if (pattern === undefined || pattern === '') {
    return true;
  }
  if (pattern.startsWith('*.')) {
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot) === pattern.slice(1);
  }
  return pattern === host;
}

/** Exact: the same path. Prefix (and ImplementationSpecific, which ingress-nginx treats as a prefix): whole path elements. */
function pathMatches(route: IngressRoute, path: string): boolean {
  if (route.path === undefined) {
    return true;
  }
  if (route.pathType === 'Exact') {
    return route.path === path;
  }
  const prefix = route.path.split('/').filter(Boolean);
  const elements = path.split('/').filter(Boolean);
  return prefix.every((element, index) => elements[index] === element);
}

function tlsCovers(ingress: KubernetesObject, host: string): boolean {
  const spec = isRecord(ingress['spec']) ? ingress['spec'] : {};
  const tls = Array.isArray(spec['tls']) ? spec['tls'].filter(isRecord) : [];
  return tls.some((entry) => Array.isArray(entry['hosts']) && entry['hosts'].some((pattern) => hostMatches(String(pattern), host)));
}
