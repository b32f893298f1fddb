// The image's HEALTHCHECK: GET /healthz on the local port. /healthz answers while the event loop runs
// and does not depend on the database, so a database outage does not get the container restarted.
import { request } from 'node:http'

const port = Number(process.env.CORRAL_PORT ?? 8080)
const probe = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 4000 }, (response) => {
  response.resume()
  process.exit(response.statusCode === 200 ? 0 : 1)
})
probe.on('timeout', () => probe.destroy(new Error('timeout')))
probe.on('error', () => process.exit(1))
probe.end()
