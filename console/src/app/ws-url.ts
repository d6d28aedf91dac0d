// The graphql-ws endpoint of the page's own server: same host, ws: or wss: as the page is http: or https:.
export function graphqlWsUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}
