import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createBrowserRouter, RouterProvider, useLocation } from 'react-router'
import { afterEach, describe, expect, it } from 'vitest'
import { param } from './url-state.ts'
import { useUrlState } from './use-url-state.ts'

const spec = { q: param.string(), role: param.oneOf(['any', 'admin'], 'any'), page: param.integer(1) }

function Filters() {
  const [, setView] = useUrlState(spec)
  return (
    <>
      <button
        onClick={() => {
          // Two changes before the router renders the first, as a debounced search does.
          setView({ role: 'admin' })
          setView({ q: 'ad' })
        }}
      >
        Admins named ad
      </button>
      <button onClick={() => setView({ page: 3 })}>Page 3</button>
      <output>{useLocation().search}</output>
    </>
  )
}

const renderAt = (url: string) => {
  window.history.replaceState(null, '', url)
  const router = createBrowserRouter([{ path: '/', element: <Filters /> }])
  render(<RouterProvider router={router} />)
  return router
}
const shown = () => new URLSearchParams(screen.getByRole('status').textContent ?? '')

describe('useUrlState', () => {
  afterEach(() => window.history.replaceState(null, '', '/'))

  it('keeps every change made before the router has rendered the previous one', async () => {
    renderAt('/')
    await userEvent.click(screen.getByRole('button', { name: 'Admins named ad' }))
    expect(Object.fromEntries(shown())).toEqual({ role: 'admin', q: 'ad' })
  })

  it('makes each change a history entry, so back restores the previous view', async () => {
    const router = renderAt('/?role=admin')
    await userEvent.click(screen.getByRole('button', { name: 'Page 3' }))
    expect(Object.fromEntries(shown())).toEqual({ role: 'admin', page: '3' })
    await act(() => router.navigate(-1))
    expect(Object.fromEntries(shown())).toEqual({ role: 'admin' })
  })
})
