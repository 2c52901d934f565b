/** How many `/graphql` requests a subgraph service has answered, from its Prometheus metrics. */
export async function graphqlRequestsServed(serviceUrl: string): Promise<number> {
  const metrics = await (await fetch(`${serviceUrl}/metrics`)).text();
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('crm_bridge_http_requests_total{') && line.includes('route="/graphql"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
