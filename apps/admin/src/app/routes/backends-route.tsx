export function BackendsRoute() {
  return <p>backends</p>
}
