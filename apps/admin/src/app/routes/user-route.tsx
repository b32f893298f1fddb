export function UserRoute() {
  return <p>user</p>
}
