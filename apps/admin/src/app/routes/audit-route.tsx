export function AuditRoute() {
  return <p>audit</p>
}
