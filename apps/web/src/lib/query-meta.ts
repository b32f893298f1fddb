import '@tanstack/react-query'

declare module '@tanstack/react-query' {
  interface Register {
    /** `handlesErrors`: the component shows this mutation's errors itself (a form), so the global
     * policy does not also pop a notification. */
    mutationMeta: { handlesErrors?: boolean }
  }
}
