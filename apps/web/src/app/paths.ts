/** Where each page lives; the gateway sends every unknown browser path to this app's index.html. */
export const paths = {
  home: '/',
  conversation: (id: string) => `/c/${id}`,
  keys: '/keys',
  usage: '/usage',
  signIn: '/sign-in',
  register: '/register',
}
