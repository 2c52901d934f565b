export {
  renderKustomization,
  overlayDirectories,
  KustomizeError,
  UnsupportedKustomizeFeatureError,
  type KustomizeFileSystem,
} from './kustomize-renderer';
export { applyJsonPatch, JsonPatchError } from './json-patch';
export { validateAgainstKubernetesSchemas, type SchemaViolation } from './kubernetes-schema.validator';
export { checkDeploymentRules, type RuleViolation, type DeploymentRule } from './deployment-rules';
export { readKafkaTopicPlan, parseKafkaTopicPlan, maxUsefulReplicas, plannedPartitions, type KafkaTopicPlan } from './kafka-topic-plan';
export { validateComposeSchema, checkComposeRules, type ComposeViolation } from './compose-checks';
export { checkDockerfile, parseDockerfile, parseDockerignore } from './dockerfile-checks';
export { declaredVariables, documentedVariables, undocumentedVariables } from './env-documentation';
export { parseYamlDocuments, type KubernetesObject } from './manifest-documents';
